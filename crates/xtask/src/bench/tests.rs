//! Tests of `cargo xtask bench`'s options.

use super::*;
use crate::measurements::Measurement;

fn parse(args: &[&str]) -> Result<Options> {
    Options::parse(&args.iter().map(|arg| (*arg).to_owned()).collect::<Vec<_>>())
}

#[test]
fn quick_goes_alone_and_the_other_flags_combine() {
    assert_eq!(parse(&[]).unwrap(), Options::default());
    assert_eq!(
        parse(&["--quick"]).unwrap(),
        Options { quick: true, ..Options::default() }
    );
    assert_eq!(
        parse(&["--no-run", "--lambdas"]).unwrap(),
        Options { lambdas: true, no_run: true, ..Options::default() }
    );
    assert_eq!(
        parse(&["--cold-start"]).unwrap(),
        Options { cold_start: true, ..Options::default() }
    );
    for combined in [
        ["--quick", "--lambdas"],
        ["--no-run", "--quick"],
        ["--cold-start", "--quick"],
        ["--cold-start", "--lambdas"],
        ["--no-run", "--cold-start"],
    ] {
        let err = parse(&combined).unwrap_err().to_string();
        assert!(err.contains("goes with no other option"), "{err}");
    }
    assert_eq!(
        parse(&["--binaries"]).unwrap(),
        Options { binaries: true, ..Options::default() }
    );
    for combined in [["--binaries", "--lambdas"], ["--binaries", "--cold-start"]] {
        let err = parse(&combined).unwrap_err().to_string();
        assert!(err.contains("goes with no other option"), "{err}");
    }
    assert!(parse(&["--fast"]).unwrap_err().to_string().contains("`--fast`"));
}

#[test]
fn the_cold_start_peak_memory_joins_the_time_of_the_same_id_only() {
    let dir = std::env::temp_dir().join(format!("psr-peak-rss-{}", std::process::id()));
    fs::create_dir_all(&dir).unwrap();
    let file = dir.join("peaks.json");
    let time =
        |median_ns| Measurement::Time { median_ns, elements: None, peak_rss_bytes: None };
    let mut found = vec![
        ("cold start (process start to first poll)/create-product".to_owned(), time(8e6)),
        (
            "cold start CPU time (process start to first poll)/create-product".to_owned(),
            time(6e6),
        ),
    ];
    criterion::add_peak_rss(&mut found, &file).unwrap();
    assert!(
        found
            .iter()
            .all(|(_, m)| matches!(m, Measurement::Time { peak_rss_bytes: None, .. }))
    );
    fs::write(
        &file,
        r#"{"cold start (process start to first poll)/create-product": 9437184}"#,
    )
    .unwrap();
    criterion::add_peak_rss(&mut found, &file).unwrap();
    let peaks: Vec<Option<u64>> = found
        .iter()
        .map(|(_, m)| match m {
            Measurement::Time { peak_rss_bytes, .. } => *peak_rss_bytes,
            Measurement::Size { .. } => None,
        })
        .collect();
    assert_eq!(peaks, [Some(9_437_184), None]);
    fs::write(&file, "not json").unwrap();
    assert!(criterion::add_peak_rss(&mut found, &file).is_err());
    fs::remove_dir_all(&dir).unwrap();
}
