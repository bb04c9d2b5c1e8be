//! The workshop's common mistakes, run rather than quoted: each module page shows what an
//! attendee's run prints after a mistake, and the `commands` step makes that mistake and
//! runs the page's command to check it.
//!
//! A mistake is one edit of an exercise's solution, kept in `crates/workshop/mistakes.toml`:
//! the solution's text with one passage replaced, written where the attendee works (the
//! starter, `src/exercises/<exercise>.rs`), so the run names the file and the command an
//! attendee has. An edit of the finished solution, rather than a whole file per mistake, is
//! a few lines that say exactly what the mistake is; and when the solution changes under
//! it, the passage is no longer found and the step says so, instead of running a stale
//! copy. The page marks the quote with the mistake's name in the block's info string
//! (```` ```console,mistake=<name> ````).
//!
//! Nothing in the workspace is written: the edit goes into the run service's shadow copy
//! (`serve/shadow.rs`, ADR-0029), made under the target folder, and every mistake builds
//! in one target folder of its own, offline, from the crates already fetched, so that after
//! the first mistake each run rebuilds only the workshop crate.

use std::{collections::BTreeMap, fs, path::Path, process::Command};

use anyhow::{Context, Result, bail};
use serde::Deserialize;

use crate::serve::shadow::Shadow;

/// The mistakes, relative to the repository root.
pub(crate) const MISTAKES: &str = "crates/workshop/mistakes.toml";

/// One mistake: in the solution of `exercise`, the text `replace` written as `with`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Mistake {
    /// The exercise's file name without `.rs` (`sku`).
    pub(crate) exercise: String,
    /// A passage of the solution, found exactly once.
    pub(crate) replace: String,
    /// What the attendee wrote instead.
    pub(crate) with: String,
}

/// Every mistake by its name, read from [`MISTAKES`]; none for a book without a
/// workshop.
pub(crate) fn load(root: &Path) -> Result<BTreeMap<String, Mistake>> {
    match fs::read_to_string(root.join(MISTAKES)) {
        Ok(text) => parse(&text),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(BTreeMap::new()),
        Err(err) => Err(err).with_context(|| format!("could not read {MISTAKES}")),
    }
}

/// The mistakes in `text`, a TOML table of tables.
pub(crate) fn parse(text: &str) -> Result<BTreeMap<String, Mistake>> {
    toml::from_str(text).with_context(|| format!("{MISTAKES} is not a table of mistakes"))
}

impl Mistake {
    /// The file the attendee works in, relative to the root.
    pub(crate) fn exercise_file(&self) -> String {
        format!("crates/workshop/src/exercises/{}.rs", self.exercise)
    }

    /// The exercise file as an attendee who made the mistake has it: the solution, edited.
    pub(crate) fn made(&self, root: &Path) -> Result<String> {
        let solution = format!("crates/workshop/src/solutions/{}.rs", self.exercise);
        let text = fs::read_to_string(root.join(&solution))
            .with_context(|| format!("could not read {solution}"))?;
        self.apply(&text).with_context(|| format!("in {solution}"))
    }

    /// `solution` with the passage replaced; an error unless the passage occurs exactly
    /// once, since the edit would otherwise be a guess.
    pub(crate) fn apply(&self, solution: &str) -> Result<String> {
        match solution.matches(&self.replace).count() {
            1 => Ok(solution.replacen(&self.replace, &self.with, 1)),
            0 => bail!(
                "the mistake's passage is no longer in the solution; update {MISTAKES}:\n{}",
                self.replace
            ),
            n => bail!(
                "the mistake's passage occurs {n} times in the solution; make it longer:\n{}",
                self.replace
            ),
        }
    }
}

/// Where mistakes are made and built: one shadow copy, one target folder, one record of
/// the copies' file times (see `serve/shadow.rs`), all under `target`.
pub(crate) struct Workbench<'a> {
    root: &'a Path,
    dir: std::path::PathBuf,
    mistakes: BTreeMap<String, Mistake>,
}

impl<'a> Workbench<'a> {
    /// The bench for the workspace at `root`, building under `target`.
    pub(crate) fn new(root: &'a Path, target: &Path) -> Result<Self> {
        Ok(Self { root, dir: target.join("workshop-mistakes"), mistakes: load(root)? })
    }

    /// A problem for each mistake that no page quotes, given the names the pages quote.
    pub(crate) fn unquoted<'q>(
        &self,
        quoted: impl Iterator<Item = &'q str>,
    ) -> Vec<String> {
        let quoted: Vec<&str> = quoted.collect();
        self.mistakes
            .keys()
            .filter(|name| !quoted.contains(&name.as_str()))
            .map(|name| {
                format!("{MISTAKES}: mistake `{name}` is quoted by no page (```console,mistake={name})")
            })
            .collect()
    }

    /// Whether `name` is a mistake of the file.
    pub(crate) fn knows(&self, name: &str) -> bool {
        self.mistakes.contains_key(name)
    }

    /// A command to run `command` as a reader would after making the mistake `name`, with
    /// the copy it runs in, which must live until the command has run.
    pub(crate) fn prepare(&self, name: &str, command: &str) -> Result<(Shadow, Command)> {
        let Some(mistake) = self.mistakes.get(name) else {
            bail!("no mistake `{name}` in {MISTAKES}");
        };
        let file = mistake.exercise_file();
        let text =
            mistake.made(self.root).with_context(|| format!("mistake `{name}`"))?;
        let shadow = Shadow::create(
            self.root,
            self.dir.join("workspace"),
            Some((&file, &text)),
            &self.dir.join("edits.json"),
        )?;
        let mut cmd = super::quoted_command(&shadow.dir, command);
        cmd.env("CARGO_TARGET_DIR", self.dir.join("target"))
            .env("CARGO_NET_OFFLINE", "true");
        Ok((shadow, cmd))
    }
}
