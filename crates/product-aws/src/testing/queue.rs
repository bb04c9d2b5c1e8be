//! The SQS queue at the end of every capture: made for one test, read by polling, deleted
//! after.

use std::time::{Duration, Instant};

use aws_sdk_sqs::Client as Sqs;
use aws_sdk_sqs::types::QueueAttributeName;
use serde_json::{Value, json};

use super::{FixtureError, TestEnv, report};

/// A queue a capture delivers to, with the client that reads it.
#[derive(Debug, Clone)]
pub(super) struct CaptureQueue {
    sqs: Sqs,
    url: String,
    arn: String,
}

impl CaptureQueue {
    /// Creates the queue `name` and reads its ARN; the queue is deleted again if that
    /// fails.
    pub(super) async fn create(env: &TestEnv, name: &str) -> Result<Self, FixtureError> {
        let sqs = Sqs::new(env.config());
        let queue = sqs
            .create_queue()
            .queue_name(name)
            .send()
            .await
            .map_err(FixtureError::during(format!("creating queue {name}")))?;
        let mut created = Self {
            sqs,
            url: queue.queue_url().unwrap_or_default().to_owned(),
            arn: String::new(),
        };
        match created.read_arn().await {
            Ok(arn) => {
                created.arn = arn;
                Ok(created)
            }
            Err(error) => {
                created.delete().await;
                Err(error)
            }
        }
    }

    async fn read_arn(&self) -> Result<String, FixtureError> {
        let attributes = self
            .sqs
            .get_queue_attributes()
            .queue_url(&self.url)
            .attribute_names(QueueAttributeName::QueueArn)
            .send()
            .await
            .map_err(FixtureError::during("reading the queue's ARN"))?;
        attributes
            .attributes()
            .and_then(|attributes| attributes.get(&QueueAttributeName::QueueArn))
            .cloned()
            .ok_or_else(|| {
                FixtureError::new(
                    "reading the queue's ARN",
                    "the queue has no QueueArn attribute",
                )
            })
    }

    /// The queue's ARN, for a rule's target or a subscription's endpoint.
    pub(super) fn arn(&self) -> &str {
        &self.arn
    }

    /// Sets the queue's policy to let `service` (such as `events.amazonaws.com`) send to
    /// it on behalf of `source_arn` only. AWS delivers to a queue only if its policy
    /// allows it; moto ignores the policy.
    pub(super) async fn allow(
        &self,
        service: &str,
        source_arn: &str,
    ) -> Result<(), FixtureError> {
        let policy = json!({
            "Version": "2012-10-17",
            "Statement": [{
                "Effect": "Allow",
                "Principal": {"Service": service},
                "Action": "sqs:SendMessage",
                "Resource": self.arn,
                "Condition": {"ArnEquals": {"aws:SourceArn": source_arn}}
            }]
        });
        self.sqs
            .set_queue_attributes()
            .queue_url(&self.url)
            .attributes(QueueAttributeName::Policy, policy.to_string())
            .send()
            .await
            .map_err(FixtureError::during("setting the queue's policy"))?;
        Ok(())
    }

    // ANCHOR: poll
    /// The messages delivered to the queue, each body read as JSON, read until `count`
    /// have arrived or `deadline` has passed, whichever is first. Each message read
    /// is deleted from the queue.
    ///
    /// Delivery is asynchronous, so a test polls for what it expects instead of sleeping
    /// a fixed time: it passes as soon as the messages are there and fails, with what
    /// did arrive, at the deadline.
    pub(super) async fn poll(
        &self,
        count: usize,
        deadline: Duration,
    ) -> Result<Vec<Value>, FixtureError> {
        let give_up = Instant::now() + deadline;
        let mut messages = Vec::new();
        while messages.len() < count && Instant::now() < give_up {
            let received = self
                .sqs
                .receive_message()
                .queue_url(&self.url)
                .max_number_of_messages(10)
                .wait_time_seconds(1)
                .send()
                .await
                .map_err(FixtureError::during("receiving from the capture queue"))?;
            for message in received.messages() {
                let body = message.body().unwrap_or_default();
                let parsed = serde_json::from_str(body).map_err(FixtureError::during(
                    format!("reading a captured message: {body}"),
                ))?;
                messages.push(parsed);
                if let Some(receipt) = message.receipt_handle() {
                    self.sqs
                        .delete_message()
                        .queue_url(&self.url)
                        .receipt_handle(receipt)
                        .send()
                        .await
                        .map_err(FixtureError::during("deleting a captured message"))?;
                }
            }
        }
        Ok(messages)
    }
    // ANCHOR_END: poll

    /// Deletes the queue; a failure is printed, not raised.
    pub(super) async fn delete(&self) {
        report(
            "deleting the queue",
            self.sqs.delete_queue().queue_url(&self.url).send().await,
        );
    }
}
