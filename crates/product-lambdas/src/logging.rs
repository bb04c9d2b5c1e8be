//! Structured logs: one JSON object per line, as CloudWatch Logs reads them.
//!
//! The level comes from `RUST_LOG` (full `tracing` directives) or, when that is unset,
//! from `AWS_LAMBDA_LOG_LEVEL` (the function's log level setting); `INFO` otherwise.
//! `lambda_runtime` opens a span per invocation with its `requestId` (and `xrayTraceId`);
//! the spans of the current event are written with each line, so every line carries the
//! ids that correlate it.

use tracing_subscriber::EnvFilter;

// ANCHOR: init
/// Installs the JSON subscriber; a second call leaves the first one in place.
pub fn init() {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| {
        EnvFilter::new(level_of_setting(
            &std::env::var("AWS_LAMBDA_LOG_LEVEL").unwrap_or_default(),
        ))
    });
    let _already_installed = tracing_subscriber::fmt()
        .json()
        .with_env_filter(filter)
        .with_current_span(true)
        .with_span_list(true)
        .flatten_event(true)
        .with_target(true)
        .try_init();
}
// ANCHOR_END: init

/// The level Lambda's log level setting asks for, in `tracing`'s words.
fn level_of_setting(setting: &str) -> &'static str {
    match setting.to_ascii_uppercase().as_str() {
        "TRACE" => "trace",
        "DEBUG" => "debug",
        "WARN" => "warn",
        // `tracing` has no FATAL: ERROR is the closest that still shows fatal errors.
        "ERROR" | "FATAL" => "error",
        _ => "info",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lambdas_log_levels_map_to_tracing_levels() {
        for (setting, level) in [
            ("TRACE", "trace"),
            ("debug", "debug"),
            ("WARN", "warn"),
            ("ERROR", "error"),
            ("FATAL", "error"),
        ] {
            assert_eq!(level_of_setting(setting), level, "{setting}");
        }
    }

    #[test]
    fn an_unset_or_unknown_log_level_is_info() {
        assert_eq!(level_of_setting(""), "info");
        assert_eq!(level_of_setting("LOUD"), "info");
    }
}
