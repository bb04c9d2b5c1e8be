//! Module 5: how 25 events are split into PutEvents requests under EventBridge's limits,
//! and what becomes of an event too large to send at all.
//!
//! `cargo run -p workshop --example put_events_plan`. Nothing is sent: planning is pure
//! code, the same code the EventBridge provider runs before each call.

use std::error::Error;

use product_domain::{ProductChangeNotification, ProductChangeStatus, ProductId};
use product_events::{
    CorrelationId, EmitOptions, EventName, EventSource, PutEventsConfig, PutEventsLimit,
    build_events, entry_size, plan_put_events,
};
use serde_json::json;

fn main() -> Result<(), Box<dyn Error>> {
    let created_at = "2026-01-01T00:00:00Z".parse()?;
    let mut models = Vec::new();
    for n in 1..=25_u32 {
        let notification = ProductChangeNotification {
            product_id: ProductId::parse(&format!("00000000-0000-4000-8000-{n:012}"))?,
            status: ProductChangeStatus::Added,
            created_at,
        };
        models.push(serde_json::to_value(notification)?);
    }
    // One notification with a note of 300,000 bytes: more than a 256 KiB request may
    // carry.
    if let Some(model) = models.get_mut(12) {
        model["note"] = json!("x".repeat(300_000));
    }

    let source = EventSource::parse("myorg.product.product_notification")?;
    let correlation_id = CorrelationId::parse("0b7e5c2a-8f4d-4e3b-9a1c-6d2f8e4b7a90")?;
    let options = EmitOptions::new(created_at, move |_| correlation_id.clone())
        .event_name(EventName::parse("PRODUCT_CHANGE_NOTIFICATION")?);
    let events = build_events(&source, models, &options)
        .into_iter()
        .collect::<Result<Vec<_>, _>>()?;

    for limit in
        [PutEventsLimit::DEFAULT, PutEventsLimit::new(PutEventsLimit::MAX_BYTES)?]
    {
        let config = PutEventsConfig { limit, ..PutEventsConfig::default() };
        let plan = plan_put_events(events.iter().enumerate(), &config);
        println!("{} events, limit {limit}:", events.len());
        for (number, planned) in plan.requests.iter().enumerate() {
            let bytes: usize = planned.request.entries.iter().map(entry_size).sum();
            println!(
                "  request {}: {} entries, {bytes} bytes, events {:?}",
                number + 1,
                planned.request.entries.len(),
                planned.keys
            );
        }
        for (index, failure) in &plan.rejected {
            println!("  event {index} not sent: {}: {}", failure.code, failure.message);
        }
    }
    Ok(())
}
