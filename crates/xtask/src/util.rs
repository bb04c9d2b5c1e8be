//! What every subcommand shares: where the repository and its outputs are, how commands run, and how
//! progress is shown (each command line before it runs, each section with its elapsed time).

use std::{
    env,
    ffi::OsStr,
    net::TcpListener,
    path::{Path, PathBuf},
    process::Command,
    time::Instant,
};

use anyhow::{Context, Result, bail};

use crate::tools::Tools;

/// The repository and the places the xtask writes to.
pub(crate) struct Project {
    /// The workspace root (the folder holding `book.toml`).
    pub(crate) root: PathBuf,
    /// Cargo's target directory: `$CARGO_TARGET_DIR` or `<root>/target`.
    pub(crate) target: PathBuf,
    /// The installed tools, installed on first use.
    pub(crate) tools: Tools,
}

impl Project {
    pub(crate) fn locate() -> Result<Self> {
        let root = project_root();
        if !root.join("Cargo.toml").is_file() {
            bail!("{} is not the workspace root: no Cargo.toml there", root.display());
        }
        let target = match env::var_os("CARGO_TARGET_DIR") {
            Some(dir) => root.join(dir),
            None => root.join("target"),
        };
        let tools = Tools::new(&root, &target, is_ci());
        Ok(Self { root, target, tools })
    }

    /// Where the finished static site lives.
    pub(crate) fn site_dir(&self) -> PathBuf {
        self.target.join("site")
    }

    /// Scratch space of the xtask itself (logs, intermediate outputs).
    pub(crate) fn scratch_dir(&self) -> PathBuf {
        self.target.join("xtask")
    }

    /// A `cargo` command run from the workspace root.
    pub(crate) fn cargo(&self) -> Command {
        let mut cmd = Command::new(cargo());
        cmd.current_dir(&self.root);
        cmd
    }

    /// Fails with a clear message when a workspace member that a step needs does not exist yet.
    pub(crate) fn require_crate(&self, dir: &str, needed_by: &str) -> Result<()> {
        if !self.root.join(dir).join("Cargo.toml").is_file() {
            bail!("{needed_by} needs the crate in `{dir}/`, but `{dir}/Cargo.toml` does not exist");
        }
        Ok(())
    }
}

/// The workspace root, two levels above this crate's manifest (`crates/xtask`).
pub(crate) fn project_root() -> PathBuf {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest_dir.ancestors().nth(2).unwrap_or(manifest_dir).to_path_buf()
}

/// The cargo that runs us, so nested calls use the same toolchain.
pub(crate) fn cargo() -> String {
    env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned())
}

/// `CI=true` (GitHub Actions, `.ci/run`) turns every missing tool into a failure.
pub(crate) fn is_ci() -> bool {
    env::var("CI").is_ok_and(|value| value == "true" || value == "1")
}

/// Whether we may install system packages ourselves.
pub(crate) fn is_root() -> bool {
    Command::new("id").arg("-u").output().is_ok_and(|out| out.status.success() && out.stdout.trim_ascii() == b"0")
}

/// Prints the command line, runs it with inherited output, and fails unless it exits with 0.
pub(crate) fn run(cmd: &mut Command) -> Result<()> {
    println!("$ {}", display(cmd));
    let status = cmd.status().with_context(|| format!("could not start `{}`", display(cmd)))?;
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
    let envs = cmd
        .get_envs()
        .filter_map(|(key, value)| value.map(|value| format!("{}={}", key.to_string_lossy(), value.to_string_lossy())));
    // PATH is long and says little; the tools on it are printed where they are installed.
    let envs = envs.filter(|pair| !pair.starts_with("PATH="));
    let words = std::iter::once(cmd.get_program()).chain(cmd.get_args()).map(quote);
    envs.chain(words).collect::<Vec<_>>().join(" ")
}

fn quote(word: &OsStr) -> String {
    let word = word.to_string_lossy();
    if !word.is_empty() && word.chars().all(|c| c.is_ascii_alphanumeric() || "-_./=:,@+%".contains(c)) {
        word.into_owned()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

/// An error and its causes, one per line, without the backtrace that `RUST_BACKTRACE=1` would add.
pub(crate) fn report(err: &anyhow::Error) -> String {
    let mut text = err.to_string();
    for cause in err.chain().skip(1) {
        text.push_str(&format!("\n  caused by: {cause}"));
    }
    text
}

/// Runs one named section, printing its name first and its outcome with the elapsed seconds last.
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
    let listener = TcpListener::bind("127.0.0.1:0").context("could not bind 127.0.0.1:0")?;
    Ok(listener.local_addr()?.port())
}

/// `PATH` with the given folders in front.
pub(crate) fn path_with(dirs: &[PathBuf]) -> Result<std::ffi::OsString> {
    let current = env::var_os("PATH").unwrap_or_default();
    let dirs = dirs.iter().cloned().chain(env::split_paths(&current));
    env::join_paths(dirs).context("a tool folder contains a character that PATH cannot hold")
}

/// Removes a file or folder tree if it exists.
pub(crate) fn remove_all(path: &Path) -> Result<()> {
    match std::fs::symlink_metadata(path) {
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(err) => Err(err).with_context(|| format!("could not inspect {}", path.display())),
        Ok(meta) if meta.is_dir() => {
            std::fs::remove_dir_all(path).with_context(|| format!("could not remove {}", path.display()))
        }
        Ok(_) => std::fs::remove_file(path).with_context(|| format!("could not remove {}", path.display())),
    }
}

/// Copies a folder tree (files and folders only; the outputs we copy hold nothing else).
pub(crate) fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to).with_context(|| format!("could not create {}", to.display()))?;
    for entry in std::fs::read_dir(from).with_context(|| format!("could not read {}", from.display()))? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target)
                .with_context(|| format!("could not copy {} to {}", entry.path().display(), target.display()))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_project_root_holds_the_workspace_manifest_and_this_crate() {
        let root = project_root();
        assert!(root.join("Cargo.toml").is_file());
        assert!(root.join("crates/xtask/Cargo.toml").is_file());
    }

    #[test]
    fn command_lines_are_printed_so_they_can_be_pasted_into_a_shell() {
        let mut cmd = Command::new("cargo");
        cmd.args(["test", "--target", "wasm32-unknown-unknown", "it's here"]).env("CI", "true");
        assert_eq!(display(&cmd), r"CI=true cargo test --target wasm32-unknown-unknown 'it'\''s here'");
    }
}
