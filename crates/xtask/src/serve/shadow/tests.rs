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
