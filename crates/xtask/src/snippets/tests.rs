//! Which snippets of the book run, and with which command.

use std::path::PathBuf;

use super::*;

fn snippet(spec: &str) -> Snippet {
    Snippet::parse(spec).unwrap()
}

#[test]
fn an_example_runs_with_cargo_run() {
    let run = snippet("crates/product-handlers/examples/all_in_one.rs#all_in_one").run();
    assert_eq!(
        run.unwrap().command(),
        "cargo run -p product-handlers --example all_in_one"
    );
}

#[test]
fn a_part_of_an_examples_tests_runs_its_tests() {
    let root = crate::project::project_root();
    let run = |spec: &str| snippet(spec).run_at(&root).unwrap().command();
    assert_eq!(
        run("crates/product-handlers/examples/all_in_one.rs#all_in_one_flaw"),
        "cargo test -p product-handlers --example all_in_one"
    );
    assert_eq!(
        run("crates/product-handlers/examples/all_in_one.rs#all_in_one"),
        "cargo run -p product-handlers --example all_in_one"
    );
}

#[test]
fn a_library_fragment_runs_the_tests_of_its_module() {
    let command = |spec: &str| snippet(spec).run().unwrap().command();
    assert_eq!(
        command("crates/product-domain/src/product.rs#product_name"),
        "cargo test -p product-domain --lib product::"
    );
    assert_eq!(
        command("crates/product-events/src/handler/tests.rs#emit_test"),
        "cargo test -p product-events --lib handler::tests::"
    );
    assert_eq!(
        command("crates/product-events/src/retry/policy.rs#retry_decision"),
        "cargo test -p product-events --lib retry::"
    );
    assert_eq!(
        command("crates/product-events/src/lib.rs#x"),
        "cargo test -p product-events --lib"
    );
    assert_eq!(
        command("crates/product-handlers/tests/stream/limits.rs#replay_test"),
        "cargo test -p product-handlers --test stream limits::"
    );
    assert_eq!(
        command("crates/product-handlers/tests/stream/main.rs#unreadable_test"),
        "cargo test -p product-handlers --test stream"
    );
}

#[test]
fn a_workshop_exercise_runs_its_module_tests() {
    assert_eq!(
        snippet("crates/workshop/src/exercises/sku.rs").run(),
        Some(Run::Exercise { module: "sku".into() })
    );
    assert_eq!(
        snippet("crates/workshop/src/exercises/sku.rs").run().unwrap().command(),
        "cargo test -p workshop --test sku"
    );
}

#[test]
fn code_that_needs_more_than_cargo_does_not_run() {
    for spec in [
        "crates/product-lambdas/tests/integration/api.rs#create_contract",
        "crates/xtask/src/stack.rs#e2e_suite",
        "playground/src/exports.rs#validate",
        "crates/product-aws/src/store.rs#x",
    ] {
        assert_eq!(snippet(spec).run(), None, "{spec}");
    }
}

#[test]
fn a_path_that_could_leave_the_repository_is_not_a_snippet() {
    for spec in [
        "../etc/passwd",
        "crates/../../x.rs",
        "/etc/passwd",
        "crates/a//b.rs",
        "crates\\a.rs",
        "crates/a.rs#../x",
        "crates/a.rs#",
        "",
    ] {
        assert_eq!(Snippet::parse(spec), None, "{spec}");
    }
}

#[test]
fn a_page_lists_each_rust_block_with_its_runnable_include() {
    let root = PathBuf::from("/repo");
    let page = root.join("src/part1/page.md");
    let text = "\
```rust,noplayground
{{#include ../../crates/product-domain/src/product.rs:product_name}}
```

```console
$ cargo test
```

```rust,noplayground
{{#include ../../crates/xtask/src/stack.rs:e2e_suite}}
```

```rust
{{#include ../../crates/product-handlers/examples/all_in_one.rs:10:20}}
```

   ```rust,editable
   {{#include ../../crates/workshop/src/exercises/sku.rs}}
   ```
";
    let found = page_snippets(&root, &page, text);
    assert_eq!(
        found,
        vec![
            Some(snippet("crates/product-domain/src/product.rs#product_name")),
            None,
            None,
            Some(snippet("crates/workshop/src/exercises/sku.rs")),
        ]
    );
}

#[test]
fn the_book_runs_its_example_and_its_exercises() {
    let found = book_snippets(&crate::project::project_root()).unwrap();
    let specs: Vec<String> = found.iter().map(|(snippet, _)| snippet.spec()).collect();
    for expected in [
        "crates/product-handlers/examples/all_in_one.rs#all_in_one",
        "crates/workshop/src/exercises/sku.rs",
        "crates/product-domain/src/product.rs#product_name",
    ] {
        assert!(specs.iter().any(|spec| spec == expected), "{expected} in {specs:?}");
    }
}

#[test]
fn the_build_made_ahead_of_a_run_is_its_command_without_running() {
    let root = crate::project::project_root();
    let build = |spec: &str| snippet(spec).run_at(&root).unwrap().build_args().join(" ");
    assert_eq!(
        build("crates/product-handlers/examples/all_in_one.rs#all_in_one"),
        "build -p product-handlers --example all_in_one"
    );
    assert_eq!(
        build("crates/product-handlers/examples/all_in_one.rs#all_in_one_flaw"),
        "test -p product-handlers --example all_in_one --no-run"
    );
    assert_eq!(
        build("crates/product-domain/src/product.rs#product_name"),
        "test -p product-domain --lib --no-run"
    );
    assert_eq!(
        build("crates/product-handlers/tests/stream/main.rs#unreadable_test"),
        "test -p product-handlers --test stream --no-run"
    );
    assert_eq!(
        build("crates/workshop/src/exercises/sku.rs"),
        "test -p workshop --test sku --no-run"
    );
}
