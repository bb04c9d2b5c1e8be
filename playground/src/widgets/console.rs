//! The request console: a method, a path, a query and a body sent through the real
//! router.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use web_sys::{Element, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};

use super::Widget;
use super::dom::{Dom, DomError};
use crate::exports::handle_request_value;

/// What the reader can type: the parts of a request.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct ConsoleState {
    method: String,
    path: String,
    query: String,
    body: String,
}

/// The request console's inputs.
pub(crate) struct Console {
    method: HtmlSelectElement,
    path: HtmlInputElement,
    query: HtmlInputElement,
    body: HtmlTextAreaElement,
}

/// The product id the examples use.
const ID: &str = "3f2b8c1e-4d5a-4f6b-9c7d-2e1f0a9b8c7d";
/// The methods offered; the router answers 405 to those a path does not take.
const METHODS: [&str; 5] = ["GET", "PUT", "DELETE", "POST", "PATCH"];

fn request(method: &str, path: &str, query: &str, body: &str) -> ConsoleState {
    ConsoleState {
        method: method.to_owned(),
        path: path.to_owned(),
        query: query.to_owned(),
        body: body.to_owned(),
    }
}

impl Widget for Console {
    const KIND: &'static str = "console";
    const NAME: &'static str = "Request console";
    const ACTION: &'static str = "Send";
    const PROMPT: &'static str = "Press Send to put the request through the router; the products stay until the page is reloaded.";
    type State = ConsoleState;

    // ANCHOR: examples
    fn examples() -> Vec<(&'static str, ConsoleState)> {
        let product = format!("/api/product/{ID}");
        let kettle = "{\"name\": \"Kettle\", \"price\": 25}";
        vec![
            ("Create a product: 200", request("PUT", &product, "", kettle)),
            ("The same create again: 200", request("PUT", &product, "", kettle)),
            (
                "The same id, another body: 409",
                request("PUT", &product, "", "{\"name\": \"Kettle\", \"price\": 30}"),
            ),
            (
                "An invalid body: 400",
                request("PUT", &product, "", "{\"name\": \"\", \"price\": \"25\"}"),
            ),
            ("An invalid product id: 400", request("PUT", "/api/product/42", "", kettle)),
            (
                "A body over 64 KiB: 413",
                request("PUT", &product, "", &" ".repeat(64 * 1024 + 1)),
            ),
            ("Get the product: 200", request("GET", &product, "", "")),
            (
                "Get an absent product: 404",
                request(
                    "GET",
                    "/api/product/00000000-0000-4000-8000-000000000000",
                    "",
                    "",
                ),
            ),
            (
                "Get with an invalid id: 400",
                request("GET", "/api/product/not-a-uuid", "", ""),
            ),
            ("List the products: 200", request("GET", "/api/products", "", "")),
            (
                "List one per page: 200 with next_token",
                request("GET", "/api/products", "limit=1", ""),
            ),
            (
                "List with a bad limit: 400",
                request("GET", "/api/products", "limit=0", ""),
            ),
            (
                "List with a forged token: 400",
                request("GET", "/api/products", "next_token=forged", ""),
            ),
            ("Delete the product: 204", request("DELETE", &product, "", "")),
            ("Delete it again: 204", request("DELETE", &product, "", "")),
            (
                "Delete with an invalid id: 400",
                request("DELETE", "/api/product/42", "", ""),
            ),
            (
                "A method the path does not take: 405",
                request("POST", &product, "", kettle),
            ),
            ("A path nobody serves: 404", request("GET", "/api/orders", "", "")),
        ]
    }
    // ANCHOR_END: examples

    fn build(dom: &Dom, form: &Element, id: &str) -> Result<Self, DomError> {
        let line = dom.child(form, "div", "psr-row")?;
        let methods: Vec<(&str, &str)> =
            METHODS.iter().map(|method| (*method, *method)).collect();
        let method = dom.select(&line, &format!("{id}-method"), "Method", &methods)?;
        let path = dom.input(&line, &format!("{id}-path"), "Path", "text")?;
        let query = dom.input(form, &format!("{id}-query"), "Query string", "text")?;
        query.set_placeholder("limit=2&next_token=…");
        let body = dom.textarea(form, &format!("{id}-body"), "Request body", 4)?;
        Ok(Self { method, path, query, body })
    }

    fn read(&self) -> ConsoleState {
        request(
            &self.method.value(),
            &self.path.value(),
            &self.query.value(),
            &self.body.value(),
        )
    }

    fn write(&self, state: &ConsoleState) {
        self.method.set_value(&state.method);
        self.path.set_value(&state.path);
        self.query.set_value(&state.query);
        self.body.set_value(&state.body);
    }

    fn run(&self, dom: &Dom, output: &Element) -> Result<(), DomError> {
        let state = self.read();
        // The query field reads like a URL's, percent escapes and all; the export takes
        // its pairs.
        // Inserted one by one rather than collected, which would compile a sort for
        // the map; a repeated name keeps its last value either way.
        let mut query = Map::new();
        for (name, value) in
            form_urlencoded::parse(state.query.trim_start_matches('?').as_bytes())
        {
            query.insert(name.into_owned(), Value::String(value.into_owned()));
        }
        let mut request =
            json!({ "method": state.method, "path": state.path, "query": query });
        if !state.body.is_empty() {
            request["body"] = Value::String(state.body);
        }
        let answer = handle_request_value(&request.to_string());
        if let Some(error) = answer["error"].as_str() {
            dom.text(output, "p", "psr-summary psr-bad", &format!("Not sent: {error}"))?;
            return Ok(());
        }
        let status = answer["statusCode"].as_u64().unwrap_or_default();
        let reason = u16::try_from(status)
            .ok()
            .and_then(|status| http::StatusCode::from_u16(status).ok())
            .and_then(|status| status.canonical_reason())
            .unwrap_or_default();
        let class =
            if status < 400 { "psr-summary psr-ok" } else { "psr-summary psr-bad" };
        dom.text(output, "p", class, &format!("HTTP {status} {reason}"))?;
        let headers: Vec<Vec<String>> = answer["headers"]
            .as_object()
            .map(|headers| {
                headers
                    .iter()
                    .map(|(name, value)| {
                        vec![name.clone(), value.as_str().unwrap_or_default().to_owned()]
                    })
                    .collect()
            })
            .unwrap_or_default();
        if !headers.is_empty() {
            dom.table(output, "Headers", &["Name", "Value"], &headers)?;
        }
        let body = answer["body"].as_str().unwrap_or_default();
        match serde_json::from_str::<Value>(body) {
            _ if body.is_empty() => {
                dom.text(output, "p", "psr-muted", "No body.").map(drop)
            }
            Ok(parsed) => dom.json(output, "Body", &parsed),
            Err(_) => dom.block(output, "Body", body),
        }
    }
}
