//! The widgets' documents: mounted into a fresh element, filled, clicked, and read back.

use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::{Event, KeyboardEvent, KeyboardEventInit};

use crate::support::{
    click, document, forget_kept_input, input, labelled, mount, note_text, select,
    set_fragment, status, status_text, textarea,
};

const HOSTILE: &str = "<img src=x onerror=alert(1)>";

#[wasm_bindgen_test]
fn the_validator_shows_each_problem_at_its_field() {
    forget_kept_input();
    let widget = mount("validator");
    textarea(&widget, "Create body (JSON)").set_value(r#"{"name": "", "price": 0}"#);
    click(&widget, "Validate");
    let text = status_text(&widget);
    assert!(text.contains("Invalid: 2 problems"), "{text}");
    assert!(text.contains("/name") && text.contains("length"), "{text}");
    assert!(text.contains("/price") && text.contains("range"), "{text}");
    let schema =
        widget.query_selector(".psr-aside").unwrap().unwrap().text_content().unwrap();
    assert!(schema.contains("\"maxLength\": 20"), "{schema}");
}

#[wasm_bindgen_test]
fn the_validator_accepts_a_valid_body() {
    forget_kept_input();
    let widget = mount("validator");
    textarea(&widget, "Create body (JSON)")
        .set_value(r#"{"name": "Kettle", "price": 25}"#);
    click(&widget, "Validate");
    assert!(status_text(&widget).starts_with("Valid"), "{}", status_text(&widget));
}

#[wasm_bindgen_test]
fn the_console_sends_a_request_through_the_router() {
    forget_kept_input();
    let widget = mount("console");
    select(&widget, "Method").set_value("PUT");
    input(&widget, "Path").set_value("/api/product/5a2b8c1e-4d5a-4f6b-9c7d-2e1f0a9b8c7d");
    textarea(&widget, "Request body").set_value(r#"{"name": "Mug", "price": 6}"#);
    click(&widget, "Send");
    assert!(status_text(&widget).starts_with("HTTP 200 OK"), "{}", status_text(&widget));
    select(&widget, "Method").set_value("GET");
    input(&widget, "Path").set_value("/api/product/not-a-uuid");
    click(&widget, "Send");
    let text = status_text(&widget);
    assert!(text.starts_with("HTTP 400 Bad Request"), "{text}");
    assert!(
        text.contains("application/problem+json")
            && text.contains("/pathParameters/product_id"),
        "{text}"
    );
}

#[wasm_bindgen_test]
fn the_console_reads_the_query_string_like_a_url() {
    forget_kept_input();
    let widget = mount("console");
    select(&widget, "Method").set_value("GET");
    input(&widget, "Path").set_value("/api/products");
    input(&widget, "Query string").set_value("?limit=0");
    click(&widget, "Send");
    let text = status_text(&widget);
    assert!(
        text.starts_with("HTTP 400") && text.contains("/queryStringParameters/limit"),
        "{text}"
    );
}

#[wasm_bindgen_test]
fn hostile_input_stays_text() {
    forget_kept_input();
    let widget = mount("console");
    select(&widget, "Method").set_value("PUT");
    input(&widget, "Path").set_value("/api/product/6a2b8c1e-4d5a-4f6b-9c7d-2e1f0a9b8c7d");
    textarea(&widget, "Request body").set_value(r#"{"name": "<b>x</b>", "price": 6}"#);
    click(&widget, "Send");
    select(&widget, "Method").set_value("GET");
    click(&widget, "Send");
    assert!(status_text(&widget).contains("<b>x</b>"), "{}", status_text(&widget));
    assert!(widget.query_selector("b").unwrap().is_none());

    let events = mount("events");
    textarea(&events, "Models (JSON array)")
        .set_value(&format!(r#"[{{"html": "{HOSTILE}"}}]"#));
    click(&events, "Build events");
    assert!(status_text(&events).contains(HOSTILE), "{}", status_text(&events));
    assert!(events.query_selector("img").unwrap().is_none());
    assert!(document().query_selector("img[src=x]").unwrap().is_none());
}

#[wasm_bindgen_test]
fn the_event_builder_shows_requests_sizes_and_failures() {
    forget_kept_input();
    let widget = mount("events");
    let models =
        format!(r#"[{{"n": 1}}, {{"text": "{}"}}, {{"n": 3}}]"#, "x".repeat(2000));
    textarea(&widget, "Models (JSON array)").set_value(&models);
    input(&widget, "Byte limit per request").set_value("1024");
    click(&widget, "Build events");
    let text = status_text(&widget);
    assert!(
        text.starts_with("3 events in 1 PutEvents request; 1 too large to send."),
        "{text}"
    );
    assert!(text.contains("of 1024 bytes") && text.contains("EntryTooLarge"), "{text}");
    assert!(text.contains("\"specversion\": \"1.0\""), "{text}");
}

#[wasm_bindgen_test]
fn the_event_builder_refuses_a_limit_above_one_mebibyte() {
    forget_kept_input();
    let widget = mount("events");
    input(&widget, "Byte limit per request").set_value("1048577");
    click(&widget, "Build events");
    assert!(
        status_text(&widget).starts_with("No events built:"),
        "{}",
        status_text(&widget)
    );
}

#[wasm_bindgen_test]
fn the_stream_processor_shows_notifications_events_and_retries() {
    forget_kept_input();
    let widget = mount("stream");
    input(&widget, "Refuse delivery for these product ids (comma-separated)").set_value(
        " 9d1c6f0e-2b7a-4c3d-8e5f-6a7b8c9d0e1f , 00000000-0000-4000-8000-000000000000",
    );
    click(&widget, "Process");
    let text = status_text(&widget);
    assert!(
        text.starts_with(
            "5 notifications; 4 events delivered, 1 refused; 1 record to retry."
        ),
        "{text}"
    );
    assert!(
        text.contains("4421584500000000017450439094") && text.contains("InjectedFailure"),
        "{text}"
    );
}

#[wasm_bindgen_test]
fn the_stream_processor_reports_a_batch_that_is_not_json() {
    forget_kept_input();
    let widget = mount("stream");
    textarea(&widget, "DynamoDB Streams event (JSON)").set_value("{\"Records\": [");
    click(&widget, "Process");
    assert!(
        status_text(&widget).starts_with("Not processed:"),
        "{}",
        status_text(&widget)
    );
}

#[wasm_bindgen_test]
fn each_widget_has_a_named_run_button_and_a_polite_status() {
    forget_kept_input();
    for (kind, button) in [
        ("validator", "Validate"),
        ("console", "Send"),
        ("stream", "Process"),
        ("events", "Build events"),
    ] {
        let widget = mount(kind);
        let names: Vec<String> =
            (0..widget.query_selector_all("button").unwrap().length())
                .map(|index| {
                    widget
                        .query_selector_all("button")
                        .unwrap()
                        .item(index)
                        .unwrap()
                        .text_content()
                        .unwrap()
                })
                .collect();
        assert!(names.iter().any(|name| name == button), "{kind}: {names:?}");
        assert!(
            status(&widget).text_content().unwrap().contains(button),
            "{kind} says what its button does"
        );
        assert_eq!(widget.get_attribute("role").as_deref(), Some("group"));
    }
}

#[wasm_bindgen_test]
fn ctrl_enter_in_a_field_runs_the_widget() {
    forget_kept_input();
    let widget = mount("validator");
    let body = textarea(&widget, "Create body (JSON)");
    body.set_value("{}");
    let init = KeyboardEventInit::new();
    init.set_key("Enter");
    init.set_ctrl_key(true);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let event =
        KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    let _ = body.dispatch_event(&event).unwrap();
    assert!(event.default_prevented(), "no line break is typed");
    assert!(status_text(&widget).contains("/name"), "{}", status_text(&widget));
}

#[wasm_bindgen_test]
fn choosing_an_example_fills_the_form() {
    forget_kept_input();
    let widget = mount("console");
    let examples = select(&widget, "Example");
    examples.set_selected_index(examples.length() as i32 - 1);
    examples.dispatch_event(&Event::new("change").unwrap()).unwrap();
    assert_eq!(input(&widget, "Path").value(), "/api/orders");
    assert_eq!(examples.value(), "", "the list is ready for the next choice");
}

#[wasm_bindgen_test]
fn typed_input_is_kept_for_the_next_visit() {
    forget_kept_input();
    let first = mount("validator");
    let body = textarea(&first, "Create body (JSON)");
    body.set_value(r#"{"name": "kept"}"#);
    body.dispatch_event(
        &Event::new_with_event_init_dict("input", &{
            let init = web_sys::EventInit::new();
            init.set_bubbles(true);
            init
        })
        .unwrap(),
    )
    .unwrap();
    let second = mount("validator");
    assert_eq!(textarea(&second, "Create body (JSON)").value(), r#"{"name": "kept"}"#);
    forget_kept_input();
}

#[wasm_bindgen_test]
fn a_shared_link_restores_the_widget() {
    forget_kept_input();
    let first = mount("events");
    textarea(&first, "Models (JSON array)").set_value(r#"[{"shared": true}]"#);
    input(&first, "Event name").set_value("SHARED");
    click(&first, "Share link");
    let hash = web_sys::window().unwrap().location().hash().unwrap();
    assert!(hash.starts_with("#events="), "{hash}");
    let link: web_sys::HtmlInputElement = labelled(&first, "Link to this input");
    assert!(link.value().ends_with(&hash));

    web_sys::window().unwrap().local_storage().unwrap().unwrap().clear().unwrap();
    let second = mount("events");
    assert_eq!(textarea(&second, "Models (JSON array)").value(), r#"[{"shared": true}]"#);
    assert_eq!(input(&second, "Event name").value(), "SHARED");
    forget_kept_input();
}

#[wasm_bindgen_test]
fn a_broken_link_is_ignored_with_a_message() {
    forget_kept_input();
    for fragment in ["#validator=%%%", "#validator=bm90IGpzb24", "#validator=W10"] {
        set_fragment(fragment);
        let widget = mount("validator");
        assert!(
            note_text(&widget).contains("could not be read"),
            "{fragment}: {}",
            note_text(&widget)
        );
        assert!(
            textarea(&widget, "Create body (JSON)").value().contains("Kettle"),
            "the first example is shown"
        );
    }
    forget_kept_input();
}

#[wasm_bindgen_test]
fn an_unknown_widget_says_so_and_a_widget_mounts_once() {
    let document = document();
    let holder = document.create_element("div").unwrap();
    holder.set_inner_html(
        r#"<div data-widget="nope"></div><div data-widget="validator"></div>"#,
    );
    document.body().unwrap().append_child(&holder).unwrap();
    assert_eq!(playground::widgets::mount_widgets(Some(holder.clone())), 1);
    assert_eq!(
        playground::widgets::mount_widgets(Some(holder.clone())),
        0,
        "mounted widgets are left alone"
    );
    let unknown = holder.first_element_child().unwrap().text_content().unwrap();
    assert!(unknown.contains("names no widget"), "{unknown}");
}
