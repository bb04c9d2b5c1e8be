//! Hostile names: whatever characters a client puts in a name, the create body either
//! refuses it at `/name` in a short sentence, or keeps a name in NFC with no forbidden
//! character and not blank.

use std::collections::BTreeMap;
use std::path::PathBuf;

use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use unicode_normalization::{UnicodeNormalization as _, is_nfc};

use super::*;

/// Characters that have broken names elsewhere: NUL and other controls, bidirectional
/// overrides and isolates, zero-width characters, the byte order mark, separators,
/// combining marks; and ordinary letters and spaces, so that some names pass.
const HOSTILE: &[char] = &[
    '\0', '\t', '\n', '\r', '\u{1b}', '\u{7f}', '\u{85}', '\u{202a}', '\u{202e}',
    '\u{2066}', '\u{2069}', '\u{200b}', '\u{200c}', '\u{200d}', '\u{2060}', '\u{feff}',
    '\u{2028}', '\u{2029}', ' ', '\u{a0}', '\u{3000}', '\u{301}', '\u{308}', 'e', 'K',
    '\u{e9}', '🦀', '\u{fffd}',
];

/// The characters of [`HOSTILE`] that no stored name may hold.
const NEVER_STORED: &str = "\0\t\n\r\u{1b}\u{7f}\u{85}\u{202a}\u{202e}\u{2066}\u{2069}\u{200b}\u{200c}\u{200d}\u{2060}\u{feff}\u{2028}\u{2029}";

/// How many cases the test runs: enough to meet every pair of hostile characters many
/// times.
const CASES: u32 = 2_000;

/// Names around the length limit, with ordinary letters twice as likely as any hostile
/// character, so that every outcome is common.
fn hostile_name() -> impl Strategy<Value = String> {
    let character = prop_oneof![1 => prop::sample::select(HOSTILE), 2 => prop::sample::select(&['e', 'K', ' '][..])];
    prop::collection::vec(character, 0..24).prop_map(|chars| chars.into_iter().collect())
}

/// What became of one name: `accepted`, or the code it was refused with.
fn judge(name: &str) -> Result<&'static str, TestCaseError> {
    let body = json!({"name": name, "price": 1}).to_string();
    match CreateProductRequest::parse(body.as_bytes()) {
        Ok(product) => {
            let stored = product.name.as_ref();
            prop_assert!(is_nfc(stored), "{:?} stored as {:?}", name, stored);
            prop_assert_eq!(stored, name.nfc().collect::<String>());
            prop_assert!(!stored.contains(|c| NEVER_STORED.contains(c)), "{:?}", stored);
            prop_assert!(schema_pattern().is_match(stored), "{:?}", stored);
            prop_assert!(!stored.chars().all(char::is_whitespace));
            prop_assert!((1..=ProductName::MAX_CHARS).contains(&stored.chars().count()));
            // Parsing what is stored gives it back unchanged: reading an item keeps the
            // name.
            prop_assert_eq!(
                ProductName::parse(stored).map(String::from),
                Ok(stored.to_owned())
            );
            Ok("accepted")
        }
        Err(errors) => {
            let [error] = errors.errors() else {
                return Err(TestCaseError::fail(format!("{errors:?}")));
            };
            prop_assert_eq!(&error.pointer, "/name");
            prop_assert!(error.message.len() < 100, "{:?}", error.message);
            match error.code {
                ErrorCode::Length => Ok("refused_length"),
                ErrorCode::Invalid => Ok("refused_invalid"),
                other => {
                    Err(TestCaseError::fail(format!("{name:?} refused with {other:?}")))
                }
            }
        }
    }
}

#[test]
fn a_hostile_name_is_refused_at_its_field_or_stored_in_nfc_without_a_forbidden_character()
{
    let mut outcomes = BTreeMap::from([
        ("accepted", 0_u64),
        ("refused_length", 0),
        ("refused_invalid", 0),
    ]);
    let mut runner = TestRunner::new(Config::with_cases(CASES));
    let tally = std::cell::RefCell::new(&mut outcomes);
    runner
        .run(&hostile_name(), |name| {
            let outcome = judge(&name)?;
            *tally.borrow_mut().entry(outcome).or_default() += 1;
            Ok(())
        })
        .unwrap_or_else(|failure| panic!("{failure}"));
    // Shrinking runs failing cases again; a passing run counts each case once.
    let cases: u64 = outcomes.values().sum();
    assert_eq!(cases, u64::from(CASES));
    assert!(
        outcomes.values().all(|&count| count > 0),
        "every outcome is reached: {outcomes:?}"
    );
    let mut figures = BTreeMap::from([("hostile_name_cases", cases)]);
    figures.extend(outcomes.iter().map(|(outcome, count)| (*outcome, *count)));
    report_figures("hygiene.json", &figures);
}

/// Prints `figures`, and writes them as a flat JSON object to `$PSR_FIGURES_DIR/file`
/// when set.
fn report_figures(file: &str, figures: &BTreeMap<&str, u64>) {
    let json = serde_json::to_string_pretty(figures).unwrap_or_default();
    println!("{file}: {json}");
    if let Some(dir) = std::env::var_os("PSR_FIGURES_DIR").map(PathBuf::from) {
        std::fs::create_dir_all(&dir)
            .unwrap_or_else(|error| panic!("{}: {error}", dir.display()));
        let path = dir.join(file);
        std::fs::write(&path, json + "\n")
            .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    }
}
