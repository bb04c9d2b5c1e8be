//! One run at a time: a newer run cancels the one in progress, through the service.

use std::io::{BufRead as _, BufReader};

use super::*;

/// Sends a run as the page does and returns the open stream, its head read.
fn start_run(body: &str) -> BufReader<TcpStream> {
    let (addr, service) = &*SERVER;
    let mut stream = TcpStream::connect(addr).unwrap();
    let request = format!(
        "POST {RUN_PATH} HTTP/1.1\r\nConnection: close\r\nHost: {}\r\nOrigin: {}\r\n\
         {TOKEN_HEADER}: {}\r\nContent-Length: {}\r\n\r\n{body}",
        own_host(),
        own_origin(),
        service.token(),
        body.len()
    );
    stream.write_all(request.as_bytes()).unwrap();
    BufReader::new(stream)
}

/// The next event of an open stream (chunk sizes skipped), or `None` at its end.
fn next_event(stream: &mut BufReader<TcpStream>) -> Option<Value> {
    let mut line = String::new();
    loop {
        line.clear();
        if stream.read_line(&mut line).unwrap() == 0 {
            return None;
        }
        if let Ok(event @ Value::Object(_)) = serde_json::from_str(&line) {
            return Some(event);
        }
    }
}

#[test]
fn a_second_run_cancels_the_first_which_says_so_and_runs_itself_to_the_end() {
    let _turn = RUNS.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let shown = example_shown();
    // The first run would take half a minute, so it is still building or sleeping when
    // the second arrives.
    let slow = shown.replacen(
        ") -> (u16, String) {\n",
        ") -> (u16, String) {\n    std::thread::sleep(std::time::Duration::from_secs(30));\n",
        1,
    );
    assert_ne!(slow, shown);
    let started = std::time::Instant::now();
    let mut first = start_run(&json!({"snippet": EXAMPLE, "text": slow}).to_string());
    let command = next_event(&mut first).unwrap();
    assert_eq!(command["kind"], "command", "{command}");

    let (status, second) = from_the_page(RUN_PATH, &run_body(EXAMPLE));

    let mut rest = Vec::new();
    while let Some(event) = next_event(&mut first) {
        rest.push(event);
    }
    let last = rest.last().expect("the first run's stream ended without a word");
    assert_eq!(last["kind"], "stopped", "{rest:?}");
    assert_eq!(last["reason"], "cancelled: a newer run started");
    assert_eq!(status, 200);
    let second = events(&second);
    assert_eq!(second.last().unwrap()["kind"], "exit", "{second:?}");
    assert_eq!(second.last().unwrap()["success"], true, "{second:?}");
    assert!(
        started.elapsed() < std::time::Duration::from_secs(30),
        "the first run was not stopped"
    );
}
