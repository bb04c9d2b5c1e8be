//! A model's JSON text exactly as `serde_json` writes the `Value` the model serializes to,
//! written in one pass without building that `Value`.
//!
//! `serde_json::to_value` makes a map per object and a `String` per key and per string,
//! and the map sorts the keys; the data of every event is written this way, so the writer
//! puts the text straight into a buffer instead, and sorts an object's entries in place
//! only when they arrive out of order (a struct's fields come in declaration order). What
//! it leaves to the `Value` (floats, 128-bit integers, bytes, enum variants with
//! fields, keys that are not plain strings or repeat, deep nesting, serde_json's raw
//! values), it refuses, and [`Writer::write`] takes the `Value` path for that model and
//! keeps the `Value`: the text is the same whatever the model.

mod serializer;

use std::cmp::Ordering;
use std::fmt::{self, Write as _};
use std::ops::Range;
use std::sync::Arc;

use serde::Serialize;
use serde::ser;
use serde_json::{Number, Value};

use super::JsonData;
use super::string::needs_escaping;

/// An object of more entries than this that come out of key order is written through
/// its `Value`: an insertion sort is quick for a struct's few fields, not for a large map.
const MAX_SORTED: usize = 32;

/// Deeper than this, a model is written through its `Value`, so that its text always
/// reads back within serde_json's recursion limit (128).
const MAX_DEPTH: usize = 64;

/// The writer does not write this model the `Value`'s way, or the model failed.
#[derive(Debug)]
pub(crate) struct Refused;

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("left to serde_json::to_value")
    }
}

impl std::error::Error for Refused {}

impl ser::Error for Refused {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Self
    }
}

/// One key and value of an object being written, as byte ranges of the text.
#[derive(Debug, Clone, Copy)]
struct Entry {
    key: (usize, usize),
    start: usize,
    end: usize,
}

/// Writes models' data; kept across the models of a call so that its buffers are
/// allocated once.
#[derive(Debug)]
pub(crate) struct Writer {
    text: String,
    /// The entries of the objects being written, innermost last.
    entries: Vec<Entry>,
    scratch: String,
    depth: usize,
    /// Writing a key: serde_json refuses an optional one, and one that needs escaping
    /// would sort by its unescaped text.
    in_key: bool,
}

impl Default for Writer {
    fn default() -> Self {
        Self::for_models(1)
    }
}

/// About the bytes of one product notification's data, and a little more.
const BYTES_PER_MODEL: usize = 128;

impl Writer {
    /// A writer whose text has room for about `models` models' data, so that a batch's
    /// text does not grow step by step; the scratch space for an object whose entries
    /// come out of key order is allocated only if one does.
    pub(crate) fn for_models(models: usize) -> Self {
        Self {
            text: String::with_capacity(models.saturating_mul(BYTES_PER_MODEL)),
            entries: Vec::with_capacity(16),
            scratch: String::new(),
            depth: 0,
            in_key: false,
        }
    }
}

/// What [`Writer::append`] did with a model.
#[derive(Debug)]
pub(crate) enum Appended {
    /// Wrote its text: this range of the writer's text.
    Text(Range<usize>),
    /// Left its text to `serde_json`: the model's `Value`.
    Value(Value),
}

impl Appended {
    /// The model's data, whose text (if the writer wrote one) is in `shared`, the text
    /// [`Writer::into_shared`] gave.
    pub(crate) fn into_data(self, shared: &Arc<String>) -> JsonData {
        match self {
            Self::Text(range) => JsonData::within(shared, range),
            Self::Value(value) => JsonData::from(value),
        }
    }
}

impl Writer {
    /// The data of `model`: the text `serde_json` writes for `serde_json::to_value(model)`.
    ///
    /// # Errors
    /// When `serde_json::to_value(model)` fails, with its error.
    pub(crate) fn write<T: Serialize + ?Sized>(
        mut self,
        model: &T,
    ) -> Result<JsonData, serde_json::Error> {
        let appended = self.append(model)?;
        Ok(appended.into_data(&self.into_shared()))
    }

    /// Appends the data of `model` to the writer's text, unless it is the `Value`'s to
    /// write; [`into_shared`](Self::into_shared) then gives the text that the ranges of
    /// every model appended point into.
    ///
    /// # Errors
    /// When `serde_json::to_value(model)` fails, with its error.
    pub(crate) fn append<T: Serialize + ?Sized>(
        &mut self,
        model: &T,
    ) -> Result<Appended, serde_json::Error> {
        let start = self.text.len();
        self.entries.clear();
        self.depth = 0;
        self.in_key = false;
        if model.serialize(&mut *self).is_ok() {
            return Ok(Appended::Text(start..self.text.len()));
        }
        self.text.truncate(start);
        serde_json::to_value(model).map(Appended::Value)
    }

