//! The stream processor function: DynamoDB stream batches in, standardized events on EventBridge out.

use std::convert::Infallible;

use jiff::Timestamp;
use lambda_runtime::{LambdaEvent, service_fn};
use product_aws::{EventBridgeClient, eventbridge};
use product_events::{EventHandler, EventSource, PutEventsConfig, RetryPolicy};
use product_handlers::aws_lambda_events::event::dynamodb::Event;
use product_handlers::aws_lambda_events::event::streams::DynamoDbEventResponse;

use crate::settings::{self, StartError, StreamEnv};

/// What the stream processor builds once per execution environment.
#[derive(Debug, Clone)]
pub struct StreamSettings {
    /// The SDK client for PutEvents.
    pub client: EventBridgeClient,
    /// The bus the events go to.
    pub event_bus_name: String,
    /// The `source` of every event.
    pub event_source: EventSource,
}

impl StreamSettings {
    /// The settings from `EVENT_BUS_NAME` and `EVENT_SOURCE`, with a client from the environment.
    pub async fn from_env() -> Result<Self, StartError> {
        let StreamEnv { event_bus_name, event_source } = StreamEnv::read(settings::process_env)?;
        let client = EventBridgeClient::from_conf(&product_aws::config::load().await);
        Ok(Self { client, event_bus_name, event_source })
    }
}

// ANCHOR: serve_stream
/// Runs the stream processor on the bus named by `EVENT_BUS_NAME`, as the source `EVENT_SOURCE`.
pub async fn serve_stream() -> Result<(), StartError> {
    crate::logging::init();
    let settings = StreamSettings::from_env().await.inspect_err(|error| tracing::error!(%error, "cannot start"))?;
    let settings = &settings;
    lambda_runtime::run(service_fn(move |event: LambdaEvent<Event>| async move {
        let trace_header = event.context.xray_trace_id.clone();
        // Boxed: the processor's future nests deeply enough to exceed the compiler's layout limit
        // inside the runtime's own futures.
        Ok::<_, Infallible>(Box::pin(process(settings, &event.payload, trace_header)).await)
    }))
    .await
    .map_err(StartError::Runtime)
}
// ANCHOR_END: serve_stream

// ANCHOR: process
/// Processes one batch, with the invocation's X-Ray trace header on every event it puts.
///
/// The provider is built per invocation because the trace header is; it holds nothing costly (the
/// SDK client is shared). The header comes from the invocation's context, which is where
/// `lambda_runtime` also finds the `_X_AMZN_TRACE_ID` it sets; the environment variable is read only
/// when the context has none.
pub async fn process(settings: &StreamSettings, event: &Event, trace_header: Option<String>) -> DynamoDbEventResponse {
    let trace_header = trace_header.or_else(|| std::env::var("_X_AMZN_TRACE_ID").ok().filter(|id| !id.is_empty()));
    let config = PutEventsConfig {
        event_bus_name: Some(settings.event_bus_name.clone()),
        trace_header,
        ..PutEventsConfig::default()
    };
    let provider = eventbridge::provider(settings.client.clone(), config, RetryPolicy::default());
    let handler = EventHandler::new(settings.event_source.clone(), provider);
    let response = product_handlers::process_stream(&handler, event, Timestamp::now()).await;
    tracing::info!(
        records = event.records.len(),
        failures = response.batch_item_failures.len(),
        "processed a stream batch"
    );
    response
}
// ANCHOR_END: process
