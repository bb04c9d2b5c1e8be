//! The envelope's JSON, its metadata and its extra keys.

use serde_json::json;

use super::*;

fn metadata() -> Metadata {
    Metadata::new(
        EventName::parse("PRODUCT_CHANGE_NOTIFICATION").unwrap(),
        EventSource::parse("myorg.product.product_notification").unwrap(),
        CorrelationId::parse("6a0ed5fb-6a55-4a5b-9a0b-6f6f1b5f6c1e").unwrap(),
        "2026-01-01T00:00:00Z".parse().unwrap(),
    )
}

// ANCHOR: envelope_json_test
#[test]
fn an_event_serializes_to_the_standard_envelope() {
    let data = json!({
        "product_id": "p-1",
        "status": "ADDED",
        "created_at": "2026-01-01T00:00:00Z"
    });
    let event = Event::new(data.clone(), metadata());

    assert_eq!(
        serde_json::to_value(&event).unwrap(),
        json!({
            "data": data,
            "metadata": {
                "event_name": "PRODUCT_CHANGE_NOTIFICATION",
                "event_source": "myorg.product.product_notification",
                "event_version": "v1",
                "correlation_id": "6a0ed5fb-6a55-4a5b-9a0b-6f6f1b5f6c1e",
                "created_at": "2026-01-01T00:00:00Z"
            }
        })
    );
}
// ANCHOR_END: envelope_json_test

#[test]
fn extra_metadata_sits_beside_the_standard_keys() {
    let metadata = metadata().with_extra("tenant", json!("acme")).unwrap();
    let value = serde_json::to_value(&metadata).unwrap();
    assert_eq!(value["tenant"], json!("acme"));
    assert_eq!(value["event_version"], json!("v1"));
}

#[test]
fn an_extra_key_named_like_a_standard_key_is_rejected() {
    for key in Metadata::STANDARD_KEYS {
        assert_eq!(
            metadata().with_extra(key, json!("x")),
            Err(ReservedMetadataKey { key: key.to_owned() })
        );
    }
}

#[test]
fn an_envelope_reads_back_with_its_extra_keys() {
    let event = Event::new(
        JsonData::from(json!({"a": 1})),
        metadata().with_extra("tenant", json!("acme")).unwrap(),
    );
    let text = serde_json::to_string(&event).unwrap();
    let read: JsonEvent = serde_json::from_str(&text).unwrap();
    assert_eq!(read, event);
}

#[test]
fn an_envelope_with_an_empty_event_name_does_not_read() {
    let text = r#"{"data":{},"metadata":{"event_name":"","event_source":"s","event_version":"v1",
        "correlation_id":"c","created_at":"2026-01-01T00:00:00Z"}}"#;
    assert!(serde_json::from_str::<JsonEvent>(text).is_err());
}

#[test]
fn new_metadata_has_version_v1_and_the_given_correlation_id_and_time() {
    let uuid = uuid::Uuid::from_u128(0x6a0e_d5fb_6a55_4a5b_9a0b_6f6f_1b5f_6c1e);
    let metadata = Metadata::new(
        EventName::parse("X").unwrap(),
        EventSource::parse("s").unwrap(),
        CorrelationId::from(uuid),
        "2026-01-01T00:00:00Z".parse().unwrap(),
    );
    assert_eq!(metadata.event_version().as_str(), "v1");
    assert_eq!(
        metadata.correlation_id().as_str(),
        "6a0ed5fb-6a55-4a5b-9a0b-6f6f1b5f6c1e"
    );
    assert_eq!(metadata.created_at().to_string(), "2026-01-01T00:00:00Z");
}

#[test]
fn created_at_is_written_in_rfc_3339_utc() {
    let value = serde_json::to_value(metadata()).unwrap();
    assert_eq!(value["created_at"], json!("2026-01-01T00:00:00Z"));
}

#[test]
fn the_envelope_text_a_provider_sends_is_the_one_serde_json_writes() {
    let plain = metadata();
    let unusual = Metadata::new(
        EventName::parse("QUOTE\"D_\u{1}NAME").unwrap(),
        EventSource::parse("back\\slash.é").unwrap(),
        CorrelationId::from(uuid::Uuid::from_u128(7)),
        "2026-01-01T00:00:00.123456789Z".parse().unwrap(),
    )
    .with_version(EventVersion::parse("v2\n").unwrap())
    .with_extra("tenant", json!({"b": [1, 2.5], "a": "x\ty"}))
    .unwrap()
    .with_extra("a \"key\"", json!(null))
    .unwrap();
    let mut writer = EnvelopeWriter::default();
    for (data, metadata) in [
        (json!({"status": "ADDED", "product_id": "p-1"}), plain.clone()),
        (json!({"nested": {"z": 1, "a": [true, null]}}), unusual),
        (
            json!("just text"),
            plain.with_created_at("2027-06-30T23:59:59Z".parse().unwrap()),
        ),
    ] {
        let event = Event::new(data.clone(), metadata.clone());
        let expected = serde_json::to_string(&event).unwrap();
        let json_event = event.to_json_event().unwrap();
        assert_eq!(writer.write(&json_event), expected);
        assert_eq!(json_event.to_json(), expected);
        assert_eq!(json_event.data, data);
    }
}

#[test]
fn the_envelope_text_of_a_plain_event_is_allocated_at_its_exact_size() {
    let event =
        Event::new(json!({"status": "ADDED"}), metadata()).to_json_event().unwrap();
    let text = EnvelopeWriter::default().write(&event);
    assert_eq!(text.capacity(), text.len());
}

#[test]
fn one_writer_writes_each_event_with_its_own_metadata() {
    // The writer keeps the last metadata's text: every change of any part of it, back
    // and forth, must show in the next envelope.
    let plain = metadata();
    let with_id =
        |id: &str| plain.clone().with_correlation_id(CorrelationId::parse(id).unwrap());
    let variants = [
        plain.clone(),
        with_id("request \"7\""),
        plain.clone().with_extra("tenant", json!("acme")).unwrap(),
        plain.clone().with_extra("tenant", json!("other")).unwrap(),
        plain.clone().with_version(EventVersion::parse("v2").unwrap()),
        Metadata::new(
            EventName::parse("OTHER").unwrap(),
            plain.event_source().clone(),
            plain.correlation_id().clone(),
            plain.created_at(),
        ),
        Metadata::new(
            plain.event_name().clone(),
            EventSource::parse("other.source").unwrap(),
            CorrelationId::from(uuid::Uuid::from_u128(9)),
            plain.created_at(),
        ),
        plain.clone().with_created_at("2026-01-01T00:00:01Z".parse().unwrap()),
        plain.clone(),
        with_id("c-2"),
    ];
    let mut writer = EnvelopeWriter::default();
    for metadata in variants {
        let event = Event::new(json!({"n": 1}), metadata);
        let expected = serde_json::to_string(&event).unwrap();
        assert_eq!(writer.write(&event.to_json_event().unwrap()), expected);
    }
}

#[test]
fn an_event_is_a_few_words_to_move_whatever_its_metadata() {
    // Built events are moved into vectors and out of them: the shared metadata and the
    // boxed value keep that to a dozen words on a 64-bit target.
    assert!(
        std::mem::size_of::<JsonEvent>() <= 96,
        "{}",
        std::mem::size_of::<JsonEvent>()
    );
}
