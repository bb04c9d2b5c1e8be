//! Tests of `cargo xtask bench`'s options.

use super::*;

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
    assert!(parse(&["--fast"]).unwrap_err().to_string().contains("`--fast`"));
}
