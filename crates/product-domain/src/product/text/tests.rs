//! The name's Unicode data against the crates it is drawn from, character by character.

use proptest::prelude::*;
use unicode_normalization::UnicodeNormalization as _;
use unicode_normalization::char::{
    canonical_combining_class, compose as crate_compose, decompose_canonical,
};
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

#[test]
fn every_character_below_the_first_non_trivial_one_is_a_starter_that_the_quick_check_accepts()
 {
    for character in '\0'..FIRST_NON_TRIVIAL {
        assert_eq!(
            unicode_normalization::is_nfc_quick(std::iter::once(character)),
            unicode_normalization::IsNormalized::Yes,
            "U+{:04X}",
            u32::from(character)
        );
        assert_eq!(
            canonical_combining_class(character),
            0,
            "U+{:04X}",
            u32::from(character)
        );
    }
}

#[test]
fn every_character_has_the_decomposition_and_combining_class_of_unicode_normalization() {
    for character in every_character() {
        let mut ours = Vec::new();
        decompose(character, &mut |part| ours.push(part));
        let mut theirs = Vec::new();
        decompose_canonical(character, |part| theirs.push(part));
        assert_eq!(ours, theirs, "U+{:04X}", u32::from(character));
        assert_eq!(
            combining_class(character),
            canonical_combining_class(character),
            "U+{:04X}",
            u32::from(character)
        );
    }
}

#[test]
fn every_pair_of_the_table_composes_as_unicode_normalization_does() {
    for (index, (&first, &second)) in tables::FIRST.iter().zip(tables::SECOND).enumerate()
    {
        let Some(second) = second else { continue };
        let composes =
            tables::COMPOSED.iter().any(|&listed| usize::from(listed) == index);
        let expected = crate_compose(first, second);
        assert_eq!(compose(first, second), expected, "{first:?} {second:?}");
        assert_eq!(
            expected == Some(tables::DECOMPOSED[index]),
            composes,
            "{first:?} {second:?}"
        );
    }
    // Hangul, by arithmetic on both sides.
    for first in '\u{1100}'..='\u{11ff}' {
        for second in '\u{1100}'..='\u{11ff}' {
            assert_eq!(compose(first, second), crate_compose(first, second));
        }
    }
    for first in '\u{ac00}'..='\u{d7a3}' {
        for second in ['\u{11a6}', '\u{11a7}', '\u{11a8}', '\u{11c2}', '\u{11c3}'] {
            assert_eq!(compose(first, second), crate_compose(first, second));
        }
    }
}

/// The NFC tables as [`generated_tables`] writes them from `unicode-normalization` today:
/// a new version of that crate (a new Unicode version) fails this test until the tables
/// are written again, with `UPDATE_NFC_TABLES=1 cargo test -p product-domain nfc_tables`.
#[test]
fn nfc_tables_are_those_generated_from_unicode_normalization() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/product/text/tables.rs");
    let generated = generated_tables();
    if std::env::var_os("UPDATE_NFC_TABLES").is_some() {
        std::fs::write(path, &generated).unwrap();
    }
    let written = std::fs::read_to_string(path).unwrap();
    assert!(
        written == generated,
        "{path} is out of date: run `UPDATE_NFC_TABLES=1 cargo test -p product-domain nfc_tables`"
    );
}

