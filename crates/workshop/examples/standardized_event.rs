//! Module 3: one DynamoDB stream record, through your `notification_for`, becomes a
//! standardized event and the PutEvents entry that carries it to EventBridge.
//!
//! `cargo run -p workshop --example standardized_event` (add `--features solutions` to
//! see the finished version). The time and the correlation id are fixed, so every run
//! prints the same.

use std::error::Error;

use product_events::{
    CorrelationId, EmitOptions, EventSource, PutEventsConfig, PutEventsRequestEntry,
    build_events,
};
use workshop::notification_for;

fn main() -> Result<(), Box<dyn Error>> {
    let seen_at = "2026-01-01T00:00:00Z".parse()?;
    let notification =
        notification_for("INSERT", "3f2b8c1e-4d5a-4f6b-9c7d-2e1f0a9b8c7d", seen_at)?;

    let source = EventSource::parse("myorg.product.product_notification")?;
    let correlation_id = CorrelationId::parse("0b7e5c2a-8f4d-4e3b-9a1c-6d2f8e4b7a90")?;
    let options = EmitOptions::new(seen_at, move |_| correlation_id.clone());
    for built in build_events(&source, [notification], &options) {
        let event = built?;
        println!("The standardized event:\n{}", serde_json::to_string_pretty(&event)?);
        let entry =
            PutEventsRequestEntry::from_event(&event, &PutEventsConfig::default())?;
        println!("\nIts PutEvents entry:\n{}", serde_json::to_string_pretty(&entry)?);
    }
    Ok(())
}
