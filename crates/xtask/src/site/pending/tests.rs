//! The stand-in's copy of a built site.

use super::*;

#[test]
fn a_copy_of_the_built_site_holds_the_stand_in_and_names_no_webassembly() -> Result<()> {
    let dir = std::env::temp_dir().join(format!("xtask-pending-{}", std::process::id()));
    let (site, copy) = (dir.join("site"), dir.join("pending"));
    fs::create_dir_all(site.join("pkg"))?;
    fs::create_dir_all(site.join("part1"))?;
    fs::write(site.join("pkg/playground.js"), "export default function () {}")?;
    fs::write(site.join("pkg/playground_bg.wasm"), b"\0asm")?;
    let loader = |root: &str| {
        format!(
            "<script data-module=\"{root}pkg/playground.js\" data-wasm=\"{root}pkg/playground_bg.wasm\">load();</script>"
        )
    };
    fs::write(site.join("index.html"), loader(""))?;
    fs::write(site.join("part1/validation.html"), loader("../"))?;

    copy_site(&site, &copy)?;

    assert_eq!(fs::read_to_string(copy.join("pkg/playground.js"))?, MODULE);
    assert!(!copy.join("pkg/playground_bg.wasm").exists());
    assert_eq!(
        fs::read_to_string(copy.join("index.html"))?,
        "<script data-module=\"pkg/playground.js\">load();</script>"
    );
    assert_eq!(
        fs::read_to_string(copy.join("part1/validation.html"))?,
        "<script data-module=\"../pkg/playground.js\">load();</script>"
    );
    assert!(
        site.join("pkg/playground_bg.wasm").exists(),
        "the built site is left as it was"
    );
    fs::remove_dir_all(&dir)?;
    Ok(())
}
