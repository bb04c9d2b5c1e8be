//! The `integration` step: the `integration` and `e2e` test binaries against moto server
//! on 127.0.0.1.

use std::{
    fs::{self, File},
    io::{Read, Write},
    net::TcpStream,
    path::Path,
    process::{Child, Command, Stdio},
    thread,
    time::{Duration, Instant},
};

use anyhow::{Context as _, Result, bail};

use super::{Ctx, unit::run_binaries};
use crate::{
    cargo_json::{Suite, test_binaries},
    util::{display, free_port},
};

impl Ctx<'_> {
    pub(super) fn integration(&mut self) -> Result<()> {
        let project = self.project;
        // The Lambda binaries come with the test build: cargo builds a package's binaries
        // for its integration tests, which find them through
        // `CARGO_BIN_EXE_<name>`.
        let binaries = test_binaries(&self.test_artifacts()?, Suite::Integration);
        if binaries.is_empty() {
            bail!(
                "no test target is named `integration` or `e2e` (tests/integration/main.rs, tests/e2e/main.rs)"
            );
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
                .env("PSR_AWS_ENDPOINT", "moto")
                .env("PSR_FIGURES_DIR", project.figures_dir());
            cmd
        });
        drop(moto);
        if !failures.is_empty() {
            bail!("integration test binaries failed: {}", failures.join(", "));
        }
        Ok(())
    }
}

/// The moto server process; stopped when dropped, so a failing or panicking step leaves
/// nothing behind.
struct Moto {
    child: Child,
    port: u16,
}

impl Moto {
    fn start(program: &Path, log: &Path) -> Result<Self> {
        let port = free_port()?;
        let out = File::create(log)
            .with_context(|| format!("could not create {}", log.display()))?;
        let mut cmd = Command::new(program);
        cmd.args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdin(Stdio::null())
            .stdout(out.try_clone()?)
            .stderr(out);
        println!("$ {}", display(&cmd));
        let child = cmd
            .spawn()
            .with_context(|| format!("could not start {}", program.display()))?;
        let mut moto = Self { child, port };
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if let Some(status) = moto.child.try_wait()? {
                bail!(
                    "moto_server exited ({status}) before answering; its output is in {}",
                    log.display()
                );
            }
            if answers(port) {
                break;
            }
            if Instant::now() > deadline {
                bail!(
                    "moto_server did not answer on 127.0.0.1:{port} within 60 s; its output is in {}",
                    log.display()
                );
            }
            thread::sleep(Duration::from_millis(200));
        }
        println!(
            "moto_server answers on http://127.0.0.1:{port} (log: {})",
            log.display()
        );
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
pub(super) fn answers(port: u16) -> bool {
    let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else { return false };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    let mut first = [0_u8; 5];
    stream.write_all(b"GET /moto-api/ HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").is_ok()
        && stream.read_exact(&mut first).is_ok()
        && &first == b"HTTP/"
}
