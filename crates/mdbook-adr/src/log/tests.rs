//! The decision log's checks and the pages, links and index it renders.

use super::pages::up_to_root;
use super::*;

fn adr(number: u16, slug: &str, extra: &str) -> (PathBuf, String) {
    let text = format!(
        "---\nstatus: accepted\ndate: 2026-11-28\ndecision-makers: Maintainers\n{extra}---\n# Title {number}\n\n\
         ## Context and Problem Statement\n\nSee ADR-0001.\n\n## Considered Options\n\n* A\n* B\n\n\
         ## Decision Outcome\n\nChosen option: \"A\", because.\n\n### Consequences\n\n* Good.\n\n\
         ### Confirmation\n\nA test.\n\n## Pros and Cons of the Options\n\n* Fine.\n"
    );
    (
        PathBuf::from(format!("adr/{number:04}-{slug}.md")),
        text.replace("status: accepted\n", &status(extra)),
    )
}

fn status(extra: &str) -> String {
    if extra.contains("superseded-by") {
        "status: superseded\n".into()
    } else {
        "status: accepted\n".into()
    }
}

fn log(files: Vec<(PathBuf, String)>) -> Result<DecisionLog, Vec<String>> {
    DecisionLog::from_files(files, Path::new("decisions"))
        .map_err(|problems| problems.iter().map(ToString::to_string).collect())
}

#[test]
fn adrs_are_kept_in_number_order() {
    let log = log(vec![adr(2, "two", ""), adr(1, "one", "")]).unwrap();
    let numbers: Vec<u16> = log.adrs().map(|a| a.number.get()).collect();
    assert_eq!(numbers, vec![1, 2]);
}

#[test]
fn a_duplicate_number_names_both_files() {
    let problems = log(vec![adr(1, "one", ""), adr(1, "uno", "")]).unwrap_err();
    assert_eq!(
        problems,
        vec!["adr/0001-uno.md: ADR number 0001 is also used by adr/0001-one.md"]
    );
}

#[test]
fn a_supersede_link_stated_on_both_sides_is_accepted() {
    let log =
        log(vec![adr(1, "one", "superseded-by: 2\n"), adr(2, "two", "supersedes: 1\n")])
            .unwrap();
    let page = log.render_page(log.get(AdrNumber::new(1).unwrap()).unwrap()).unwrap();
    assert!(page.contains("**Superseded by** <a href=\"0002-two.html\" title=\"Title 2\">ADR-0002: Title 2</a>"));
    let page = log.render_page(log.get(AdrNumber::new(2).unwrap()).unwrap()).unwrap();
    assert!(page.contains("**Supersedes** <a href=\"0001-one.html\""), "{page}");
}

#[test]
fn a_one_sided_supersede_link_fails_on_the_line_that_states_it() {
    let problems =
        log(vec![adr(1, "one", ""), adr(2, "two", "supersedes: 1\n")]).unwrap_err();
    assert_eq!(
        problems,
        vec![
            "adr/0002-two.md:5: ADR-0002 says `supersedes: 0001`, but ADR-0001 does not say \
             `superseded-by: 0002`; both ADRs must state the link"
        ]
    );
    let problems =
        log(vec![adr(1, "one", "superseded-by: 2\n"), adr(2, "two", "")]).unwrap_err();
    assert!(problems[0].contains("ADR-0001 says `superseded-by: 0002`"), "{problems:?}");
}

#[test]
fn links_to_missing_or_same_adrs_and_status_mismatches_fail() {
    let problems = log(vec![adr(1, "one", "supersedes: 7\n")]).unwrap_err();
    assert_eq!(
        problems,
        vec!["adr/0001-one.md:5: `supersedes` names ADR-0007, which does not exist"]
    );
    let problems =
        log(vec![adr(1, "one", "superseded-by: 1\nsupersedes: 1\n")]).unwrap_err();
    assert_eq!(problems.len(), 2, "{problems:?}");
    let (file, text) = adr(1, "one", "");
    let problems =
        log(vec![(file, text.replace("status: accepted", "status: superseded"))])
            .unwrap_err();
    assert_eq!(
        problems,
        vec![
            "adr/0001-one.md:2: `status: superseded` and `superseded-by` go together: set both or neither"
        ]
    );
}

#[test]
fn citations_become_relative_links_and_a_missing_one_names_file_and_line() {
    let log = log(vec![adr(1, "one", "")]).unwrap();
    let text = log
        .rewrite(
            "Per ADR-0001.\n",
            Path::new("guide/x.md"),
            Path::new("src/guide/x.md"),
            1,
        )
        .unwrap();
    assert_eq!(
        text,
        "Per <a href=\"../decisions/0001-one.html\" title=\"Title 1\">ADR-0001</a>.\n"
    );
    let problems = log
        .rewrite("a\n\nPer ADR-0002.\n", Path::new("x.md"), Path::new("src/x.md"), 1)
        .unwrap_err();
    let [problem] = problems.as_slice() else { panic!("{problems:?}") };
    assert_eq!(
        problem.to_string(),
        "src/x.md:3: ADR-0002 is cited, but no ADR has number 0002"
    );
}

#[test]
fn a_missing_citation_inside_an_adr_is_located_in_the_adr_file() {
    let (file, text) = adr(1, "one", "");
    let log = log(vec![(file, text.replace("See ADR-0001.", "See ADR-0005."))]).unwrap();
    let adr = log.get(AdrNumber::new(1).unwrap()).unwrap();
    let problems = log.render_page(adr).unwrap_err();
    assert_eq!(
        problems[0].to_string(),
        "adr/0001-one.md:10: ADR-0005 is cited, but no ADR has number 0005"
    );
}

#[test]
fn the_index_table_lists_number_linked_title_status_and_date() {
    let log =
        log(vec![adr(1, "one", "superseded-by: 2\n"), adr(2, "two", "supersedes: 1\n")])
            .unwrap();
    let table = log.index_table(Path::new("decisions.md"));
    assert!(table.contains("| ADR | Title | Status | Date |"));
    assert!(table.contains(
        "| 0001 | <a href=\"decisions/0001-one.html\" title=\"Title 1\">Title 1</a> | Superseded by \
         <a href=\"decisions/0002-two.html\" title=\"Title 2\">ADR-0002</a> | <time datetime=\"2026-11-28\" \
         style=\"white-space: nowrap\">2026-11-28</time> |"
    ));
    assert!(table.contains("| 0002 | <a href=\"decisions/0002-two.html\" title=\"Title 2\">Title 2</a> | Accepted |"));
}

#[test]
fn the_banner_shows_status_date_and_decision_makers() {
    let log = log(vec![adr(1, "one", "consulted: [Ops]\n")]).unwrap();
    let page = log.render_page(log.get(AdrNumber::new(1).unwrap()).unwrap()).unwrap();
    assert!(
        page.starts_with(
            "# ADR-0001: Title 1\n\n> **Status:** Accepted &middot; **Date:** 2026-11-28 &middot; \
         **Decision-makers:** Maintainers &middot; **Consulted:** Ops\n\n## Context and Problem Statement"
        ),
        "{page}"
    );
}

#[test]
fn the_way_back_to_the_root_has_one_step_per_folder() {
    assert_eq!(up_to_root(Path::new("src")), PathBuf::from(".."));
    assert_eq!(up_to_root(Path::new("book/src")), PathBuf::from("../.."));
    assert_eq!(up_to_root(Path::new("./src")), PathBuf::from(".."));
}
