//! Structured logs: one JSON object per line, as CloudWatch Logs reads them.
//!
//! The level comes from `RUST_LOG` (`tracing` directives by target, such as
//! `info,product_aws=debug`) or, when that is unset or unreadable, from
//! `AWS_LAMBDA_LOG_LEVEL` (the function's log level setting); `INFO` otherwise.
//! `lambda_runtime` opens a span per invocation with its `requestId` (and `xrayTraceId`);
//! the spans of the current event are written with each line, so every line carries the
//! ids that correlate it.
//!
//! The filter is `tracing_subscriber`'s `Targets`, not its `EnvFilter`: `EnvFilter` also
//! filters by span and field values, which these functions never need, and it carries a
//! regular expression engine into every binary for that (ADR-0031).

use tracing_subscriber::filter::{LevelFilter, Targets};
use tracing_subscriber::layer::SubscriberExt as _;
use tracing_subscriber::util::SubscriberInitExt as _;

// ANCHOR: init
/// Installs the JSON subscriber; a second call leaves the first one in place.
pub fn init() {
    let filter = filter(
        std::env::var("RUST_LOG").ok().as_deref(),
        &std::env::var("AWS_LAMBDA_LOG_LEVEL").unwrap_or_default(),
    );
    let _already_installed = tracing_subscriber::fmt()
        .json()
        .with_current_span(true)
        .with_span_list(true)
        .flatten_event(true)
        .with_target(true)
        .finish()
        .with(filter)
        .try_init();
}
// ANCHOR_END: init

/// The filter `rust_log` asks for, or, when it is unset, empty or unreadable, every target
/// at the level of Lambda's log level `setting`.
fn filter(rust_log: Option<&str>, setting: &str) -> Targets {
    rust_log
        .filter(|directives| !directives.trim().is_empty())
        .and_then(|directives| directives.parse().ok())
        .unwrap_or_else(|| Targets::new().with_default(level_of_setting(setting)))
}

/// The level Lambda's log level setting asks for, in `tracing`'s words.
fn level_of_setting(setting: &str) -> LevelFilter {
    match setting.to_ascii_uppercase().as_str() {
        "TRACE" => LevelFilter::TRACE,
        "DEBUG" => LevelFilter::DEBUG,
        "WARN" => LevelFilter::WARN,
        // `tracing` has no FATAL: ERROR is the closest that still shows fatal errors.
        "ERROR" | "FATAL" => LevelFilter::ERROR,
        _ => LevelFilter::INFO,
    }
}

#[cfg(test)]
mod tests {
    use tracing::Level;

    use super::*;

    #[test]
    fn lambdas_log_levels_map_to_tracing_levels() {
        for (setting, level) in [
            ("TRACE", LevelFilter::TRACE),
            ("debug", LevelFilter::DEBUG),
            ("WARN", LevelFilter::WARN),
            ("ERROR", LevelFilter::ERROR),
            ("FATAL", LevelFilter::ERROR),
        ] {
            assert_eq!(level_of_setting(setting), level, "{setting}");
        }
    }

    #[test]
    fn an_unset_or_unknown_log_level_is_info() {
        assert_eq!(level_of_setting(""), LevelFilter::INFO);
        assert_eq!(level_of_setting("LOUD"), LevelFilter::INFO);
    }

    #[test]
    fn rust_log_sets_a_level_per_target_over_lambdas_setting() {
        let filter = filter(Some("info,product_aws=debug"), "ERROR");
        assert!(filter.would_enable("product_aws::dynamodb", &Level::DEBUG));
        assert!(!filter.would_enable("product_lambdas::api", &Level::DEBUG));
        assert!(filter.would_enable("product_lambdas::api", &Level::INFO));
    }

    #[test]
    fn an_unset_empty_or_unreadable_rust_log_leaves_lambdas_setting() {
        for rust_log in [None, Some(""), Some("product_aws=loud")] {
            let filter = filter(rust_log, "WARN");
            assert!(
                filter.would_enable("product_lambdas::api", &Level::WARN),
                "{rust_log:?}"
            );
            assert!(
                !filter.would_enable("product_lambdas::api", &Level::INFO),
                "{rust_log:?}"
            );
        }
    }
}
