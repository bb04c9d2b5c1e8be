//! The sizes `cargo xtask bench` reports: the release Lambda binaries (as built, after
//! `strip`, after gzip -9) and the page's bundle (from the site build's size report).

use std::{fs, path::Path, process::Command};

use anyhow::{Context, Result};

use crate::measurements::{BundleSizes, Entry, FileSize, Measurement, gzip_len};

pub(super) fn binary_size(binary: &Path) -> Result<Measurement> {
    let bytes = fs::read(binary)
        .with_context(|| format!("could not read {}", binary.display()))?;
    let stripped_path =
        std::env::temp_dir().join(format!("psr-stripped-{}", std::process::id()));
    fs::write(&stripped_path, &bytes)?;
    let stripped = Command::new("strip")
        .arg(&stripped_path)
        .status()
        .ok()
        .filter(|status| status.success())
        .and_then(|_| fs::read(&stripped_path).ok());
    let _ = fs::remove_file(&stripped_path);
    let gzip = gzip_len(stripped.as_deref().unwrap_or(&bytes))?;
    Ok(Measurement::Size {
        bytes: bytes.len() as u64,
        stripped: stripped.map(|stripped| stripped.len() as u64),
        gzip: Some(gzip),
        before_wasm_opt: None,
    })
}

/// The page's bundle, from the size report `cargo xtask build` writes.
pub(super) fn bundle_sizes(
    size_json: &Path,
    day: &str,
    machine: &str,
) -> Result<Vec<Entry>> {
    let text = fs::read_to_string(size_json)
        .context("the site's size report is missing; run `cargo xtask build`")?;
    let sizes: BundleSizes = serde_json::from_str(&text)
        .with_context(|| format!("{} is not a size report", size_json.display()))?;
    let entry = |file: FileSize| Entry {
        id: file.file,
        measurement: Measurement::Size {
            bytes: file.bytes,
            stripped: None,
            gzip: Some(file.gzip_bytes),
            before_wasm_opt: file.bytes_before_wasm_opt,
        },
        command: "cargo xtask build".to_owned(),
        day: day.to_owned(),
        machine: machine.to_owned(),
    };
    Ok(vec![entry(sizes.wasm), entry(sizes.js)])
}
