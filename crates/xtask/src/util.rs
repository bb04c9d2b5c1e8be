//! How commands run and how progress is shown: each command line before it runs, each
//! section with its elapsed time.

use std::{
    env,
    ffi::{OsStr, OsString},
    fs,
    net::TcpListener,
    path::{Path, PathBuf},
    process::Command,
    time::Instant,
};

use anyhow::{Context, Result, bail};

/// The cargo that runs us, so nested calls use the same toolchain.
pub(crate) fn cargo() -> String {
    env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned())
}

/// Whether we may install system packages ourselves.
pub(crate) fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|out| out.status.success() && out.stdout.trim_ascii() == b"0")
}

/// Prints the command line, runs it with inherited output, and fails unless it exits with
/// 0.
pub(crate) fn run(cmd: &mut Command) -> Result<()> {
    println!("$ {}", display(cmd));
    let status =
        cmd.status().with_context(|| format!("could not start `{}`", display(cmd)))?;
    if !status.success() {
        bail!("`{}` failed ({status})", display(cmd));
    }
    Ok(())
}

/// Runs a command quietly and tells whether it succeeded; for probing only.
pub(crate) fn probe(cmd: &mut Command) -> bool {
    cmd.output().is_ok_and(|out| out.status.success())
}

/// A command line as a person would type it.
pub(crate) fn display(cmd: &Command) -> String {
    let envs = cmd.get_envs().filter_map(|(key, value)| {
        value
            .map(|value| format!("{}={}", key.to_string_lossy(), value.to_string_lossy()))
    });
    // PATH is long and says little; the tools on it are printed where they are installed.
    let envs = envs.filter(|pair| !pair.starts_with("PATH="));
    let words = std::iter::once(cmd.get_program()).chain(cmd.get_args()).map(quote);
    envs.chain(words).collect::<Vec<_>>().join(" ")
}

fn quote(word: &OsStr) -> String {
    let word = word.to_string_lossy();
    if !word.is_empty()
        && word.chars().all(|c| c.is_ascii_alphanumeric() || "-_./=:,@+%".contains(c))
    {
        word.into_owned()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

/// Runs one named section, printing its name first and its outcome with the elapsed
/// seconds last.
pub(crate) fn section<T>(name: &str, body: impl FnOnce() -> Result<T>) -> Result<T> {
    println!("==> {name}");
    let started = Instant::now();
    let result = body();
    let seconds = started.elapsed().as_secs_f64();
    match &result {
        Ok(_) => println!("<== {name}: done in {seconds:.1}s"),
        Err(_) => println!("<== {name}: FAILED after {seconds:.1}s"),
    }
    result
}

/// A port on 127.0.0.1 that was free a moment ago.
pub(crate) fn free_port() -> Result<u16> {
    let listener =
        TcpListener::bind("127.0.0.1:0").context("could not bind 127.0.0.1:0")?;
    Ok(listener.local_addr()?.port())
}

/// `PATH` with the given folders in front.
pub(crate) fn path_with(dirs: &[PathBuf]) -> Result<OsString> {
    let current = env::var_os("PATH").unwrap_or_default();
    let dirs = dirs.iter().cloned().chain(env::split_paths(&current));
    env::join_paths(dirs)
        .context("a tool folder contains a character that PATH cannot hold")
}

/// Removes a file or folder tree if it exists.
pub(crate) fn remove_all(path: &Path) -> Result<()> {
    let removed = match std::fs::symlink_metadata(path) {
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Ok(meta) if meta.is_dir() => std::fs::remove_dir_all(path),
        _ => std::fs::remove_file(path),
    };
    removed.with_context(|| format!("could not remove {}", path.display()))
}

/// Copies the file or folder tree at `from` to `to`, each file with `copy`, leaving out
/// every entry that `keep` refuses (given its path relative to `from`) and all under it.
/// Returns the files copied, each by its path under `from`.
pub(crate) fn copy_tree(
    from: &Path,
    to: &Path,
    keep: impl Fn(&Path) -> bool,
    copy: impl Fn(&Path, &Path) -> Result<()>,
) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let walk = walkdir::WalkDir::new(from)
        .into_iter()
        .filter_entry(|entry| entry.path().strip_prefix(from).is_ok_and(&keep));
    for entry in walk {
        let entry = entry?;
        let relative = entry.path().strip_prefix(from)?;
        // `to.join("")` would add a trailing separator, which names no file.
        let target = match relative.as_os_str().is_empty() {
            true => to.to_path_buf(),
            false => to.join(relative),
        };
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target)
                .with_context(|| format!("could not create {}", target.display()))?;
        } else if entry.file_type().is_file() {
            copy(entry.path(), &target).with_context(|| {
                format!(
                    "could not copy {} to {}",
                    entry.path().display(),
                    target.display()
                )
            })?;
            files.push(entry.into_path());
        }
    }
    Ok(files)
}

