//! What a function reads from its environment, and why it may refuse to start.

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::env;

use product_events::{EventSource, InvalidSizeLimit, InvalidText, PutEventsLimit};
use thiserror::Error;

/// The DynamoDB table of the API functions.
pub const TABLE_NAME: &str = "TABLE_NAME";
/// The EventBridge bus of the stream processor.
pub const EVENT_BUS_NAME: &str = "EVENT_BUS_NAME";
/// The `source` of the events the stream processor emits, such as
/// `myorg.product.product_notification`.
pub const EVENT_SOURCE: &str = "EVENT_SOURCE";
/// The most bytes one PutEvents request may carry: 262144 (256 KiB, every bus) up to
/// 1048576 (1 MiB, accepted since January 2026). The template passes it in, so a stack
/// raises it without a build.
pub const PUT_EVENTS_MAX_BYTES: &str = "PUT_EVENTS_MAX_BYTES";

/// Why a function did not start. Returned before the runtime loop begins, so Lambda
/// reports the init as failed and the message is the last line of the log.
#[derive(Debug, Error)]
pub enum StartError {
    /// A required environment variable is not set (or is empty).
    #[error("the environment variable {0} is not set; the function needs it to start")]
    MissingVariable(&'static str),
    /// `EVENT_SOURCE` is not a valid event source.
    #[error("the environment variable {EVENT_SOURCE} is not a valid event source")]
    InvalidEventSource(#[source] InvalidText),
    /// `PUT_EVENTS_MAX_BYTES` is not a whole number of bytes.
    #[error(
        "the environment variable {PUT_EVENTS_MAX_BYTES} is not a whole number of bytes: {0:?}"
    )]
    NotANumber(String),
    /// `PUT_EVENTS_MAX_BYTES` is a number EventBridge does not allow.
    #[error(
        "the environment variable {PUT_EVENTS_MAX_BYTES} is not a valid PutEvents size limit"
    )]
    InvalidPutEventsLimit(#[source] InvalidSizeLimit),
    /// The Lambda runtime stopped with an error.
    #[error("the Lambda runtime failed")]
    Runtime(#[source] lambda_runtime::Error),
}

/// The process environment, as [`ApiEnv::read`] and [`StreamEnv::read`] take it.
pub fn process_env(name: &'static str) -> Option<String> {
    env::var(name).ok()
}

/// The value of `name` in `env`, which must be set and not empty.
fn required_in(
    env: &impl Fn(&'static str) -> Option<String>,
    name: &'static str,
) -> Result<String, StartError> {
    env(name).filter(|value| !value.is_empty()).ok_or(StartError::MissingVariable(name))
}

/// What an API function reads at start-up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiEnv {
    /// The products table (`TABLE_NAME`).
    pub table_name: String,
}

impl ApiEnv {
    /// Reads the settings from `env` (the process environment in Lambda:
    /// [`process_env`]).
    pub fn read(
        env: impl Fn(&'static str) -> Option<String>,
    ) -> Result<Self, StartError> {
        Ok(Self { table_name: required_in(&env, TABLE_NAME)? })
    }
}

/// What the stream processor reads at start-up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StreamEnv {
    /// The bus the events go to (`EVENT_BUS_NAME`).
    pub event_bus_name: String,
    /// The `source` of every event (`EVENT_SOURCE`).
    pub event_source: EventSource,
    /// The most bytes of one PutEvents request (`PUT_EVENTS_MAX_BYTES`).
    pub put_events_limit: PutEventsLimit,
}

impl StreamEnv {
    /// Reads the settings from `env` (the process environment in Lambda:
    /// [`process_env`]).
    pub fn read(
        env: impl Fn(&'static str) -> Option<String>,
    ) -> Result<Self, StartError> {
        let event_bus_name = required_in(&env, EVENT_BUS_NAME)?;
        let event_source = EventSource::parse(required_in(&env, EVENT_SOURCE)?)
            .map_err(StartError::InvalidEventSource)?;
        let bytes = required_in(&env, PUT_EVENTS_MAX_BYTES)?;
        let bytes = bytes.trim().parse().map_err(|_| StartError::NotANumber(bytes))?;
        let put_events_limit =
            PutEventsLimit::new(bytes).map_err(StartError::InvalidPutEventsLimit)?;
        Ok(Self { event_bus_name, event_source, put_events_limit })
    }
}

// ANCHOR: variables_read
/// The binaries of this crate, as the deployment names them.
pub const BINARIES: [&str; 5] = [
    "create-product",
    "get-product",
    "delete-product",
    "list-products",
    "process-stream",
];

/// The variables `binary` reads at start-up, or `None` for a name that is not one of
/// [`BINARIES`].
///
/// Found by running the binary's own reading code on an environment that records each
/// name it is asked for (and answers with a valid value), so the deployment's checks
/// compare the template with the code itself, not with a list kept beside it.
pub fn variables_read(binary: &str) -> Option<BTreeSet<&'static str>> {
    let asked = RefCell::new(BTreeSet::new());
    let recording = |name: &'static str| {
        asked.borrow_mut().insert(name);
        let value = if name == PUT_EVENTS_MAX_BYTES {
            "262144"
        } else {
            "myorg.product.recorded"
        };
        Some(value.to_owned())
    };
    let read = match binary {
        "create-product" | "get-product" | "delete-product" | "list-products" => {
            ApiEnv::read(recording).map(drop)
        }
        "process-stream" => StreamEnv::read(recording).map(drop),
        _ => return None,
    };
    debug_assert!(read.is_ok(), "every setting accepts the recorded value");
    Some(asked.into_inner())
}
// ANCHOR_END: variables_read

