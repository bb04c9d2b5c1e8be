//! A JSON string written as `serde_json` writes it, without its byte-by-byte escaping
//! loop for the strings that need no escaping: every string of a product event (ids,
//! names, times) is plain ASCII.

/// Whether `serde_json` escapes `byte`: a quote, a backslash or a control character, and
/// nothing else (not DEL, not non-ASCII).
const fn is_escaped(byte: u8) -> bool {
    byte < 0x20 || byte == b'"' || byte == b'\\'
}

/// Whether any byte of `text` is escaped. Sixteen bytes at a time, the last block
/// overlapping the one before; a string shorter than a block (a key, a status, a time)
/// in two overlapping words of eight or four bytes. No byte-by-byte loop but for
/// strings of three bytes or fewer.
pub(crate) fn needs_escaping(text: &str) -> bool {
    let bytes = text.as_bytes();
    let len = bytes.len();
    if len >= BLOCK {
        return bytes.chunks_exact(BLOCK).any(block_needs_escaping)
            || block_needs_escaping(&bytes[len - BLOCK..]);
    }
    if len >= 8 {
        return escaped_bytes(word(&bytes[..8])) | escaped_bytes(word(&bytes[len - 8..]))
            != 0;
    }
    if len >= 4 {
        let first = u64::from(half_word(&bytes[..4]));
        let last = u64::from(half_word(&bytes[len - 4..]));
        return escaped_bytes((first << 32) | last) != 0;
    }
    bytes.iter().any(|&byte| is_escaped(byte))
}

/// The bytes [`needs_escaping`] checks at once.
const BLOCK: usize = 16;

/// Whether any byte of a block of [`BLOCK`] bytes is escaped; no early exit inside the
/// block, which the compiler turns into vector compares.
fn block_needs_escaping(block: &[u8]) -> bool {
    block.iter().fold(0u8, |found, &byte| found | u8::from(is_escaped(byte))) != 0
}

/// Eight bytes as one word; `bytes` holds exactly eight.
fn word(bytes: &[u8]) -> u64 {
    let mut word = [0; 8];
    word.copy_from_slice(bytes);
    u64::from_le_bytes(word)
}

/// Four bytes as one word; `bytes` holds exactly four.
fn half_word(bytes: &[u8]) -> u32 {
    let mut word = [0; 4];
    word.copy_from_slice(bytes);
    u32::from_le_bytes(word)
}

/// The top bit of each of the eight bytes of `word` that is escaped, in a few arithmetic
/// steps ("SWAR"); zero when none is. `x - 0x01 * n` borrows into a byte's top bit
/// where that byte of `x` is below `n`, and `& !x` drops the bytes whose top bit was
/// already set (not ASCII, never escaped). A borrow can spill into the next byte only
/// from a byte that matched, so whether the result is zero is exact.
fn escaped_bytes(word: u64) -> u64 {
    const ONES: u64 = u64::from_le_bytes([0x01; 8]);
    const TOPS: u64 = u64::from_le_bytes([0x80; 8]);
    let below = |x: u64, n: u8| x.wrapping_sub(ONES * u64::from(n)) & !x & TOPS;
    let control = below(word, 0x20);
    let quote = below(word ^ (ONES * u64::from(b'"')), 1);
    let backslash = below(word ^ (ONES * u64::from(b'\\')), 1);
    control | quote | backslash
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

    #[test]
    fn a_string_of_any_length_needs_escaping_exactly_where_one_of_its_bytes_does() {
        // Every length up to two blocks, every position, every ASCII byte and bytes
        // of multi-byte characters: the word and block paths see every byte.
        for len in 1..=33 {
            for at in 0..len {
                for c in (0u8..=127).map(char::from).chain(['é', '\u{80}', '\u{ff}']) {
                    let text: String =
                        (0..len).map(|n| if n == at { c } else { 'x' }).collect();
                    let expected =
                        serde_json::to_string(&text).unwrap() != format!("\"{text}\"");
                    assert_eq!(needs_escaping(&text), expected, "{c:?} at {at} of {len}");
                }
            }
        }
    }
}
