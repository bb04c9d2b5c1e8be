//! What the tests of this crate share: a minimal executor, and the events, scripted clients and
//! providers the EventBridge and SNS provider tests are written against.
//!
//! The futures under test finish without a runtime, since every port they await is a fake that
//! answers at once.

use std::collections::VecDeque;
use std::future::Future;
use std::pin::pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Wake, Waker};
use std::thread::{self, Thread};
use std::time::Duration;

use serde_json::json;

use crate::delivery::ServiceProvider;
use crate::envelope::{CorrelationId, Event, JsonEvent, Metadata};
use crate::name::{EventName, EventSource};
use crate::receipt::Receipts;
use crate::retry::{Jitter, RecordingSleeper, RetryPolicy};

struct ThreadWaker(Thread);

impl Wake for ThreadWaker {
    fn wake(self: Arc<Self>) {
        self.0.unpark();
    }
}

/// Runs `future` to completion on the current thread.
pub(crate) fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let waker = Waker::from(Arc::new(ThreadWaker(thread::current())));
    let mut context = Context::from_waker(&waker);
    loop {
        match future.as_mut().poll(&mut context) {
            Poll::Ready(output) => return output,
            Poll::Pending => thread::park(),
        }
    }
}

/// A product change notification event, with the correlation id `c-{n}`.
pub(crate) fn event(n: usize) -> JsonEvent {
    Event::new(
        json!({"product_id": format!("p-{n}"), "status": "ADDED"}),
        Metadata::new(
            EventName::parse("PRODUCT_CHANGE_NOTIFICATION").unwrap(),
            EventSource::parse("myorg.product.product_notification").unwrap(),
        )
        .with_correlation_id(CorrelationId::parse(format!("c-{n}")).unwrap())
        .with_created_at("2026-01-01T00:00:00Z".parse().unwrap()),
    )
}

/// `count` events, `c-0` first.
pub(crate) fn events(count: usize) -> Vec<JsonEvent> {
    (0..count).map(event).collect()
}

/// An event (correlation id `c-99`) whose data is padded with `bytes` bytes.
pub(crate) fn big_event(bytes: usize) -> JsonEvent {
    let mut event = event(99);
    event.data = json!({"padding": "x".repeat(bytes)});
    event
}

/// The failure code of each receipt, `None` for a delivered event.
pub(crate) fn codes_of(receipts: &Receipts) -> Vec<Option<&str>> {
    receipts.iter().map(|receipt| receipt.failure().map(|failure| failure.code.as_str())).collect()
}

/// A provider over `client` that records its waits instead of waiting: three attempts, 100 ms
/// before the first retry, and a jitter of 1 so that the delays are exact.
pub(crate) fn provider<K, C>(client: C, config: K) -> ServiceProvider<K, C, RecordingSleeper> {
    ServiceProvider::new(client, RecordingSleeper::new(), config)
        .with_retry_policy(RetryPolicy::new(3, Duration::from_millis(100), Duration::from_secs(1)).unwrap())
        .with_jitter(Jitter::fixed(1.0))
}

type Step<Request, Answer> = Box<dyn FnOnce(&Request) -> Answer + Send>;
type Fallback<Request, Answer> = Box<dyn Fn(&Request) -> Answer + Send + Sync>;

/// A client that answers from a script, one step per call, and records every request. Once the
/// script is used up, the fallback answers, when one is set, or else the service's default answer
/// (every entry delivered).
pub(crate) struct ScriptedClient<Request, Answer> {
    steps: Mutex<VecDeque<Step<Request, Answer>>>,
    fallback: Option<Fallback<Request, Answer>>,
    requests: Mutex<Vec<Request>>,
    next_id: AtomicUsize,
}

impl<Request, Answer> Default for ScriptedClient<Request, Answer> {
    fn default() -> Self {
        Self { steps: Mutex::default(), fallback: None, requests: Mutex::default(), next_id: AtomicUsize::new(1) }
    }
}

impl<Request: Clone, Answer> ScriptedClient<Request, Answer> {
    /// The same client with `step` answering the next call the script does not answer yet.
    pub(crate) fn then(self, step: impl FnOnce(&Request) -> Answer + Send + 'static) -> Self {
        self.steps.lock().unwrap().push_back(Box::new(step));
        self
    }

    /// The same client with `answer` answering every call after the script.
    pub(crate) fn always(mut self, answer: impl Fn(&Request) -> Answer + Send + Sync + 'static) -> Self {
        self.fallback = Some(Box::new(answer));
        self
    }

    /// The requests received, in order.
    pub(crate) fn requests(&self) -> Vec<Request> {
        self.requests.lock().unwrap().clone()
    }

    /// Records `request` and answers it from the script, or with `default` once the script and
    /// the fallback have nothing to say.
    pub(crate) fn answer(&self, request: Request, default: impl FnOnce(&Request) -> Answer) -> Answer {
        self.requests.lock().unwrap().push(request.clone());
        let step = self.steps.lock().unwrap().pop_front();
        match (step, &self.fallback) {
            (Some(step), _) => step(&request),
            (None, Some(fallback)) => fallback(&request),
            (None, None) => default(&request),
        }
    }

    /// 1, 2, 3...: a new number each time, for made-up ids.
    pub(crate) fn next_id(&self) -> usize {
        self.next_id.fetch_add(1, Ordering::SeqCst)
    }
}
