//! The `deny` step: `cargo deny` with the committed `deny.toml`, checking licenses, bans
//! and sources always, and advisories only when a copy of the RustSec advisory database
//! is at hand.
//!
//! cargo-deny carries no advisory database of its own: it clones one from GitHub, which
//! CI cannot reach. So advisories are checked against `$PSR_ADVISORY_DB`, a git clone of
//! <https://github.com/RustSec/advisory-db> kept wherever the developer likes (`git pull` it to update):
//! the step clones it locally into the folder where cargo-deny keeps the default database
//! and runs cargo-deny `--offline`, so nothing is fetched. Without it the step says, on
//! its last line, that advisories were not checked.

use std::{env, fs, path::Path, process::Command};

use anyhow::{Context, Result, bail};

use super::Ctx;
use crate::util::{remove_all, run};

/// The checks that need nothing but the lock file and the registry's metadata.
const OFFLINE_CHECKS: [&str; 3] = ["licenses", "bans", "sources"];
/// The folder, under `db-path`, in which cargo-deny 0.20 looks for the default database
/// (its name hashes the database's URL); were it to change, cargo-deny fails naming the
/// folder it looked for.
const DEFAULT_DB_FOLDER: &str = "advisory-db-3157b0e258782691";

impl Ctx<'_> {
    pub(super) fn deny(&self) -> Result<()> {
        let project = self.project;
        let config = project.root.join("deny.toml");
        if !config.is_file() {
            bail!("deny.toml is missing: it holds what `cargo deny` allows");
        }
        let cargo_deny = project.tools.cargo_deny()?;
        let check = |config: &Path, options: &[&str], checks: &[&str]| {
            let mut cmd = Command::new(&cargo_deny);
            cmd.arg("--manifest-path")
                .arg(project.root.join("Cargo.toml"))
                .arg("--config")
                .arg(config);
            // `--locked`: the graph checked is the one `Cargo.lock` records, never a
            // newer resolution.
            cmd.arg("--locked").args(options).arg("check").args(checks);
            run(cmd.current_dir(&project.root))
        };
        check(&config, &[], &OFFLINE_CHECKS)?;
        let Some(db) = env::var_os("PSR_ADVISORY_DB").filter(|dir| !dir.is_empty())
        else {
            println!(
                "advisories: NOT CHECKED: no advisory database (set PSR_ADVISORY_DB to a git clone of \
                 https://github.com/RustSec/advisory-db); licenses, bans and sources were checked"
            );
            return Ok(());
        };
        let dbs = project.scratch_dir().join("advisory-dbs");
        let copy = dbs.join(DEFAULT_DB_FOLDER);
        remove_all(&copy)?;
        fs::create_dir_all(&dbs)
            .with_context(|| format!("could not create {}", dbs.display()))?;
        run(Command::new("git").args(["clone", "--quiet"]).arg(&db).arg(&copy))?;
        let local = project.scratch_dir().join("deny-advisories.toml");
        let text = fs::read_to_string(&config).context("could not read deny.toml")?;
        fs::write(&local, with_db_path(&text, &dbs)?)
            .with_context(|| format!("could not write {}", local.display()))?;
        check(&local, &["--offline"], &["advisories"])?;
        let newest = Command::new("git")
            .args(["log", "-1", "--format=%cs %h"])
            .current_dir(&copy)
            .output()?;
        println!(
            "advisories: checked against {} (newest advisory commit {})",
            Path::new(&db).display(),
            String::from_utf8_lossy(&newest.stdout).trim()
        );
        Ok(())
    }
}

/// `deny.toml` with its `[advisories]` reading the databases kept under `dbs`.
fn with_db_path(config: &str, dbs: &Path) -> Result<String> {
    if config.lines().filter(|line| line.trim() == "[advisories]").count() != 1 {
        bail!("deny.toml must have one `[advisories]` table");
    }
    // A JSON string is a TOML basic string.
    let path = serde_json::to_string(&dbs.display().to_string())
        .context("a path that cannot be written in TOML")?;
    let settings = format!("[advisories]\ndb-path = {path}");
    let lines = config
        .lines()
        .map(|line| if line.trim() == "[advisories]" { settings.as_str() } else { line });
    Ok(lines.collect::<Vec<_>>().join("\n") + "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_advisories_table_is_pointed_at_the_local_copy_of_the_database() {
        let config = "[graph]\nall-features = true\n\n[advisories]\nyanked = \"deny\"\n";
        let local =
            with_db_path(config, Path::new("/target/xtask/advisory-dbs")).unwrap();
        assert_eq!(
            local,
            "[graph]\nall-features = true\n\n[advisories]\ndb-path = \"/target/xtask/advisory-dbs\"\nyanked = \"deny\"\n"
        );
        assert!(with_db_path("[graph]\n", Path::new("/dbs")).is_err());
    }
}
