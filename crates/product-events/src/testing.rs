//! What the tests of this crate share: fixed options, the events, a sleeper that does not
//! wait, and the scripted clients the EventBridge and SNS provider tests are written
//! against.
//!
//! The futures under test finish on their first poll (`now_or_never`), since every port
//! they await is a fake that answers at once.

use std::collections::VecDeque;
use std::future::{Future, ready};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use serde_json::json;

use crate::deadline::Deadline;
use crate::envelope::{Event, JsonEvent, Metadata};
use crate::handler::EmitOptions;
use crate::receipt::Receipts;
use crate::retry::{Jitter, Retry, RetryPolicy, Sleeper};
use crate::text::{CorrelationId, EventName, EventSource};

/// The time every test event is created at.
pub(crate) fn created_at() -> jiff::Timestamp {
    "2026-01-01T00:00:00Z".parse().unwrap()
}

/// Options for events created at [`created_at`], the event of model `n` with the
/// correlation id `c-{n}`.
pub(crate) fn options() -> EmitOptions {
    EmitOptions::new(created_at(), |n| CorrelationId::parse(format!("c-{n}")).unwrap())
}

/// A product change notification event, with the correlation id `c-{n}`.
pub(crate) fn event(n: usize) -> JsonEvent {
    Event::new(
        json!({"product_id": format!("p-{n}"), "status": "ADDED"}).into(),
        Metadata::new(
            EventName::parse("PRODUCT_CHANGE_NOTIFICATION").unwrap(),
            EventSource::parse("myorg.product.product_notification").unwrap(),
            CorrelationId::parse(format!("c-{n}")).unwrap(),
            created_at(),
        ),
    )
}

/// `count` events, `c-0` first.
pub(crate) fn events(count: usize) -> Vec<JsonEvent> {
    (0..count).map(event).collect()
}

/// An event (correlation id `c-99`) whose data is padded with `bytes` bytes.
pub(crate) fn big_event(bytes: usize) -> JsonEvent {
    let mut event = event(99);
    event.data = json!({"padding": "x".repeat(bytes)}).into();
    event
}

/// The failure code of each receipt, `None` for a delivered event.
pub(crate) fn codes_of(receipts: &Receipts) -> Vec<Option<&str>> {
    receipts
        .iter()
        .map(|receipt| receipt.failure().map(|failure| failure.code.as_str()))
        .collect()
}

/// Retries that record their waits instead of waiting: three attempts, 100 ms before the
/// first retry, and a jitter of 1 so that the delays are exact.
pub(crate) fn retry() -> Retry<RecordingSleeper> {
    Retry {
        policy: RetryPolicy::new(3, Duration::from_millis(100), Duration::from_secs(1))
            .unwrap(),
        jitter: Jitter::fixed(1.0),
        sleeper: RecordingSleeper::new(),
        deadline: Deadline::none(),
    }
}

/// A sleeper that does not wait but remembers every delay it was asked for.
#[derive(Debug, Default)]
pub(crate) struct RecordingSleeper {
    slept: Mutex<Vec<Duration>>,
}

impl RecordingSleeper {
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// The delays asked for, in order.
    pub(crate) fn slept(&self) -> Vec<Duration> {
        self.slept.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }
}

impl Sleeper for RecordingSleeper {
    fn sleep(&self, duration: Duration) -> impl Future<Output = ()> + Send {
        self.slept.lock().unwrap_or_else(PoisonError::into_inner).push(duration);
        ready(())
    }
}

type Step<Request, Answer> = Box<dyn FnOnce(&Request) -> Answer + Send>;
type Fallback<Request, Answer> = Box<dyn Fn(&Request) -> Answer + Send + Sync>;

/// A client that answers from a script, one step per call, and records every request.
/// Once the script is used up, the fallback answers, when one is set, or else the
/// service's default answer (every entry delivered).
pub(crate) struct ScriptedClient<Request, Answer> {
    steps: Mutex<VecDeque<Step<Request, Answer>>>,
    fallback: Option<Fallback<Request, Answer>>,
    requests: Mutex<Vec<Request>>,
    next_id: AtomicUsize,
}

impl<Request, Answer> Default for ScriptedClient<Request, Answer> {
    fn default() -> Self {
        Self {
            steps: Mutex::default(),
            fallback: None,
            requests: Mutex::default(),
            next_id: AtomicUsize::new(1),
        }
    }
}

impl<Request: Clone, Answer> ScriptedClient<Request, Answer> {
    /// The same client with `step` answering the next call the script does not answer
    /// yet.
    pub(crate) fn then(
        self,
        step: impl FnOnce(&Request) -> Answer + Send + 'static,
    ) -> Self {
        self.steps.lock().unwrap().push_back(Box::new(step));
        self
    }

    /// The same client with `answer` answering every call after the script.
    pub(crate) fn always(
        mut self,
        answer: impl Fn(&Request) -> Answer + Send + Sync + 'static,
    ) -> Self {
        self.fallback = Some(Box::new(answer));
        self
    }

    /// The requests received, in order.
    pub(crate) fn requests(&self) -> Vec<Request> {
        self.requests.lock().unwrap().clone()
    }

    /// Records `request` and answers it from the script, or with `default` once the
    /// script and the fallback have nothing to say.
    pub(crate) fn answer(
        &self,
        request: Request,
        default: impl FnOnce(&Request) -> Answer,
    ) -> Answer {
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
