//! The data's text, and the value it reads as.

use serde_json::json;

use super::{JsonData, Writer};

#[test]
fn data_reads_as_its_value_and_serializes_as_its_text() {
    let data = Writer::default().write(&json!({"status": "ADDED", "n": 1})).unwrap();
    assert_eq!(data.as_str(), r#"{"n":1,"status":"ADDED"}"#);
    assert_eq!(data["status"], "ADDED");
    assert_eq!(data, json!({"n": 1, "status": "ADDED"}));
    assert_eq!(serde_json::to_string(&data).unwrap(), data.as_str());
    assert_eq!(serde_json::to_value(&data).unwrap(), json!({"n": 1, "status": "ADDED"}));
}

#[test]
fn data_from_a_value_or_read_back_has_the_text_the_writer_writes() {
    let value = json!({"b": [1.5, null], "a": "x"});
    let written = Writer::default().write(&value).unwrap();
    let from_value = JsonData::from(value.clone());
    let read: JsonData =
        serde_json::from_str(r#"{ "a" : "x", "b" : [1.5, null] }"#).unwrap();
    assert_eq!(from_value, written);
    assert_eq!(read, written);
    assert_eq!(format!("{read:?}"), format!("{value:?}"));
}
