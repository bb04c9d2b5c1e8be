//! `cargo xtask test`: every check the project has, as named steps, each timed, then a summary.
//!
//! A failing step does not stop the others, so one run shows everything that is wrong. A step whose
//! system tool is missing (Chromium without root, node, python3) is skipped with the command that
//! installs it, except under `CI=true`, where it fails.

use std::{
    fmt,
    fs::{self, File},
    io::{Read, Write},
    net::TcpStream,
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    thread,
    time::{Duration, Instant},
};

use anyhow::{Context as _, Result, bail};

use crate::{
    book_commands,
    cargo_json::{self, Artifact, Suite, TestBinary, test_binaries},
    serve, site,
    tools::{BROWSER_TESTS_DIR, MissingSystemTool},
    util::{Project, free_port, is_root, probe, run},
};

const WASM_TARGET: &str = "wasm32-unknown-unknown";
/// The crates that must keep building for the browser.
const WASM_CRATES: &[&str] = &["product-domain", "product-events", "product-handlers"];

/// One step of `cargo xtask test`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Step {
    Fmt,
    Clippy,
    Wasm,
    Unit,
    Workshop,
    Integration,
    WasmTest,
    Site,
    Browser,
    Typos,
    Actionlint,
    Commands,
}

impl Step {
    /// Every step, in the order they run.
    pub(crate) const ALL: [Step; 12] = [
        Step::Fmt,
        Step::Clippy,
        Step::Wasm,
        Step::Unit,
        Step::Workshop,
        Step::Integration,
        Step::WasmTest,
        Step::Site,
        Step::Browser,
        Step::Typos,
        Step::Actionlint,
        Step::Commands,
    ];

    pub(crate) fn name(self) -> &'static str {
        match self {
            Step::Fmt => "fmt",
            Step::Clippy => "clippy",
            Step::Wasm => "wasm",
            Step::Unit => "unit",
            Step::Workshop => "workshop",
            Step::Integration => "integration",
            Step::WasmTest => "wasm-test",
            Step::Site => "site",
            Step::Browser => "browser",
            Step::Typos => "typos",
            Step::Actionlint => "actionlint",
            Step::Commands => "commands",
        }
    }

    fn about(self) -> &'static str {
        match self {
            Step::Fmt => "cargo fmt --all --check",
            Step::Clippy => "clippy with -D warnings: the workspace on the host, the playground on wasm32",
            Step::Wasm => "product-domain, product-events and product-handlers build for wasm32-unknown-unknown",
            Step::Unit => "every test binary except `integration` and `e2e`, without network; then doc tests",
            Step::Workshop => "every workshop starter compiles and fails its tests; the progress script's node tests",
            Step::Integration => "`integration` and `e2e` test binaries against moto server on 127.0.0.1",
            Step::WasmTest => "the playground's wasm-bindgen tests in headless Chromium",
            Step::Site => "the site build (book, ADRs, wasm) with link, anchor and offline checks",
            Step::Browser => "node --test playground/tests/browser/ against the served site",
            Step::Typos => "spell check of the repository (typos.toml)",
            Step::Actionlint => "lint of .github/workflows/",
            Step::Commands => "every command the book quotes with its output, run again and compared",
        }
    }
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The steps named on the command line, in their canonical order; all of them when none is named.
pub(crate) fn select(names: &[String]) -> Result<Vec<Step>> {
    for name in names {
        if !Step::ALL.iter().any(|step| step.name() == name) {
            let known: Vec<_> = Step::ALL.iter().map(|step| step.name()).collect();
            bail!("unknown test step `{name}`; the steps are: {}", known.join(", "));
        }
    }
    Ok(Step::ALL.into_iter().filter(|step| names.is_empty() || names.iter().any(|name| name == step.name())).collect())
}

/// `cargo xtask test --list`.
pub(crate) fn print_list() {
    for step in Step::ALL {
        println!("{:<12} {}", step.name(), step.about());
    }
}

enum Outcome {
    Passed,
    Skipped(String),
    Failed,
}

