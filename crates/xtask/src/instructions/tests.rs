//! Reading the harness and callgrind, comparing with the baseline, and the book's table.

use std::path::Path;

use anyhow::Result;

use super::{
    baseline::{Baseline, Count, check_table, thousands},
    compare::{Change, compare},
    parse_callgrind, parse_listing,
};

fn count(workload: &str, ops: u64, instructions: u64) -> Count {
    Count {
        workload: workload.to_owned(),
        about: format!("what {workload} does"),
        op: "body".to_owned(),
        ops,
        instructions,
    }
}

fn baseline(workloads: Vec<Count>) -> Baseline {
    Baseline {
        day: "2026-12-01".to_owned(),
        machine: "2 × CPU, rustc 1.95.0, valgrind-3.19.0".to_owned(),
        workloads,
    }
}

#[test]
fn the_total_of_instructions_is_read_from_callgrinds_summary() {
    let output = "# callgrind format\nversion: 1\ncreator: callgrind-3.19.0\n\
                  cmd: instructions create-through-router\npart: 1\n\n\
                  desc: I1 cache: \npositions: line\nevents: Ir\nsummary: 11521856\n\n\
                  fl=(1) ???\nfn=(1) instructions::counted_rounds\n0 120\n\ntotals: 11521856\n";
    assert_eq!(parse_callgrind(output).unwrap(), 11_521_856);
}

#[test]
fn the_instructions_are_found_among_other_events_and_in_totals_without_a_summary() {
    let output = "events: Dr Ir Dw\nfn=(1) f\n0 1 2 3\ntotals: 40 1200 7\n";
    assert_eq!(parse_callgrind(output).unwrap(), 1200);
}

#[test]
fn callgrind_output_without_instructions_or_totals_is_an_error() {
    let no_ir = parse_callgrind("events: Dr\nsummary: 5\n").unwrap_err();
    assert!(format!("{no_ir:#}").contains("no `Ir` event"), "{no_ir:#}");
    let no_total = parse_callgrind("events: Ir\nfn=(1) f\n0 5\n").unwrap_err();
    assert!(
        format!("{no_total:#}").contains("no `summary:` or `totals:`"),
        "{no_total:#}"
    );
    assert!(parse_callgrind("events: Ir\nsummary: many\n").is_err());
}

#[test]
fn the_harness_listing_gives_each_workload_and_its_operations() {
    let listing = "validate-reference-mix\t2000\t8\tbody\tthe mix of 8 bodies\n\
                   stream-batch-of-10\t200\t1\tbatch\t10 records\n";
    let workloads = parse_listing(listing).unwrap();
    assert_eq!(
        workloads,
        [
            Count {
                workload: "validate-reference-mix".to_owned(),
                about: "the mix of 8 bodies".to_owned(),
                op: "body".to_owned(),
                ops: 16_000,
                instructions: 0,
            },
            Count {
                workload: "stream-batch-of-10".to_owned(),
                about: "10 records".to_owned(),
                op: "batch".to_owned(),
                ops: 200,
                instructions: 0,
            },
        ]
    );
    assert!(parse_listing("").is_err());
    assert!(parse_listing("name\t2000\tbody\n").is_err());
    assert!(parse_listing("name\tmany\t8\tbody\tabout\n").is_err());
}

#[test]
fn a_count_within_the_budget_passes() {
    let base = baseline(vec![count("mix", 1000, 3_000_000)]);
    let comparison = compare(&base, &[count("mix", 1000, 3_290_000)]);
    assert_eq!(comparison.rows[0].change, Change::Within);
    assert!(comparison.verdict(&base, &base.machine).is_ok());
}

