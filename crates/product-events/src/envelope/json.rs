//! The envelope of a [`JsonEvent`] as JSON text, written in one pass: the data's text is
//! copied, the keys are constants, and the metadata's strings are escaped only when they
//! need it. The bytes are those `serde_json` writes for the envelope (a test holds them
//! equal); the provider writes one per event, where serde_json walked the whole `Value`.

use std::fmt::Write as _;

use jiff::Timestamp;

use super::JsonEvent;
use crate::data::push_json_str;

/// The keys, quotes and punctuation of an envelope without extra metadata: with the
/// strings and the time, its size exactly (the texts are those of [`EnvelopeWriter::write`]).
const FIXED_BYTES: usize = r#"{"data":,"metadata":{"event_name":"","event_source":"","event_version":"","correlation_id":"","created_at":""}}"#.len();

/// Writes envelopes; kept across the events of a plan, which share their creation time.
#[derive(Debug, Default)]
pub(crate) struct EnvelopeWriter {
    /// The last creation time written, and its text.
    time: Option<(Timestamp, String)>,
}

impl EnvelopeWriter {
    /// The envelope of `event` as JSON text.
    pub(crate) fn write(&mut self, event: &JsonEvent) -> String {
        let metadata = &event.metadata;
        let data = event.data.as_str();
        let strings = [
            metadata.event_name.as_str(),
            metadata.event_source.as_str(),
            metadata.event_version.as_str(),
            metadata.correlation_id.as_str(),
        ];
        let time = self.time(metadata.created_at);
        // Exact unless a string needs escaping or there is extra metadata: the text of a
        // large batch is most of its memory.
        let bytes = FIXED_BYTES
            + data.len()
            + strings.iter().map(|s| s.len()).sum::<usize>()
            + time.len();
        let mut out = String::with_capacity(bytes);
        out.push_str(r#"{"data":"#);
        out.push_str(data);
        let keys = [
            r#","metadata":{"event_name":"#,
            r#","event_source":"#,
            r#","event_version":"#,
            r#","correlation_id":"#,
        ];
        for (key, text) in keys.into_iter().zip(strings) {
            out.push_str(key);
            push_json_str(&mut out, text);
        }
        // A time in RFC 3339 has nothing to escape.
        out.push_str(r#","created_at":""#);
        out.push_str(time);
        out.push('"');
        for (key, value) in &metadata.extra {
            out.push(',');
            push_json_str(&mut out, key);
            out.push(':');
            let _ = write!(out, "{value}");
        }
        out.push_str("}}");
        out
    }

    /// `at` as RFC 3339 text, as its `Serialize` writes it; formatted once per time.
    fn time(&mut self, at: Timestamp) -> &str {
        if self.time.as_ref().is_none_or(|(last, _)| *last != at) {
            self.time = Some((at, at.to_string()));
        }
        self.time.as_ref().map_or("", |(_, text)| text)
    }
}
