//! The workloads whose instructions `cargo xtask test instructions` counts under
//! Valgrind's callgrind: create-body validation, events built and planned into PutEvents
//! requests, a create through the router, and a stream batch of ten records.
//!
//! `instructions WORKLOAD` prepares its inputs, then runs the workload's rounds inside
//! [`counted_rounds`], the one function callgrind counts (`--collect-atstart=no
//! --toggle-collect=*counted_rounds*`): building inputs, starting the process and
//! dropping the results are left out. `instructions --list` prints one line per workload:
//! its name, rounds, operations per round, the operation, and what it does. With no
//! workload (as `cargo bench` runs it) every workload runs once, a check that they work.
//!
//! No tokio and no AWS SDK: the in-memory store and the scripted PutEvents client answer
//! at once, so every future completes on its first poll and `now_or_never` is the whole
//! executor. Nothing here reads a clock or a random source, so two runs of the same build
//! execute the same instructions.

mod inputs;

use std::{future::ready, hint::black_box, process::ExitCode};

use futures_util::FutureExt as _;
use product_domain::CreateProductRequest;
use product_events::{
    ClientError, CorrelationId, Deadline, EmitOptions, EventBridgeProvider, EventHandler,
    EventName, EventSource, Jitter, JsonEvent, PutEventsClient, PutEventsConfig,
    PutEventsRequest, PutEventsResultEntry, Retry, RetryPolicy, build_events,
    plan_put_events,
};
use serde_json::json;

use crate::inputs::{create_in_empty_store, inputs, ten_records};

/// The bodies of the reference mix in `side-by-side.json`; the harness checks it.
const MIX_BODIES: usize = 8;
const NEVER_WAITS: &str = "the in-memory adapters never wait";
const SOURCE: &str = "myorg.product.product_notification";
/// The events of one round of `build-and-plan-events`.
const EVENTS_PER_ROUND: usize = 100;

/// One workload: its name on the command line, how many rounds a count runs, how many
/// operations one round does, and what an operation is.
struct Workload {
    name: &'static str,
    rounds: usize,
    ops_per_round: usize,
    op: &'static str,
    about: &'static str,
    run: fn(rounds: usize),
}

/// Every workload, in the order the table shows them. Rounds are chosen so that each
/// count takes about a second under callgrind and the first round's one-off costs (the
/// allocator's first growth) are a small part of the total.
const WORKLOADS: [Workload; 4] = [
    Workload {
        name: "validate-reference-mix",
        rounds: 2_000,
        ops_per_round: MIX_BODIES,
        op: "body",
        about: "create-body validation of the reference mix of 8 bodies, 5 of them invalid",
        run: validate_reference_mix,
    },
    Workload {
        name: "build-and-plan-events",
        rounds: 50,
        ops_per_round: EVENTS_PER_ROUND,
        op: "event",
        about: "100 notifications built into envelopes and planned into PutEvents requests",
        run: build_and_plan_events,
    },
    Workload {
        name: "create-through-router",
        rounds: 2_000,
        ops_per_round: 1,
        op: "request",
        about: "PUT /api/product/{id} through the router into an empty in-memory store",
        run: create_through_router,
    },
    Workload {
        name: "stream-batch-of-10",
        rounds: 200,
        ops_per_round: 1,
        op: "batch",
        about: "10 stream records to events sent through EventBridgeProvider with a client that accepts every entry",
        run: stream_batch_of_10,
    },
];

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("--list") => {
            for workload in &WORKLOADS {
                println!(
                    "{}\t{}\t{}\t{}\t{}",
                    workload.name,
                    workload.rounds,
                    workload.ops_per_round,
                    workload.op,
                    workload.about
                );
            }
            ExitCode::SUCCESS
        }
        // `cargo bench` passes `--bench`: each workload once, as a check that it runs.
        None | Some("--bench") => {
            for workload in &WORKLOADS {
                (workload.run)(1);
                println!("{}: ran once", workload.name);
            }
            ExitCode::SUCCESS
        }
        Some(name) => match WORKLOADS.iter().find(|workload| workload.name == name) {
            Some(workload) => {
                (workload.run)(workload.rounds);
                ExitCode::SUCCESS
            }
            None => {
                let names: Vec<_> =
                    WORKLOADS.iter().map(|workload| workload.name).collect();
                eprintln!(
                    "unknown workload `{name}`; the workloads are: {}",
                    names.join(", ")
                );
                ExitCode::FAILURE
            }
        },
    }
}

