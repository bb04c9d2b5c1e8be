//! The steps that need Chromium: `wasm-test` (the playground's wasm-bindgen tests) and
//! `browser` (the node tests of the served site).

use std::{
    collections::BTreeMap,
    fs,
    path::{Path, PathBuf},
    process::Command,
};

use anyhow::{Context, Result, bail};
use walkdir::WalkDir;

use super::{Ctx, WASM_TARGET};
use crate::{
    project::Project,
    serve::{self, shadow::Shadow},
    site,
    tools::BROWSER_TESTS_DIR,
    util::{remove_all, run},
};

/// What each test file's process appends its counts to (`support.mjs`), one JSON object a
/// line.
const FIGURE_PARTS: &str = "page.parts.jsonl";

impl Ctx<'_> {
    pub(super) fn wasm_test(&self) -> Result<()> {
        let project = self.project;
        project.require_crate("playground", "the wasm-test step")?;
        let tools = &project.tools;
        tools.wasm_target()?;
        let browser = tools.browser()?;
        let test_runner = tools.wasm_bindgen_test_runner()?;
        // Root may only start Chromium without its sandbox; the runner adds nothing of
        // its own.
        let webdriver = project.scratch_dir().join("webdriver.json");
        let capabilities = serde_json::json!({
            "goog:chromeOptions": {
                "binary": browser.chromium,
                "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
            }
        });
        fs::create_dir_all(project.scratch_dir())?;
        fs::write(&webdriver, format!("{capabilities:#}\n"))?;
        let mut cmd = project.cargo();
        cmd.args(["test", "--package", "playground", "--target", WASM_TARGET])
            .env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER", &test_runner)
            .env("CHROMEDRIVER", &browser.chromedriver);
        if std::env::var_os("WASM_BINDGEN_TEST_WEBDRIVER_JSON").is_none() {
            cmd.env("WASM_BINDGEN_TEST_WEBDRIVER_JSON", &webdriver);
        }
        run(&mut cmd)
    }

    pub(super) fn browser(&mut self) -> Result<()> {
        let project = self.project;
        let tests_dir = project.root.join(BROWSER_TESTS_DIR);
        if !tests_dir.is_dir() {
            bail!(
                "{BROWSER_TESTS_DIR}/ does not exist: it holds the browser tests and their package.json"
            );
        }
        let tests = browser_test_files(&tests_dir)?;
        if tests.is_empty() {
            bail!(
                "{BROWSER_TESTS_DIR}/ holds no test files (*.test.mjs, *.test.js, ...)"
            );
        }
        project.tools.npm_packages()?;
        let browser = project.tools.browser()?;
        match self.site {
            Some(true) => {}
            Some(false) => bail!("the site step failed, so there is no site to test"),
            None => {
                println!("the site was not built in this run; building it first");
                let built = site::build(project);
                self.site = Some(built.is_ok());
                built?;
            }
        }
        let site_dir = project.site_dir();
        let addr = serve::spawn(site_dir.clone(), 0)?;
        println!(
            "serving {} on http://{addr}/ for the browser tests",
            site_dir.display()
        );
        // The same site with the run service (ADR-0029), for run.test.mjs, over a copy of
        // the workspace: run.test.mjs presses "Write my edit into the exercise file", and
        // the write lands in the copy. Restoring the reader's own file afterwards would
        // not do: a test killed between the write and the restore, or a reader editing
        // the file while the tests run, would lose the reader's work.
        let copy = Shadow::served_copy(
            &project.root,
            project.scratch_dir().join("run-workspace"),
        )?;
        let served = Project::at(copy.dir.clone(), project.target.clone());
        let (run_addr, _) = serve::spawn_with_runs(&served, 0)?;
        // The first site of `cargo xtask serve` on a fresh clone, for pending.test.mjs: this
        // site with the stand-in in place of the module, which the test swaps in.
        let pending_dir = project.scratch_dir().join("pending-site");
        site::pending::copy_site(&site_dir, &pending_dir)?;
        let pending_addr = serve::spawn(pending_dir.clone(), 0)?;
        let figures_dir = project.figures_dir();
        let parts = figures_dir.join(FIGURE_PARTS);
        remove_all(&parts)?;
        let tested = run(Command::new("node")
            .arg("--test")
            .args(&tests)
            .current_dir(&project.root)
            .env("SITE_URL", format!("http://{addr}/"))
            .env("RUN_SITE_URL", format!("http://{run_addr}/"))
            .env("RUN_WORKSPACE", &copy.dir)
            .env("SITE_DIR", &site_dir)
            .env("PENDING_SITE_URL", format!("http://{pending_addr}/"))
            .env("PENDING_SITE_DIR", &pending_dir)
            .env("CHROMIUM", &browser.chromium)
            .env("PSR_FIGURES_DIR", &figures_dir));
        // The figures are written whether the tests passed or not: a count of violations
        // is most useful when it is not zero.
        let written = write_page_figures(&parts, &figures_dir.join("page.json"));
        tested.and(written)
    }
}

/// Sums every test file's counts (`{"csp_violations": 0, ...}` a line) into one flat JSON
/// object.
fn write_page_figures(parts: &Path, page_json: &Path) -> Result<()> {
    let text = fs::read_to_string(parts)
        .with_context(|| format!("no test file wrote {}", parts.display()))?;
    let figures = sum_figures(&text)?;
    fs::write(page_json, format!("{}\n", serde_json::to_string_pretty(&figures)?))
        .with_context(|| format!("could not write {}", page_json.display()))?;
    println!("figures: {} {}", page_json.display(), serde_json::to_string(&figures)?);
    remove_all(parts)
}

pub(super) fn sum_figures(lines: &str) -> Result<BTreeMap<String, u64>> {
    let mut figures = BTreeMap::new();
    for line in lines.lines().filter(|line| !line.trim().is_empty()) {
        let counts: BTreeMap<String, u64> = serde_json::from_str(line)
            .with_context(|| format!("a figures line is not counts: {line}"))?;
        for (name, count) in counts {
            *figures.entry(name).or_default() += count;
        }
    }
    Ok(figures)
}

/// The files node's test runner would pick in a folder (`*.test.mjs`, `test-*.js`, ...),
/// outside `node_modules`. Named explicitly because node versions differ in how they
/// expand a folder argument.
pub(super) fn browser_test_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    for path in files_with_extensions(dir, &["js", "mjs", "cjs"])? {
        let Some(stem) = path.file_stem().and_then(|stem| stem.to_str()) else {
            continue;
        };
        if is_test_file_stem(stem) {
            found.push(path);
        }
    }
    found.sort();
    Ok(found)
}

pub(super) fn is_test_file_stem(stem: &str) -> bool {
    stem == "test"
        || stem.starts_with("test-")
        || [".test", "-test", "_test"].iter().any(|suffix| stem.ends_with(suffix))
}

/// Files with one of the extensions under `dir`, recursively, skipping `node_modules`, in
/// name order.
pub(super) fn files_with_extensions(
    dir: &Path,
    extensions: &[&str],
) -> Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    let walk = WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| entry.file_name() != "node_modules");
    for entry in walk {
        let path = match entry {
            Ok(entry) => entry.into_path(),
            // A missing folder holds no files.
            Err(err)
                if err
                    .io_error()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::NotFound) =>
            {
                continue;
            }
            Err(err) => return Err(err.into()),
        };
        if path.is_file()
            && path
                .extension()
                .and_then(|ext| ext.to_str())
                .is_some_and(|ext| extensions.contains(&ext))
        {
            found.push(path);
        }
    }
    Ok(found)
}