/// Writes `tables.rs`: every character's full canonical decomposition as a pair (its
/// first part, itself decomposed again, and its last character) or a single character;
/// which of those pairs compose back; and the ranges of characters of one non-zero
/// combining class.
fn generated_tables() -> String {
    use std::collections::HashMap;
    use std::fmt::Write as _;

    let full = |character: char| {
        let mut parts = Vec::new();
        decompose_canonical(character, |part| parts.push(part));
        parts
    };
    let is_hangul_syllable =
        |character: char| ('\u{ac00}'..='\u{d7a3}').contains(&character);
    // Each full decomposition and the characters that have it, to find a pair's first
    // part: the character whose own decomposition is the composite's without its last.
    let mut by_decomposition: HashMap<Vec<char>, Vec<char>> = HashMap::new();
    for character in every_character() {
        by_decomposition.entry(full(character)).or_default().push(character);
    }

    let mut rows: Vec<(char, char, Option<char>, bool)> = Vec::new();
    for character in every_character().filter(|&c| !is_hangul_syllable(c)) {
        let parts = full(character);
        if parts == [character] {
            continue;
        }
        let Some((&last, rest)) = parts.split_last().filter(|(_, rest)| !rest.is_empty())
        else {
            rows.push((character, parts[0], None, false));
            continue;
        };
        let firsts = &by_decomposition[rest];
        // The first part that composes with the last character into this one, if any
        // does; otherwise any first part of the same decomposition.
        let composing =
            firsts.iter().find(|&&first| crate_compose(first, last) == Some(character));
        match composing {
            Some(&first) => rows.push((character, first, Some(last), true)),
            None => rows.push((character, firsts[0], Some(last), false)),
        }
    }
    let mut composed: Vec<usize> =
        (0..rows.len()).filter(|&index| rows[index].3).collect();
    composed.sort_by_key(|&index| (rows[index].1, rows[index].2));

    let mut classes: Vec<(char, char, u8)> = Vec::new();
    for character in every_character() {
        let class = canonical_combining_class(character);
        match classes.last_mut() {
            _ if class == 0 => {}
            Some((_, last, last_class))
                if *last_class == class
                    && u32::from(*last) + 1 == u32::from(character) =>
            {
                *last = character;
            }
            _ => classes.push((character, character, class)),
        }
    }

    let literal = |character: char| format!("'\\u{{{:x}}}'", u32::from(character));
    let mut out = String::new();
    let version = unicode_normalization::UNICODE_VERSION;
    writeln!(
        out,
        "//! NFC's data, generated from `unicode-normalization` (Unicode {}.{}.{}) by\n\
         //! `UPDATE_NFC_TABLES=1 cargo test -p product-domain nfc_tables`; not edited by hand.\n\
         //!\n\
         //! Columns rather than rows of a table: gzip compresses a column of alike values\n\
         //! better. The page's module carries these: the three decomposition columns take\n\
         //! 7.4 KiB after gzip -9, and 9.9 KiB as rows of three.\n",
        version.0, version.1, version.2
    )
    .unwrap();
    let column =
        |out: &mut String, doc: &str, name: &str, ty: &str, items: Vec<String>| {
            writeln!(out, "{doc}\npub(super) const {name}: &[{ty}] = &[").unwrap();
            for line in items.chunks(8) {
                writeln!(out, "    {},", line.join(", ")).unwrap();
            }
            writeln!(out, "];\n").unwrap();
        };
    column(
        &mut out,
        "/// Every character with a canonical decomposition but the Hangul syllables, in order.",
        "DECOMPOSED",
        "char",
        rows.iter().map(|row| literal(row.0)).collect(),
    );
    column(
        &mut out,
        "/// Beside each of [`DECOMPOSED`]: the first part of its decomposition, to decompose again.",
        "FIRST",
        "char",
        rows.iter().map(|row| literal(row.1)).collect(),
    );
    column(
        &mut out,
        "/// Beside each of [`DECOMPOSED`]: the last character of its decomposition, if it has two.",
        "SECOND",
        "Option<char>",
        rows.iter()
            .map(|row| {
                row.2.map_or("None".to_owned(), |c| format!("Some({})", literal(c)))
            })
            .collect(),
    );
    column(
        &mut out,
        "/// The indices in [`DECOMPOSED`] of the primary composites, by their ([`FIRST`],\n\
         /// [`SECOND`]) pair: the pairs that compose.",
        "COMPOSED",
        "u16",
        composed.iter().map(|index| index.to_string()).collect(),
    );
    column(
        &mut out,
        "/// The characters of a non-zero canonical combining class, as ranges of one class.",
        "COMBINING_CLASSES",
        "(char, char, u8)",
        classes
            .iter()
            .map(|&(first, last, class)| {
                format!("({}, {}, {class})", literal(first), literal(last))
            })
            .collect(),
    );
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}
