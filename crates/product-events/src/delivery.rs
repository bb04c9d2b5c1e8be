//! What the EventBridge and SNS providers share once their events are planned into
//! entries: send the requests one after another, resend what may be resent, and give
//! every event exactly one receipt.
//!
//! What differs between the services (the request, the limits, how the answer is read,
//! which failures are worth a retry) stays in [`eventbridge`](crate::eventbridge) and
//! [`sns`](crate::sns).

use std::future::Future;

use crate::batch::EntryPlan;
use crate::envelope::JsonEvent;
use crate::receipt::{ReceiptSlots, Receipts};
use crate::retry::{Retry, Sleeper, Verdict};

/// Sends the planned entries of `events` one request after another through `attempt`,
/// resending what the verdicts say may be resent as long as `retry` allows, and returns
/// one receipt per event in the order of `events`; the events the plan rejected get their
/// failure receipts.
pub(crate) async fn deliver<E, S, Call, Fut>(
    events: &[JsonEvent],
    plan: EntryPlan<usize, Vec<(usize, E)>>,
    retry: &Retry<S>,
    mut attempt: Call,
) -> Receipts
where
    S: Sleeper,
    Call: FnMut(&[(usize, E)]) -> Fut,
    Fut: Future<Output = Vec<Verdict>>,
{
    let mut slots = ReceiptSlots::new(events);
    for (index, failure) in plan.rejected {
        slots.fail(index, failure);
    }
    for pending in plan.batches {
        retry.run(pending, &mut slots, &mut attempt).await;
    }
    slots.finish()
}
