//! The `commands` step: every command the book quotes together with its output is run,
//! and what it prints now must contain what the page says it prints.
//!
//! A quote is a `console` code block in which a line starting with `$ ` is a command (a
//! trailing `\` continues it on the next line) and the lines after it, up to the next
//! command, are its output. A command quoted without output is an instruction to the
//! reader and is not run.
//!
//! The quoted lines must appear in the real output in one piece and in order; a line that
//! is only `...` stands for lines the page leaves out. Parts that change from run to run
//! (durations, times, thread ids, the hashes in cargo's file names) are compared as
//! placeholders, so a page may show the values of one real run. Tests run on one thread,
//! so their lines come in name order.
//!
//! A block marked ```` ```console,mistake=<name> ```` quotes a run after one of the
//! workshop's common mistakes: the command runs in a copy of the workspace with that
//! mistake made (`mistakes.rs`).

mod mistakes;

use std::{
    collections::BTreeMap,
    fs,
    path::{Path, PathBuf},
    process::Command,
    sync::LazyLock,
};

use anyhow::{Context, Result, bail};
use regex_lite::Regex;

use crate::book_sources::markdown_files;

/// One command the book quotes with its output.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Quote {
    /// The 1-based line of the `$ ` line in its page.
    pub(crate) line: usize,
    /// The command as a shell would read it, continuations joined.
    pub(crate) command: String,
    /// The lines the page says it prints, blank lines at either end removed.
    pub(crate) output: Vec<String>,
    /// The workshop mistake made before the command runs, if the block names one.
    pub(crate) mistake: Option<String>,
}

/// Every quote in one page's Markdown.
pub(crate) fn quotes_in(text: &str) -> Vec<Quote> {
    let mut quotes = Vec::new();
    let mut lines = text.lines().enumerate();
    while let Some((_, line)) = lines.next() {
        let Some(fence) = opening_fence(line) else { continue };
        let mut info = line.trim_start()[fence.len()..].split([',', ' ']);
        let console = info.next() == Some("console");
        let mistake =
            info.find_map(|part| part.strip_prefix("mistake=")).map(str::to_owned);
        let mut block = Vec::new();
        for (index, line) in lines.by_ref() {
            if line.trim_start().starts_with(fence) {
                break;
            }
            block.push((index + 1, line));
        }
        if console {
            quotes.extend(
                quotes_in_block(&block)
                    .into_iter()
                    .map(|quote| Quote { mistake: mistake.clone(), ..quote }),
            );
        }
    }
    quotes
}

/// The backticks that open a fenced code block, if `line` opens one.
fn opening_fence(line: &str) -> Option<&str> {
    let trimmed = line.trim_start();
    let ticks = trimmed.len() - trimmed.trim_start_matches('`').len();
    (ticks >= 3).then(|| &trimmed[..ticks])
}

fn quotes_in_block(block: &[(usize, &str)]) -> Vec<Quote> {
    let mut quotes: Vec<Quote> = Vec::new();
    let mut lines = block.iter().copied();
    while let Some((number, line)) = lines.next() {
        if let Some(first) = line.strip_prefix("$ ") {
            let mut command = first.trim_end().to_owned();
            while let Some(head) = command.strip_suffix('\\') {
                let Some((_, next)) = lines.next() else { break };
                command = format!("{} {}", head.trim_end(), next.trim());
            }
            quotes.push(Quote {
                line: number,
                command,
                output: Vec::new(),
                mistake: None,
            });
        } else if let Some(quote) = quotes.last_mut() {
            quote.output.push(line.trim_end().to_owned());
        }
    }
    for quote in &mut quotes {
        while quote.output.last().is_some_and(String::is_empty) {
            quote.output.pop();
        }
        let leading = quote.output.iter().take_while(|line| line.is_empty()).count();
        quote.output.drain(..leading);
    }
    quotes.retain(|quote| !quote.output.is_empty());
    quotes
}

/// The form in which two lines are compared: colours removed, trailing space removed, and
/// every part that differs between two runs of the same program replaced by a
/// placeholder.
pub(crate) fn normalize(line: &str) -> String {
    static RULES: LazyLock<Vec<(Regex, &'static str)>> = LazyLock::new(|| {
        [
            (r"\x1b\[[0-9;]*m", ""),
            (
                r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})",
                "<timestamp>",
            ),
            (r"\b\d+(\.\d+)?(ns|µs|us|ms|s)\b", "<duration>"),
            (r"thread '([^']*)' \(\d+\)", "thread '$1' (<id>)"),
            (r"-[0-9a-f]{16}\b", "-<hash>"),
        ]
        .into_iter()
        .map(|(pattern, replacement)| {
            (Regex::new(pattern).expect("the patterns are valid"), replacement)
        })
        .collect()
    });
    let mut line = line.trim_end().to_owned();
    for (pattern, replacement) in RULES.iter() {
        line = pattern.replace_all(&line, *replacement).into_owned();
    }
    line
}

