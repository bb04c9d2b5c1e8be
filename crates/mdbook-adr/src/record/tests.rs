//! The rules one ADR file is checked against.

use super::*;
use crate::front_matter::Status;

pub(crate) const VALID: &str = "---
status: accepted
date: 2026-11-28
decision-makers: Product service maintainers
---
# Use a tested thing

## Context and Problem Statement

Why.

## Considered Options

* One
* Two

## Decision Outcome

Chosen option: \"One\", because it is tested.

### Consequences

* Good, because it works.

### Confirmation

`cargo xtask test unit`.

## Pros and Cons of the Options

### One

* Good, because yes.
";

fn parse(text: &str) -> Result<Adr, Vec<Problem>> {
    Adr::parse(Path::new("adr/0003-use-a-tested-thing.md"), text)
}

fn problems(text: &str) -> Vec<String> {
    parse(text).unwrap_err().iter().map(ToString::to_string).collect()
}

#[test]
fn a_valid_adr_is_read_with_its_number_title_and_body() {
    let adr = parse(VALID).unwrap();
    assert_eq!(adr.number, AdrNumber::new(3).unwrap());
    assert_eq!(adr.slug, "use-a-tested-thing");
    assert_eq!(adr.title, "Use a tested thing");
    assert_eq!(adr.front.status, Status::Accepted);
    assert!(adr.body.trim_start().starts_with("## Context and Problem Statement"));
    assert_eq!(adr.body_line, 7);
    assert_eq!(adr.page_name(), "0003-use-a-tested-thing.md");
}

#[test]
fn file_names_must_be_four_digits_a_dash_and_lower_case_words() {
    assert_eq!(
        parse_file_name("0012-page-tokens.md").map(|(n, s)| (n.get(), s)),
        Some((12, "page-tokens"))
    );
    for bad in [
        "12-page-tokens.md",
        "0012_page_tokens.md",
        "0012-Page-Tokens.md",
        "0012-.md",
        "0012-page--tokens.md",
        "0012-page-tokens.markdown",
        "0000-zero.md",
        "README.md",
        "0012.md",
    ] {
        assert_eq!(parse_file_name(bad), None, "{bad}");
    }
    let found = Adr::parse(Path::new("adr/12-short.md"), VALID).unwrap_err();
    assert!(matches!(found.as_slice(), [Problem { kind: ProblemKind::FileName, .. }]));
    assert_eq!(
        found.first().map(|p| p.location.to_string()).as_deref(),
        Some("adr/12-short.md")
    );
}

#[test]
fn a_file_without_front_matter_is_rejected_at_line_1() {
    assert_eq!(
        problems("# Title\n"),
        vec![
            "adr/0003-use-a-tested-thing.md:1: an ADR must start with YAML front matter: a `---` line, the fields, and another `---` line"
        ]
    );
    let unclosed = problems("---\nstatus: accepted\n# Title\n");
    assert!(
        unclosed[0].ends_with(":1: the front matter is not closed by a `---` line"),
        "{unclosed:?}"
    );
}

#[test]
fn a_missing_front_matter_field_is_reported_with_the_file_and_line() {
    let text = VALID.replace("decision-makers: Product service maintainers\n", "");
    let found = parse(&text).unwrap_err();
    let [problem] = found.as_slice() else { panic!("{found:?}") };
    assert!(matches!(problem.kind, ProblemKind::FrontMatter(_)));
    assert!(
        problem.location.line.is_some_and(|line| (2..=4).contains(&line)),
        "{:?}",
        problem.location
    );
    let cause = std::error::Error::source(&problem.kind)
        .map(ToString::to_string)
        .unwrap_or_default();
    assert!(cause.contains("missing field `decision-makers`"), "{cause}");
}

#[test]
fn a_malformed_date_or_status_is_reported_on_its_own_line() {
    for (from, to, line, expected) in [
        ("date: 2026-11-28", "date: 28/11/2026", 3, "YYYY-MM-DD"),
        ("status: accepted", "status: done", 2, "unknown variant `done`"),
    ] {
        let found = parse(&VALID.replace(from, to)).unwrap_err();
        let [problem] = found.as_slice() else { panic!("{found:?}") };
        assert_eq!(problem.location.line, Some(line), "{problem}");
        let cause = std::error::Error::source(&problem.kind)
            .map(ToString::to_string)
            .unwrap_or_default();
        assert!(cause.contains(expected), "{cause}");
    }
}

#[test]
fn each_missing_required_section_is_reported() {
    for (_, _, heading) in REQUIRED_SECTIONS {
        let text = VALID.replace(&format!("{heading}\n"), "");
        let found = problems(&text);
        assert!(
            found
                .iter()
                .any(|p| p
                    .contains(&format!("the required section `{heading}` is missing"))),
            "{heading}: {found:?}"
        );
    }
}

#[test]
fn a_heading_inside_a_code_block_does_not_count_as_a_section() {
    let text =
        VALID.replace("## Considered Options\n", "```md\n## Considered Options\n```\n");
    assert!(
        problems(&text).iter().any(|p| p.contains("`## Considered Options` is missing"))
    );
}

#[test]
fn sections_out_of_order_are_reported() {
    let text = VALID.replace("## Context and Problem Statement\n\nWhy.\n", "").replace(
        "## Pros and Cons of the Options\n",
        "## Context and Problem Statement\n\nWhy.\n\n## Pros and Cons of the Options\n",
    );
    let found = problems(&text);
    assert!(
        found
            .iter()
            .any(|p| p.contains("`## Considered Options` must come after `## Context")),
        "{found:?}"
    );
}

#[test]
fn consequences_must_sit_inside_decision_outcome() {
    let text =
        VALID.replace("### Consequences\n", "## More Information\n\n### Consequences\n");
    let found = problems(&text);
    assert!(
        found.iter().any(
            |p| p.contains("`### Consequences` must come after `## Decision Outcome")
        ),
        "{found:?}"
    );
}

#[test]
fn the_title_must_come_first_and_only_once() {
    let found = problems(
        &VALID.replace("# Use a tested thing\n", "Intro.\n\n# Use a tested thing\n"),
    );
    assert!(
        found
            .iter()
            .any(|p| p.ends_with(":6: expected the title as a level-1 heading (`# Title`) after the front matter")),
        "{found:?}"
    );
    let found = problems(&format!("{VALID}\n# Another\n"));
    assert!(found.iter().any(|p| p.contains("this is a second one")), "{found:?}");
}

#[test]
fn the_outcome_must_name_the_chosen_option() {
    let found = problems(
        &VALID.replace("Chosen option: \"One\", because it is tested.", "We chose one."),
    );
    assert!(
        found
            .iter()
            .any(|p| p.contains(":17: `## Decision Outcome` must state the choice")),
        "{found:?}"
    );
}

#[test]
fn front_matter_and_section_problems_are_reported_together() {
    let text = VALID
        .replace("status: accepted", "status: maybe")
        .replace("## Considered Options\n", "");
    assert_eq!(problems(&text).len(), 2);
}
