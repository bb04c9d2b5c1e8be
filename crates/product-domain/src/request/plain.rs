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

use std::borrow::Cow;

use super::read::Members;
use super::value::Json;

/// The members of `body` if it is a plain body, and `None` if the serde reader must read
/// it.
pub(super) fn read(body: &[u8]) -> Option<Members<'_>> {
    let body = std::str::from_utf8(body).ok()?;
    let mut plain = Plain { body, at: 0 };
    let mut members = Members::default();
    plain.byte(b'{')?;
    if plain.byte(b'}').is_none() {
        loop {
            let key = plain.string()?;
            plain.byte(b':')?;
            let value = plain.value()?;
            match key {
                "name" => members.name.and(value.string()),
                "price" => members.price.and(value.integer()),
                _ => members.unknown.insert(Cow::Borrowed(key)),
            }
            if plain.byte(b',').is_none() {
                plain.byte(b'}')?;
                break;
            }
        }
    }
    plain.skip_white_space();
    (plain.at == body.len()).then_some(members)
}

/// A body being read, and how far.
struct Plain<'de> {
    body: &'de str,
    at: usize,
}

impl<'de> Plain<'de> {
    /// JSON's white space, as serde_json skips it.
    fn skip_white_space(&mut self) {
        while let Some(b' ' | b'\n' | b'\t' | b'\r') = self.body.as_bytes().get(self.at) {
            self.at += 1;
        }
    }

    /// `expected`, after any white space.
    fn byte(&mut self, expected: u8) -> Option<()> {
        self.skip_white_space();
        (self.body.as_bytes().get(self.at) == Some(&expected)).then(|| self.at += 1)
    }

    /// A string of printable ASCII without escapes, after any white space.
    fn string(&mut self) -> Option<&'de str> {
        self.byte(b'"')?;
        let start = self.at;
        loop {
            match *self.body.as_bytes().get(self.at)? {
                b'"' => break,
                // No escape, no control character, nothing beyond ASCII.
                b'\\' | ..b' ' | b'\x7f'.. => return None,
                _ => self.at += 1,
            }
        }
        self.at += 1;
        self.body.get(start..self.at - 1)
    }

    /// A member's value, after any white space: a plain string, or an integer of at most
    /// 18 digits (which any `i64` holds) without a fraction or an exponent.
    fn value(&mut self) -> Option<Json<'de>> {
        self.skip_white_space();
        let bytes = self.body.as_bytes();
        if bytes.get(self.at) == Some(&b'"') {
            return self.string().map(|text| Json::String(Cow::Borrowed(text)));
        }
        let negative = bytes.get(self.at) == Some(&b'-');
        let start = self.at + usize::from(negative);
        let rest = bytes.get(start..)?;
        let digits = rest.iter().take_while(|byte| byte.is_ascii_digit()).count();
        // serde_json reads `-0` as a float, and refuses a leading zero before a digit.
        let plain = match rest.first() {
            Some(b'0') => digits == 1 && !negative,
            Some(_) => (1..=18).contains(&digits),
            None => false,
        };
        if !plain || matches!(rest.get(digits), Some(b'.' | b'e' | b'E')) {
            return None;
        }
        let value = (rest[..digits].iter())
            .fold(0_i64, |value, digit| value * 10 + i64::from(digit - b'0'));
        self.at = start + digits;
        Some(Json::Integer(if negative { -value } else { value }))
    }
}
