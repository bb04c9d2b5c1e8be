//! The value types' rules, each case a sentence.

use super::*;

const ID: &str = "3f2b8c1e-4d5a-4f6b-9c7d-2e1f0a9b8c7d";

#[test]
fn a_hyphenated_uuid_is_a_product_id() {
    assert_eq!(ProductId::parse(ID).map(|id| id.to_string()), Ok(ID.to_owned()));
}

#[test]
fn upper_case_digits_are_stored_in_lower_case() {
    let id = ProductId::parse(&ID.to_uppercase()).unwrap();
    assert_eq!(id.to_string(), ID);
}

#[test]
fn a_product_id_is_written_in_json_as_its_lower_case_text_and_read_back() {
    let id = ProductId::parse(&ID.to_uppercase()).unwrap();
    let json = serde_json::to_string(&id).unwrap();
    assert_eq!(json, format!("\"{ID}\""));
    assert_eq!(serde_json::to_value(id).unwrap(), serde_json::json!(ID));
    assert_eq!(serde_json::from_str::<ProductId>(&json).unwrap(), id);
}

#[test]
fn other_uuid_spellings_are_rejected() {
    for input in [
        "3f2b8c1e4d5a4f6b9c7d2e1f0a9b8c7d",
        "{3f2b8c1e-4d5a-4f6b-9c7d-2e1f0a9b8c7d}",
        "urn:uuid:3f2b8c1e-4d5a-4f6b-9c7d-2e1f0a9b8c7d",
        "3f2b8c1e-4d5a-4f6b-9c7d-2e1f0a9b8c7",
        "3f2b8c1e-4d5a-4f6b-9c7d-2e1f0a9b8c7g",
        "",
    ] {
        assert_eq!(ProductId::parse(input), Err(InvalidProductId), "{input}");
    }
}

#[test]
fn a_name_is_counted_in_characters_not_bytes() {
    let twenty_emoji = "🦀".repeat(20);
    assert!(ProductName::parse(twenty_emoji).is_ok());
    assert_eq!(
        ProductName::parse("🦀".repeat(21)),
        Err(InvalidProductName::Length { found: 21 })
    );
}

#[test]
fn an_empty_name_is_rejected() {
    assert_eq!(ProductName::parse(""), Err(InvalidProductName::Length { found: 0 }));
}

#[test]
fn a_name_is_kept_exactly_as_given() {
    assert_eq!(ProductName::parse("  pad ").unwrap().as_ref(), "  pad ");
}

#[test]
fn a_name_is_normalized_to_nfc_before_it_is_counted_and_stored() {
    let decomposed = "Pate\u{301}";
    assert_eq!(ProductName::parse(decomposed).unwrap().as_ref(), "Pat\u{e9}");
    // Forty scalar values as typed, twenty once composed: the stored name is what is
    // counted.
    assert_eq!(
        ProductName::parse("e\u{301}".repeat(20)).unwrap().as_ref(),
        "\u{e9}".repeat(20)
    );
    assert_eq!(
        ProductName::parse("e\u{301}".repeat(21)),
        Err(InvalidProductName::Length { found: 21 })
    );
}

#[test]
fn control_format_and_separator_characters_are_rejected_where_they_are() {
    for (name, character, category, position) in [
        ("Ket\0tle", '\0', "Cc", 4),
        ("Kettle\n", '\n', "Cc", 7),
        ("\u{1b}[31mRed", '\u{1b}', "Cc", 1),
        ("abc\u{202e}fed", '\u{202e}', "Cf", 4),
        ("pay\u{200b}pal", '\u{200b}', "Cf", 4),
        ("a\u{200d}b", '\u{200d}', "Cf", 2),
        ("\u{feff}Kettle", '\u{feff}', "Cf", 1),
        ("two\u{2028}lines", '\u{2028}', "Zl", 4),
        ("two\u{2029}paras", '\u{2029}', "Zp", 4),
    ] {
        match ProductName::parse(name) {
            Err(InvalidProductName::Forbidden {
                character: found,
                category: (abbreviation, _),
                position: at,
            }) => {
                assert_eq!(
                    (found, abbreviation, at),
                    (character, category, position),
                    "{name:?}"
                );
            }
            other => panic!("{name:?} gave {other:?}"),
        }
    }
}

#[test]
fn a_refused_character_is_named_by_its_code_point_and_place() {
    let error = ProductName::parse("abc\u{202e}fed").unwrap_err();
    assert_eq!(
        error.to_string(),
        "a product name must not contain format characters, found U+202E at character 4"
    );
}

#[test]
fn a_name_of_white_space_only_is_blank() {
    for name in [" ", "   ", "\u{a0}", "\u{3000}\u{2003}"] {
        assert_eq!(ProductName::parse(name), Err(InvalidProductName::Blank), "{name:?}");
    }
    assert!(ProductName::parse(" a ").is_ok());
}

proptest::proptest! {
    // Any ASCII text, with lengths around both limits and the characters at the edges of
    // printable ASCII (controls, the space, DEL) often enough to meet every branch.
    #[test]
    fn an_ascii_name_is_judged_by_its_bytes_as_the_general_check_judges_it(
        name in "[\\x00-\\x7f]{0,24}|[ -~]{0,24}|[ \\x1f\\x7f~a]{0,24}"
    ) {
        proptest::prop_assert_eq!(
            ProductName::check_ascii(&name),
            ProductName::check(&name),
            "{:?}",
            name
        );
    }
}

#[test]
fn the_forbidden_categories_are_named_once() {
    assert_eq!(
        ProductName::forbidden_categories().collect::<Vec<_>>(),
        ["Cc", "Cf", "Zl", "Zp"]
    );
    assert_eq!(
        ProductName::forbidden_category_names().collect::<Vec<_>>(),
        ["control", "format", "line separator", "paragraph separator"]
    );
}

#[test]
fn a_price_above_what_a_javascript_number_holds_exactly_is_rejected() {
    assert_eq!(Price::MAX, 9_007_199_254_740_991);
    // A double holds every integer up to 2^53 exactly; 2^53 + 1 already rounds to its
    // neighbour.
    let exact = |value: i64| (value as f64) as i64 == value;
    assert!(exact(Price::MAX) && exact(Price::MAX + 1) && !exact(Price::MAX + 2));
    assert_eq!(Price::parse(Price::MAX).map(Price::get), Ok(Price::MAX));
    assert_eq!(Price::parse(Price::MAX + 1), Err(InvalidPrice { found: Price::MAX + 1 }));
    assert_eq!(Price::parse(i64::MAX), Err(InvalidPrice { found: i64::MAX }));
}

#[test]
fn a_price_below_one_is_rejected() {
    assert_eq!(Price::parse(0), Err(InvalidPrice { found: 0 }));
    assert_eq!(Price::parse(-3), Err(InvalidPrice { found: -3 }));
    assert_eq!(Price::parse(1).map(Price::get), Ok(1));
}

#[test]
fn deserializing_checks_the_same_rules() {
    let json = serde_json::json!({"id": ID, "name": "", "price": 5});
    assert!(serde_json::from_value::<Product>(json).is_err());
}
