//! Files the repository carries from elsewhere (mermaid 11.6.0's `mermaid.min.js`, which
//! the site serves itself instead of loading from a CDN) must be byte for byte the files
//! that were reviewed: their SHA-256 is recorded in `crates/xtask/vendored.sha256`, in
//! `sha256sum` format, and the site build stops on a difference. Updating a vendored file
//! means updating its line there, in the same commit (`sha256sum
//! src/assets/mermaid.min.js`).

use std::{fs, path::Path};

use anyhow::{Context, Result, bail};
use sha2::{Digest as _, Sha256};

/// The record of the vendored files' SHA-256, relative to the repository.
pub(crate) const RECORD: &str = "crates/xtask/vendored.sha256";

/// Checks every file named in [`RECORD`] against its recorded SHA-256; returns how many
/// it checked.
pub(crate) fn check(root: &Path) -> Result<usize> {
    let record = root.join(RECORD);
    let text = fs::read_to_string(&record)
        .with_context(|| format!("could not read {}", record.display()))?;
    let mut problems = Vec::new();
    let mut checked = 0;
    for (number, line) in
        text.lines().enumerate().filter(|(_, line)| !line.trim().is_empty())
    {
        let Some((expected, file)) = line.split_once("  ") else {
            bail!("{RECORD}:{}: expected `<sha256>  <path>`, found `{line}`", number + 1);
        };
        let path = root.join(file);
        let content = fs::read(&path)
            .with_context(|| format!("could not read {file}, named in {RECORD}"))?;
        let actual = hex(&Sha256::digest(&content));
        if actual != expected {
            problems.push(format!(
                "{file}: SHA-256 {actual}, but {RECORD} records {expected}; \
                 if the new file was reviewed, record its hash there"
            ));
        }
        checked += 1;
    }
    if !problems.is_empty() {
        bail!(
            "a vendored file differs from the one recorded:\n  {}",
            problems.join("\n  ")
        );
    }
    Ok(checked)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repository(file: &str, record: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "xtask-vendored-{}-{}",
            std::process::id(),
            record.len()
        ));
        fs::create_dir_all(dir.join("crates/xtask")).unwrap();
        fs::write(dir.join("lib.js"), file).unwrap();
        fs::write(dir.join(RECORD), record).unwrap();
        dir
    }

    // `printf 'hello\n' | sha256sum`
    const HELLO: &str =
        "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03";

    #[test]
    fn a_vendored_file_that_matches_its_recorded_hash_passes() {
        let dir = repository("hello\n", &format!("{HELLO}  lib.js\n"));
        assert_eq!(check(&dir).unwrap(), 1);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_changed_vendored_file_stops_the_build_with_both_hashes() {
        let dir = repository("hello, changed\n", &format!("{HELLO}  lib.js\n\n"));
        let err = check(&dir).unwrap_err().to_string();
        assert!(
            err.contains(&format!(
                "lib.js: SHA-256 {}",
                hex(&Sha256::digest(b"hello, changed\n"))
            )),
            "{err}"
        );
        assert!(err.contains(&format!("records {HELLO}")), "{err}");
        fs::remove_dir_all(&dir).unwrap();
    }
}
