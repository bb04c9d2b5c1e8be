//! A JSON string written as `serde_json` writes it, without its byte-by-byte escaping
//! loop for the strings that need no escaping: every string of a product event (ids,
//! names, times) is plain ASCII.

/// Whether `serde_json` escapes `byte`: a quote, a backslash or a control character, and
/// nothing else (not DEL, not non-ASCII).
const fn is_escaped(byte: u8) -> bool {
    byte < 0x20 || byte == b'"' || byte == b'\\'
}

/// Whether any byte of `text` is escaped. Sixteen bytes at a time, the last block
/// overlapping the one before and a short string padded to one block: no byte-by-byte
/// loop, and each block a few vector compares.
pub(crate) fn needs_escaping(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes.len() < BLOCK {
        let mut block = [b' '; BLOCK];
        block[..bytes.len()].copy_from_slice(bytes);
        return block_needs_escaping(&block);
    }
    bytes.chunks_exact(BLOCK).any(block_needs_escaping)
        || block_needs_escaping(&bytes[bytes.len() - BLOCK..])
}

/// The bytes [`needs_escaping`] checks at once.
const BLOCK: usize = 16;

/// Whether any byte of a block of [`BLOCK`] bytes is escaped; no early exit inside the
/// block, which the compiler turns into vector compares.
fn block_needs_escaping(block: &[u8]) -> bool {
    block.iter().fold(0u8, |found, &byte| found | u8::from(is_escaped(byte))) != 0
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
