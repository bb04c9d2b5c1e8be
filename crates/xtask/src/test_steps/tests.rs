//! Step selection, and the helpers the steps share.

use std::fs;

use super::{
    browser::{browser_test_files, is_test_file_stem, sum_figures},
    integration::answers,
    *,
};
use crate::util::free_port;

#[test]
fn every_step_has_a_distinct_name() {
    let mut names: Vec<_> = Step::ALL.iter().map(|step| step.name()).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), Step::ALL.len());
}

#[test]
fn benchmarks_are_not_a_test_step() {
    assert!(select(&["bench-check".to_owned()]).is_err());
}

#[test]
fn node_test_files_are_recognised_by_name() {
    for stem in ["playground.test", "widgets-test", "offline_test", "test-search", "test"]
    {
        assert!(is_test_file_stem(stem), "{stem}");
    }
    for stem in ["helpers", "server", "contest", "testing"] {
        assert!(!is_test_file_stem(stem), "{stem}");
    }
}

#[test]
fn browser_tests_are_found_outside_node_modules_only() {
    let dir =
        std::env::temp_dir().join(format!("xtask-browser-tests-{}", std::process::id()));
    fs::create_dir_all(dir.join("node_modules/pkg")).unwrap();
    fs::create_dir_all(dir.join("widgets")).unwrap();
    for file in [
        "page.test.mjs",
        "helpers.mjs",
        "widgets/validate.test.js",
        "node_modules/pkg/x.test.js",
        "package.json",
    ] {
        fs::write(dir.join(file), "").unwrap();
    }

    let found = browser_test_files(&dir).unwrap();

    assert_eq!(found, [dir.join("page.test.mjs"), dir.join("widgets/validate.test.js")]);
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_port_where_nothing_listens_does_not_answer() {
    let port = free_port().unwrap();
    assert!(!answers(port));
}

#[test]
fn each_test_files_figures_are_summed_by_name() {
    let lines =
        "{\"csp_violations\": 0, \"hostile_inputs\": 12}\n{\"csp_violations\": 2}\n\n";
    let figures = sum_figures(lines).unwrap();
    assert_eq!(
        serde_json::to_string(&figures).unwrap(),
        r#"{"csp_violations":2,"hostile_inputs":12}"#
    );
    assert!(sum_figures("{\"csp_violations\": -1}").is_err());
}
