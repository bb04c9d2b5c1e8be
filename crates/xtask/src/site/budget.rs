//! The playground module's size budget: the site build fails when the page's wasm grows
//! past it, so a dependency that costs the reader's download is a decision, not an
//! accident.

use anyhow::{Result, bail};

use crate::measurements::FileSize;

/// The most `playground_bg.wasm` may weigh after `gzip -9`, what a static host serves.
///
/// The module weighs 154.3 KiB (December 2026), under the 160 KiB that was the goal, which
/// this now holds it to. It came down from 168.7 KiB when a name's NFC tables became the
/// domain's own, sorted columns read by binary search (`product/text/tables.rs`, generated
/// from `unicode-normalization`) instead of that crate's perfect hashes, which compress
/// poorly: 15.9 KiB less; the events' faster envelope writer then added 1.5. What weighs
/// most now: those NFC tables and the code that reads them (about 15 KiB gzip, measured
/// by leaving them out; 30 with the crate's tables), which a name's normalization needs; and `processStream` (14 KiB gzip, from 32 before the
/// page read a batch as `StreamEvent`, only the fields the processor uses), chiefly the
/// processor and the event handler themselves, their deserializer and the SHA-1 of the
/// events' name-based ids.
pub(crate) const WASM_GZIP_BUDGET_KIB: u64 = 160;

/// Fails when the module's gzip size is over [`WASM_GZIP_BUDGET_KIB`], saying by how much
/// and where to look.
pub(crate) fn check(wasm: &FileSize) -> Result<()> {
    let budget = WASM_GZIP_BUDGET_KIB * 1024;
    if wasm.gzip_bytes > budget {
        bail!(
            "{} is {:.1} KiB gzip -9, over its budget of {WASM_GZIP_BUDGET_KIB} KiB by {:.1} KiB \
             (WASM_GZIP_BUDGET_KIB in crates/xtask/src/site/budget.rs). Find what grew with \
             `twiggy top` or `twiggy paths` on the module wasm-bindgen wrote, before wasm-opt; \
             the usual causes are Unicode or other data tables, error types formatted with \
             `Debug` (an `unwrap` or `expect` on a dependency's `Result`), and float formatting. \
             Shrink it, or raise the budget in the same commit and say why.",
            wasm.file,
            kib(wasm.gzip_bytes),
            kib(wasm.gzip_bytes - budget),
        );
    }
    Ok(())
}

fn kib(bytes: u64) -> f64 {
    bytes as f64 / 1024.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn module(gzip_bytes: u64) -> FileSize {
        FileSize {
            file: "playground_bg.wasm".to_owned(),
            bytes: gzip_bytes * 3,
            gzip_bytes,
            bytes_before_wasm_opt: None,
        }
    }

    #[test]
    fn a_module_within_its_budget_passes() {
        assert!(check(&module(WASM_GZIP_BUDGET_KIB * 1024)).is_ok());
        assert!(check(&module(1000)).is_ok());
    }

    #[test]
    fn a_module_over_its_budget_fails_naming_the_budget_its_size_and_what_to_do() {
        let error =
            check(&module(WASM_GZIP_BUDGET_KIB * 1024 + 512)).unwrap_err().to_string();
        assert!(error.contains("playground_bg.wasm"), "{error}");
        assert!(
            error.contains(&format!("budget of {WASM_GZIP_BUDGET_KIB} KiB")),
            "{error}"
        );
        assert!(
            error.contains(&format!("{WASM_GZIP_BUDGET_KIB}.5 KiB gzip -9")),
            "{error}"
        );
        assert!(error.contains("by 0.5 KiB"), "{error}");
        assert!(error.contains("twiggy"), "{error}");
    }
}
