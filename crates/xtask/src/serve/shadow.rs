//! The run service's shadow copy of the workspace: what cargo needs to build, copied
//! into a folder outside the repository, with the reader's edit put back in its place.
//!
//! The reader's files are only read. cargo decides freshness by times, not contents, so
//! the times a copy's files get decide what rebuilds: each file gets the time its content
//! was first seen by a copy, or last changed since (an edit from the page, the reader's
//! own editor, a branch checked out). A build made before that time is stale, one made
//! after is fresh, whichever workspace the copy was made from, so an edit rebuilds only
//! the crate it touches and undoing it rebuilds that crate again. Those times are kept in
//! a record beside the run service's target folder, with each file's SHA-256, so that
//! they outlive the copy and the server. Every server on the same target folder (two
//! serves, a serve and the tests, a workshop's preparation) reads and writes that record,
//! so a copy holds a lock on it from its making until the run made in it ends.

use std::{
    collections::BTreeMap,
    fs::{self, File},
    path::{Path, PathBuf},
    time::{Duration, SystemTime, UNIX_EPOCH},
};

use crate::util::copy_tree;
use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};

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
    /// The lock on the times record, released when the copy is dropped; a copy made
    /// for no run holds none.
    _lock: Option<File>,
}

impl Shadow {
    /// Where the times of the edited files are kept: in the run service's target
    /// folder `target`.
    pub(crate) fn record(target: &Path) -> PathBuf {
        target.join("shadow-times.json")
    }

    /// Copies the workspace at `root` into `dir` (emptied first), with `edit` (a path
    /// relative to the root and its new text) written in, and every file's time set as
    /// the module's documentation says, from the `record`.
    pub(crate) fn create(
        root: &Path,
        dir: PathBuf,
        edit: Option<(&str, &str)>,
        record: &Path,
    ) -> Result<Self> {
        let shadow = Self::empty(dir, Some(lock(record)?))?;
        let mut files = copy_tops(root, &shadow.dir, COPIED)?;
        if let Some((edited, _)) =
            edit.filter(|(edited, _)| !files.iter().any(|file| file == edited))
        {
            files.push(edited.to_owned());
        }
        let seen: BTreeMap<String, Stamp> = fs::read(record)
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default();
        let now = SystemTime::now().duration_since(UNIX_EPOCH)?.as_millis();
        let mut stamps = BTreeMap::new();
        for file in files {
            let to = shadow.dir.join(&file);
            let text = match edit {
                Some((edited, text)) if edited == file => {
                    fs::write(&to, text)
                        .with_context(|| format!("could not write {}", to.display()))?;
                    text.as_bytes().to_vec()
                }
                _ => fs::read(&to)?,
            };
            let sha256 = Sha256::digest(&text)
                .iter()
                .map(|byte| format!("{byte:02x}"))
                .collect::<String>();
            let stamp = match seen.get(&file) {
                Some(stamp) if stamp.sha256 == sha256 => {
                    Stamp { sha256, millis: stamp.millis }
                }
                // Changed since a copy last saw it: newer than any build.
                Some(_) => Stamp { sha256, millis: now },
                // Never seen: the time it has in the workspace, as cargo would see it there.
                None => {
                    let modified = fs::metadata(&to)?.modified()?;
                    Stamp {
                        sha256,
                        millis: modified.duration_since(UNIX_EPOCH)?.as_millis(),
                    }
                }
            };
            let time = UNIX_EPOCH + Duration::from_millis(u64::try_from(stamp.millis)?);
            File::options().append(true).open(&to)?.set_modified(time)?;
            stamps.insert(file, stamp);
        }
        fs::write(record, serde_json::to_vec_pretty(&stamps)?)
            .with_context(|| format!("could not write {}", record.display()))?;
        Ok(shadow)
    }
}

/// Takes the lock that guards `record` and the builds made with its times, waiting for
/// another server's run to end if one holds it.
fn lock(record: &Path) -> Result<File> {
    if let Some(parent) = record.parent() {
        fs::create_dir_all(parent)?;
    }
    let path = record.with_extension("lock");
    let file = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .with_context(|| format!("could not open {}", path.display()))?;
    match file.try_lock() {
        Ok(()) => {}
        Err(fs::TryLockError::WouldBlock) => {
            eprintln!(
                "waiting for another run service's build to end ({})",
                path.display()
            );
            file.lock()?;
        }
        Err(fs::TryLockError::Error(err)) => {
            return Err(err)
                .with_context(|| format!("could not lock {}", path.display()));
        }
    }
    Ok(file)
}

/// The content a file last had in a copy, and since when.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Stamp {
    sha256: String,
    millis: u128,
}

impl Shadow {
    /// A copy of the workspace and the book's chapters at `dir` (emptied first), for a
    /// run service of its own: the browser tests' one, which writes an exercise back
    /// into the copy rather than into the reader's file. Times are kept, so the run
    /// service's target folder is as fresh for the copy as for the workspace.
    pub(crate) fn served_copy(root: &Path, dir: PathBuf) -> Result<Self> {
        let copy = Self::empty(dir, None)?;
        copy_tops(root, &copy.dir, COPIED)?;
        copy_tops(root, &copy.dir, &["src"])?;
        Ok(copy)
    }

    fn empty(dir: PathBuf, lock: Option<File>) -> Result<Self> {
        let shadow = Self { dir, _lock: lock };
        crate::util::remove_all(&shadow.dir)?;
        fs::create_dir_all(&shadow.dir)
            .with_context(|| format!("could not create {}", shadow.dir.display()))?;
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

/// Copies the `tops` of `root` that exist into `dir`, leaving out the [`SKIPPED`].
/// Returns the files copied, relative to `root`.
fn copy_tops(root: &Path, dir: &Path, tops: &[&str]) -> Result<Vec<String>> {
    let kept = |relative: &Path| {
        relative
            .file_name()
            .is_none_or(|name| !SKIPPED.iter().any(|skipped| name == *skipped))
    };
    let mut files = Vec::new();
    for top in tops.iter().filter(|top| root.join(top).exists()) {
        let copied = copy_tree(&root.join(top), &dir.join(top), kept, copy_keeping_time)?;
        for path in copied {
            let relative = path.strip_prefix(root)?;
            files.push(relative.to_string_lossy().replace('\\', "/"));
        }
    }
    Ok(files)
}

fn copy_keeping_time(from: &Path, to: &Path) -> Result<()> {
    fs::copy(from, to)?;
    let modified = fs::metadata(from)?.modified()?;
    File::options().append(true).open(to)?.set_modified(modified)?;
    Ok(())
}

#[cfg(test)]
mod tests;
