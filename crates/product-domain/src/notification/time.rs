//! A notification's time as RFC 3339 text, byte for byte as `jiff` displays it, written
//! with a few divisions and a table of two-digit numbers.
//!
//! The stream processor writes one time per event. `jiff`'s printer is general (any
//! precision, any offset, through `core::fmt`), and it was about a sixth of the work of
//! building an event; the times of product changes are after 1970 and before 10000, and
//! for those this module writes the text itself (ADR-0034). Any other time is left to
//! `jiff`. A property test holds the two equal over the whole range of a `Timestamp`.

use jiff::Timestamp;
use serde::Serializer;

/// The most bytes of a time written here: `9999-12-31T23:59:59.999999999Z`.
const MAX_LEN: usize = 30;

/// The seconds from 1970 to the start of the year 10000: the times written here are
/// below this, and at or after 1970.
const YEAR_10000: i64 = 253_402_300_800;

/// The days from 0000-03-01 to 1970-01-01 (the proleptic Gregorian calendar).
const DAYS_TO_1970: u64 = 719_468;
/// The days in 400 years, after which the calendar repeats.
const DAYS_PER_ERA: u64 = 146_097;

/// `"00"` to `"99"`, two bytes each.
const DIGIT_PAIRS: &[u8; 200] = b"\
    0001020304050607080910111213141516171819\
    2021222324252627282930313233343536373839\
    4041424344454647484950515253545556575859\
    6061626364656667686970717273747576777879\
    8081828384858687888990919293949596979899";

/// Serializes `time` as the RFC 3339 text `jiff` gives it, for `#[serde(serialize_with)]`.
pub(super) fn serialize<S: Serializer>(
    time: &Timestamp,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let mut text = [0; MAX_LEN];
    match write(*time, &mut text) {
        // Only ASCII digits and separators were written.
        Some(len) => serializer.serialize_str(str::from_utf8(&text[..len]).unwrap_or("")),
        None => serializer.collect_str(time),
    }
}

/// Writes `time` into `out` and gives its length, if it is from 1970 to 9999.
fn write(time: Timestamp, out: &mut [u8; MAX_LEN]) -> Option<usize> {
    let seconds = time.as_second();
    // A time less than a second before 1970 has zero seconds and negative nanoseconds.
    let nanos = time.subsec_nanosecond();
    if !(0..YEAR_10000).contains(&seconds) || nanos < 0 {
        return None;
    }
    let (seconds, nanos) = (seconds.unsigned_abs(), nanos.unsigned_abs());
    let (year, month, day) = civil_date(seconds / 86_400);
    let second_of_day = seconds % 86_400;
    let pair = |at: usize, out: &mut [u8; MAX_LEN], value: u64| {
        let from = 2 * value as usize;
        out[at..at + 2].copy_from_slice(&DIGIT_PAIRS[from..from + 2]);
    };
    pair(0, out, year / 100);
    pair(2, out, year % 100);
    out[4] = b'-';
    pair(5, out, month);
    out[7] = b'-';
    pair(8, out, day);
    out[10] = b'T';
    pair(11, out, second_of_day / 3_600);
    out[13] = b':';
    pair(14, out, second_of_day / 60 % 60);
    out[16] = b':';
    pair(17, out, second_of_day % 60);
    let mut len = 19;
    if nanos > 0 {
        // The fraction to the nanosecond, without its trailing zeros.
        out[19] = b'.';
        let mut rest = nanos;
        for at in (20..29).rev() {
            out[at] = b'0' + (rest % 10) as u8;
            rest /= 10;
        }
        len = 29 - nanos_trailing_zeros(nanos);
    }
    out[len] = b'Z';
    Some(len + 1)
}

/// The trailing zero digits of a fraction of nine digits that is not zero.
fn nanos_trailing_zeros(mut nanos: u32) -> usize {
    let mut zeros = 0;
    while nanos.is_multiple_of(10) {
        nanos /= 10;
        zeros += 1;
    }
    zeros
}

/// The year, month and day of the day `days` after 1970-01-01, by Howard Hinnant's
/// `civil_from_days`: years counted from March, so that the leap day is the last of one.
fn civil_date(days: u64) -> (u64, u64, u64) {
    let days = days + DAYS_TO_1970;
    let era = days / DAYS_PER_ERA;
    let day_of_era = days % DAYS_PER_ERA;
    let year_of_era = (day_of_era - day_of_era / 1_460 + day_of_era / 36_524
        - day_of_era / 146_096)
        / 365;
    let day_of_year =
        day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    let month =
        if month_from_march < 10 { month_from_march + 3 } else { month_from_march - 9 };
    let year = era * 400 + year_of_era + u64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn written(time: Timestamp) -> Option<String> {
        let mut text = [0; MAX_LEN];
        write(time, &mut text).map(|len| String::from_utf8(text[..len].to_vec()).unwrap())
    }

    #[test]
    fn times_are_written_as_jiff_displays_them() {
        for text in [
            "1970-01-01T00:00:00Z",
            "1970-01-01T00:00:00.000000001Z",
            "2000-02-29T23:59:59.5Z",
            "2024-12-31T12:00:00.123Z",
            "2026-03-01T00:00:00.12345678Z",
            "2100-02-28T08:09:10.01Z",
            "9999-12-30T22:00:00Z",
        ] {
            let time: Timestamp = text.parse().unwrap();
            assert_eq!(written(time).as_deref(), Some(text));
            assert_eq!(time.to_string(), text);
        }
    }

    #[test]
    fn times_before_1970_are_left_to_jiff() {
        let time: Timestamp = "1969-12-31T23:59:59.9Z".parse().unwrap();
        assert_eq!((time.as_second(), time.subsec_nanosecond()), (0, -100_000_000));
        assert_eq!(written(time), None);
        assert_eq!(written(Timestamp::MIN), None);
        let json = serde_json::to_value(NotificationTime(time)).unwrap();
        assert_eq!(json, "1969-12-31T23:59:59.9Z");
    }

    #[derive(serde::Serialize)]
    struct NotificationTime(#[serde(serialize_with = "serialize")] Timestamp);

    proptest! {
        #[test]
        fn any_time_serializes_as_jiff_displays_it(
            seconds in Timestamp::MIN.as_second()..=Timestamp::MAX.as_second(),
            nanos in -999_999_999..1_000_000_000i32,
            whole in any::<bool>(),
        ) {
            let nanos = if whole { 0 } else { nanos };
            let Ok(time) = Timestamp::new(seconds, nanos) else {
                return Ok(());
            };
            let json = serde_json::to_string(&NotificationTime(time)).unwrap();
            prop_assert_eq!(json, format!("\"{time}\""));
        }

    }

    #[test]
    fn every_day_from_1970_to_9999_has_its_date() {
        let days = (0..YEAR_10000 / 86_400).map(|day| day * 86_400 + 86_399);
        for time in days.map_while(|second| Timestamp::from_second(second).ok()) {
            assert_eq!(written(time), Some(time.to_string()));
        }
    }
}
