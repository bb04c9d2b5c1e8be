//! The SNS provider on the SDK: events published to a real topic, read back from a subscribed queue.

use std::time::{Duration, Instant};

use aws_sdk_sns::Client as Sns;
use aws_sdk_sqs::Client as Sqs;
use aws_sdk_sqs::types::QueueAttributeName;
use product_aws::sns;
use product_aws::testing::{TestEnv, run_then_clean_up};
use product_domain::{ProductChangeNotification, ProductChangeStatus, ProductId};
use product_events::{EmitOptions, EventHandler, EventProvider as _, EventSource, RetryPolicy, SnsConfig};
use serde_json::{Value, json};

/// A topic and a queue subscribed to it with raw delivery, so that a message body is the envelope.
struct Subscription {
    sns: Sns,
    sqs: Sqs,
    topic_arn: String,
    queue_url: String,
}

impl Subscription {
    async fn create(env: &TestEnv, test: &str) -> Self {
        let (sns, sqs) = (Sns::new(env.config()), Sqs::new(env.config()));
        let name = env.unique_name(test);
        let topic_arn = sns
            .create_topic()
            .name(&name)
            .send()
            .await
            .expect("the topic and its queue are set up")
            .topic_arn()
            .expect("the topic and its queue are set up")
            .to_owned();
        let queue_url = sqs
            .create_queue()
            .queue_name(&name)
            .send()
            .await
            .expect("the topic and its queue are set up")
            .queue_url()
            .expect("the topic and its queue are set up")
            .to_owned();
        let subscription = Self { sns, sqs, topic_arn, queue_url };
        let queue_arn = subscription
            .sqs
            .get_queue_attributes()
            .queue_url(&subscription.queue_url)
            .attribute_names(QueueAttributeName::QueueArn)
            .send()
            .await
            .expect("the topic and its queue are set up")
            .attributes()
            .expect("the topic and its queue are set up")[&QueueAttributeName::QueueArn]
            .clone();
        // AWS delivers to a queue only if its policy lets the topic send; moto ignores it.
        let policy = json!({
            "Version": "2012-10-17",
            "Statement": [{
                "Effect": "Allow", "Principal": {"Service": "sns.amazonaws.com"}, "Action": "sqs:SendMessage",
                "Resource": queue_arn, "Condition": {"ArnEquals": {"aws:SourceArn": subscription.topic_arn}}
            }]
        });
        subscription
            .sqs
            .set_queue_attributes()
            .queue_url(&subscription.queue_url)
            .attributes(QueueAttributeName::Policy, policy.to_string())
            .send()
            .await
            .expect("the topic and its queue are set up");
        subscription
            .sns
            .subscribe()
            .topic_arn(&subscription.topic_arn)
            .protocol("sqs")
            .endpoint(queue_arn)
            .attributes("RawMessageDelivery", "true")
            .send()
            .await
            .expect("the topic and its queue are set up");
        subscription
    }

    async fn receive(&self, count: usize, deadline: Duration) -> Vec<Value> {
        let give_up = Instant::now() + deadline;
        let mut messages = Vec::new();
        while messages.len() < count && Instant::now() < give_up {
            let received = self
                .sqs
                .receive_message()
                .queue_url(&self.queue_url)
                .max_number_of_messages(10)
                .wait_time_seconds(1)
                .send()
                .await
                .expect("the queue is read");
            for message in received.messages() {
                messages
                    .push(serde_json::from_str(message.body().expect("the queue is read")).expect("the queue is read"));
                let receipt = message.receipt_handle().expect("the queue is read");
                self.sqs
                    .delete_message()
                    .queue_url(&self.queue_url)
                    .receipt_handle(receipt)
                    .send()
                    .await
                    .expect("the queue is read");
            }
        }
        messages
    }

    async fn delete(&self) {
        if let Err(error) = self.sns.delete_topic().topic_arn(&self.topic_arn).send().await {
            eprintln!("clean-up: deleting topic {} failed: {error}", self.topic_arn);
        }
        if let Err(error) = self.sqs.delete_queue().queue_url(&self.queue_url).send().await {
            eprintln!("clean-up: deleting queue {} failed: {error}", self.queue_url);
        }
    }
}

fn notifications(count: u32) -> Vec<ProductChangeNotification> {
    (0..count)
        .map(|n| ProductChangeNotification {
            product_id: ProductId::parse(&format!("00000000-0000-4000-8000-{n:012}")).expect("a valid id"),
            status: ProductChangeStatus::Added,
            created_at: "2026-01-01T00:00:00Z".parse().expect("a valid time"),
        })
        .collect()
}

#[tokio::test]
async fn events_published_to_a_topic_reach_its_subscribed_queue_unchanged() {
    let env = TestEnv::require().await;
    let subscription = Subscription::create(&env, "sns-round-trip").await;
    let config = SnsConfig { topic_arn: subscription.topic_arn.clone() };
    let handler = EventHandler::new(EventSource::parse("psr.test.sns").unwrap(), sns::provider(env.config(), config));
    let subscription = std::sync::Arc::new(subscription);
    let reader = subscription.clone();
    run_then_clean_up(
        async move {
            // Eleven events take two PublishBatch requests: at most ten entries each.
            let events: Vec<_> =
                handler.build(notifications(11), &EmitOptions::new()).into_iter().map(Result::unwrap).collect();
            let receipts = handler.provider().send(&events).await;
            assert!(receipts.all_delivered(), "{receipts:?}");
            let mut received = reader.receive(events.len(), Duration::from_secs(30)).await;
            let mut expected: Vec<Value> = events.iter().map(|event| serde_json::to_value(event).unwrap()).collect();
            let key = |event: &Value| event["metadata"]["correlation_id"].as_str().unwrap_or_default().to_owned();
            received.sort_by_key(key);
            expected.sort_by_key(key);
            assert_eq!(received, expected);
        },
        async { subscription.delete().await },
    )
    .await;
}

#[tokio::test]
async fn a_topic_that_does_not_exist_gives_every_event_a_failure_receipt() {
    let env = TestEnv::require().await;
    let topic_arn = format!("arn:aws:sns:us-east-1:123456789012:{}", env.unique_name("no-such-topic"));
    let provider = sns::provider(env.config(), SnsConfig { topic_arn }).with_retry_policy(RetryPolicy::no_retries());
    let handler = EventHandler::new(EventSource::parse("psr.test.sns").unwrap(), provider);
    let receipts = handler.emit(notifications(3), &EmitOptions::new()).await;
    assert_eq!(receipts.failed_indices(), [0, 1, 2]);
}
