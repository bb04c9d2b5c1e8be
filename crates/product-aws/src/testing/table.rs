//! A products table made for one test and deleted after it.

use std::time::Duration;

use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::client::Waiters as _;

use super::{FixtureError, TableDefinition, TestEnv};
use crate::DynamoDbStore;

/// A table defined as the SAM template defines the products table (`id` as a string
/// partition key, billed per request), so the tests run against the table the stack
/// deploys.
#[derive(Debug, Clone)]
pub struct TestTable {
    client: Client,
    name: String,
    stream_arn: Option<String>,
}

impl TestTable {
    /// Creates a table for the test `test` and waits until it is active. With `streams`,
    /// the table has the template's stream (new and old images, as the stream
    /// processor expects).
    pub async fn create(
        env: &TestEnv,
        test: &str,
        streams: bool,
    ) -> Result<Self, FixtureError> {
        let client = Client::new(env.config());
        let name = env.unique_name(test);
        let definition = TableDefinition::from_template()?;
        let mut request = client
            .create_table()
            .table_name(&name)
            .set_key_schema(Some(definition.sdk_key_schema()?))
            .set_attribute_definitions(Some(definition.sdk_attributes()?))
            .billing_mode(definition.sdk_billing_mode());
        if streams {
            request = request.set_stream_specification(definition.sdk_stream()?);
        }
        request
            .send()
            .await
            .map_err(FixtureError::during(format!("creating table {name}")))?;
        let table = Self { client: client.clone(), name, stream_arn: None };
        let waited = client
            .wait_until_table_exists()
            .table_name(&table.name)
            .wait(Duration::from_secs(120))
            .await;
        let active = match waited {
            Ok(active) => active,
            Err(error) => {
                table.delete().await;
                return Err(FixtureError::new(
                    format!("waiting for table {}", table.name),
                    error,
                ));
            }
        };
        let stream_arn = active
            .as_result()
            .ok()
            .and_then(|output| output.table())
            .and_then(|description| description.latest_stream_arn())
            .map(str::to_owned);
        Ok(Self { stream_arn, ..table })
    }

    /// The table's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The ARN of the table's stream, when it was created with one.
    pub fn stream_arn(&self) -> Option<&str> {
        self.stream_arn.as_deref()
    }

    /// The SDK client the table was created with.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// A [`DynamoDbStore`] on this table.
    pub fn store(&self) -> DynamoDbStore {
        DynamoDbStore::new(self.client.clone(), &self.name)
    }

    /// Deletes the table; a failure is printed, not raised, so that clean-up never hides
    /// the test's own outcome.
    pub async fn delete(&self) {
        if let Err(error) = self.client.delete_table().table_name(&self.name).send().await
        {
            eprintln!(
                "could not delete test table {}: {}",
                self.name,
                aws_sdk_dynamodb::error::DisplayErrorContext(error)
            );
        }
    }
}
