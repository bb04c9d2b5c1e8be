//! Splitting a list of entries into requests bounded by a count and a total size, keeping
//! order.
//!
//! Both EventBridge's PutEvents and SNS's PublishBatch take at most 10 entries and a
//! bounded number of bytes per request; only the way an entry's size is counted differs.
//! Every entry travels with the key its caller chose (an event's position, a model's
//! position), so no plan is read back through a table of positions.

use crate::envelope::{EnvelopeWriter, JsonEvent};
use crate::receipt::{Failure, codes};

/// The bounds of one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct BatchLimits {
    max_entries: usize,
    max_bytes: usize,
}

impl BatchLimits {
    /// At most `max_entries` entries (at least 1) whose sizes add up to at most
    /// `max_bytes`. An entry larger than `max_bytes` alone fits in no request.
    pub(crate) fn new(max_entries: usize, max_bytes: usize) -> Self {
        Self { max_entries: max_entries.max(1), max_bytes }
    }
}

/// Which items go in which request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Batches<B, T> {
    /// The requests in order, each its items in order; never an empty one.
    pub(crate) batches: Vec<B>,
    /// The items too large for any request, in order.
    pub(crate) too_large: Vec<T>,
}

/// How the keyed entries of one request are held while a plan is made: as pairs, for the
/// providers that resend some of them, or as keys and entries side by side, as a [`Plan`]
/// gives them, so that no entry is moved again once it is in its request.
pub(crate) trait Batch<K, E> {
    /// An empty request with room for `capacity` entries.
    fn with_capacity(capacity: usize) -> Self;
    /// Adds an entry and its key at the end.
    fn push(&mut self, key: K, entry: E);
    /// How many entries the request holds.
    fn len(&self) -> usize;
    /// Whether the request holds no entry yet.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl<K, E> Batch<K, E> for Vec<(K, E)> {
    fn with_capacity(capacity: usize) -> Self {
        Vec::with_capacity(capacity)
    }
    fn push(&mut self, key: K, entry: E) {
        Vec::push(self, (key, entry));
    }
    fn len(&self) -> usize {
        Vec::len(self)
    }
}

impl<K, E> Batch<K, E> for (Vec<K>, Vec<E>) {
    fn with_capacity(capacity: usize) -> Self {
        (Vec::with_capacity(capacity), Vec::with_capacity(capacity))
    }
    fn push(&mut self, key: K, entry: E) {
        self.0.push(key);
        self.1.push(entry);
    }
    fn len(&self) -> usize {
        self.1.len()
    }
}

// ANCHOR: batching
/// Packs keyed entries of the sizes `size` gives, in order, into as few requests as
/// greedy filling gives.
///
/// A request is closed when the next entry would take it past `max_entries` or
/// `max_bytes`; an entry larger than `max_bytes` on its own goes to
/// [`Batches::too_large`] and into no request.
pub(crate) fn plan_batches<K, E, B: Batch<K, E>>(
    items: impl IntoIterator<Item = (K, E)>,
    size: impl Fn(&E) -> usize,
    limits: BatchLimits,
) -> Batches<B, (K, E)> {
    let items = items.into_iter();
    // Full requests, unless sizes close some early: room for them all from the start.
    let requests = items.size_hint().0.div_ceil(limits.max_entries);
    let mut plan =
        Batches { batches: Vec::with_capacity(requests), too_large: Vec::new() };
    let mut current = B::with_capacity(limits.max_entries);
    let mut current_bytes = 0usize;
    for (key, entry) in items {
        let bytes = size(&entry);
        if bytes > limits.max_bytes {
            plan.too_large.push((key, entry));
            continue;
        }
        let full = current.len() == limits.max_entries;
        let too_heavy = current_bytes + bytes > limits.max_bytes;
        if full || too_heavy {
            let next = B::with_capacity(limits.max_entries);
            plan.batches.push(std::mem::replace(&mut current, next));
            current_bytes = 0;
        }
        current.push(key, entry);
        current_bytes += bytes;
    }
    if !current.is_empty() {
        plan.batches.push(current);
    }
    plan
}
// ANCHOR_END: batching

/// The requests that carry a list of events, and the events that cannot be sent.
///
/// `R` is the service's request ([`PutEventsRequest`](crate::PutEventsRequest),
/// [`PublishBatchRequest`](crate::PublishBatchRequest)); `K` is the key the caller gave
/// each event, usually its position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan<R, K = usize> {
    /// The requests, in order.
    pub requests: Vec<Planned<R, K>>,
    /// The events that go in no request, by key, in order: too large alone.
    pub rejected: Vec<(K, Failure)>,
}

/// One request of a [`Plan`] and the keys of the events it carries, entry by entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planned<R, K = usize> {
    /// The request as the API takes it.
    pub request: R,
    /// For each entry, the key of its event.
    pub keys: Vec<K>,
}

