//! A shortcut for the bodies most clients send: one flat object whose member names and
//! strings are printable ASCII without escapes, and whose numbers are integers of at most
//! 18 digits, with no fraction or exponent.
//!
//! Such a body is read byte by byte into the same [`Members`] that the serde reader
//! (`read.rs`) would give. At the first byte outside that subset the shortcut gives up
//! and the serde reader reads the body from the start, so every other body, and every
//! malformed one, is serde_json's to judge, with serde_json's words. Nothing the shortcut
//! reads can be malformed JSON: it is a subset of the grammar, nested one level deep,
//! and what it reads, it reads as serde_json does (a test compares the two).
//!
//! The shortcut reads bytes, not a `str`: every byte of the subset is ASCII, so the body
//! needs no UTF-8 check of its own, and only the strings that are kept are turned into
//! `str` (a check that cannot fail on the bytes the string reader lets through).

use std::borrow::Cow;

use super::read::Members;
use super::value::Json;

/// The members of `body` if it is a plain body, and `None` if the serde reader must read
/// it.
pub(super) fn read(body: &[u8]) -> Option<Members<'_>> {
    let mut plain = Plain { rest: body };
    let mut members = Members::default();
    plain.byte(b'{')?;
    if !plain.next_is(b'}') {
        loop {
            match plain.key()? {
                Key::Name => {
                    plain.byte(b':')?;
                    members.name.and(plain.value()?.string());
                }
                Key::Price => {
                    plain.byte(b':')?;
                    members.price.and(plain.value()?.integer());
                }
                Key::Other(key) => {
                    plain.byte(b':')?;
                    plain.value()?;
                    members.unknown.insert(Cow::Borrowed(text(key)?));
                }
            }
            if !plain.next_is(b',') {
                plain.byte(b'}')?;
                break;
            }
        }
    }
    plain.skip_white_space();
    plain.rest.is_empty().then_some(members)
}

/// A member's name: one of the two the body takes, or the bytes of another.
enum Key<'de> {
    Name,
    Price,
    Other(&'de [u8]),
}

/// The bytes of a body not read yet. Each step reads from the front of the slice and
/// keeps what follows, so no index is checked twice.
struct Plain<'de> {
    rest: &'de [u8],
}

impl<'de> Plain<'de> {
    /// JSON's white space, as serde_json skips it.
    fn skip_white_space(&mut self) {
        while let [b' ' | b'\n' | b'\t' | b'\r', rest @ ..] = self.rest {
            self.rest = rest;
        }
    }

    /// Whether `expected` comes next, after any white space; read if it does.
    fn next_is(&mut self, expected: u8) -> bool {
        self.skip_white_space();
        match self.rest.split_first() {
            Some((&first, rest)) if first == expected => {
                self.rest = rest;
                true
            }
            _ => false,
        }
    }

    /// `expected`, after any white space.
    fn byte(&mut self, expected: u8) -> Option<()> {
        self.next_is(expected).then_some(())
    }

    /// A member's name, after any white space. The names the body takes are matched in
    /// place, quotes included, which spares them the string reader; any other name is
    /// read as a string.
    fn key(&mut self) -> Option<Key<'de>> {
        self.skip_white_space();
        if let Some(rest) = self.rest.strip_prefix(b"\"name\"") {
            self.rest = rest;
            return Some(Key::Name);
        }
        if let Some(rest) = self.rest.strip_prefix(b"\"price\"") {
            self.rest = rest;
            return Some(Key::Price);
        }
        self.string().map(Key::Other)
    }

    /// The bytes of a string of printable ASCII without escapes, after any white space.
    fn string(&mut self) -> Option<&'de [u8]> {
        self.byte(b'"')?;
        // The string ends at its first byte that is not printable ASCII or is a quote or
        // a backslash: the closing quote is the only such byte a plain string has; at an
        // escape, a control character or anything beyond ASCII the shortcut gives up.
        let end = string_length(self.rest)?;
        let (string, after) = self.rest.split_at(end);
        self.rest = after.strip_prefix(b"\"")?;
        Some(string)
    }

    /// A member's value, after any white space: a plain string, or an integer of at most
    /// 18 digits (which any `i64` holds) without a fraction or an exponent.
    ///
    /// Inlined into each of its three callers: `read` then keeps its place in a register
    /// rather than in memory, and each caller keeps only the type its member takes
    /// (about a tenth of the instructions a plain body costs).
    #[inline(always)]
    fn value(&mut self) -> Option<Json<'de>> {
        self.skip_white_space();
        if self.rest.first() == Some(&b'"') {
            let string = text(self.string()?)?;
            return Some(Json::String(Cow::Borrowed(string)));
        }
        let (negative, rest) = match self.rest {
            [b'-', rest @ ..] => (true, rest),
            rest => (false, rest),
        };
        // The digits are read and counted in one pass; at a 19th the shortcut gives up, so
        // the value cannot overflow.
        let (mut value, mut digits) = (0_i64, 0);
        while let Some(&digit @ b'0'..=b'9') = rest.get(digits) {
            if digits == 18 {
                return None;
            }
            value = value * 10 + i64::from(digit - b'0');
            digits += 1;
        }
        let after = rest.get(digits..)?;
        // serde_json reads `-0` as a float, and refuses a leading zero before a digit.
        let plain = match rest.first() {
            Some(b'0') => digits == 1 && !negative,
            _ => digits > 0,
        };
        if !plain || matches!(after.first(), Some(b'.' | b'e' | b'E')) {
            return None;
        }
        self.rest = after;
        Some(Json::Integer(if negative { -value } else { value }))
    }
}

/// The bytes that end a plain string, as a table, one lookup per byte: every byte but
/// printable ASCII, and of that the quote and the backslash.
const ENDS_A_STRING: [bool; 256] = {
    let mut table = [true; 256];
    let mut byte = b' ';
    while byte <= b'~' {
        table[byte as usize] = byte == b'"' || byte == b'\\';
        byte += 1;
    }
    table
};

/// How many bytes come before the first that [`ENDS_A_STRING`], if one does.
///
/// Never inlined: inside `read` this loop shares the registers with everything around
/// it and spills to memory; alone it is a load, a lookup and a compare per byte.
#[inline(never)]
fn string_length(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&byte| ENDS_A_STRING[usize::from(byte)])
}

/// The text of a plain string: never `None`, since the string reader lets through
/// nothing but printable ASCII, and any ASCII is UTF-8.
fn text(string: &[u8]) -> Option<&str> {
    std::str::from_utf8(string).ok()
}
