//! The writer's text against serde_json's, for every kind of model serde can describe.

use std::collections::{BTreeMap, HashMap};

use proptest::prelude::*;
use serde::Serialize;
use serde_json::{Value, json};

use super::{JsonData, Writer};

/// What serde_json writes for the model's `Value`, and what the writer writes.
fn both<T: Serialize + ?Sized>(model: &T) -> (String, String) {
    let expected = serde_json::to_value(model).map(|value| value.to_string());
    let written = Writer::default().write(model).map(|data| data.as_str().to_owned());
    match (expected, written) {
        (Ok(expected), Ok(written)) => (expected, written),
        (Err(expected), Err(written)) => (expected.to_string(), written.to_string()),
        (expected, written) => panic!("{expected:?} but {written:?}"),
    }
}

fn same<T: Serialize + ?Sized>(model: &T) {
    let (expected, written) = both(model);
    assert_eq!(written, expected);
}

#[derive(Serialize)]
struct Notification {
    product_id: &'static str,
    status: Status,
    created_at: jiff::Timestamp,
}

#[derive(Serialize)]
#[serde(rename_all = "UPPERCASE")]
enum Status {
    Added,
}

#[derive(Serialize)]
enum Shape {
    Dot(u8),
    Line(u8, u8),
    Box { w: u8, h: u8 },
}

#[derive(Serialize)]
struct Everything {
    zeta: Option<u8>,
    alpha: Vec<Notification>,
    mid: (bool, char, i64, u64, f64, f64),
    nested: BTreeMap<String, Vec<Option<String>>>,
    unit: (),
    empty: Vec<u8>,
    object: HashMap<&'static str, i8>,
}

/// A struct whose field names need escaping: the `Value` sorts them unescaped.
#[derive(Serialize)]
struct QuotedFields {
    #[serde(rename = "b\"")]
    quoted: u8,
    #[serde(rename = "b\t")]
    tab: u8,
    b: u8,
}

/// Writes the same key twice, as a hand-written `Serialize` may.
struct Repeated;

impl Serialize for Repeated {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap as _;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("b", &1)?;
        map.serialize_entry("a", &2)?;
        map.serialize_entry("b", &3)?;
        map.end()
    }
}

/// Fails, as a `Serialize` may.
struct Failing;

impl Serialize for Failing {
    fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
        Err(serde::ser::Error::custom("no, thank you"))
    }
}

fn notification() -> Notification {
    Notification {
        product_id: "3f2504e0-4f89-41d3-9a0c-0305e82c3301",
        status: Status::Added,
        created_at: "2026-01-01T00:00:00.5Z".parse().unwrap(),
    }
}

#[test]
fn a_struct_is_written_with_its_fields_in_key_order_as_its_value_is() {
    let (expected, written) = both(&notification());
    assert_eq!(written, expected);
    assert!(
        written.starts_with(r#"{"created_at":"2026-01-01T00:00:00.5Z","product_id""#)
    );
}

#[test]
fn nested_objects_arrays_and_scalars_are_written_as_their_values_are() {
    same(&Everything {
        zeta: Some(7),
        alpha: vec![notification(), notification()],
        mid: (true, '"', -3, u64::MAX, 0.1, f64::NAN),
        nested: BTreeMap::from([
            ("z".to_owned(), vec![None, Some("é\n".to_owned())]),
            ("a".to_owned(), vec![]),
        ]),
        unit: (),
        empty: vec![],
        object: HashMap::from([("q", 1), ("b", -2), ("x", 3), ("c", 4)]),
    });
}

#[test]
fn what_the_writer_leaves_to_the_value_is_written_the_same() {
    same(&1.5f32);
    same(&u128::MAX);
    same(&7u128);
    same(&Shape::Dot(1));
    same(&Shape::Line(1, 2));
    same(&Shape::Box { w: 1, h: 2 });
    same(&serde_bytes_like());
    same(&BTreeMap::from([(2u32, "two"), (10, "ten")]));
    same(&BTreeMap::from([(true, 1)]));
    same(&BTreeMap::from([("tab\tkey", 1), ("a", 2)]));
    same(&BTreeMap::from([(Some("x"), 1)]));
    same(&Repeated);
    same(&QuotedFields { quoted: 1, tab: 2, b: 3 });
    let mut deep = json!(1);
    for _ in 0..100 {
        deep = json!({ "d": [deep] });
    }
    same(&deep);
}

fn serde_bytes_like() -> impl Serialize {
    struct Bytes;
    impl Serialize for Bytes {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.serialize_bytes(b"\x00\xff")
        }
    }
    Bytes
}

#[test]
fn a_model_that_fails_fails_with_serde_jsons_error() {
    let (expected, written) = both(&Failing);
    assert_eq!(written, expected);
    assert!(Writer::default().write(&Failing).is_err());
    same(&BTreeMap::from([(vec![1], 1)]));
}

#[test]
fn maps_out_of_key_order_are_written_sorted_whatever_their_size() {
    for size in [2, 31, 32, 33, 200] {
        let map: HashMap<String, usize> =
            (0..size).map(|n| (format!("k{n}"), n)).collect();
        same(&map);
        let reversed: Vec<(String, usize)> =
            (0..size).rev().map(|n| (format!("k{n:03}"), n)).collect();
        same(&Pairs(reversed));
    }
}

/// A map written in the order of its pairs.
struct Pairs(Vec<(String, usize)>);

impl Serialize for Pairs {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(key, value)| (key, value)))
    }
}

#[test]
fn models_appended_one_after_another_each_keep_their_own_text() {
    // A batch's data share one text: a model left to its `Value` (a float), one that
    // fails, and one sorted in place must leave the others' ranges as they were.
    let models = [
        json!({"b": 1, "a": [{"y": 1, "x": 2}]}),
        json!({"price": 2.5}),
        json!("plain"),
        json!({}),
        json!({"z": {"b": null, "a": true}}),
    ];
    let mut writer = Writer::default();
    let mut appended: Vec<_> = models.iter().map(|model| writer.append(model)).collect();
    // Fails after its first key is written.
    appended.insert(2, writer.append(&BTreeMap::from([("a", Failing)])));
    let shared = writer.into_shared();
    let data: Vec<_> = appended
        .into_iter()
        .filter_map(Result::ok)
        .map(|appended| appended.into_data(&shared))
        .collect();
    let texts: Vec<_> = data.iter().map(JsonData::as_str).collect();
    let expected: Vec<_> = models.iter().map(Value::to_string).collect();
    assert_eq!(texts, expected);
    // Only the texts the writer wrote are in the shared text, and nothing of the failure.
    let written: usize =
        expected.iter().filter(|text| !text.contains('.')).map(String::len).sum();
    assert_eq!(shared.len(), written);
}

fn any_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        ".{0,8}".prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::from),
            prop::collection::btree_map(".{0,6}", inner, 0..6)
                .prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}

proptest! {
    #[test]
    fn any_json_value_is_written_as_serde_json_writes_it(value in any_value()) {
        let written = Writer::default().write(&value).unwrap();
        prop_assert_eq!(written.as_str(), value.to_string());
        prop_assert_eq!(written.value(), &value);
    }
}