/// Events as one service's entries, grouped into requests (each a [`Batch`] of keyed
/// entries), and a failure for every event that goes in no request.
pub(crate) struct EntryPlan<K, B> {
    /// Per request, its keyed entries in order.
    pub(crate) batches: Vec<B>,
    /// By key, in the events' order: the entries too large alone.
    pub(crate) rejected: Vec<(K, Failure)>,
}

impl<K, E> EntryPlan<K, (Vec<K>, Vec<E>)> {
    /// The plan with each request's entries made into the service's request by `request`.
    pub(crate) fn into_plan<R>(self, request: impl Fn(Vec<E>) -> R) -> Plan<R, K> {
        let requests = self
            .batches
            .into_iter()
            .map(|(keys, entries)| Planned { request: request(entries), keys })
            .collect();
        Plan { requests, rejected: self.rejected }
    }
}

/// Turns keyed events into entries with `entry` (given the event's position in `events`
/// and a writer for its envelope), measures each with `size`, and groups them within
/// `limits` in order. An entry too large alone is rejected as `EntryTooLarge` with the
/// message `too_large` writes.
pub(crate) fn plan_entries<'a, K, E, B: Batch<K, E>>(
    events: impl IntoIterator<Item = (K, &'a JsonEvent)>,
    limits: BatchLimits,
    mut entry: impl FnMut(usize, &JsonEvent, &mut EnvelopeWriter) -> E,
    size: impl Fn(&E) -> usize,
    too_large: impl Fn(&E) -> String,
) -> EntryPlan<K, B> {
    // One writer for the plan: the events of a call share their creation time, which it
    // formats once.
    let mut writer = EnvelopeWriter::default();
    // Entries go into their batches as they are built: no list of every entry is held
    // (or grown, and copied as it grows) first, so a batch of 100,000 events costs per
    // event what a batch of 1,000 does.
    let entries = events
        .into_iter()
        .enumerate()
        .map(|(position, (key, event))| (key, entry(position, event, &mut writer)));
    let planned = plan_batches(entries, size, limits);
    EntryPlan {
        batches: planned.batches,
        rejected: planned
            .too_large
            .into_iter()
            .map(|(key, entry)| {
                (key, Failure::new(codes::ENTRY_TOO_LARGE, too_large(&entry)))
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// Plans entries of `sizes` and names each by its position.
    fn plan_batches(
        sizes: impl IntoIterator<Item = usize>,
        limits: BatchLimits,
    ) -> Batches<Vec<usize>, usize> {
        let planned: Batches<Vec<(usize, usize)>, _> =
            super::plan_batches(sizes.into_iter().enumerate(), |&size| size, limits);
        let positions = |items: Vec<(usize, usize)>| {
            items.into_iter().map(|(position, _)| position).collect()
        };
        Batches {
            batches: planned.batches.into_iter().map(positions).collect(),
            too_large: positions(planned.too_large),
        }
    }

    #[test]
    fn twenty_small_entries_make_two_requests_of_ten() {
        let plan = plan_batches([1; 20], BatchLimits::new(10, 100));
        assert_eq!(
            plan.batches,
            [(0..10).collect::<Vec<_>>(), (10..20).collect::<Vec<_>>()]
        );
        assert!(plan.too_large.is_empty());
    }

    #[test]
    fn a_request_closes_before_it_would_pass_the_byte_limit() {
        let plan = plan_batches([60, 40, 1, 100], BatchLimits::new(10, 100));
        assert_eq!(plan.batches, [vec![0, 1], vec![2], vec![3]]);
    }

    #[test]
    fn an_entry_larger_than_the_limit_goes_into_no_request() {
        let plan = plan_batches([10, 101, 10], BatchLimits::new(10, 100));
        assert_eq!(plan.batches, [vec![0, 2]]);
        assert_eq!(plan.too_large, [1]);
    }

    #[test]
    fn no_entries_make_no_requests() {
        let plan = plan_batches([], BatchLimits::new(10, 100));
        assert_eq!(plan, Batches { batches: vec![], too_large: vec![] });
    }

    // ANCHOR: batching_property
    proptest! {
        #[test]
        fn every_entry_lands_in_exactly_one_request_within_the_limits_and_in_order(
            sizes in prop::collection::vec(0usize..400, 0..60),
            max_entries in 1usize..=10,
            max_bytes in 1usize..1000,
        ) {
            let limits = BatchLimits::new(max_entries, max_bytes);
            let plan = plan_batches(sizes.iter().copied(), limits);

            for batch in &plan.batches {
                prop_assert!((1..=max_entries).contains(&batch.len()));
                let bytes: usize = batch.iter().map(|&i| sizes[i]).sum();
                prop_assert!(bytes <= max_bytes);
            }
            for &i in &plan.too_large {
                prop_assert!(sizes[i] > max_bytes);
            }
            let mut sent: Vec<usize> = plan.batches.concat();
            prop_assert!(sent.windows(2).all(|w| w[0] < w[1]), "order kept");
            sent.extend(&plan.too_large);
            sent.sort_unstable();
            prop_assert_eq!(sent, (0..sizes.len()).collect::<Vec<_>>());
        }
    }
    // ANCHOR_END: batching_property
}