/// The only function callgrind counts: `work` over each of `inputs`, in order. Never
/// inlined, so that callgrind sees it by name.
#[inline(never)]
fn counted_rounds<I, O>(inputs: &[I], work: impl Fn(&I) -> O) -> Vec<O> {
    inputs.iter().map(|input| work(black_box(input))).collect()
}

fn validate_reference_mix(rounds: usize) {
    let bodies = inputs().create_bodies;
    assert_eq!(bodies.len(), MIX_BODIES, "side-by-side.json holds the mix of 8 bodies");
    let rounds = vec![(); rounds];
    let valid = counted_rounds(&rounds, |()| {
        bodies
            .iter()
            .filter(|body| {
                CreateProductRequest::parse(black_box(body.as_bytes())).is_ok()
            })
            .count()
    });
    assert!(valid.iter().all(|&valid| valid == 3), "three bodies of the mix are valid");
}

fn build_and_plan_events(rounds: usize) {
    let source = EventSource::parse(SOURCE).expect("a valid source");
    let name = EventName::parse("PRODUCT_CHANGE_NOTIFICATION").expect("a valid name");
    let created_at = "2026-01-01T00:00:00Z".parse().expect("a valid time");
    let options = EmitOptions::new(created_at, |n| {
        CorrelationId::from(uuid::Uuid::from_u128(n as u128))
    })
    .event_name(name);
    let config = deployed_config();
    let models: Vec<Vec<serde_json::Value>> = (0..rounds)
        .map(|_| {
            (0..EVENTS_PER_ROUND)
                .map(|n| {
                    json!({
                        "product_id": format!("3f2504e0-4f89-41d3-9a0c-0305e82c{n:04}"),
                        "status": "ADDED",
                        "created_at": "2026-01-01T00:00:00Z"
                    })
                })
                .collect()
        })
        .collect();
    let requests = counted_rounds(&models, |models| {
        let events: Vec<JsonEvent> = build_events(&source, models.iter(), &options)
            .into_iter()
            .filter_map(Result::ok)
            .collect();
        plan_put_events(events.iter().enumerate(), &config).requests.len()
    });
    assert!(requests.iter().all(|&requests| requests == 10), "100 events, 10 requests");
}

fn create_through_router(rounds: usize) {
    let inputs: Vec<_> = (0..rounds).map(|_| create_in_empty_store()).collect();
    let responses = counted_rounds(&inputs, |(service, request)| {
        product_handlers::handle_request(service, request)
            .now_or_never()
            .expect(NEVER_WAITS)
    });
    assert!(
        responses.iter().all(|response| response.status() == 200),
        "every create is new"
    );
}

/// Entries as the deployed stream processor writes them: each names the bus of the
/// shared inputs.
fn deployed_config() -> PutEventsConfig {
    PutEventsConfig {
        event_bus_name: Some(inputs().events.bus_name),
        ..PutEventsConfig::default()
    }
}

/// A PutEvents client that accepts every entry at once, as EventBridge does on a good day.
struct AcceptingClient;

impl PutEventsClient for AcceptingClient {
    fn put_events(
        &self,
        request: PutEventsRequest,
    ) -> impl Future<Output = Result<Vec<PutEventsResultEntry>, ClientError>> + Send {
        let results = (0..request.entries.len())
            .map(|n| PutEventsResultEntry::success(format!("id-{n}")))
            .collect();
        ready(Ok(results))
    }
}

fn stream_batch_of_10(rounds: usize) {
    let event = ten_records();
    let now = "2026-02-01T12:00:00Z".parse().expect("a valid time");
    let source = EventSource::parse(SOURCE).expect("a valid source");
    let config = deployed_config();
    let handlers: Vec<_> = (0..rounds)
        .map(|_| {
            // Every entry is accepted, so nothing is retried: the policy, the jitter and
            // the sleeper are never consulted, and there is no deadline to reach.
            let retry = Retry {
                policy: RetryPolicy::default(),
                jitter: Jitter::fixed(1.0),
                sleeper: |_: std::time::Duration| ready(()),
                deadline: Deadline::none(),
            };
            let provider =
                EventBridgeProvider::new(AcceptingClient, config.clone(), retry);
            EventHandler::new(source.clone(), provider)
        })
        .collect();
    let responses = counted_rounds(&handlers, |handler| {
        product_handlers::process_stream(handler, black_box(&event), now)
            .now_or_never()
            .expect(NEVER_WAITS)
    });
    assert!(
        responses.iter().all(|response| response.batch_item_failures.is_empty()),
        "every record is delivered"
    );
}