/// Runs the steps and prints a summary; fails if any step failed.
pub(crate) fn run_steps(project: &Project, steps: &[Step]) -> Result<()> {
    let mut ctx = Ctx { project, test_artifacts: None, site: None };
    let mut results = Vec::new();
    let started = Instant::now();
    for (index, &step) in steps.iter().enumerate() {
        println!("\n==> [{}/{}] {step}: {}", index + 1, steps.len(), step.about());
        let step_started = Instant::now();
        let outcome = match ctx.run(step) {
            Ok(()) => Outcome::Passed,
            Err(err) => match err.downcast_ref::<MissingSystemTool>() {
                Some(missing) if !project.tools.ci() => Outcome::Skipped(missing.message.clone()),
                _ => {
                    eprintln!("error: {}", crate::util::report(&err));
                    Outcome::Failed
                }
            },
        };
        let seconds = step_started.elapsed().as_secs_f64();
        let word = match &outcome {
            Outcome::Passed => "passed",
            Outcome::Skipped(_) => "SKIPPED",
            Outcome::Failed => "FAILED",
        };
        println!("<== {step}: {word} in {seconds:.1}s");
        if let Outcome::Skipped(why) = &outcome {
            println!("    {why} (with CI=true this is a failure)");
        }
        results.push((step, outcome, seconds));
    }

    println!("\nsummary ({:.1}s):", started.elapsed().as_secs_f64());
    for (step, outcome, seconds) in &results {
        let (word, why) = match outcome {
            Outcome::Passed => ("passed", String::new()),
            Outcome::Skipped(why) => ("SKIPPED", format!("  {why}")),
            Outcome::Failed => ("FAILED", String::new()),
        };
        println!("  {:<12} {word:<8} {seconds:>7.1}s{why}", step.name());
    }
    let count = |wanted: fn(&Outcome) -> bool| results.iter().filter(|(_, outcome, _)| wanted(outcome)).count();
    println!(
        "steps: {} passed, {} failed, {} skipped",
        count(|outcome| matches!(outcome, Outcome::Passed)),
        count(|outcome| matches!(outcome, Outcome::Failed)),
        count(|outcome| matches!(outcome, Outcome::Skipped(_))),
    );
    let failed: Vec<_> = results
        .iter()
        .filter(|(_, outcome, _)| matches!(outcome, Outcome::Failed))
        .map(|(step, _, _)| step.name())
        .collect();
    if !failed.is_empty() {
        bail!("{} of {} steps failed: {}", failed.len(), results.len(), failed.join(", "));
    }
    Ok(())
}

struct Ctx<'a> {
    project: &'a Project,
    /// The host test binaries, built once for both `unit` and `integration`.
    test_artifacts: Option<Vec<Artifact>>,
    /// Whether `site` ran in this invocation and passed, so `browser` tests what was just built.
    site: Option<bool>,
}