/// One HTML page of a built site, as [`rewrite_html_pages`] hands it over.
pub(crate) struct HtmlPage<'a> {
    /// Its path under the site, such as `part1/index.html`.
    pub(crate) shown: &'a Path,
    /// mdBook's `path_to_root`: one `../` for each folder the page is in.
    pub(crate) root: String,
}

/// Replaces every HTML page under `site`, in name order, with what `rewrite` makes of its
/// text; a page `rewrite` refuses stops the walk with the page's name in the error.
pub(crate) fn rewrite_html_pages(
    site: &Path,
    mut rewrite: impl FnMut(&HtmlPage<'_>, &str) -> Result<String>,
) -> Result<()> {
    for entry in walkdir::WalkDir::new(site).sort_by_file_name() {
        let entry = entry?;
        let path = entry.path();
        if !entry.file_type().is_file()
            || path.extension().is_none_or(|ext| ext != "html")
        {
            continue;
        }
        let shown = path.strip_prefix(site)?;
        let page = HtmlPage { shown, root: "../".repeat(shown.components().count() - 1) };
        let html = fs::read_to_string(path)
            .with_context(|| format!("could not read {}", path.display()))?;
        let rewritten =
            rewrite(&page, &html).with_context(|| format!("in {}", shown.display()))?;
        fs::write(path, rewritten)
            .with_context(|| format!("could not write {}", path.display()))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command_lines_are_printed_so_they_can_be_pasted_into_a_shell() {
        let mut cmd = Command::new("cargo");
        cmd.args(["test", "--target", "wasm32-unknown-unknown", "it's here"])
            .env("CI", "true");
        assert_eq!(
            display(&cmd),
            r"CI=true cargo test --target wasm32-unknown-unknown 'it'\''s here'"
        );
    }

    #[test]
    fn a_tree_is_copied_without_the_entries_refused_and_what_is_under_them() -> Result<()>
    {
        let temp =
            env::temp_dir().join(format!("xtask-copy-tree-{}", std::process::id()));
        remove_all(&temp)?;
        let from = temp.join("from");
        fs::create_dir_all(from.join("kept/deep"))?;
        fs::create_dir_all(from.join("pkg/inner"))?;
        fs::write(from.join("top.txt"), "top")?;
        fs::write(from.join("kept/deep/a.txt"), "a")?;
        fs::write(from.join("pkg/inner/b.txt"), "b")?;
        let to = temp.join("to");
        let copy = |from: &Path, to: &Path| Ok(fs::copy(from, to).map(drop)?);
        let mut copied = copy_tree(&from, &to, |path| !path.starts_with("pkg"), copy)?;
        copied.sort();
        assert_eq!(copied, [from.join("kept/deep/a.txt"), from.join("top.txt")]);
        assert_eq!(fs::read_to_string(to.join("kept/deep/a.txt"))?, "a");
        assert!(!to.join("pkg").exists(), "a refused folder is left out whole");

        let file = temp.join("one.txt");
        copy_tree(&from.join("top.txt"), &file, |_| true, copy)?;
        assert_eq!(
            fs::read_to_string(file)?,
            "top",
            "a single file is copied to `to` itself"
        );
        Ok(())
    }
}
