//! The run service's shadow copy of the workspace: what cargo needs to build, copied
//! into a folder outside the repository, with the reader's edit put back in its place.
//!
//! The reader's files are only read. Copies keep their modification times, so that the
//! run service's own target folder sees unchanged crates as fresh and an edit rebuilds
//! only the crate it touches; a file that differs from what the last build saw is given a
//! new time instead, since cargo decides freshness by times, not contents.

use std::{
    fs::{self, File},
    path::{Path, PathBuf},
    time::SystemTime,
};

use anyhow::{Context, Result};
use walkdir::WalkDir;

/// What cargo reads to build the workspace's crates, relative to the root.
const COPIED: &[&str] = &["Cargo.toml", "Cargo.lock", ".cargo", "crates", "playground"];
/// Never copied: outputs and JavaScript dependencies, which cargo does not read.
const SKIPPED: &[&str] = &["target", "node_modules", ".git"];

/// The text of `source` that the book shows for `anchor` (the whole file without one),
/// and the 0-based line where it starts; `None` when the file does not mark the anchor.
///
/// As mdBook does, the marker lines of other anchors inside the range are left out.
pub(crate) fn shown(source: &str, anchor: Option<&str>) -> Option<(usize, String)> {
    let lines: Vec<&str> = source.lines().collect();
    let (start, end) = match anchor {
        None => (0, lines.len()),
        Some(anchor) => region(&lines, anchor)?,
    };
    let kept: Vec<&str> = lines[start..end]
        .iter()
        .copied()
        .filter(|line| anchor.is_none() || !is_marker(line))
        .collect();
    Some((start, kept.join("\n") + "\n"))
}

/// `source` with the lines of `anchor` (the whole file without one) replaced by `text`;
/// the markers stay, so the file still builds and includes as before.
pub(crate) fn splice(source: &str, anchor: Option<&str>, text: &str) -> Option<String> {
    let Some(anchor) = anchor else { return Some(text.to_owned()) };
    let lines: Vec<&str> = source.lines().collect();
    let (start, end) = region(&lines, anchor)?;
    let mut spliced: Vec<&str> = lines[..start].to_vec();
    spliced.extend(text.lines());
    spliced.extend(&lines[end..]);
    Some(spliced.join("\n") + "\n")
}

/// The 0-based lines between the `ANCHOR:` and `ANCHOR_END:` lines of `anchor`.
fn region(lines: &[&str], anchor: &str) -> Option<(usize, usize)> {
    let marks = |kind: &str, line: &str| {
        line.split_once(kind).is_some_and(|(_, name)| name.trim() == anchor)
    };
    let start = lines.iter().position(|line| marks("ANCHOR:", line))? + 1;
    let end =
        start + lines[start..].iter().position(|line| marks("ANCHOR_END:", line))?;
    Some((start, end))
}

fn is_marker(line: &str) -> bool {
    line.contains("ANCHOR:") || line.contains("ANCHOR_END:")
}

/// A copy of the workspace under a folder of its own, removed when dropped.
pub(crate) struct Shadow {
    pub(crate) dir: PathBuf,
}

impl Shadow {
    /// Copies the workspace at `root` into `dir` (emptied first), then writes each of
    /// `written` (a path relative to the root and its new text) with the current time,
    /// and gives the current time to each of `touched` (files the last build saw with
    /// other contents).
    pub(crate) fn create(
        root: &Path,
        dir: PathBuf,
        written: &[(String, String)],
        touched: &[String],
    ) -> Result<Self> {
        let shadow = Self { dir };
        crate::util::remove_all(&shadow.dir)?;
        fs::create_dir_all(&shadow.dir)
            .with_context(|| format!("could not create {}", shadow.dir.display()))?;
        for top in COPIED.iter().map(|name| root.join(name)).filter(|path| path.exists())
        {
            let walk = WalkDir::new(&top).into_iter().filter_entry(|entry| {
                !SKIPPED.iter().any(|skipped| entry.file_name() == *skipped)
            });
            for entry in walk {
                let entry = entry?;
                let to = shadow.dir.join(entry.path().strip_prefix(root)?);
                if entry.file_type().is_dir() {
                    fs::create_dir_all(&to)?;
                } else if entry.file_type().is_file() {
                    copy_keeping_time(entry.path(), &to)?;
                }
            }
        }
        for (file, text) in written {
            let to = shadow.dir.join(file);
            fs::write(&to, text)
                .with_context(|| format!("could not write {}", to.display()))?;
        }
        for file in touched {
            let path = shadow.dir.join(file);
            if path.is_file() {
                File::options()
                    .append(true)
                    .open(&path)?
                    .set_modified(SystemTime::now())?;
            }
        }
        Ok(shadow)
    }
}

impl Drop for Shadow {
    fn drop(&mut self) {
        // Nothing of it is needed after the run; a failure leaves a folder under the
        // system's temporary folder, which the next run empties first.
        let _ = fs::remove_dir_all(&self.dir);
    }
}

fn copy_keeping_time(from: &Path, to: &Path) -> Result<()> {
    fs::copy(from, to).with_context(|| {
        format!("could not copy {} to {}", from.display(), to.display())
    })?;
    let modified = fs::metadata(from)?.modified()?;
    File::options().append(true).open(to)?.set_modified(modified)?;
    Ok(())
}
