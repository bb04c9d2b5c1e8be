//! The envelope of a [`JsonEvent`] as JSON text, written in one pass: the data's text is
//! copied, and so is the metadata's, written once for every event of a plan that shares
//! it. The bytes are those `serde_json` writes for the envelope (a test holds them
//! equal); the provider writes one per event, where serde_json walked the whole `Value`.

use std::fmt::Write as _;
use std::sync::Arc;

use super::{Common, JsonEvent, Metadata};
use crate::data::push_json_str;

/// What comes before the data.
const DATA_KEY: &str = r#"{"data":"#;
/// What comes before the correlation id.
const CORRELATION_ID_KEY: &str = r#","correlation_id":"#;
/// Room for the metadata after the correlation id without extra keys: the time to the
/// nanosecond, with its key and the closing braces.
const TAIL_BYTES: usize = 64;

/// Writes envelopes; kept across the events of a plan, which share their name, source,
/// version, creation time and extra keys, and differ only in their data and
/// correlation id.
#[derive(Debug, Default)]
pub(crate) struct EnvelopeWriter {
    /// The metadata of the last event written, as text but for its correlation id.
    last: Option<MetadataText>,
}

/// The text of one metadata on either side of its correlation id, and what it was
/// written from.
#[derive(Debug)]
struct MetadataText {
    /// What the metadata shares with the other events of its call.
    common: Arc<Common>,
    /// From the comma after the data to the colon before the correlation id.
    head: String,
    /// From the comma after the correlation id to the envelope's last brace.
    tail: String,
}

impl MetadataText {
    /// The text of `metadata` around its correlation id.
    fn new(metadata: &Metadata) -> Self {
        let keys = [
            r#","metadata":{"event_name":"#,
            r#","event_source":"#,
            r#","event_version":"#,
        ];
        let strings = [
            metadata.event_name().as_str(),
            metadata.event_source().as_str(),
            metadata.event_version().as_str(),
        ];
        // Room for the text when nothing needs escaping, as is usual, rather than
        // growing it step by step: in a batch of ten, that was a tenth of the work.
        let quoted: usize = strings.iter().map(|text| text.len() + 2).sum();
        let keys_len: usize = keys.iter().map(|key| key.len()).sum();
        let mut head =
            String::with_capacity(keys_len + quoted + CORRELATION_ID_KEY.len());
        for (key, text) in keys.into_iter().zip(strings) {
            head.push_str(key);
            push_json_str(&mut head, text);
        }
        head.push_str(CORRELATION_ID_KEY);
        // A time in RFC 3339, as its `Serialize` writes it, has nothing to escape.
        let mut tail = String::with_capacity(TAIL_BYTES);
        let _ = write!(tail, r#","created_at":"{}""#, metadata.created_at());
        for (key, value) in metadata.extra() {
            tail.push(',');
            push_json_str(&mut tail, key);
            tail.push(':');
            let _ = write!(tail, "{value}");
        }
        tail.push_str("}}");
        Self { common: Arc::clone(metadata.common()), head, tail }
    }

    /// Whether this is the text of `metadata`, whatever its correlation id: the events
    /// of one call share their metadata, so this is mostly one pointer's comparison.
    fn is_of(&self, metadata: &Metadata) -> bool {
        let common = metadata.common();
        Arc::ptr_eq(&self.common, common) || self.common == *common
    }
}

impl EnvelopeWriter {
    /// The envelope of `event` as JSON text, allocated at its exact size unless its
    /// correlation id needs escaping.
    pub(crate) fn write(&mut self, event: &JsonEvent) -> String {
        let metadata = &event.metadata;
        let text = match &mut self.last {
            Some(text) if text.is_of(metadata) => text,
            last => last.insert(MetadataText::new(metadata)),
        };
        let data = event.data.as_str();
        let bytes = DATA_KEY.len()
            + data.len()
            + text.head.len()
            + metadata.correlation_id.json_len()
            + text.tail.len();
        let mut out = String::with_capacity(bytes);
        out.push_str(DATA_KEY);
        out.push_str(data);
        out.push_str(&text.head);
        metadata.correlation_id.push_json(&mut out);
        out.push_str(&text.tail);
        out
    }
}
