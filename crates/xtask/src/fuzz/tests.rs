//! Tests of `fuzz.rs`.

use super::*;

fn lines(text: &str) -> Vec<String> {
    text.lines().map(str::to_owned).collect()
}

#[test]
fn the_executions_come_from_the_final_statistics_first() {
    let output = lines(
        "#1024\tpulse  cov: 10\nDone 2048 runs in 20 second(s)\nstat::number_of_executed_units: 2050\n",
    );
    assert_eq!(executions(&output), Some(2050));
}

#[test]
fn without_final_statistics_the_done_line_or_the_last_status_line_counts() {
    assert_eq!(
        executions(&lines("#12\tNEW cov: 3\nDone 77 runs in 1 second(s)\n")),
        Some(77)
    );
    assert_eq!(
        executions(&lines(
            "#12\tNEW cov: 3\n#40\tREDUCE cov: 4\n==1== ERROR: libFuzzer: deadly signal"
        )),
        Some(40)
    );
    assert_eq!(executions(&lines("INFO: Seed: 1\n")), None);
}

#[test]
fn progress_lines_are_not_echoed_but_the_rest_is() {
    assert!(is_progress(
        "#4096\tpulse  cov: 511 ft: 1300 corp: 80/2Kb exec/s: 2048 rss: 40Mb"
    ));
    assert!(is_progress(
        "#52\tNEW    cov: 300 ft: 400 corp: 12/100b lim: 4 exec/s: 0 rss: 30Mb L: 3/3 MS: 1 ChangeBit-"
    ));
    assert!(!is_progress(
        "#52\tINITED cov: 300 ft: 400 corp: 12/100b exec/s: 0 rss: 30Mb"
    ));
    assert!(!is_progress("Done 2048 runs in 20 second(s)"));
}

#[test]
fn fuzz_takes_one_known_target_and_a_time() {
    let parse = |args: &[&str]| {
        Options::parse(&args.iter().map(|arg| (*arg).to_owned()).collect::<Vec<_>>())
    };
    assert_eq!(parse(&[]).unwrap(), Options { target: None, seconds: DEFAULT_SECONDS });
    assert_eq!(
        parse(&["router", "--time", "5"]).unwrap(),
        Options { target: Some("router".to_owned()), seconds: 5 }
    );
    assert!(
        parse(&["routers"])
            .unwrap_err()
            .to_string()
            .contains("the targets are: create_body")
    );
    assert!(parse(&["router", "planner"]).is_err());
    assert!(parse(&["--time"]).is_err());
    assert!(parse(&["--time", "0"]).is_err());
    assert!(parse(&["--jobs", "2"]).is_err());
}
