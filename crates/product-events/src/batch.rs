//! Splitting a list of entries into requests bounded by a count and a total size, keeping order.
//!
//! Both EventBridge's PutEvents and SNS's PublishBatch take at most 10 entries and a bounded number
//! of bytes per request; only the way an entry's size is counted differs.

use crate::envelope::JsonEvent;
use crate::receipt::{Failure, Receipt, codes};

/// The bounds of one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BatchLimits {
    max_entries: usize,
    max_bytes: usize,
}

impl BatchLimits {
    /// At most `max_entries` entries (at least 1) whose sizes add up to at most `max_bytes`. An
    /// entry larger than `max_bytes` alone fits in no request.
    pub fn new(max_entries: usize, max_bytes: usize) -> Self {
        Self { max_entries: max_entries.max(1), max_bytes }
    }

    /// The most entries in one request.
    pub fn max_entries(&self) -> usize {
        self.max_entries
    }

    /// The most bytes in one request.
    pub fn max_bytes(&self) -> usize {
        self.max_bytes
    }
}

/// Which entries go in which request.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BatchPlan {
    /// The requests in order, each the positions of its entries in order; never an empty one.
    pub batches: Vec<Vec<usize>>,
    /// The positions of entries too large for any request, in order.
    pub too_large: Vec<usize>,
}

// ANCHOR: batching
/// Packs entries of the given sizes, in order, into as few requests as greedy filling gives.
///
/// A request is closed when the next entry would take it past `max_entries` or `max_bytes`; an
/// entry larger than `max_bytes` on its own goes to [`BatchPlan::too_large`] and into no request.
pub fn plan_batches(sizes: impl IntoIterator<Item = usize>, limits: BatchLimits) -> BatchPlan {
    let mut plan = BatchPlan::default();
    let mut current: Vec<usize> = Vec::new();
    let mut current_bytes = 0usize;
    for (index, size) in sizes.into_iter().enumerate() {
        if size > limits.max_bytes {
            plan.too_large.push(index);
            continue;
        }
        let full = current.len() == limits.max_entries;
        let too_heavy = current_bytes + size > limits.max_bytes;
        if full || too_heavy {
            plan.batches.push(std::mem::take(&mut current));
            current_bytes = 0;
        }
        current.push(index);
        current_bytes += size;
    }
    if !current.is_empty() {
        plan.batches.push(current);
    }
    plan
}
// ANCHOR_END: batching

/// Events as one service's entries, grouped into requests: each request's entries with the position of
/// each entry's event, and a failure receipt for every event that goes in no request.
#[derive(Debug)]
pub(crate) struct EntryPlan<E> {
    /// Per request: the positions of its events and its entries, in the same order.
    pub(crate) requests: Vec<(Vec<usize>, Vec<E>)>,
    /// Failure receipts by position: envelopes that could not be serialized, entries too large alone.
    pub(crate) rejected: Vec<Receipt>,
}

/// Turns events into entries with `entry`, measures each with `size`, and groups them within `limits`
/// in order. An entry too large alone becomes an `EntryTooLarge` receipt whose message `too_large`
/// writes; an envelope that cannot be serialized becomes a `SerializationFailed` receipt.
pub(crate) fn plan_entries<E>(
    events: &[JsonEvent],
    limits: BatchLimits,
    entry: impl Fn(usize, &JsonEvent) -> Result<E, serde_json::Error>,
    size: impl Fn(&E) -> usize,
    too_large: impl Fn(&E) -> String,
) -> EntryPlan<E> {
    let correlation_id = |index: usize| events.get(index).map(|event| event.metadata.correlation_id().clone());
    let mut rejected = Vec::new();
    let mut entries = Vec::with_capacity(events.len());
    for (index, event) in events.iter().enumerate() {
        match entry(index, event) {
            Ok(entry) => entries.push((index, entry)),
            Err(error) => rejected.push(Receipt::failed(
                index,
                correlation_id(index),
                Failure::new(codes::SERIALIZATION_FAILED, format!("the envelope could not be serialized: {error}")),
            )),
        }
    }
    let batches = plan_batches(entries.iter().map(|(_, entry)| size(entry)), limits);
    let mut entries: Vec<Option<(usize, E)>> = entries.into_iter().map(Some).collect();
    for position in batches.too_large {
        if let Some((index, entry)) = entries.get_mut(position).and_then(Option::take) {
            rejected.push(Receipt::failed(
                index,
                correlation_id(index),
                Failure::new(codes::ENTRY_TOO_LARGE, too_large(&entry)),
            ));
        }
    }
    let requests = batches
        .batches
        .into_iter()
        .map(|batch| batch.into_iter().filter_map(|position| entries.get_mut(position).and_then(Option::take)).unzip())
        .collect();
    rejected.sort_by_key(|receipt| receipt.index);
    EntryPlan { requests, rejected }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn twenty_small_entries_make_two_requests_of_ten() {
        let plan = plan_batches([1; 20], BatchLimits::new(10, 100));
        assert_eq!(plan.batches, [(0..10).collect::<Vec<_>>(), (10..20).collect::<Vec<_>>()]);
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
        assert_eq!(plan, BatchPlan::default());
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
