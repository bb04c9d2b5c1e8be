//! Capturing events: an EventBridge bus with a rule that sends the test's events to an
//! SQS queue.
//!
//! The rule matches only the source named after the test, so tests that share an account
//! (or a moto server) never read each other's events. On a bus the test does not own (a
//! deployed stack's), the rule matches a pattern the test chooses, such as its own
//! product id.

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
    pattern: Value,
    owns_bus: bool,
}

/// The id of the rule's only target.
const TARGET_ID: &str = "capture";

impl EventCapture {
    /// Creates the queue, bus and rule for the test `test`. Whatever was created before a
    /// failure is deleted again.
    pub async fn create(env: &TestEnv, test: &str) -> Result<Self, FixtureError> {
        let name = env.unique_name(test);
        let capture = Self {
            eventbridge: EventBridge::new(env.config()),
            queue: CaptureQueue::create(env, &name).await?,
            bus_name: name.clone(),
            rule_name: name.clone(),
            pattern: json!({ "source": [name] }),
            source: name,
            owns_bus: true,
        };
        set_up_or_delete(capture, Self::set_up, Self::delete).await
    }

    /// Creates a queue and a rule on the existing bus `bus_name` that sends it the events
    /// matching `pattern` (an EventBridge event pattern); `source` is the source
    /// those events carry. Deleting the capture deletes the rule and the queue, never
    /// the bus.
    pub async fn on_bus(
        env: &TestEnv,
        test: &str,
        bus_name: &str,
        source: &str,
        pattern: Value,
    ) -> Result<Self, FixtureError> {
        let name = env.unique_name(test);
        let capture = Self {
            eventbridge: EventBridge::new(env.config()),
            queue: CaptureQueue::create(env, &name).await?,
            bus_name: bus_name.to_owned(),
            rule_name: name,
            source: source.to_owned(),
            pattern,
            owns_bus: false,
        };
        set_up_or_delete(capture, Self::set_up, Self::delete).await
    }

    async fn set_up(&self) -> Result<(), FixtureError> {
        if self.owns_bus {
            self.eventbridge
                .create_event_bus()
                .name(&self.bus_name)
                .send()
                .await
                .map_err(FixtureError::during(format!(
                    "creating bus {}",
                    self.bus_name
                )))?;
        }
        let rule = self
            .eventbridge
            .put_rule()
            .name(&self.rule_name)
            .event_bus_name(&self.bus_name)
            .event_pattern(self.pattern.to_string())
            .send()
            .await
            .map_err(FixtureError::during(format!("creating rule {}", self.rule_name)))?;
        self.queue
            .allow("events.amazonaws.com", rule.rule_arn().unwrap_or_default())
            .await?;
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

    /// The EventBridge events (`{"version", "id", "detail-type", "source", "detail",
    /// ...}`) the rule delivered, read until `count` have arrived or `deadline` has
    /// passed, whichever is first.
    pub async fn poll(
        &self,
        count: usize,
        deadline: Duration,
    ) -> Result<Vec<Value>, FixtureError> {
        self.queue.poll(count, deadline).await
    }

    /// Deletes the rule's target, the rule, the bus (when the capture created it) and the
    /// queue; failures are printed, not raised, so that clean-up never hides the
    /// test's own outcome.
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
            eventbridge
                .delete_rule()
                .name(&self.rule_name)
                .event_bus_name(&self.bus_name)
                .send()
                .await,
        );
        if self.owns_bus {
            report(
                "deleting the bus",
                eventbridge.delete_event_bus().name(&self.bus_name).send().await,
            );
        }
        self.queue.delete().await;
    }
}
