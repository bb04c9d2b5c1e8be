//! Many clients at once, through the real HTTP handler (`product_handlers::serve`) and
//! the DynamoDB store: the conditional put keeps one product per id, and no interleaving
//! makes the API answer 500 or say something no order of the requests could explain.
//!
//! Every request runs on its own tokio task, released together by a barrier, on a
//! multi-threaded runtime. Each request's interval (start, end) is recorded so that its
//! answer can be checked against the answers of the requests that overlapped it or came
//! before it.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use http::{Method, StatusCode};
use product_aws::DynamoDbStore;
use product_aws::testing::{TestEnv, TestTable, run_then_clean_up};
use product_domain::{Limit, ProductService, ProductStore as _};
use product_handlers::{ApiRequest, Endpoint, serve};
use serde_json::{Value, json};
use tokio::sync::Barrier;

/// How many creates of one id race each other.
const CONCURRENT_CREATES: usize = 50;
/// The ids the mixed test works on, few so that every operation meets the others.
const MIXED_IDS: [&str; 4] = [
    "00000000-0000-4000-8000-00000000c001",
    "00000000-0000-4000-8000-00000000c002",
    "00000000-0000-4000-8000-00000000c003",
    "00000000-0000-4000-8000-00000000c004",
];
/// How many operations the mixed test sends at once: creates of two bodies, gets,
/// deletes, lists.
const MIXED_OPERATIONS: usize = 200;

/// The two create bodies that compete for an id.
fn body(which: usize) -> Value {
    [json!({"name": "Kettle", "price": 25}), json!({"name": "Teapot", "price": 31})]
        [which % 2]
        .clone()
}

/// One request as sent, and what came back, with when it started and ended.
#[derive(Debug, Clone)]
struct Call {
    method: Method,
    id: Option<&'static str>,
    /// Which of the two bodies a create sent.
    body: Option<usize>,
    status: StatusCode,
    answer: Value,
    start: Instant,
    end: Instant,
}

/// Sends one request through the handler on a task of its own, once `barrier` releases
/// it.
fn spawn(
    service: &Arc<ProductService<DynamoDbStore>>,
    barrier: &Arc<Barrier>,
    method: Method,
    id: Option<&'static str>,
    body: Option<usize>,
) -> tokio::task::JoinHandle<Call> {
    let (service, barrier) = (Arc::clone(service), Arc::clone(barrier));
    tokio::spawn(async move {
        let path = id.map_or_else(
            || "/api/products".to_owned(),
            |id| format!("/api/product/{id}"),
        );
        let raw = body.map(body_bytes).unwrap_or_default();
        barrier.wait().await;
        let start = Instant::now();
        let request =
            ApiRequest { method: &method, path: &path, query: None, body: &raw };
        let response = serve(&Endpoint::ALL, &service, request).await;
        let end = Instant::now();
        let answer = serde_json::from_str(response.body()).unwrap_or(Value::Null);
        Call { status: response.status(), method, id, body, answer, start, end }
    })
}

fn body_bytes(which: usize) -> Vec<u8> {
    body(which).to_string().into_bytes()
}

/// Runs `test` with a service over the DynamoDB store on a fresh table, deleting the
/// table after.
async fn with_service<F, Fut>(name: &str, test: F)
where
    F: FnOnce(Arc<ProductService<DynamoDbStore>>) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let env = TestEnv::require().await;
    let table =
        TestTable::create(&env, name, false).await.expect("the test table is created");
    run_then_clean_up(test(Arc::new(ProductService::new(table.store()))), table.delete())
        .await;
}

