//! A JSON string written as `serde_json` writes it, without its byte-by-byte escaping
//! loop for the strings that need no escaping: every string of a product event (ids,
//! names, times) is plain ASCII.

/// Whether `serde_json` escapes `byte`: a quote, a backslash or a control character, and
/// nothing else (not DEL, not non-ASCII).
const fn is_escaped(byte: u8) -> bool {
    byte < 0x20 || byte == b'"' || byte == b'\\'
}

/// Whether any byte of `text` is escaped. Eight bytes at a time: a byte below 0x20, or
/// one that equals a quote or a backslash, sets its high bit in one of three words
/// (a borrow only ever runs upwards from such a byte, so the answer is exact).
pub(crate) fn needs_escaping(text: &str) -> bool {
    const ONES: u64 = u64::from_ne_bytes([1; 8]);
    const HIGHS: u64 = ONES << 7;
    let has = |word: u64| {
        let quote = word ^ (ONES * u64::from(b'"'));
        let backslash = word ^ (ONES * u64::from(b'\\'));
        (word.wrapping_sub(ONES * 0x20) & !word
            | quote.wrapping_sub(ONES) & !quote
            | backslash.wrapping_sub(ONES) & !backslash)
            & HIGHS
            != 0
    };
    let mut words = text.as_bytes().chunks_exact(8);
    for word in &mut words {
        let mut bytes = [0; 8];
        bytes.copy_from_slice(word);
        if has(u64::from_ne_bytes(bytes)) {
            return true;
        }
    }
    words.remainder().iter().any(|&byte| is_escaped(byte))
}

/// Appends `text` as a JSON string, quotes included, byte for byte as `serde_json` writes
/// it.
pub(crate) fn push_json_str(out: &mut String, text: &str) {
    if needs_escaping(text) {
        push_escaped(out, text);
    } else {
        out.push('"');
        out.push_str(text);
        out.push('"');
    }
}

/// The rare string with a quote, a backslash or a control character: serde_json's own
/// escaping.
#[cold]
pub(crate) fn push_escaped(out: &mut String, text: &str) {
    // A string always serializes.
    out.push_str(&serde_json::Value::from(text).to_string());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(text: &str) -> String {
        let mut out = String::new();
        push_json_str(&mut out, text);
        out
    }

    #[test]
    fn every_string_is_written_as_serde_json_writes_it() {
        let long = format!("{}\"{}", "a".repeat(40), "\u{1}".repeat(20));
        for text in [
            "",
            "plain",
            "ADDED",
            "quote \" inside",
            "back\\slash",
            "tab\there",
            "\u{7f}",
            "é and 日本",
            "new\nline",
            "\u{0}",
            &long,
            "sixteen bytes ok",
            "sixteen bytes\"ok",
        ] {
            assert_eq!(written(text), serde_json::to_string(text).unwrap(), "{text:?}");
        }
    }

    #[test]
    fn only_quotes_backslashes_and_control_characters_need_escaping() {
        for byte in 0u8..=127 {
            let text = char::from(byte).to_string();
            let expected = serde_json::to_string(&text).unwrap() != format!("\"{text}\"");
            assert_eq!(needs_escaping(&text), expected, "byte {byte}");
        }
        assert!(!needs_escaping(&"x".repeat(33)));
        for c in (0u8..=127).map(char::from).chain([
            'é',
            '日',
            '\u{80}',
            '\u{ff}',
            '\u{10ffff}',
        ]) {
            for at in 0..17 {
                let text = format!("{}{c}{}", "x".repeat(at), "y".repeat(17 - at));
                let expected =
                    serde_json::to_string(&text).unwrap() != format!("\"{text}\"");
                assert_eq!(needs_escaping(&text), expected, "{c:?} at {at}");
            }
        }
        assert!(needs_escaping(&format!("{}\\", "x".repeat(32))));
    }
}