#[test]
fn a_workload_grown_past_its_budget_fails_naming_it_the_figures_and_the_update_command() {
    let base = baseline(vec![count("mix", 1000, 3_000_000), count("other", 10, 100)]);
    let comparison =
        compare(&base, &[count("mix", 1000, 3_310_000), count("other", 10, 100)]);
    assert_eq!(comparison.rows[0].change, Change::Grown);
    let err = comparison.verdict(&base, &base.machine).unwrap_err().to_string();
    assert!(err.contains("`mix` grew by 10.3%"), "{err}");
    assert!(err.contains("3,000 instructions per body"), "{err}");
    assert!(err.contains("3,310 now"), "{err}");
    assert!(err.contains("cargo xtask instructions --update"), "{err}");
    assert!(!err.contains("`other`"), "{err}");
    assert!(!err.contains("counted on"), "the same machine needs no note: {err}");
}

#[test]
fn a_failure_on_another_compiler_says_which_ones_counted() {
    let base = baseline(vec![count("mix", 1, 100)]);
    let err = compare(&base, &[count("mix", 1, 200)])
        .verdict(&base, "2 × CPU, rustc 1.96.0, valgrind-3.19.0")
        .unwrap_err()
        .to_string();
    assert!(err.contains("this count on 2 × CPU, rustc 1.96.0"), "{err}");
}

#[test]
fn the_comparison_is_per_operation_so_more_rounds_are_no_growth() {
    let base = baseline(vec![count("mix", 1000, 3_000_000)]);
    let comparison = compare(&base, &[count("mix", 2000, 6_000_000)]);
    assert_eq!(comparison.rows[0].change, Change::Within);
}

#[test]
fn a_large_shrink_is_a_notice_not_a_failure() {
    let base = baseline(vec![count("mix", 1000, 3_000_000)]);
    let comparison = compare(&base, &[count("mix", 1000, 1_500_000)]);
    assert_eq!(comparison.rows[0].change, Change::Shrunk);
    assert!(comparison.verdict(&base, &base.machine).is_ok());
    assert!(comparison.report().contains("-50.0%"), "{}", comparison.report());
}

#[test]
fn a_workload_missing_from_the_baseline_fails_clearly() {
    let base = baseline(vec![count("mix", 1000, 3_000_000)]);
    let comparison =
        compare(&base, &[count("mix", 1000, 3_000_000), count("stream", 10, 2_000_000)]);
    assert_eq!(comparison.rows[1].change, Change::NotInBaseline);
    let err = comparison.verdict(&base, &base.machine).unwrap_err().to_string();
    assert!(
        err.contains(
            "`stream` (200,000 instructions per body) has no baseline in src/part3/instructions.json"
        ),
        "{err}"
    );
    assert!(err.contains("cargo xtask instructions --update"), "{err}");
}

#[test]
fn a_baseline_workload_the_harness_no_longer_runs_fails() {
    let base = baseline(vec![count("mix", 1000, 3_000_000), count("gone", 1, 5)]);
    let comparison = compare(&base, &[count("mix", 1000, 3_000_000)]);
    assert_eq!(comparison.rows[1].change, Change::NotCounted);
    let err = comparison.verdict(&base, &base.machine).unwrap_err().to_string();
    assert!(
        err.contains("`gone` is in src/part3/instructions.json but the harness"),
        "{err}"
    );
}

#[test]
fn figures_are_whole_numbers_with_thousands_separators() {
    assert_eq!(thousands(230_906.8), "230,907");
    assert_eq!(thousands(2_949.3), "2,949");
    assert_eq!(thousands(999.0), "999");
    assert_eq!(thousands(1_000_000.0), "1,000,000");
}

#[test]
fn the_table_gives_instructions_per_operation_and_where_they_were_counted() {
    let table = baseline(vec![count("mix", 16_000, 47_189_627)]).render();
    assert!(table.contains("| mix | 2,949 | body | what mix does |"), "{table}");
    assert!(
        table.contains(
            "Counted by callgrind on 2026-12-01, 2 × CPU, rustc 1.95.0, valgrind-3.19.0."
        ),
        "{table}"
    );
}

#[test]
fn the_books_table_is_what_the_baseline_renders_to() -> Result<()> {
    check_table(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../.."))
}
