//! What the EventBridge and SNS providers share: a client port to send through, a sleeper to wait
//! with, the service's settings, the retry policy and jitter, and the loop that sends planned
//! requests one after another with the retries the policy allows.
//!
//! What differs between the services (the request, the limits, how the answer is read, which
//! failures are worth a retry) stays in [`eventbridge`](crate::eventbridge) and [`sns`](crate::sns).

use std::future::Future;

use crate::receipt::{ReceiptSlots, Receipts};
use crate::retry::{Jitter, Retrier, RetryPolicy, Sleeper, Verdict};

/// A provider for one service, where `K` is that service's settings: [`PutEventsConfig`] for an
/// [`EventBridgeProvider`], [`SnsConfig`] for an [`SnsProvider`].
///
/// It sends through the client `C` and waits between attempts with the sleeper `S`; which service it
/// speaks to, and so its [`EventProvider`](crate::EventProvider) implementation, follows from `K`.
///
/// [`PutEventsConfig`]: crate::PutEventsConfig
/// [`EventBridgeProvider`]: crate::EventBridgeProvider
/// [`SnsConfig`]: crate::SnsConfig
/// [`SnsProvider`]: crate::SnsProvider
#[derive(Debug)]
pub struct ServiceProvider<K, C, S> {
    client: C,
    sleeper: S,
    config: K,
    retry: RetryPolicy,
    jitter: Jitter,
}

impl<K, C, S> ServiceProvider<K, C, S> {
    /// A provider over `client` that waits with `sleeper`, with the default retry policy and random
    /// jitter.
    pub fn new(client: C, sleeper: S, config: K) -> Self {
        Self { client, sleeper, config, retry: RetryPolicy::default(), jitter: Jitter::random() }
    }

    /// The same provider with another retry policy.
    #[must_use]
    pub fn with_retry_policy(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// The same provider with another source of jitter.
    #[must_use]
    pub fn with_jitter(mut self, jitter: Jitter) -> Self {
        self.jitter = jitter;
        self
    }

    /// The client.
    pub fn client(&self) -> &C {
        &self.client
    }

    /// The sleeper.
    pub fn sleeper(&self) -> &S {
        &self.sleeper
    }

    /// The service's settings: the bus, trace header and size limit for EventBridge, the topic for
    /// SNS.
    pub fn config(&self) -> &K {
        &self.config
    }
}

impl<K, C, S: Sleeper> ServiceProvider<K, C, S> {
    /// Sends `requests` one after another, each as its entries with their events' indices, through
    /// `attempt`, resending what the verdicts say may be resent as long as the policy allows; then
    /// turns `slots`, which already hold the receipts decided before sending, into the receipts.
    pub(crate) async fn deliver<E, Call, Fut>(
        &self,
        requests: impl IntoIterator<Item = Vec<(usize, E)>>,
        mut slots: ReceiptSlots,
        mut attempt: Call,
    ) -> Receipts
    where
        Call: FnMut(&[(usize, E)]) -> Fut,
        Fut: Future<Output = Vec<Verdict>>,
    {
        let retrier = Retrier { policy: &self.retry, jitter: &self.jitter, sleeper: &self.sleeper };
        for pending in requests {
            retrier.run(pending, &mut slots, &mut attempt).await;
        }
        slots.finish()
    }
}
