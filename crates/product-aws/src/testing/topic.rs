//! Capturing messages: an SNS topic with a queue subscribed to it.

use std::time::Duration;

use aws_sdk_sns::Client as Sns;
use serde_json::Value;

use super::queue::CaptureQueue;
use super::{FixtureError, TestEnv, report, set_up_or_delete};

/// A topic, and a queue subscribed to it with raw message delivery, so that a message's
/// body is what was published.
#[derive(Debug, Clone)]
pub struct TopicCapture {
    sns: Sns,
    topic_arn: String,
    queue: CaptureQueue,
}

impl TopicCapture {
    /// Creates the queue, topic and subscription for the test `test`. Whatever was
    /// created before a failure is deleted again.
    pub async fn create(env: &TestEnv, test: &str) -> Result<Self, FixtureError> {
        let name = env.unique_name(test);
        let queue = CaptureQueue::create(env, &name).await?;
        let sns = Sns::new(env.config());
        let topic = match sns.create_topic().name(&name).send().await {
            Ok(topic) => topic,
            Err(error) => {
                queue.delete().await;
                return Err(FixtureError::new(format!("creating topic {name}"), error));
            }
        };
        let capture = Self {
            sns,
            topic_arn: topic.topic_arn().unwrap_or_default().to_owned(),
            queue,
        };
        set_up_or_delete(capture, Self::set_up, Self::delete).await
    }

    async fn set_up(&self) -> Result<(), FixtureError> {
        self.queue.allow("sns.amazonaws.com", &self.topic_arn).await?;
        self.sns
            .subscribe()
            .topic_arn(&self.topic_arn)
            .protocol("sqs")
            .endpoint(self.queue.arn())
            .attributes("RawMessageDelivery", "true")
            .send()
            .await
            .map_err(FixtureError::during("subscribing the queue to the topic"))?;
        Ok(())
    }

    /// The ARN of the topic to publish to.
    pub fn topic_arn(&self) -> &str {
        &self.topic_arn
    }

    /// The messages published to the topic, each read as JSON, read until `count` have
    /// arrived or `deadline` has passed, whichever is first.
    pub async fn poll(
        &self,
        count: usize,
        deadline: Duration,
    ) -> Result<Vec<Value>, FixtureError> {
        self.queue.poll(count, deadline).await
    }

    /// Deletes the topic (and with it the subscription) and the queue; failures are
    /// printed, not raised, so that clean-up never hides the test's own outcome.
    pub async fn delete(&self) {
        report(
            "deleting the topic",
            self.sns.delete_topic().topic_arn(&self.topic_arn).send().await,
        );
        self.queue.delete().await;
    }
}
