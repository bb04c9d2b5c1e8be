//! The event provider port: whatever carries events away (EventBridge, SNS, a recording
//! in memory).

use std::future::Future;
use std::sync::Arc;

use crate::envelope::JsonEvent;
use crate::receipt::Receipts;

// ANCHOR: provider_port
/// Sends events somewhere and says what became of each one.
///
/// A provider never drops an event: the receipts it returns hold exactly one receipt per
/// event, in the order of `events`, with [`Receipt::index`](crate::Receipt::index) the
/// event's position. Failures are receipts, not errors, because a batch can partly
/// succeed and the caller must know which events to retry.
pub trait EventProvider {
    /// Sends `events` and returns one receipt per event.
    fn send(&self, events: &[JsonEvent]) -> impl Future<Output = Receipts> + Send;
}
// ANCHOR_END: provider_port

impl<P: EventProvider + Sync> EventProvider for &P {
    fn send(&self, events: &[JsonEvent]) -> impl Future<Output = Receipts> + Send {
        (**self).send(events)
    }
}

impl<P: EventProvider + Send + Sync> EventProvider for Arc<P> {
    fn send(&self, events: &[JsonEvent]) -> impl Future<Output = Receipts> + Send {
        (**self).send(events)
    }
}
