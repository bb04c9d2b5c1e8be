//! Capturing events: an EventBridge bus with a rule that sends the test's events to an SQS queue.
//!
//! The rule matches only the source named after the test, so tests that share an account (or a
//! moto server) never read each other's events.

use std::time::{Duration, Instant};

use aws_sdk_eventbridge::Client as EventBridge;
use aws_sdk_sqs::Client as Sqs;
use aws_sdk_sqs::types::QueueAttributeName;
use serde_json::{Value, json};

use super::{FixtureError, TestEnv};

/// A bus, a rule on it matching one event source, and the queue the rule delivers to.
#[derive(Debug, Clone)]
pub struct EventCapture {
    eventbridge: EventBridge,
    sqs: Sqs,
    bus_name: String,
    rule_name: String,
    source: String,
    queue_url: String,
}

/// The id of the rule's only target.
const TARGET_ID: &str = "capture";

impl EventCapture {
    /// Creates the bus, queue and rule for the test `test`. Whatever was created before a failure
    /// is deleted again.
    pub async fn create(env: &TestEnv, test: &str) -> Result<Self, FixtureError> {
        let name = env.unique_name(test);
        let mut capture = Self {
            eventbridge: EventBridge::new(env.config()),
            sqs: Sqs::new(env.config()),
            bus_name: name.clone(),
            rule_name: name.clone(),
            source: name.clone(),
            queue_url: String::new(),
        };
        match capture.set_up(&name).await {
            Ok(()) => Ok(capture),
            Err(error) => {
                capture.delete().await;
                Err(error)
            }
        }
    }

    async fn set_up(&mut self, name: &str) -> Result<(), FixtureError> {
        self.eventbridge
            .create_event_bus()
            .name(&self.bus_name)
            .send()
            .await
            .map_err(FixtureError::during(format!("creating bus {}", self.bus_name)))?;
        let queue = self
            .sqs
            .create_queue()
            .queue_name(name)
            .send()
            .await
            .map_err(FixtureError::during(format!("creating queue {name}")))?;
        self.queue_url = queue.queue_url().unwrap_or_default().to_owned();
        let attributes = self
            .sqs
            .get_queue_attributes()
            .queue_url(&self.queue_url)
            .attribute_names(QueueAttributeName::QueueArn)
            .send()
            .await
            .map_err(FixtureError::during("reading the queue's ARN"))?;
        let queue_arn = attributes
            .attributes()
            .and_then(|attributes| attributes.get(&QueueAttributeName::QueueArn))
            .cloned()
            .ok_or_else(|| FixtureError::new("reading the queue's ARN", "the queue has no QueueArn attribute"))?;
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
        // AWS delivers to a queue only if the queue's policy lets this rule send; moto ignores it.
        let policy = json!({
            "Version": "2012-10-17",
            "Statement": [{
                "Effect": "Allow",
                "Principal": {"Service": "events.amazonaws.com"},
                "Action": "sqs:SendMessage",
                "Resource": queue_arn,
                "Condition": {"ArnEquals": {"aws:SourceArn": rule.rule_arn().unwrap_or_default()}}
            }]
        });
        self.sqs
            .set_queue_attributes()
            .queue_url(&self.queue_url)
            .attributes(QueueAttributeName::Policy, policy.to_string())
            .send()
            .await
            .map_err(FixtureError::during("setting the queue's policy"))?;
        let target = aws_sdk_eventbridge::types::Target::builder()
            .id(TARGET_ID)
            .arn(queue_arn)
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

    // ANCHOR: poll
    /// The EventBridge events (`{"version", "id", "detail-type", "source", "detail", ...}`) the rule
    /// delivered, read until `count` have arrived or `deadline` has passed, whichever is first.
    ///
    /// Delivery is asynchronous, so a test polls for what it expects instead of sleeping a fixed
    /// time: it passes as soon as the events are there and fails, with what did arrive, at the
    /// deadline.
    pub async fn poll(&self, count: usize, deadline: Duration) -> Result<Vec<Value>, FixtureError> {
        let give_up = Instant::now() + deadline;
        let mut events = Vec::new();
        while events.len() < count && Instant::now() < give_up {
            let received = self
                .sqs
                .receive_message()
                .queue_url(&self.queue_url)
                .max_number_of_messages(10)
                .wait_time_seconds(1)
                .send()
                .await
                .map_err(FixtureError::during("receiving from the capture queue"))?;
            for message in received.messages() {
                let body = message.body().unwrap_or_default();
                let event = serde_json::from_str(body)
                    .map_err(FixtureError::during(format!("reading a captured event: {body}")))?;
                events.push(event);
                if let Some(receipt) = message.receipt_handle() {
                    self.sqs
                        .delete_message()
                        .queue_url(&self.queue_url)
                        .receipt_handle(receipt)
                        .send()
                        .await
                        .map_err(FixtureError::during("deleting a captured event"))?;
                }
            }
        }
        Ok(events)
    }
    // ANCHOR_END: poll

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
        if !self.queue_url.is_empty() {
            report("deleting the queue", self.sqs.delete_queue().queue_url(&self.queue_url).send().await);
        }
    }
}

fn report<T, E: std::error::Error + 'static>(action: &str, result: Result<T, E>) {
    if let Err(error) = result {
        eprintln!("clean-up: {action} failed: {}", aws_sdk_sqs::error::DisplayErrorContext(error));
    }
}
