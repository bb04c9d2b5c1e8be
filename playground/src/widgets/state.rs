//! Where a widget's input is kept between visits: `localStorage`, and a link that carries
//! it.
//!
//! A link holds one widget's input in the URL fragment as `#<kind>=<base64url of the JSON
//! input>`, so sharing it sends nothing to any server. Both sources are read defensively:
//! storage may be disabled, a fragment may be cut or edited by hand; either way the
//! widget falls back to its example and says why, it never fails to mount.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use gloo::storage::{LocalStorage, Storage as _};
use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::JsValue;

/// The prefix of every key the widgets store.
const STORAGE_PREFIX: &str = "psr-playground:";

/// The most input, as JSON, that a widget keeps and runs: 1 MiB, the largest PutEvents
/// request and more than twice the largest DynamoDB item, so no input the service takes
/// is refused, while 10 MB pasted by mistake is refused at once instead of holding the
/// page for seconds.
pub(crate) const MAX_INPUT_BYTES: usize = 1024 * 1024;

/// The input a link, or else an earlier visit, left for the widget `kind`, and a note
/// when the link's input could not be read.
pub(crate) fn restore<S: DeserializeOwned>(kind: &str) -> (Option<S>, Option<String>) {
    let mut note = None;
    if let Some(encoded) = fragment_for(kind) {
        match decode::<S>(&encoded) {
            Ok(state) => return (Some(state), None),
            Err(why) => {
                note = Some(format!(
                    "The link's input for this widget could not be read ({why}), so it was ignored."
                ))
            }
        }
    }
    let saved = storage_available()
        .then(|| LocalStorage::get::<S>(storage_key(kind)).ok())
        .flatten();
    (saved, note)
}

/// Keeps `state` for the next visit and returns its size as JSON; an input over
/// [`MAX_INPUT_BYTES`], a full or a disabled storage only means it is not kept.
pub(crate) fn save<S: Serialize>(kind: &str, state: &S) -> usize {
    let Ok(json) = serde_json::to_string(state) else { return 0 };
    if json.len() <= MAX_INPUT_BYTES && storage_available() {
        // Quota errors are not worth interrupting the reader for: the input is still on
        // screen. The JSON is what `LocalStorage::get` reads back.
        let _ = LocalStorage::raw().set_item(&storage_key(kind), &json);
    }
    json.len()
}

/// Puts `state` into the address bar as this widget's fragment and returns the whole
/// link.
pub(crate) fn share<S: Serialize>(kind: &str, state: &S) -> Result<String, JsValue> {
    let json = serde_json::to_string(state)
        .map_err(|error| JsValue::from_str(&error.to_string()))?;
    let fragment = format!("#{kind}={}", URL_SAFE_NO_PAD.encode(json));
    let window =
        web_sys::window().ok_or_else(|| JsValue::from_str("there is no window"))?;
    let location = window.location();
    let link =
        format!("{}{}{}", location.origin()?, location.pathname()?, location.search()?)
            + &fragment;
    window.history()?.replace_state_with_url(&JsValue::NULL, "", Some(&link))?;
    Ok(link)
}

/// Reads an input from its fragment form.
fn decode<S: DeserializeOwned>(encoded: &str) -> Result<S, String> {
    let bytes = URL_SAFE_NO_PAD
        .decode(encoded.trim_end_matches('='))
        .map_err(|_| "it is not base64url".to_owned())?;
    serde_json::from_slice(&bytes).map_err(|_| "it is not this widget's input".to_owned())
}

/// The fragment's value for `kind`, if the fragment is `#<kind>=...`.
fn fragment_for(kind: &str) -> Option<String> {
    let hash = web_sys::window()?.location().hash().ok()?;
    let value = hash.strip_prefix('#')?.strip_prefix(kind)?.strip_prefix('=')?;
    Some(value.to_owned())
}

fn storage_key(kind: &str) -> String {
    format!("{STORAGE_PREFIX}{kind}")
}

/// Whether `localStorage` can be used; gloo's accessor throws when it cannot (storage
/// blocked by the browser's settings, an opaque origin), so this is asked first.
fn storage_available() -> bool {
    web_sys::window().and_then(|window| window.local_storage().ok().flatten()).is_some()
}
