//! Reading the front matter: the fields, their types, and what is refused.

use super::*;

fn read(yaml: &str) -> Result<FrontMatter, serde_norway::Error> {
    serde_norway::from_str(yaml)
}

#[test]
fn a_complete_front_matter_is_read_into_typed_fields() {
    let front = read(
        "status: superseded\ndate: 2026-11-28\ndecision-makers: Product service maintainers\n\
         supersedes: [1, \"0002\"]\nsuperseded-by: ADR-0009\n",
    )
    .unwrap();
    assert_eq!(front.status, Status::Superseded);
    assert_eq!(front.date.to_string(), "2026-11-28");
    assert_eq!(
        front.decision_makers,
        People(vec!["Product service maintainers".to_owned()])
    );
    assert_eq!(front.supersedes, Numbers(vec![AdrNumber(1), AdrNumber(2)]));
    assert_eq!(front.superseded_by, AdrNumber::new(9));
}

#[test]
fn a_single_supersedes_number_and_a_list_of_decision_makers_are_accepted() {
    let front = read("status: accepted\ndate: 2026-01-31\ndecision-makers: [Ada, Grace]\nsupersedes: 3\n").unwrap();
    assert_eq!(front.supersedes, Numbers(vec![AdrNumber(3)]));
    assert_eq!(front.decision_makers.to_string(), "Ada, Grace");
}

#[test]
fn an_unknown_status_is_rejected_with_the_allowed_ones_listed() {
    let error = read("status: approved\ndate: 2026-11-28\ndecision-makers: x\n")
        .unwrap_err()
        .to_string();
    assert!(error.contains("unknown variant `approved`"), "{error}");
    assert!(error.contains("accepted"), "{error}");
}

#[test]
fn each_required_field_is_reported_when_missing() {
    for (yaml, field) in [
        ("date: 2026-11-28\ndecision-makers: x\n", "status"),
        ("status: accepted\ndecision-makers: x\n", "date"),
        ("status: accepted\ndate: 2026-11-28\n", "decision-makers"),
    ] {
        let error = read(yaml).unwrap_err().to_string();
        assert!(error.contains(&format!("missing field `{field}`")), "{error}");
    }
}

#[test]
fn a_misspelt_field_is_rejected_rather_than_ignored() {
    let error = read(
        "status: accepted\ndate: 2026-11-28\ndecision-makers: x\nsuperseeded-by: 2\n",
    )
    .unwrap_err()
    .to_string();
    assert!(error.contains("unknown field `superseeded-by`"), "{error}");
}

#[test]
fn dates_must_be_written_yyyy_mm_dd_and_exist() {
    assert!(AdrDate::parse("2024-02-29").is_some());
    for bad in [
        "2026-2-28",
        "2026-02-30",
        "2023-02-29",
        "28.11.2026",
        "2026-11-28T00:00",
        "",
        "2026/11/28",
    ] {
        assert_eq!(AdrDate::parse(bad), None, "{bad}");
    }
    let error = read("status: accepted\ndate: 2026-13-01\ndecision-makers: x\n")
        .unwrap_err()
        .to_string();
    assert!(error.contains("YYYY-MM-DD"), "{error}");
}

#[test]
fn adr_numbers_run_from_1_to_9999() {
    assert_eq!(AdrNumber::new(0), None);
    assert_eq!(AdrNumber::new(10_000), None);
    assert_eq!(
        AdrNumber::from_digits("0042").map(AdrNumber::citation).as_deref(),
        Some("ADR-0042")
    );
    for bad in ["42", "00042", "0000", "00a2", "+042"] {
        assert_eq!(AdrNumber::from_digits(bad), None, "{bad}");
    }
    assert!(
        read(
            "status: accepted\ndate: 2026-11-28\ndecision-makers: x\nsuperseded-by: 0\n"
        )
        .is_err()
    );
    assert!(
        read("status: accepted\ndate: 2026-11-28\ndecision-makers: x\nsupersedes: -3\n")
            .is_err()
    );
}

#[test]
fn empty_decision_makers_are_rejected() {
    assert!(
        read("status: accepted\ndate: 2026-11-28\ndecision-makers: \"  \"\n").is_err()
    );
    assert!(read("status: accepted\ndate: 2026-11-28\ndecision-makers: []\n").is_err());
}