impl Ctx<'_> {
    fn run(&mut self, step: Step) -> Result<()> {
        let project = self.project;
        match step {
            Step::Fmt => run(project.cargo().args(["fmt", "--all", "--check"])),
            Step::Clippy => self.clippy(),
            Step::Wasm => {
                for krate in WASM_CRATES {
                    project.require_crate(&format!("crates/{krate}"), "the wasm step")?;
                }
                project.tools.wasm_target()?;
                let mut cmd = project.cargo();
                cmd.args(["build", "--target", WASM_TARGET]);
                for krate in WASM_CRATES {
                    cmd.args(["--package", krate]);
                }
                run(&mut cmd)
            }
            Step::Unit => self.unit(),
            Step::Workshop => self.workshop(),
            Step::Integration => self.integration(),
            Step::WasmTest => self.wasm_test(),
            Step::Site => {
                let built = site::build(project);
                self.site = Some(built.is_ok());
                built
            }
            Step::Browser => self.browser(),
            Step::Typos => {
                let typos = project.tools.typos()?;
                run(Command::new(typos).arg("--config").arg(project.root.join("typos.toml")).current_dir(&project.root))
            }
            Step::Actionlint => {
                let actionlint = project.tools.actionlint()?;
                let workflows = files_with_extensions(&project.root.join(".github/workflows"), &["yml", "yaml"])?;
                if workflows.is_empty() {
                    bail!("no workflow files in .github/workflows/");
                }
                run(Command::new(actionlint).args(&workflows).current_dir(&project.root))
            }
            Step::Commands => book_commands::check(&project.root),
        }
    }

    fn clippy(&self) -> Result<()> {
        let project = self.project;
        // The playground is checked for the target it is made for; on the host it would only check
        // the parts that are not `cfg(target_arch = "wasm32")`.
        let host = run(project.cargo().args([
            "clippy",
            "--workspace",
            "--exclude",
            "playground",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]));
        let wasm = project.require_crate("playground", "the wasm32 clippy of the playground").and_then(|()| {
            project.tools.wasm_target()?;
            run(project.cargo().args([
                "clippy",
                "--package",
                "playground",
                "--all-targets",
                "--target",
                WASM_TARGET,
                "--",
                "-D",
                "warnings",
            ]))
        });
        match (host, wasm) {
            (Ok(()), Ok(())) => Ok(()),
            (Err(err), Ok(())) | (Ok(()), Err(err)) => Err(err),
            (Err(host), Err(wasm)) => bail!("{host:#}\n{wasm:#}"),
        }
    }

    /// Builds every host test binary once (without running them) and keeps cargo's report of them.
    fn test_artifacts(&mut self) -> Result<Vec<Artifact>> {
        if let Some(artifacts) = &self.test_artifacts {
            return Ok(artifacts.clone());
        }
        let artifacts = cargo_json::build(self.project.cargo().args([
            "test",
            "--workspace",
            "--exclude",
            "playground",
            // The workshop's tests pass against its solutions; its starters are checked by `workshop`.
            "--features",
            "workshop/solutions",
            "--no-run",
        ]))?;
        self.test_artifacts = Some(artifacts.clone());
        Ok(artifacts)
    }

    fn unit(&mut self) -> Result<()> {
        let binaries = test_binaries(&self.test_artifacts()?, Suite::Unit);
        if binaries.is_empty() {
            bail!("cargo built no unit test binaries");
        }
        let isolation = network_isolation();
        match &isolation {
            Ok(()) => println!("unit tests run without network: each binary under `unshare -n`"),
            Err(why) => println!("unit tests run WITH network access: {why}"),
        }
        let failures = run_binaries(&binaries, |binary| {
            let mut cmd = if isolation.is_ok() {
                let mut cmd = Command::new("unshare");
                cmd.args(["-n", "--"]).arg(&binary.executable);
                cmd
            } else {
                Command::new(&binary.executable)
            };
            cmd.current_dir(&binary.package_dir).env("CARGO_MANIFEST_DIR", &binary.package_dir);
            cmd
        });
        let docs = run(self.project.cargo().args(["test", "--workspace", "--exclude", "playground", "--doc"]));
        if !failures.is_empty() {
            bail!("unit test binaries failed: {}", failures.join(", "));
        }
        docs
    }

    /// The workshop's starters must compile, and each exercise's tests must fail on them until an
    /// attendee does the work; a starter that passes would be an exercise with nothing to do.
    fn workshop(&self) -> Result<()> {
        let project = self.project;
        project.require_crate("crates/workshop", "the workshop step")?;
        let starters =
            cargo_json::build(project.cargo().args(["test", "--package", "workshop", "--tests", "--no-run"]))?;
        let exercises: Vec<_> = starters
            .iter()
            .filter(|artifact| artifact.kinds.iter().any(|kind| kind == "test"))
            .filter_map(|artifact| Some((artifact.target_name.clone(), artifact.executable.clone()?)))
            .collect();
        if exercises.is_empty() {
            bail!("the workshop crate has no exercise test files (crates/workshop/tests/*.rs)");
        }
        let mut passing = Vec::new();
        for (name, executable) in &exercises {
            let output = Command::new(executable)
                .current_dir(project.root.join("crates/workshop"))
                .output()
                .with_context(|| format!("could not run {}", executable.display()))?;
            let stdout = String::from_utf8_lossy(&output.stdout);
            let failed_as_intended = !output.status.success() && stdout.contains("test result: FAILED");
            println!("starter `{name}`: {}", if failed_as_intended { "fails as intended" } else { "DOES NOT FAIL" });
            if !failed_as_intended {
                passing.push(name.as_str());
            }
        }
        let node_tests = browser_test_files(&project.root.join("crates/workshop/tests"))?;
        let node = if node_tests.is_empty() {
            Ok(())
        } else {
            run(Command::new("node").arg("--test").args(&node_tests).current_dir(&project.root))
        };
        if !passing.is_empty() {
            bail!("workshop starters whose tests do not fail: {}", passing.join(", "));
        }
        node
    }

    fn integration(&mut self) -> Result<()> {
        let project = self.project;
        // The Lambda binaries come with the test build: cargo builds a package's binaries for its
        // integration tests, which find them through `CARGO_BIN_EXE_<name>`.
        let binaries = test_binaries(&self.test_artifacts()?, Suite::Integration);
        if binaries.is_empty() {
            bail!("no test target is named `integration` or `e2e` (tests/integration/main.rs, tests/e2e/main.rs)");
        }
        let moto_server = project.tools.moto_server()?;
        fs::create_dir_all(project.scratch_dir())?;
        let moto = Moto::start(&moto_server, &project.scratch_dir().join("moto.log"))?;
        let endpoint = format!("http://127.0.0.1:{}", moto.port);
        let failures = run_binaries(&binaries, |binary| {
            let mut cmd = Command::new(&binary.executable);
            cmd.current_dir(&binary.package_dir)
                .env("CARGO_MANIFEST_DIR", &binary.package_dir)
                .env("AWS_ENDPOINT_URL", &endpoint)
                .env("AWS_REGION", "us-east-1")
                .env("AWS_ACCESS_KEY_ID", "testing")
                .env("AWS_SECRET_ACCESS_KEY", "testing")
                .env("AWS_EC2_METADATA_DISABLED", "true")
                .env("PSR_AWS_ENDPOINT", "moto");
            cmd
        });
        drop(moto);
        if !failures.is_empty() {
            bail!("integration test binaries failed: {}", failures.join(", "));
        }
        Ok(())
    }

    fn wasm_test(&self) -> Result<()> {
        let project = self.project;
        project.require_crate("playground", "the wasm-test step")?;
        let tools = &project.tools;
        tools.wasm_target()?;
        let browser = tools.browser()?;
        let bindgen = tools.wasm_bindgen()?;
        // Root may only start Chromium without its sandbox; the runner adds nothing of its own.
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
            .env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER", &bindgen.test_runner)
            .env("CHROMEDRIVER", &browser.chromedriver);
        if std::env::var_os("WASM_BINDGEN_TEST_WEBDRIVER_JSON").is_none() {
            cmd.env("WASM_BINDGEN_TEST_WEBDRIVER_JSON", &webdriver);
        }
        run(&mut cmd)
    }

    fn browser(&mut self) -> Result<()> {
        let project = self.project;
        let tests_dir = project.root.join(BROWSER_TESTS_DIR);
        if !tests_dir.is_dir() {
            bail!("{BROWSER_TESTS_DIR}/ does not exist: it holds the browser tests and their package.json");
        }
        let tests = browser_test_files(&tests_dir)?;
        if tests.is_empty() {
            bail!("{BROWSER_TESTS_DIR}/ holds no test files (*.test.mjs, *.test.js, ...)");
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
        println!("serving {} on http://{addr}/ for the browser tests", site_dir.display());
        run(Command::new("node")
            .arg("--test")
            .args(&tests)
            .current_dir(&project.root)
            .env("SITE_URL", format!("http://{addr}/"))
            .env("SITE_DIR", &site_dir)
            .env("CHROMIUM", &browser.chromium))
    }
}

