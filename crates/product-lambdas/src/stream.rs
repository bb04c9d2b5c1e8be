//! The stream processor function: DynamoDB stream batches in, standardized events on
//! EventBridge out.

use std::convert::Infallible;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use jiff::Timestamp;
use lambda_runtime::{LambdaEvent, service_fn};
use product_aws::{EventBridgeClient, eventbridge};
use product_events::{Deadline, EventHandler, PutEventsConfig, RetryPolicy};
use product_handlers::aws_lambda_events::event::dynamodb::Event;
use product_handlers::aws_lambda_events::event::streams::DynamoDbEventResponse;

use crate::settings::{self, StartError, StreamEnv};

// ANCHOR: deadline_margin
/// How much of an invocation's time the processor keeps for answering: no PutEvents call
/// starts with less than this left. One call lasts at most the SDK's operation timeout,
/// and a second is left to return the partial batch response, so a call started just
/// above the margin still ends before Lambda stops the invocation.
pub const DEADLINE_MARGIN: Duration =
    product_aws::config::OPERATION_TIMEOUT.saturating_add(Duration::from_secs(1));
// ANCHOR_END: deadline_margin

/// What the stream processor builds once per execution environment.
#[derive(Debug, Clone)]
pub struct StreamSettings {
    /// The SDK client for PutEvents.
    pub client: EventBridgeClient,
    /// What the function read from its environment: the bus, the source, the size limit.
    pub env: StreamEnv,
}

impl StreamSettings {
    /// The settings from the environment ([`StreamEnv`]), with a client from the
    /// environment.
    pub fn from_env() -> Result<Self, StartError> {
        let env = StreamEnv::read(settings::process_env)?;
        let client = EventBridgeClient::from_conf(&product_aws::config::from_env());
        Ok(Self { client, env })
    }
}

// ANCHOR: serve_stream
/// Runs the stream processor on the bus named by `EVENT_BUS_NAME`, as the source
/// `EVENT_SOURCE`.
pub async fn serve_stream() -> Result<(), StartError> {
    crate::logging::init();
    let settings = StreamSettings::from_env()
        .inspect_err(|error| tracing::error!(%error, "cannot start"))?;
    let settings = &settings;
    lambda_runtime::run(service_fn(move |event: LambdaEvent<Event>| async move {
        let trace_header = event.context.xray_trace_id.clone();
        let deadline = invocation_deadline(event.context.deadline);
        // Boxed: the processor's future nests deeply enough to exceed the compiler's
        // layout limit inside the runtime's own futures.
        Ok::<_, Infallible>(
            Box::pin(process(settings, &event.payload, trace_header, deadline)).await,
        )
    }))
    .await
    .map_err(StartError::Runtime)
}
// ANCHOR_END: serve_stream

/// The deadline of an invocation that Lambda stops at `deadline_ms` (milliseconds since
/// the Unix epoch, as the Runtime API's `Lambda-Runtime-Deadline-Ms` header gives it),
/// keeping [`DEADLINE_MARGIN`] for the answer.
pub fn invocation_deadline(deadline_ms: u64) -> Deadline {
    let ends = UNIX_EPOCH + Duration::from_millis(deadline_ms);
    Deadline::new(
        move || ends.duration_since(SystemTime::now()).unwrap_or_default(),
        DEADLINE_MARGIN,
    )
}

// ANCHOR: process
/// Processes one batch, with the invocation's X-Ray trace header on every event it puts,
/// starting no call that `deadline` does not allow.
///
/// The provider is built per invocation because the trace header is; it holds nothing
/// costly (the SDK client is shared). The header comes from the invocation's context,
/// which is where `lambda_runtime` also finds the `_X_AMZN_TRACE_ID` it sets; the
/// environment variable is read only when the context has none.
pub async fn process(
    settings: &StreamSettings,
    event: &Event,
    trace_header: Option<String>,
    deadline: Deadline,
) -> DynamoDbEventResponse {
    let trace_header = trace_header
        .or_else(|| std::env::var("_X_AMZN_TRACE_ID").ok().filter(|id| !id.is_empty()));
    let config = PutEventsConfig {
        event_bus_name: Some(settings.env.event_bus_name.clone()),
        trace_header,
        limit: settings.env.put_events_limit,
    };
    let provider = eventbridge::provider(
        settings.client.clone(),
        config,
        RetryPolicy::default(),
        deadline,
    );
    let handler = EventHandler::new(settings.env.event_source.clone(), provider);
    let response =
        product_handlers::process_stream(&handler, event, Timestamp::now()).await;
    tracing::info!(
        records = event.records.len(),
        failures = response.batch_item_failures.len(),
        "processed a stream batch"
    );
    response
}
// ANCHOR_END: process
