//! Tests of the site build's own parts: the size report, the swap of the live folder.

use super::*;

#[test]
fn size_json_names_each_file_with_raw_and_gzip_bytes() {
    let file = |file: &str, bytes, gzip_bytes, bytes_before_wasm_opt| FileSize {
        file: file.to_owned(),
        bytes,
        gzip_bytes,
        bytes_before_wasm_opt,
    };
    let sizes = BundleSizes {
        wasm: file("playground_bg.wasm", 1000, 400, Some(1200)),
        js: file("playground.js", 300, 100, None),
    };
    let json = serde_json::to_value(&sizes).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "wasm": {"file": "playground_bg.wasm", "bytes": 1000, "gzip_bytes": 400, "bytes_before_wasm_opt": 1200},
            "js": {"file": "playground.js", "bytes": 300, "gzip_bytes": 100}
        })
    );
}

#[test]
fn a_new_folder_replaces_the_live_one_whole() {
    let dir = std::env::temp_dir().join(format!("xtask-replace-{}", std::process::id()));
    let (new, live) = (dir.join("site.new"), dir.join("site"));
    fs::create_dir_all(live.join("stale")).unwrap();
    fs::create_dir_all(&new).unwrap();
    fs::write(new.join("index.html"), "fresh").unwrap();

    replace_dir(&new, &live).unwrap();

    assert_eq!(fs::read_to_string(live.join("index.html")).unwrap(), "fresh");
    assert!(!live.join("stale").exists());
    assert!(!new.exists());
    fs::remove_dir_all(&dir).unwrap();
}