/// Sends every request at once and waits for all the answers.
async fn all_at_once(
    service: &Arc<ProductService<DynamoDbStore>>,
    requests: Vec<(Method, Option<&'static str>, Option<usize>)>,
) -> Vec<Call> {
    let barrier = Arc::new(Barrier::new(requests.len()));
    let tasks: Vec<_> = requests
        .into_iter()
        .map(|(method, id, body)| spawn(service, &barrier, method, id, body))
        .collect();
    let mut calls = Vec::with_capacity(tasks.len());
    for task in tasks {
        calls.push(task.await.expect("a request task does not panic"));
    }
    calls
}

fn count(calls: &[Call], status: StatusCode) -> u64 {
    calls.iter().filter(|call| call.status == status).count() as u64
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_concurrent_creates_of_one_id_store_one_product_and_answer_200_or_409() {
    with_service("concurrent-creates", |service| async move {
        let id = MIXED_IDS[0];
        let requests = (0..CONCURRENT_CREATES).map(|n| (Method::PUT, Some(id), Some(n))).collect();
        let calls = all_at_once(&service, requests).await;

        let page = service.store().list(Limit::DEFAULT, None).await.unwrap();
        assert_eq!(page.products.len(), 1, "exactly one product is stored: {:?}", page.products);
        let stored = serde_json::to_value(&page.products[0]).unwrap();
        let winner = (0..2)
            .find(|&which| stored == json!({"id": id, "name": body(which)["name"], "price": body(which)["price"]}));
        let Some(winner) = winner else { panic!("the stored product {stored} is one of the two bodies") };
        for call in &calls {
            let sent = call.body.unwrap_or_default() % 2;
            if sent == winner {
                assert_eq!((call.status, &call.answer), (StatusCode::OK, &json!({"id": id})), "{call:?}");
            } else {
                assert_eq!(call.status, StatusCode::CONFLICT, "{call:?}");
            }
        }
        let figures = BTreeMap::from([
            ("concurrent_creates", calls.len() as u64),
            ("answers_200", count(&calls, StatusCode::OK)),
            ("answers_409", count(&calls, StatusCode::CONFLICT)),
            ("answers_500", count(&calls, StatusCode::INTERNAL_SERVER_ERROR)),
        ]);
        assert_eq!(figures["answers_200"] + figures["answers_409"], CONCURRENT_CREATES as u64);
        merge_figures(figures);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_creates_gets_deletes_and_lists_answer_as_some_order_of_them_would() {
    with_service("concurrent-mixed", |service| async move {
        let requests: Vec<_> = (0..MIXED_OPERATIONS)
            .map(|n| {
                let id = Some(MIXED_IDS[n % MIXED_IDS.len()]);
                match (n / MIXED_IDS.len()) % 5 {
                    0 => (Method::PUT, id, Some(0)),
                    1 => (Method::PUT, id, Some(1)),
                    2 => (Method::GET, id, None),
                    3 => (Method::DELETE, id, None),
                    _ => (Method::GET, None, None),
                }
            })
            .collect();
        let calls = all_at_once(&service, requests).await;

        for call in &calls {
            check(call, &calls);
        }
        let figures = BTreeMap::from([
            ("concurrent_mixed_operations", calls.len() as u64),
            ("mixed_answers_200", count(&calls, StatusCode::OK)),
            ("mixed_answers_204", count(&calls, StatusCode::NO_CONTENT)),
            ("mixed_answers_404", count(&calls, StatusCode::NOT_FOUND)),
            ("mixed_answers_409", count(&calls, StatusCode::CONFLICT)),
            ("mixed_answers_500", count(&calls, StatusCode::INTERNAL_SERVER_ERROR)),
        ]);
        merge_figures(figures);
    })
    .await;
}

/// Whether `earlier` could have taken effect before `later` did: it started before
/// `later` ended.
fn may_precede(earlier: &Call, later: &Call) -> bool {
    earlier.start < later.end
}

/// The products a create of this id stored, as a get or a list would show them.
fn product_of(id: &str, which: usize) -> Value {
    json!({"id": id, "name": body(which)["name"], "price": body(which)["price"]})
}

/// Checks that `call`'s answer is one some order of `calls` gives: each claim it makes
/// about the table (this product was stored, this id was taken, this id was absent) is
/// backed by a call that could have come before it.
fn check(call: &Call, calls: &[Call]) {
    let same_id = |other: &&Call| other.id == call.id;
    let created = |which: usize| {
        calls.iter().filter(same_id).any(|c| {
            c.method == Method::PUT
                && c.body == Some(which)
                && c.status == StatusCode::OK
                && may_precede(c, call)
        })
    };
    let stored_by = |product: &Value| {
        let id = product["id"].as_str().unwrap_or_default();
        (0..2).find(|&which| *product == product_of(id, which))
    };
    match (&call.method, call.id, call.status) {
        (&Method::PUT, Some(_), StatusCode::OK) => {
            // Created, or the same product was already there: either way the other body
            // was not, so if the other body was ever stored, a delete came
            // between.
            let other = 1 - call.body.unwrap_or_default();
            let rivals: Vec<&Call> = calls
                .iter()
                .filter(same_id)
                .filter(|c| {
                    c.method == Method::PUT
                        && c.body == Some(other)
                        && c.status == StatusCode::OK
                })
                .collect();
            for rival in rivals {
                // A delete falls between `a` and `b` if it could start before `b` ended
                // and end after `a` began.
                let between = |a: &Call, b: &Call| {
                    calls.iter().filter(same_id).any(|d| {
                        d.method == Method::DELETE && d.start < b.end && d.end > a.start
                    })
                };
                let ordered = (may_precede(rival, call) && between(rival, call))
                    || (may_precede(call, rival) && between(call, rival));
                assert!(
                    ordered,
                    "{call:?} and {rival:?} both stored under one id with no delete that could come between"
                );
            }
        }
        (&Method::PUT, Some(_), StatusCode::CONFLICT) => {
            let other = 1 - call.body.unwrap_or_default();
            assert!(
                created(other),
                "409 with no create of the other body before it: {call:?}"
            );
        }
        (&Method::GET, Some(id), StatusCode::OK) => {
            let which = stored_by(&call.answer).unwrap_or_else(|| {
                panic!("a get read a product no create sent: {call:?}")
            });
            assert_eq!(call.answer["id"], id);
            assert!(
                created(which),
                "a get read a product before any create of it: {call:?}"
            );
        }
        (&Method::GET, Some(_), StatusCode::NOT_FOUND) => {
            // Absent: every create that ended before this get began must be undone by a
            // delete that could fall between the two.
            for create in calls.iter().filter(same_id).filter(|c| {
                c.method == Method::PUT
                    && c.status == StatusCode::OK
                    && c.end < call.start
            }) {
                let deleted_between = calls.iter().filter(same_id).any(|d| {
                    d.method == Method::DELETE
                        && d.start < call.end
                        && d.end > create.start
                });
                assert!(
                    deleted_between,
                    "{call:?} found nothing after {create:?} and no delete came between"
                );
            }
        }
        (&Method::DELETE, Some(_), StatusCode::NO_CONTENT) => {}
        (&Method::GET, None, StatusCode::OK) => {
            let products =
                call.answer["products"].as_array().cloned().unwrap_or_default();
            let mut ids: Vec<&str> =
                products.iter().filter_map(|product| product["id"].as_str()).collect();
            ids.sort_unstable();
            ids.dedup();
            assert_eq!(ids.len(), products.len(), "a list named an id twice: {call:?}");
            for product in &products {
                let id = product["id"].as_str().unwrap_or_default();
                let which = stored_by(product).unwrap_or_else(|| {
                    panic!("a list showed a product no create sent: {call:?}")
                });
                let backed = calls.iter().any(|c| {
                    c.id == Some(id)
                        && c.method == Method::PUT
                        && c.body == Some(which)
                        && c.status == StatusCode::OK
                        && may_precede(c, call)
                });
                assert!(
                    backed,
                    "a list showed {product} before any create of it: {call:?}"
                );
            }
        }
        _ => panic!("an answer outside the contract: {call:?}"),
    }
}

/// Prints `figures` and merges them into `$PSR_FIGURES_DIR/concurrency.json` when that is
/// set.
///
/// The two tests run in parallel and each adds its own keys, so the file is read and
/// written under a lock.
fn merge_figures(figures: BTreeMap<&str, u64>) {
    static LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());
    println!("concurrency.json: {}", serde_json::to_string(&figures).unwrap_or_default());
    let Some(dir) = std::env::var_os("PSR_FIGURES_DIR").map(PathBuf::from) else {
        return;
    };
    let _held = LOCK.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    std::fs::create_dir_all(&dir)
        .unwrap_or_else(|error| panic!("{}: {error}", dir.display()));
    let path = dir.join("concurrency.json");
    let mut all: BTreeMap<String, u64> = std::fs::read(&path)
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or_default();
    all.extend(figures.into_iter().map(|(name, value)| (name.to_owned(), value)));
    let json = serde_json::to_string_pretty(&all).unwrap_or_default();
    std::fs::write(&path, json + "\n")
        .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
}

#[test]
fn the_consistency_check_refuses_histories_no_order_explains() {
    let base = Instant::now();
    let at = |from: u64, to: u64| {
        (base + Duration::from_millis(from), base + Duration::from_millis(to))
    };
    let call = |method: Method,
                body: Option<usize>,
                status: StatusCode,
                answer: Value,
                (start, end)| Call {
        method,
        id: Some(MIXED_IDS[0]),
        body,
        status,
        answer,
        start,
        end,
    };
    let created = call(
        Method::PUT,
        Some(0),
        StatusCode::OK,
        json!({"id": MIXED_IDS[0]}),
        at(0, 10),
    );
    let histories = [
        // Nothing deleted the product a finished create stored, yet a later get found
        // nothing.
        vec![
            created.clone(),
            call(Method::GET, None, StatusCode::NOT_FOUND, Value::Null, at(20, 30)),
        ],
        // A conflict with a body nobody stored.
        vec![
            created.clone(),
            call(Method::PUT, Some(0), StatusCode::CONFLICT, Value::Null, at(20, 30)),
        ],
        // Both bodies stored under one id with no delete between.
        vec![
            created.clone(),
            call(Method::PUT, Some(1), StatusCode::OK, Value::Null, at(20, 30)),
        ],
        // A get that read a product before anyone created it.
        vec![
            call(
                Method::GET,
                None,
                StatusCode::OK,
                product_of(MIXED_IDS[0], 0),
                at(0, 5),
            ),
            call(Method::PUT, Some(0), StatusCode::OK, Value::Null, at(10, 20)),
        ],
    ];
    for history in histories {
        let refused = std::panic::catch_unwind(|| {
            history.iter().for_each(|one| check(one, &history))
        })
        .is_err();
        assert!(refused, "{history:?}");
    }
    let deleted =
        call(Method::DELETE, None, StatusCode::NO_CONTENT, Value::Null, at(12, 18));
    let explained = [
        created,
        deleted,
        call(Method::GET, None, StatusCode::NOT_FOUND, Value::Null, at(20, 30)),
    ];
    explained.iter().for_each(|one| check(one, &explained));
}
