//! Capturing events: an EventBridge bus with a rule that sends the test's events to an SQS queue.
//!
//! The rule matches only the source named after the test, so tests that share an account (or a
//! moto server) never read each other's events.

use std::time::Duration;

use aws_sdk_eventbridge::Client as EventBridge;
use serde_json::{Value, json};

use super::queue::CaptureQueue;
use super::{FixtureError, TestEnv, report, set_up_or_delete};

/// A bus, a rule on it matching one event source, and the queue the rule delivers to.
#[derive(Debug, Clone)]
pub struct EventCapture {
    eventbridge: EventBridge,
    queue: CaptureQueue,
    bus_name: String,
    rule_name: String,
    source: String,
}

/// The id of the rule's only target.
const TARGET_ID: &str = "capture";

impl EventCapture {
    /// Creates the queue, bus and rule for the test `test`. Whatever was created before a failure
    /// is deleted again.
    pub async fn create(env: &TestEnv, test: &str) -> Result<Self, FixtureError> {
        let name = env.unique_name(test);
        let capture = Self {
            eventbridge: EventBridge::new(env.config()),
            queue: CaptureQueue::create(env, &name).await?,
            bus_name: name.clone(),
            rule_name: name.clone(),
            source: name,
        };
        set_up_or_delete(capture, Self::set_up, Self::delete).await
    }

    async fn set_up(&self) -> Result<(), FixtureError> {
        self.eventbridge
            .create_event_bus()
            .name(&self.bus_name)
            .send()
            .await
            .map_err(FixtureError::during(format!("creating bus {}", self.bus_name)))?;
        let pattern = json!({ "source": [self.source] });
        let rule = self
            .eventbridge
            .put_rule()
            .name(&self.rule_name)
            .event_bus_name(&self.bus_name)
            .event_pattern(pattern.to_string())
            .send()
            .await
            .map_err(FixtureError::during(format!("creating rule {}", self.rule_name)))?;
        self.queue.allow("events.amazonaws.com", rule.rule_arn().unwrap_or_default()).await?;
        let target = aws_sdk_eventbridge::types::Target::builder()
            .id(TARGET_ID)
            .arn(self.queue.arn())
            .build()
            .map_err(FixtureError::during("building the rule's target"))?;
        self.eventbridge
            .put_targets()
            .rule(&self.rule_name)
            .event_bus_name(&self.bus_name)
            .targets(target)
            .send()
            .await
            .map_err(FixtureError::during("adding the queue as the rule's target"))?;
        Ok(())
    }

    /// The name of the bus to put events on.
    pub fn bus_name(&self) -> &str {
        &self.bus_name
    }

    /// The event source the rule matches: give it to the code under test.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The EventBridge events (`{"version", "id", "detail-type", "source", "detail", ...}`) the rule
    /// delivered, read until `count` have arrived or `deadline` has passed, whichever is first.
    pub async fn poll(&self, count: usize, deadline: Duration) -> Result<Vec<Value>, FixtureError> {
        self.queue.poll(count, deadline).await
    }

    /// Deletes the rule's target, the rule, the bus and the queue; failures are printed, not
    /// raised, so that clean-up never hides the test's own outcome.
    pub async fn delete(&self) {
        let eventbridge = &self.eventbridge;
        report(
            "removing the rule's target",
            eventbridge
                .remove_targets()
                .rule(&self.rule_name)
                .event_bus_name(&self.bus_name)
                .ids(TARGET_ID)
                .send()
                .await,
        );
        report(
            "deleting the rule",
            eventbridge.delete_rule().name(&self.rule_name).event_bus_name(&self.bus_name).send().await,
        );
        report("deleting the bus", eventbridge.delete_event_bus().name(&self.bus_name).send().await);
        self.queue.delete().await;
    }
}
