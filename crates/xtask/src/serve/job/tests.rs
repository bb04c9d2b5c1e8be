//! A job's limits and its cancellation, on real processes: each stop ends the stream with
//! its reason and leaves no process of the job's group running (read from Linux's
//! `/proc`).
#![cfg(target_os = "linux")]

use std::{fs, path::Path, process::Command, time::Duration};

use super::*;

/// A limit far above anything these tests print or take.
const GENEROUS: Limits = Limits { time: Duration::from_secs(20), output_bytes: 1 << 20 };

/// No snippet: these commands are not cargo and print no diagnostics.
fn placement() -> Placement {
    Placement { file: "crates/x/src/lib.rs".to_owned(), first_line: 0, lines: 0 }
}

/// A shell that starts a sleeping child in its own group, then prints its own process id,
/// which is the group's id (the job starts each command as a group of its own), then does
/// `rest`.
fn shell_with_a_child(rest: &str) -> Command {
    let mut command = Command::new("sh");
    command.args(["-c", &format!("sleep 30 & echo $$; {rest}")]);
    command
}

/// The processes of group `group` that still run (a zombie runs nothing: it waits only
/// for its parent, or for init, to collect its exit status).
fn running_in_group(group: u32) -> Vec<u32> {
    let mut found = Vec::new();
    for entry in fs::read_dir("/proc").unwrap().filter_map(Result::ok) {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        // A process may end between listing and reading.
        let Ok(stat) =
            fs::read_to_string(Path::new("/proc").join(pid.to_string()).join("stat"))
        else {
            continue;
        };
        // `pid (comm) state ppid pgrp ...`; the command name may hold spaces.
        let Some((_, after)) = stat.rsplit_once(") ") else { continue };
        let fields: Vec<&str> = after.split_whitespace().collect();
        if fields.get(2) == Some(&group.to_string().as_str()) && fields[0] != "Z" {
            found.push(pid);
        }
    }
    found
}

/// What a job sent, and the group it ran as.
struct Ran {
    events: Vec<Value>,
    group: u32,
    /// How many processes ran in the group when its id was printed.
    members_seen: usize,
    took: Duration,
}

impl Ran {
    fn last(&self) -> &Value {
        self.events.last().expect("the job sent no event")
    }

    fn stdout_bytes(&self) -> usize {
        self.events
            .iter()
            .filter(|event| event["kind"] == "stdout")
            .map(|event| event["text"].as_str().unwrap().len() + 1)
            .sum()
    }
}

/// Runs `command` as the run service does; `on_group` is called once the group's id is
/// printed (the first line).
fn run_job(
    command: Command,
    limits: Limits,
    cancelled: &AtomicBool,
    on_group: &dyn Fn(),
) -> Ran {
    let mut events = Vec::new();
    let mut group = None;
    let mut members_seen = 0;
    let started = Instant::now();
    run(command, limits, &placement(), cancelled, &mut |event| {
        if group.is_none() && event["kind"] == "stdout" {
            let id: u32 = event["text"].as_str().unwrap().parse().unwrap();
            group = Some(id);
            members_seen = running_in_group(id).len();
            on_group();
        }
        events.push(event.clone());
        Ok(())
    })
    .unwrap();
    let took = started.elapsed();
    Ran {
        events,
        group: group.expect("the command printed no group id"),
        members_seen,
        took,
    }
}

/// The group is gone: nothing of it runs, waiting a little for the kernel to finish
/// the kill.
fn assert_group_gone(ran: &Ran) {
    // Without the group kill, the shell's own child (the `sleep 30`) would live on.
    assert!(ran.members_seen >= 2, "the group held only {} process", ran.members_seen);
    let mut left = running_in_group(ran.group);
    for _ in 0..20 {
        if left.is_empty() {
            return;
        }
        thread::sleep(Duration::from_millis(50));
        left = running_in_group(ran.group);
    }
    panic!("processes of the stopped job's group still run: {left:?}");
}

#[test]
fn a_command_that_outruns_the_time_limit_is_stopped_with_its_whole_group() {
    let limits = Limits { time: Duration::from_millis(300), ..GENEROUS };

    let ran =
        run_job(shell_with_a_child("wait"), limits, &AtomicBool::new(false), &|| {});

    assert_eq!(ran.last()["kind"], "stopped", "{:?}", ran.events);
    assert_eq!(ran.last()["reason"], "time limit reached");
    assert!(ran.took >= limits.time, "stopped after {:?}", ran.took);
    assert!(ran.took < Duration::from_secs(5), "stopped only after {:?}", ran.took);
    assert_group_gone(&ran);
}

#[test]
fn a_command_that_prints_past_the_output_limit_is_stopped_and_no_more_is_sent() {
    let limits = Limits { output_bytes: 10_000, ..GENEROUS };

    // "y" lines as fast as the pipe takes them, 40 times the limit (an end, so that a
    // broken stop fails the test rather than hanging it).
    let ran = run_job(
        shell_with_a_child("yes | head -n 200000; wait"),
        limits,
        &AtomicBool::new(false),
        &|| {},
    );

    assert_eq!(ran.last()["kind"], "stopped", "{:?}", ran.last());
    assert_eq!(ran.last()["reason"], "output limit reached");
    // At most the limit, and in any case not a line more.
    let longest_line = "y\n".len();
    assert!(
        ran.stdout_bytes() <= limits.output_bytes + longest_line,
        "the page received {} bytes",
        ran.stdout_bytes()
    );
    assert!(ran.stdout_bytes() > limits.output_bytes / 2, "stopped too early");
    assert!(ran.took < Duration::from_secs(5), "stopped only after {:?}", ran.took);
    assert_group_gone(&ran);
}

#[test]
fn a_cancelled_job_is_stopped_with_its_whole_group() {
    let cancelled = AtomicBool::new(false);

    // The newer run sets the flag while this one runs.
    let ran = run_job(shell_with_a_child("wait"), GENEROUS, &cancelled, &|| {
        cancelled.store(true, Ordering::SeqCst);
    });

    assert_eq!(ran.last()["kind"], "stopped", "{:?}", ran.events);
    assert_eq!(ran.last()["reason"], "cancelled: a newer run started");
    assert!(ran.took < Duration::from_secs(5), "stopped only after {:?}", ran.took);
    assert_group_gone(&ran);
}

#[test]
fn a_command_within_its_limits_ends_with_its_exit_status() {
    let ran = run_job(
        shell_with_a_child("kill $!; echo done; exit 3"),
        GENEROUS,
        &AtomicBool::new(false),
        &|| {},
    );

    assert_eq!(ran.events[1]["text"], "done", "{:?}", ran.events);
    assert_eq!(ran.last()["kind"], "exit");
    assert_eq!(ran.last()["code"], 3);
    assert_eq!(ran.last()["success"], false);
}
