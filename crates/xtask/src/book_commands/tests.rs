//! Reading the book's quotes and comparing them with what the commands print.

use super::*;

fn lines(text: &str) -> Vec<String> {
    text.lines().map(str::to_owned).collect()
}

#[test]
fn a_console_block_gives_each_command_with_its_output() {
    let page = "text\n\n```console\n$ cargo run -p a \\\n  --example b\nline one\n\nline two\n\n$ cargo test\nok\n```\n";
    assert_eq!(
        quotes_in(page),
        vec![
            Quote {
                line: 4,
                command: "cargo run -p a --example b".into(),
                output: lines("line one\n\nline two"),
                mistake: None,
            },
            Quote {
                line: 10,
                command: "cargo test".into(),
                output: lines("ok"),
                mistake: None
            },
        ]
    );
}

#[test]
fn commands_without_output_and_other_blocks_are_not_quotes() {
    let page = "```console\n$ cargo xtask serve\n$ cargo xtask test\n```\n\n```text\n$ cargo run\nhello\n```\n\
                ````markdown\n```console\n$ inner\nout\n```\n````\n";
    assert_eq!(quotes_in(page), vec![]);
}

#[test]
fn values_that_change_between_runs_are_compared_as_placeholders() {
    assert_eq!(
        normalize("test result: ok. 1 passed; finished in 0.01s   "),
        "test result: ok. 1 passed; finished in <duration>"
    );
    assert_eq!(
        normalize(r#"{"timestamp":"2026-11-28T01:50:28.069196Z"}"#),
        r#"{"timestamp":"<timestamp>"}"#
    );
    assert_eq!(
        normalize("thread 'a_b' (12638) panicked at x.rs:1:2:"),
        "thread 'a_b' (<id>) panicked at x.rs:1:2:"
    );
    assert_eq!(
        normalize("(target/debug/deps/product_events-0123456789abcdef)"),
        "(target/debug/deps/product_events-<hash>)"
    );
    assert_eq!(
        normalize("\x1b[32mok\x1b[0m 3970 bytes, 25 events"),
        "ok 3970 bytes, 25 events"
    );
}

#[test]
fn quoted_lines_must_appear_together_and_in_order() {
    let actual = "   Compiling x\nrunning 2 tests\ntest a ... ok\ntest b ... ok\n\ntest result: ok. 2 passed; finished in 0.00s\n";
    assert_eq!(find_quote(&lines("test a ... ok\ntest b ... ok"), actual), Ok(()));
    assert_eq!(
        find_quote(
            &lines("running 2 tests\n...\ntest result: ok. 2 passed; finished in 9.99s"),
            actual
        ),
        Ok(())
    );
    assert_eq!(
        find_quote(&lines("test b ... ok\ntest a ... ok"), actual),
        Err("test b ... ok")
    );
    assert_eq!(
        find_quote(&lines("running 2 tests\ntest b ... ok"), actual),
        Err("running 2 tests")
    );
    assert_eq!(
        find_quote(
            &lines("test result: ok. 2 passed; finished in 0.00s\n...\nrunning 2 tests"),
            actual
        ),
        Err("running 2 tests")
    );
    assert_eq!(find_quote(&lines("test c ... ok"), actual), Err("test c ... ok"));
}

/// Runs the check over a book of one page, `page`, in a folder of its own; the folder is
/// given to `inspect` before it is removed.
fn check_one_page<T>(
    name: &str,
    page: &str,
    inspect: impl FnOnce(&Path) -> T,
) -> Result<(Result<()>, T)> {
    let root = std::env::temp_dir()
        .join(format!("psr-book-commands-{name}-{}", std::process::id()));
    fs::create_dir_all(root.join("src"))?;
    fs::write(root.join("src/page.md"), page)?;
    let result = check(&root, &root.join("target"));
    let inspected = inspect(&root);
    fs::remove_dir_all(&root)?;
    Ok((result, inspected))
}

#[test]
fn a_command_whose_output_changed_is_reported_with_its_page_and_line() -> Result<()> {
    let page = "```console\n$ cargo --version\ncargo 0.0.0-not-this-one\n```\n";
    let (result, ()) = check_one_page("changed", page, |_| ())?;
    let message = format!("{:#}", result.expect_err("the quoted version is not cargo's"));
    assert!(
        message.contains("src/page.md:2: `cargo --version` no longer prints"),
        "{message}"
    );
    assert!(message.contains("cargo 0.0.0-not-this-one"), "{message}");
    Ok(())
}

#[test]
fn only_cargo_commands_are_run() -> Result<()> {
    let page = "```console\n$ touch ran\nanything\n```\n";
    let (result, ran) = check_one_page("shell", page, |root| root.join("ran").exists())?;
    let message = format!("{:#}", result.expect_err("a shell command is refused"));
    assert!(message.contains("only cargo commands are run"), "{message}");
    assert!(!ran, "the refused command was run");
    Ok(())
}

#[test]
fn a_console_block_can_name_the_workshop_mistake_its_run_follows() {
    let page = "```console,mistake=sku-byte-slice\n$ cargo test -p workshop --test sku\n...\npanicked\n```\n\
                ```console\n$ cargo test\nok\n```\n";
    let quotes = quotes_in(page);
    assert_eq!(quotes.len(), 2);
    assert_eq!(quotes[0].mistake.as_deref(), Some("sku-byte-slice"));
    assert_eq!(quotes[0].output, lines("...\npanicked"));
    assert_eq!(quotes[1].mistake, None);
}

#[test]
fn a_mistake_replaces_its_passage_only_when_it_occurs_exactly_once() -> Result<()> {
    let mistakes = mistakes::parse(
        "[off-by-one]\nexercise = \"sku\"\nreplace = '''\n    0..=2\n'''\nwith = \"    0..3\\n\"\n",
    )?;
    let mistake = &mistakes["off-by-one"];
    assert_eq!(mistake.exercise_file(), "crates/workshop/src/exercises/sku.rs");
    assert_eq!(mistake.apply("match x {\n    0..=2\n}\n")?, "match x {\n    0..3\n}\n");
    let missing = mistake.apply("match x {}\n").unwrap_err().to_string();
    assert!(missing.contains("no longer in the solution"), "{missing}");
    let twice = mistake.apply("    0..=2\n    0..=2\n").unwrap_err().to_string();
    assert!(twice.contains("occurs 2 times"), "{twice}");
    let unknown = mistakes::parse(
        "[x]\nexercise = \"sku\"\nreplace = \"a\"\nwith = \"b\"\nwhy = \"\"\n",
    );
    assert!(unknown.is_err());
    Ok(())
}

#[test]
fn every_workshop_mistake_still_applies_to_its_solution() -> Result<()> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mistakes = mistakes::load(&root)?;
    assert!(mistakes.len() >= 9, "{mistakes:?}");
    for (name, mistake) in &mistakes {
        let made = mistake.made(&root).with_context(|| format!("mistake `{name}`"))?;
        assert!(made.contains(&mistake.with), "{name}");
    }
    Ok(())
}