/// Runs each binary, printing its name and time; returns the labels of those that failed.
fn run_binaries(binaries: &[TestBinary], command: impl Fn(&TestBinary) -> Command) -> Vec<String> {
    let mut failures = Vec::new();
    for binary in binaries {
        let started = Instant::now();
        let label = binary.label();
        println!("--- {label}");
        let result = run(&mut command(binary));
        println!(
            "--- {label}: {} in {:.1}s",
            if result.is_ok() { "ok" } else { "FAILED" },
            started.elapsed().as_secs_f64()
        );
        if result.is_err() {
            failures.push(label);
        }
    }
    failures
}

/// Whether test binaries can run in a network namespace of their own (root and a working `unshare`).
fn network_isolation() -> Result<(), String> {
    if !is_root() {
        return Err("`unshare -n` needs root".to_owned());
    }
    if !probe(Command::new("unshare").args(["-n", "--", "true"])) {
        return Err(
            "`unshare -n true` failed here (no unshare, or no permission to create a network namespace)".to_owned()
        );
    }
    Ok(())
}

/// The moto server process; stopped when dropped, so a failing or panicking step leaves nothing behind.
struct Moto {
    child: Child,
    port: u16,
}

impl Moto {
    fn start(program: &Path, log: &Path) -> Result<Self> {
        let port = free_port()?;
        let out = File::create(log).with_context(|| format!("could not create {}", log.display()))?;
        let mut cmd = Command::new(program);
        cmd.args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdin(Stdio::null())
            .stdout(out.try_clone()?)
            .stderr(out);
        println!("$ {}", crate::util::display(&cmd));
        let child = cmd.spawn().with_context(|| format!("could not start {}", program.display()))?;
        let mut moto = Self { child, port };
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if let Some(status) = moto.child.try_wait()? {
                bail!("moto_server exited ({status}) before answering; its output is in {}", log.display());
            }
            if answers(port) {
                break;
            }
            if Instant::now() > deadline {
                bail!("moto_server did not answer on 127.0.0.1:{port} within 60 s; its output is in {}", log.display());
            }
            thread::sleep(Duration::from_millis(200));
        }
        println!("moto_server answers on http://127.0.0.1:{port} (log: {})", log.display());
        Ok(moto)
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        println!("moto_server stopped");
    }
}

