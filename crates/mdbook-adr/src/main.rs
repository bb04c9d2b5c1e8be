//! `mdbook-adr`: the command mdBook runs for `[preprocessor.adr]`.
//!
//! mdBook calls it twice: `mdbook-adr supports <renderer>` (exit 0: every renderer is
//! supported), then with no arguments and `[context, book]` as JSON on stdin, expecting
//! the changed book as JSON on stdout. Problems go to stderr, and the exit code fails the
//! build.

use std::io::{self, Write};
use std::process::ExitCode;

use mdbook_adr::{AdrPreprocessor, process};
use mdbook_preprocessor::{MDBOOK_VERSION, Preprocessor, parse_input};

const USAGE: &str = "\
Usage: mdbook-adr                     read [context, book] as JSON on stdin, write the book to stdout
       mdbook-adr supports <renderer> exit 0 if the renderer is supported (all are)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.as_slice() {
        [] => preprocess(),
        [command, renderer] if command == "supports" => {
            match AdrPreprocessor.supports_renderer(renderer) {
                Ok(true) => ExitCode::SUCCESS,
                _ => ExitCode::FAILURE,
            }
        }
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn preprocess() -> ExitCode {
    let (ctx, book) = match parse_input(io::stdin().lock()) {
        Ok(input) => input,
        Err(error) => {
            eprintln!("mdbook-adr: {error:#}");
            return ExitCode::FAILURE;
        }
    };
    if ctx.mdbook_version != MDBOOK_VERSION {
        eprintln!(
            "mdbook-adr: warning: built for mdBook {MDBOOK_VERSION}, called by mdBook {}",
            ctx.mdbook_version
        );
    }
    let book = match process(&ctx, book) {
        Ok(book) => book,
        Err(report) => {
            eprint!("mdbook-adr: {report}");
            return ExitCode::FAILURE;
        }
    };
    let mut stdout = io::stdout().lock();
    match serde_json::to_writer(&mut stdout, &book)
        .map_err(io::Error::from)
        .and_then(|()| stdout.flush())
    {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("mdbook-adr: cannot write the book to stdout: {error}");
            ExitCode::FAILURE
        }
    }
}
