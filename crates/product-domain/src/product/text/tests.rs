//! The name's Unicode data against the crates it is drawn from, character by character.

use proptest::prelude::*;
use unicode_normalization::UnicodeNormalization as _;
use unicode_properties::{GeneralCategory, UnicodeGeneralCategory as _};

use super::*;

fn every_character() -> impl Iterator<Item = char> {
    (0..=u32::from(char::MAX)).filter_map(char::from_u32)
}

fn crate_nfc(input: &str) -> String {
    input.nfc().collect()
}

#[test]
fn each_refused_table_holds_exactly_the_characters_of_its_general_category() {
    let tables = [
        (CONTROL, GeneralCategory::Control),
        (FORMAT, GeneralCategory::Format),
        (LINE_SEPARATOR, GeneralCategory::LineSeparator),
        (PARAGRAPH_SEPARATOR, GeneralCategory::ParagraphSeparator),
    ];
    for character in every_character() {
        let category = character.general_category();
        for (table, expected) in &tables {
            let listed = table.iter().any(|range| range.contains(&character));
            assert_eq!(
                listed,
                category == *expected,
                "U+{:04X} is {category:?}",
                u32::from(character)
            );
        }
    }
}

#[test]
fn every_character_alone_is_normalized_as_unicode_normalization_does() {
    for character in every_character() {
        let input = character.to_string();
        assert_eq!(
            nfc(input.clone()),
            crate_nfc(&input),
            "U+{:04X}",
            u32::from(character)
        );
    }
}

#[test]
fn reordered_and_blocked_marks_are_normalized_as_unicode_normalization_does() {
    for input in [
        "e\u{301}",
        "a\u{323}\u{302}",
        "a\u{302}\u{323}",
        "\u{1100}\u{1161}\u{11a8}",
        "\u{ac00}\u{11a8}",
        "\u{301}e",
        "e\u{301}\u{301}",
        "\u{5d1}\u{5bc}\u{5bf}",
        "\u{f71}\u{f72}\u{f74}\u{f80}",
        "\u{1d15f}\u{1d165}",
        "\u{344}\u{301}a",
        "",
    ] {
        assert_eq!(nfc(input.to_owned()), crate_nfc(input), "{input:?}");
    }
}

/// Characters where NFC does something: letters, combining marks of many classes,
/// Hangul jamo and syllables, Tibetan vowels, composition exclusions.
fn interesting_character() -> impl Strategy<Value = char> {
    prop_oneof![
        prop::char::range('a', 'z'),
        prop::char::range('\u{300}', '\u{36f}'),
        prop::char::range('\u{591}', '\u{5c7}'),
        prop::char::range('\u{f71}', '\u{f84}'),
        prop::char::range('\u{1100}', '\u{11ff}'),
        prop::char::range('\u{ac00}', '\u{ac1f}'),
        prop::char::range('\u{1d15e}', '\u{1d172}'),
        prop::char::range('\u{1f00}', '\u{1fff}'),
        any::<char>(),
    ]
}

proptest! {
    #[test]
    fn any_text_is_normalized_as_unicode_normalization_does(
        text in prop::collection::vec(interesting_character(), 0..12)
    ) {
        let input: String = text.into_iter().collect();
        prop_assert_eq!(nfc(input.clone()), crate_nfc(&input));
    }
}
