//! Tests of the measurements data, its table and the comparison with the Python
//! reference.

use super::*;
use crate::measurements::render::{duration, size};

fn time(id: &str, median_ns: f64, elements: Option<u64>) -> Entry {
    Entry {
        id: id.into(),
        measurement: Measurement::Time { median_ns, elements, peak_rss_bytes: None },
        command: "cargo bench -p a --bench b".into(),
        day: "2026-11-28".into(),
        machine: "2 × CPU, rustc 1.95.0".into(),
    }
}

#[test]
fn the_table_gives_readable_units_and_the_rate_of_throughput_benchmarks() {
    let table = render(&[time("mix", 6800.0, Some(8)), time("valid", 448.2, None)]);
    assert!(
        table.contains("| mix | 6.80 µs | 1.18 million | `cargo bench -p a --bench b` |"),
        "{table}"
    );
    assert!(
        table.contains("| valid | 448 ns |  | `cargo bench -p a --bench b` |"),
        "{table}"
    );
    assert!(
        table.ends_with("Measured 2026-11-28 on 2 × CPU, rustc 1.95.0.\n"),
        "{table}"
    );
    assert_eq!(duration(7_800_000.0), "7.80 ms");
    assert_eq!(size(603_699), "589.5 KiB");
    assert_eq!(size(1_022_581), "998.6 KiB");
    assert_eq!(size(16_200_000), "16.2 MB");
}

#[test]
fn a_new_run_replaces_its_own_entries_and_keeps_the_others() -> Result<()> {
    let mut entries = vec![time("a", 1.0, None), time("b", 2.0, None)];
    merge(&mut entries, vec![time("b", 3.0, None)]);
    assert_eq!(entries, vec![time("a", 1.0, None), time("b", 3.0, None)]);
    let again = parse_entries(&to_json(&entries)?)?;
    assert_eq!(again, entries);
    Ok(())
}

#[test]
fn the_books_table_is_what_the_data_renders_to() -> Result<()> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    check_table(&root)
}

#[test]
fn repetitive_content_is_measured_smaller_after_gzip() {
    let content = "product ".repeat(1000);
    let gzip = gzip_len(content.as_bytes()).unwrap();
    assert!(gzip < 200, "gzip of 8000 repetitive bytes took {gzip} bytes");
}

fn python(entry: Entry, day: &str) -> Entry {
    Entry {
        id: format!("{PYTHON}{}", entry.id),
        command: "cargo xtask bench".into(),
        day: day.into(),
        machine: "2 × CPU, Python 3.11.7 (pydantic 2.14.4)".into(),
        ..entry
    }
}

#[test]
fn each_python_figure_stands_beside_ours_with_the_ratio_per_element() {
    let table = render(&[
        time("mix of 8", 4000.0, Some(8)),
        time("events/100000", 150_000_000.0, Some(100_000)),
        python(time("mix of 8", 80_000.0, Some(8)), "2026-11-28"),
        python(time("events/100000", 3_000_000_000.0, Some(100_000)), "2026-11-28"),
    ]);
    assert!(
        table.contains(
            "| mix of 8, per element | 500 ns each, 2.00 million/s | 10.0 µs each, 100 thousand/s | 20.0× |"
        ),
        "{table}"
    );
    assert!(
        table.contains(
            "| events/100000, per element | 1.50 µs each, 667 thousand/s | 30.0 µs each, 33.3 thousand/s | 20.0× |"
        ),
        "{table}"
    );
    // The Python figures are in the comparison only, not again among this project's.
    assert!(!table.contains("| python/"), "{table}");
    assert!(table.contains("2026-11-28 on 2 × CPU, Python 3.11.7 (pydantic 2.14.4)"));
}

#[test]
fn a_start_compares_time_and_memory_and_says_when_the_sides_were_measured_apart() {
    let start = |median_ns, peak_rss_bytes| Entry {
        measurement: Measurement::Time { median_ns, elements: None, peak_rss_bytes },
        ..time("cold start/create-product", 0.0, None)
    };
    let table = render(&[
        start(8_000_000.0, None),
        python(start(700_000_000.0, Some(80 * 1024 * 1024)), "2026-12-01"),
        python(time("mix of 8", 80_000.0, Some(8)), "2026-12-01"),
    ]);
    // Work per element comes before the starts, whatever the order of the data.
    let mix = table.find("| mix of 8, per element |");
    assert!(
        mix.is_some() && mix < table.find("| cold start/create-product |"),
        "{table}"
    );
    assert!(
        table.contains(
            "| cold start/create-product | 8.00 ms | 700 ms | 87.5× (this project's side from 2026-11-28) |"
        ),
        "{table}"
    );
    assert!(
        table.contains(
            "| cold start/create-product, peak memory (RSS) | not measured | 80.0 MiB |  |"
        ),
        "{table}"
    );
}

#[test]
fn a_python_figure_without_ours_is_shown_without_a_ratio_and_no_python_means_no_table() {
    let alone = render(&[python(time("events/10", 500_000.0, Some(10)), "2026-11-28")]);
    assert!(
        alone.contains(
            "| events/10, per element | not measured | 50.0 µs each, 20.0 thousand/s |  |"
        ),
        "{alone}"
    );
    let none = render(&[time("events/10", 5000.0, Some(10))]);
    assert!(!none.contains("Python"), "{none}");
}