    /// The text appended, to share between the data that point into it.
    pub(crate) fn into_shared(self) -> Arc<String> {
        Arc::new(self.text)
    }

    fn nest(&mut self, open: char) -> Result<(), Refused> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(Refused);
        }
        self.text.push(open);
        Ok(())
    }

    fn number(&mut self, number: impl Into<Number>) {
        // Number's Display is serde_json's own (itoa, zmij).
        let _ = write!(self.text, "{}", number.into());
    }

    /// Ends the last entry of the object whose entries begin at `first`, if it has one.
    fn close_entry(&mut self, first: usize) -> bool {
        let end = self.text.len();
        match self.entries.get_mut(first..).and_then(<[Entry]>::last_mut) {
            Some(last) => {
                last.end = end;
                true
            }
            None => false,
        }
    }

    /// Starts an entry of the object whose entries begin at `first`: its key, then `:`.
    fn key<T: Serialize + ?Sized>(
        &mut self,
        first: usize,
        key: &T,
    ) -> Result<(), Refused> {
        if self.close_entry(first) {
            self.text.push(',');
        }
        let start = self.text.len();
        self.in_key = true;
        let written = key.serialize(&mut *self);
        self.in_key = false;
        written?;
        // Only a string key is written here (an escaped one was refused): serde_json
        // turns numbers and booleans into strings.
        let key = &self.text.as_bytes()[start..];
        if !(key.len() >= 2 && key[0] == b'"' && key[key.len() - 1] == b'"') {
            return Err(Refused);
        }
        self.open_entry(start);
        Ok(())
    }

    /// Starts an entry whose key is a struct's field name: the same as [`key`](Self::key)
    /// for a `&str`, without going through the serializer for it.
    fn field(&mut self, first: usize, name: &str) -> Result<(), Refused> {
        // Refused as a key would be: the Value sorts it by its unescaped text.
        if needs_escaping(name) {
            return Err(Refused);
        }
        if self.close_entry(first) {
            self.text.push(',');
        }
        let start = self.text.len();
        self.text.push('"');
        self.text.push_str(name);
        self.text.push('"');
        self.open_entry(start);
        Ok(())
    }

    /// Keeps the key written from `start` to the end of the text as the last entry's,
    /// and writes the `:` that follows it.
    fn open_entry(&mut self, start: usize) {
        let end = self.text.len();
        self.entries.push(Entry { key: (start + 1, end - 1), start, end });
        self.text.push(':');
    }

    /// Ends the object whose text begins at `body` and entries at `first`: sorts its
    /// entries by key if they came in another order.
    fn end_object(&mut self, body: usize, first: usize) -> Result<(), Refused> {
        self.close_entry(first);
        let text = &self.text;
        let entries = &mut self.entries[first..];
        let key = |entry: &Entry| &text.as_bytes()[entry.key.0..entry.key.1];
        // An insertion sort: a map's entries come sorted (one comparison each), a
        // struct's few fields in declaration order; it meets a repeated key, which the
        // Value would keep once, on the way. A long object out of order is left to it.
        let mut moved = false;
        for next in 1..entries.len() {
            let mut at = next;
            while at > 0 {
                match compare_keys(key(&entries[at - 1]), key(&entries[at])) {
                    Ordering::Less => break,
                    Ordering::Equal => return Err(Refused),
                    Ordering::Greater if entries.len() > MAX_SORTED => {
                        return Err(Refused);
                    }
                    Ordering::Greater => {
                        entries.swap(at - 1, at);
                        moved = true;
                        at -= 1;
                    }
                }
            }
        }
        if moved {
            self.scratch.clear();
            for (n, entry) in entries.iter().enumerate() {
                if n > 0 {
                    self.scratch.push(',');
                }
                self.scratch.push_str(&text[entry.start..entry.end]);
            }
            self.text.truncate(body);
            self.text.push_str(&self.scratch);
        }
        self.entries.truncate(first);
        self.text.push('}');
        self.depth -= 1;
        Ok(())
    }
}

/// Orders two keys by their bytes, as `Ord` for `[u8]` does. Keys mostly differ early,
/// where this loop ends sooner than the call to `memcmp` that `Ord` makes.
fn compare_keys(a: &[u8], b: &[u8]) -> Ordering {
    match a.iter().zip(b).find(|(a, b)| a != b) {
        Some((a, b)) => a.cmp(b),
        None => a.len().cmp(&b.len()),
    }
}

#[cfg(test)]
mod tests;
