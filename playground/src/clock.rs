//! The time the page's events are created at.

use jiff::Timestamp;

/// Now, from the browser's clock in a page (milliseconds, as `Date.now()` gives it) and
/// from the system clock elsewhere.
///
/// `Timestamp::now` gives the same instant, but a clock out of jiff's range makes it
/// panic with jiff's error, whose `Debug` formatting carries every message jiff can
/// write (about 25 KiB of the module). No browser's `Date.now()` is out of that range
/// (years -9999 to 9999); should one be, the events are dated at the Unix epoch.
pub(crate) fn now() -> Timestamp {
    #[cfg(target_arch = "wasm32")]
    let now = Timestamp::from_millisecond(js_sys::Date::now() as i64);
    #[cfg(not(target_arch = "wasm32"))]
    let now = Timestamp::try_from(std::time::SystemTime::now());
    now.unwrap_or(Timestamp::UNIX_EPOCH)
}
