//! Where a widget's input is kept between visits: `localStorage`, and a link that carries
//! it.
//!
//! A link holds one widget's input in the URL fragment as `#<kind>=<base64url of the JSON
//! input>`, so sharing it sends nothing to any server. Both sources are read defensively:
//! storage may be disabled, a fragment may be cut or edited by hand; either way the
//! widget falls back to its example and says why, it never fails to mount.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use wasm_bindgen::JsValue;
use web_sys::Storage;

use super::Form;

/// The prefix of every key the widgets store.
const STORAGE_PREFIX: &str = "psr-playground:";

/// The most input, as JSON, that a widget keeps and runs: 1 MiB, the largest PutEvents
/// request and more than twice the largest DynamoDB item, so no input the service takes
/// is refused, while 10 MB pasted by mistake is refused at once instead of holding the
/// page for seconds.
pub(crate) const MAX_INPUT_BYTES: usize = 1024 * 1024;

/// Fills `form` with the input a link, or else an earlier visit, left for the widget
/// `kind`, and returns a note when the link's input could not be read.
pub(crate) fn restore(kind: &str, form: &dyn Form) -> Option<String> {
    let mut note = None;
    if let Some(encoded) = fragment_for(kind) {
        let why = match decode(&encoded) {
            Ok(json) if form.load(&json) => return None,
            Ok(_) => "it is not this widget's input",
            Err(why) => why,
        };
        note = Some(format!(
            "The link's input for this widget could not be read ({why}), so it was ignored."
        ));
    }
    if let Some(saved) =
        storage().and_then(|storage| storage.get_item(&storage_key(kind)).ok().flatten())
    {
        form.load(saved.as_bytes());
    }
    note
}

/// Keeps `json`, a widget's input, for the next visit and returns its size; an input
/// over [`MAX_INPUT_BYTES`], a full or a disabled storage only means it is not kept.
pub(crate) fn save(kind: &str, json: &str) -> usize {
    if json.len() <= MAX_INPUT_BYTES
        && let Some(storage) = storage()
    {
        // Quota errors are not worth interrupting the reader for: the input is still on
        // screen. The JSON is what `restore` reads back.
        let _ = storage.set_item(&storage_key(kind), json);
    }
    json.len()
}

/// Puts `json`, a widget's input, into the address bar as this widget's fragment and
/// returns the whole link.
pub(crate) fn share(kind: &str, json: &str) -> Result<String, JsValue> {
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

/// The JSON of an input from its fragment form.
fn decode(encoded: &str) -> Result<Vec<u8>, &'static str> {
    URL_SAFE_NO_PAD
        .decode(encoded.trim_end_matches('='))
        .map_err(|_| "it is not base64url")
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

/// `localStorage`, when it can be used: not when the browser's settings block storage,
/// nor for an opaque origin.
fn storage() -> Option<Storage> {
    web_sys::window().and_then(|window| window.local_storage().ok().flatten())
}