/// Whether an HTTP server answers on 127.0.0.1:`port`.
fn answers(port: u16) -> bool {
    let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else { return false };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    let mut first = [0_u8; 5];
    stream.write_all(b"GET /moto-api/ HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").is_ok()
        && stream.read_exact(&mut first).is_ok()
        && &first == b"HTTP/"
}

/// The files node's test runner would pick in a folder (`*.test.mjs`, `test-*.js`, ...), outside
/// `node_modules`. Named explicitly because node versions differ in how they expand a folder argument.
fn browser_test_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    for path in files_with_extensions(dir, &["js", "mjs", "cjs"])? {
        let Some(stem) = path.file_stem().and_then(|stem| stem.to_str()) else { continue };
        if is_test_file_stem(stem) {
            found.push(path);
        }
    }
    found.sort();
    Ok(found)
}

fn is_test_file_stem(stem: &str) -> bool {
    stem == "test"
        || stem.starts_with("test-")
        || [".test", "-test", "_test"].iter().any(|suffix| stem.ends_with(suffix))
}

/// Files with one of the extensions under `dir`, recursively, skipping `node_modules`.
fn files_with_extensions(dir: &Path, extensions: &[&str]) -> Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    if !dir.is_dir() {
        return Ok(found);
    }
    for entry in fs::read_dir(dir).with_context(|| format!("could not read {}", dir.display()))? {
        let path = entry?.path();
        if path.is_dir() {
            if path.file_name().is_some_and(|name| name != "node_modules") {
                found.extend(files_with_extensions(&path, extensions)?);
            }
        } else if path.extension().and_then(|ext| ext.to_str()).is_some_and(|ext| extensions.contains(&ext)) {
            found.push(path);
        }
    }
    found.sort();
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_step_has_a_distinct_name() {
        let mut names: Vec<_> = Step::ALL.iter().map(|step| step.name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Step::ALL.len());
    }

    #[test]
    fn benchmarks_are_not_a_test_step() {
        assert!(select(&["bench-check".to_owned()]).is_err());
    }

    #[test]
    fn node_test_files_are_recognised_by_name() {
        for stem in ["playground.test", "widgets-test", "offline_test", "test-search", "test"] {
            assert!(is_test_file_stem(stem), "{stem}");
        }
        for stem in ["helpers", "server", "contest", "testing"] {
            assert!(!is_test_file_stem(stem), "{stem}");
        }
    }

    #[test]
    fn browser_tests_are_found_outside_node_modules_only() {
        let dir = std::env::temp_dir().join(format!("xtask-browser-tests-{}", std::process::id()));
        fs::create_dir_all(dir.join("node_modules/pkg")).unwrap();
        fs::create_dir_all(dir.join("widgets")).unwrap();
        for file in
            ["page.test.mjs", "helpers.mjs", "widgets/validate.test.js", "node_modules/pkg/x.test.js", "package.json"]
        {
            fs::write(dir.join(file), "").unwrap();
        }

        let found = browser_test_files(&dir).unwrap();

        assert_eq!(found, [dir.join("page.test.mjs"), dir.join("widgets/validate.test.js")]);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_port_where_nothing_listens_does_not_answer() {
        let port = free_port().unwrap();
        assert!(!answers(port));
    }
}
