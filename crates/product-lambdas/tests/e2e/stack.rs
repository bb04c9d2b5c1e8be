//! Where the suite runs: a stack of its own on moto server, or a deployed stack on AWS.
//!
//! `PSR_E2E_TARGET` chooses. `moto` (the default, what `cargo xtask test` runs) creates,
//! per test, the table with its stream and the bus from the template's definitions,
//! serves the API functions through a local stand-in for API Gateway ([`Gateway`]), and
//! plays the event source mapping itself. `aws` tests a deployed stack, named by its
//! outputs: `PSR_E2E_API_URL` (output `ApiUrl`), `PSR_E2E_EVENT_BUS` (output
//! `EventBusName`) and `PSR_E2E_EVENT_SOURCE` (the stack's `EventSource` parameter);
//! there Lambda's own event source mapping runs the stream processor. Either way the
//! tests speak HTTP to the API URL and read the events a rule of their own catches.

use std::sync::Arc;

use aws_sdk_dynamodbstreams::Client as Streams;
use product_aws::EventBridgeClient;
use product_aws::testing::{EventCapture, TestEnv, TestTable};
use product_domain::ProductService;
use product_events::{Deadline, EventSource, PutEventsLimit};
use product_lambdas::settings::StreamEnv;
use product_lambdas::stream::{StreamSettings, process};
use serde_json::Value;

use crate::gateway::Gateway;
use crate::stream::{lambda_event, read_stream};

/// The variable that chooses the target: `moto` or `aws`.
pub(crate) const TARGET_VAR: &str = "PSR_E2E_TARGET";

/// The API, the bus and the event source of the stack under test.
#[derive(Clone)]
pub(crate) struct Stack {
    pub(crate) env: TestEnv,
    /// The API's base URL, ending with `/`.
    pub(crate) api_url: String,
    /// The bus the stream processor puts events on.
    pub(crate) bus_name: String,
    /// The `source` of those events.
    pub(crate) event_source: String,
    local: Option<Arc<Local>>,
}

/// What a `moto` stack is made of; deleted with the stack.
struct Local {
    table: TestTable,
    bus: EventCapture,
    _gateway: Gateway,
}

impl Stack {
    /// The stack the environment names, set up for the test `test`.
    pub(crate) async fn start(test: &str) -> Self {
        let env = TestEnv::require().await;
        match std::env::var(TARGET_VAR).unwrap_or_default().as_str() {
            "" | "moto" => Self::local(env, test).await,
            "aws" => Self::deployed(env),
            other => panic!("{TARGET_VAR} must be `moto` or `aws`, not `{other}`"),
        }
    }

    async fn local(env: TestEnv, test: &str) -> Self {
        let table = TestTable::create(&env, test, true)
            .await
            .expect("the table with a stream is created");
        let bus = match EventCapture::create(&env, test).await {
            Ok(bus) => bus,
            Err(error) => {
                table.delete().await;
                panic!("the bus is created: {error:?}");
            }
        };
        let gateway = Gateway::start(ProductService::new(table.store())).await;
        Self {
            api_url: gateway.url(),
            bus_name: bus.bus_name().to_owned(),
            event_source: bus.source().to_owned(),
            env,
            local: Some(Arc::new(Local { table, bus, _gateway: gateway })),
        }
    }

    fn deployed(env: TestEnv) -> Self {
        let output = |name: &str| {
            std::env::var(name).ok().filter(|value| !value.is_empty()).unwrap_or_else(|| {
                panic!("{TARGET_VAR}=aws needs {name}, from the deployed stack's outputs (see README, \"Deploy\")")
            })
        };
        let mut api_url = output("PSR_E2E_API_URL");
        if !api_url.ends_with('/') {
            api_url.push('/');
        }
        Self {
            api_url,
            bus_name: output("PSR_E2E_EVENT_BUS"),
            event_source: output("PSR_E2E_EVENT_SOURCE"),
            env,
            local: None,
        }
    }

    /// A rule of the test's own on the stack's bus, sending it the events `pattern`
    /// matches.
    pub(crate) async fn capture(&self, test: &str, pattern: Value) -> EventCapture {
        EventCapture::on_bus(&self.env, test, &self.bus_name, &self.event_source, pattern)
            .await
            .expect("the test's rule and queue are created")
    }

    /// On moto, plays the event source mapping: the first `count` records of the table's
    /// stream go to the stream processor, which must report no failure. On AWS,
    /// Lambda does this itself.
    pub(crate) async fn run_event_source_mapping(&self, count: usize) {
        let Some(local) = &self.local else {
            return;
        };
        let stream_arn = local.table.stream_arn().expect("the table has a stream");
        let records =
            read_stream(&Streams::new(self.env.config()), stream_arn, count).await;
        let settings = StreamSettings {
            client: EventBridgeClient::from_conf(self.env.config()),
            env: StreamEnv {
                event_bus_name: self.bus_name.clone(),
                event_source: EventSource::parse(&self.event_source)
                    .expect("a valid source"),
                put_events_limit: PutEventsLimit::DEFAULT,
            },
        };
        let response = process(
            &settings,
            &lambda_event(&records, stream_arn),
            None,
            Deadline::none(),
        )
        .await;
        assert!(response.batch_item_failures.is_empty(), "{response:?}");
    }

    /// Deletes what the test created: on moto the whole stack, on AWS nothing (the
    /// products the tests create are deleted by the tests themselves).
    pub(crate) async fn delete(&self) {
        if let Some(local) = &self.local {
            local.bus.delete().await;
            local.table.delete().await;
        }
    }
}