#[cfg(test)]
mod tests {
    use super::*;

    fn env_of(pairs: &[(&'static str, &str)]) -> impl Fn(&'static str) -> Option<String> {
        let pairs: Vec<_> =
            pairs.iter().map(|(name, value)| (*name, (*value).to_owned())).collect();
        move |name| {
            pairs.iter().find(|(known, _)| *known == name).map(|(_, value)| value.clone())
        }
    }

    #[test]
    fn each_binary_reads_exactly_its_own_variables() {
        let table: BTreeSet<_> = [TABLE_NAME].into();
        for api in &BINARIES[..4] {
            assert_eq!(variables_read(api), Some(table.clone()), "{api}");
        }
        assert_eq!(
            variables_read("process-stream"),
            Some([EVENT_BUS_NAME, EVENT_SOURCE, PUT_EVENTS_MAX_BYTES].into())
        );
        assert_eq!(variables_read("bootstrap"), None);
    }

    #[test]
    fn an_empty_variable_counts_as_missing() {
        let read = ApiEnv::read(env_of(&[(TABLE_NAME, "")]));
        assert!(matches!(read, Err(StartError::MissingVariable(TABLE_NAME))), "{read:?}");
    }

    #[test]
    fn an_invalid_event_source_is_refused_at_start_up() {
        let read = StreamEnv::read(env_of(&[
            (EVENT_BUS_NAME, "bus"),
            (EVENT_SOURCE, " "),
            (PUT_EVENTS_MAX_BYTES, "262144"),
        ]));
        assert!(matches!(read, Err(StartError::InvalidEventSource(_))), "{read:?}");
        let read = StreamEnv::read(env_of(&[
            (EVENT_BUS_NAME, "bus"),
            (EVENT_SOURCE, "myorg.product"),
            (PUT_EVENTS_MAX_BYTES, "1048576"),
        ]))
        .unwrap();
        assert_eq!(read.event_bus_name, "bus");
        assert_eq!(read.put_events_limit.bytes(), 1_048_576);
    }

    #[test]
    fn a_put_events_limit_eventbridge_does_not_allow_is_refused_at_start_up() {
        let read_with = |bytes| {
            StreamEnv::read(env_of(&[
                (EVENT_BUS_NAME, "bus"),
                (EVENT_SOURCE, "myorg.product"),
                (PUT_EVENTS_MAX_BYTES, bytes),
            ]))
        };
        for missing in [None, Some("")] {
            let read = StreamEnv::read(env_of(
                &[(EVENT_BUS_NAME, "bus"), (EVENT_SOURCE, "myorg.product")]
                    .into_iter()
                    .chain(missing.map(|value| (PUT_EVENTS_MAX_BYTES, value)))
                    .collect::<Vec<_>>(),
            ));
            assert!(
                matches!(read, Err(StartError::MissingVariable(PUT_EVENTS_MAX_BYTES))),
                "{read:?}"
            );
        }
        assert!(matches!(read_with("256 KiB"), Err(StartError::NotANumber(_))));
        assert!(matches!(read_with("-1"), Err(StartError::NotANumber(_))));
        assert!(matches!(read_with("0"), Err(StartError::InvalidPutEventsLimit(_))));
        let too_large = read_with("1048577").unwrap_err();
        let cause = std::error::Error::source(&too_large).expect("the limit's own error");
        assert_eq!(
            format!("{too_large}: {cause}"),
            "the environment variable PUT_EVENTS_MAX_BYTES is not a valid PutEvents size limit: the limit \
             is at most 1048576 bytes, not 1048577"
        );
    }
}