/// Whether `actual` contains the quoted lines, each run of them between `...` lines in
/// one piece, the runs in order. On a mismatch, the first quoted line that could not be
/// placed.
pub(crate) fn find_quote<'q>(quoted: &'q [String], actual: &str) -> Result<(), &'q str> {
    let actual: Vec<String> = actual.lines().map(normalize).collect();
    let mut from = 0;
    for run in quoted.split(|line| line == "...") {
        if run.is_empty() {
            continue;
        }
        let wanted: Vec<String> = run.iter().map(|line| normalize(line)).collect();
        let found = (from..=actual.len().saturating_sub(wanted.len())).find(|&start| {
            actual.get(start..start + wanted.len()) == Some(wanted.as_slice())
        });
        match found {
            Some(start) => from = start + wanted.len(),
            None => {
                // Name the first line of the run that is missing, or the run's first line
                // when each line exists on its own but not together.
                let missing = run
                    .iter()
                    .zip(&wanted)
                    .find(|(_, line)| !actual[from..].contains(line));
                return Err(missing.map_or(run[0].as_str(), |(line, _)| line.as_str()));
            }
        }
    }
    Ok(())
}

/// Runs every quoted command of the book's pages once (once per mistake for the
/// workshop's mistakes, built under `target`) and compares its output with each quote of
/// it.
pub(crate) fn check(root: &Path, target: &Path) -> Result<()> {
    let pages = markdown_files(&root.join("src"))?;
    let workbench = mistakes::Workbench::new(root, target)?;
    type Run = (Option<String>, String);
    let mut by_command: BTreeMap<Run, Vec<(PathBuf, Quote)>> = BTreeMap::new();
    for page in pages {
        let text = fs::read_to_string(&page)
            .with_context(|| format!("could not read {}", page.display()))?;
        let shown = page.strip_prefix(root).unwrap_or(&page).to_path_buf();
        for quote in quotes_in(&text) {
            by_command
                .entry((quote.mistake.clone(), quote.command.clone()))
                .or_default()
                .push((shown.clone(), quote));
        }
    }
    if by_command.is_empty() {
        bail!(
            "the book quotes no command with its output; a console block shows `$ command` and then what it prints"
        );
    }
    let mut problems = workbench
        .unquoted(by_command.keys().filter_map(|(mistake, _)| mistake.as_deref()));
    let mut quotes = 0;
    for ((mistake, command), places) in &by_command {
        quotes += places.len();
        if let Some(name) = mistake.as_ref().filter(|name| !workbench.knows(name)) {
            for (page, quote) in places {
                problems.push(format!(
                    "{}:{}: the block names mistake `{name}`, which {} does not hold",
                    page.display(),
                    quote.line,
                    mistakes::MISTAKES
                ));
            }
            continue;
        }
        if !command.starts_with("cargo ") {
            for (page, quote) in places {
                problems.push(format!(
                    "{}:{}: `{command}` is quoted with its output, but only cargo commands are run; \
                     quote it without output or run it through cargo",
                    page.display(),
                    quote.line
                ));
            }
            continue;
        }
        let output = match mistake {
            None => {
                println!("$ {command}");
                run(&mut quoted_command(root, command), command)?
            }
            Some(name) => {
                println!("$ {command}    (after the workshop mistake `{name}`)");
                let (_copy, mut cmd) = workbench.prepare(name, command)?;
                run(&mut cmd, command)?
            }
        };
        for (page, quote) in places {
            if let Err(missing) = find_quote(&quote.output, &output) {
                problems.push(format!(
                    "{}:{}: `{command}` no longer prints what the page quotes; first line not found:\n      {missing}\n    \
                     what it prints now:\n{}",
                    page.display(),
                    quote.line,
                    indent(&output)
                ));
            }
        }
    }
    println!("ran {} commands for {quotes} quotes", by_command.len());
    if !problems.is_empty() {
        bail!(
            "{} quote(s) no longer match:\n  {}",
            problems.len(),
            problems.join("\n  ")
        );
    }
    Ok(())
}

/// A quoted command to run from the workspace at `root` as a reader would, stdout and
/// stderr together in the order they were written.
fn quoted_command(root: &Path, command: &str) -> Command {
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg(format!("exec 2>&1\n{command}"))
        .current_dir(root)
        .env("RUST_TEST_THREADS", "1")
        .env("CARGO_TERM_COLOR", "never")
        .env("NO_COLOR", "1")
        .env_remove("RUST_BACKTRACE")
        .env_remove("RUST_LIB_BACKTRACE")
        .env_remove("RUST_LOG");
    cmd
}

/// What a quoted command printed. Its exit status is not judged: the quote says what
/// should happen, including a failure, and a failed test shows `test result: FAILED` in
/// its output.
fn run(cmd: &mut Command, command: &str) -> Result<String> {
    let output = cmd.output().with_context(|| format!("could not run `{command}`"))?;
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

fn indent(text: &str) -> String {
    const SHOWN: usize = 80;
    let lines: Vec<&str> = text.lines().collect();
    let skipped = lines.len().saturating_sub(SHOWN);
    let mut shown: Vec<String> =
        lines[skipped..].iter().map(|line| format!("      | {line}")).collect();
    if skipped > 0 {
        shown.insert(0, format!("      | ({skipped} earlier lines left out)"));
    }
    shown.join("\n")
}

#[cfg(test)]
mod tests;
