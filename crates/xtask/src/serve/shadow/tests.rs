//! The shadow copy's lock: two servers on one target folder take turns.

use std::{sync::mpsc, thread, time::Duration};

use super::*;

#[test]
fn a_second_run_on_the_same_target_folder_waits_until_the_first_has_ended() {
    let dir =
        std::env::temp_dir().join(format!("xtask-shadow-lock-{}", std::process::id()));
    let record = Shadow::record(&dir);
    let first = lock(&record).expect("the first run takes the lock");
    let (sent, received) = mpsc::channel();
    let second = thread::spawn(move || {
        let held = lock(&record).expect("the second run takes the lock in its turn");
        sent.send(()).expect("the test waits");
        drop(held);
    });
    assert!(
        received.recv_timeout(Duration::from_millis(300)).is_err(),
        "the second run went ahead while the first held the lock"
    );
    drop(first);
    received
        .recv_timeout(Duration::from_secs(10))
        .expect("the second run goes ahead once the first has ended");
    second.join().expect("the second run ends");
    let _ = fs::remove_dir_all(&dir);
}

/// A workspace of one crate file with `text`, written with an old time.
fn workspace(name: &str, text: &str) -> PathBuf {
    let root =
        std::env::temp_dir().join(format!("xtask-shadow-{name}-{}", std::process::id()));
    let file = root.join("crates/x/src/lib.rs");
    fs::create_dir_all(file.parent().unwrap()).unwrap();
    fs::write(&file, text).unwrap();
    let old = UNIX_EPOCH + Duration::from_secs(1_000_000_000);
    File::options().append(true).open(&file).unwrap().set_modified(old).unwrap();
    root
}

/// The time the copy of `root` gives the crate file, in seconds since the epoch.
fn copied_time(root: &Path, edit: Option<&str>, record: &Path) -> u64 {
    let dir = root.with_extension("copy");
    let edit = edit.map(|text| ("crates/x/src/lib.rs", text));
    let shadow = Shadow::create(root, dir, edit, record).unwrap();
    let modified =
        fs::metadata(shadow.dir.join("crates/x/src/lib.rs")).unwrap().modified();
    modified.unwrap().duration_since(UNIX_EPOCH).unwrap().as_secs()
}

#[test]
fn a_file_is_as_old_as_its_content_whichever_workspace_or_edit_it_comes_from() {
    let record = Shadow::record(
        &std::env::temp_dir().join(format!("xtask-shadow-times-{}", std::process::id())),
    );
    let (one, two) = (workspace("one", "one"), workspace("two", "two"));
    let started = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs();

    // First seen: the time it has in the workspace; seen again unchanged: the same.
    assert_eq!(copied_time(&one, None, &record), 1_000_000_000);
    assert_eq!(copied_time(&one, None, &record), 1_000_000_000);
    // Another workspace's different content, however old its file: newer than any build.
    let other = copied_time(&two, None, &record);
    assert!(other >= started, "{other} < {started}");
    // Back to the first content: newer again, so the build of the other is stale.
    let back = copied_time(&one, None, &record);
    assert!(back >= other);
    // An edit from the page is new; the same edit run again keeps its time.
    let edited = copied_time(&one, Some("edited"), &record);
    assert!(edited >= back);
    std::thread::sleep(Duration::from_millis(1100));
    assert_eq!(copied_time(&one, Some("edited"), &record), edited);
    for dir in [one, two, record.parent().unwrap().to_path_buf()] {
        let _ = fs::remove_dir_all(&dir);
    }
}
