//! Tests of the policy's hashes and of what a page may not hold.

use super::*;

const HEAD: &str = "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'; \
                    script-src 'self' 'wasm-unsafe-eval' 'inline-script-hashes'; base-uri 'none'\">";

fn page(head: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html><html><head><meta charset=\"UTF-8\">{head}</head><body>{body}</body></html>"
    )
}

#[test]
fn each_inline_script_is_allowed_by_the_sha256_of_its_text_and_no_more() {
    // The hash of `alert(1)` as browsers compute it (and as the CSP specification's
    // examples show it).
    let html = page(
        HEAD,
        "<script>alert(1)</script><script src=\"book.js\"></script><script>alert(1)</script>",
    );
    let sealed = seal(&html).unwrap();
    let policy = policy_of(&sealed).unwrap();
    assert_eq!(
        policy,
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='; \
         base-uri 'none'"
    );
    assert!(!sealed.contains(HASHES_MARKER));
}

#[test]
fn a_script_body_is_hashed_as_written_with_its_markup_and_white_space() {
    let body = "\n  if (a < b && c) { x = \"</p>\"; }\n";
    let sealed = seal(&page(HEAD, &format!("<script>{body}</script>"))).unwrap();
    let expected = STANDARD.encode(Sha256::digest(body.as_bytes()));
    assert!(policy_of(&sealed).unwrap().contains(&format!("'sha256-{expected}'")));
}

#[test]
fn a_page_that_sets_its_own_base_may_use_a_base_on_its_own_origin() {
    let sealed = seal(&page(&format!("<base href=\"/book/\">{HEAD}"), "")).unwrap();
    assert!(policy_of(&sealed).unwrap().ends_with("base-uri 'self'"));
}

#[test]
fn what_the_policy_would_block_fails_the_build() {
    let handler = seal(&page(HEAD, "<button onclick=\"go()\">Go</button>"))
        .unwrap_err()
        .to_string();
    assert!(
        handler.contains("`<button onclick>` (an event-handler attribute)"),
        "{handler}"
    );
    let link =
        seal(&page(HEAD, "<a href=\" JavaScript:go()\">Go</a>")).unwrap_err().to_string();
    assert!(link.contains("(a javascript: URL)"), "{link}");
}

#[test]
fn a_page_without_exactly_one_policy_ahead_of_its_scripts_fails_the_build() {
    let none = seal(&page("", "")).unwrap_err().to_string();
    assert!(none.contains("0 Content-Security-Policy meta tags"), "{none}");
    let two = seal(&page(&format!("{HEAD}{HEAD}"), "")).unwrap_err().to_string();
    assert!(two.contains("2 Content-Security-Policy meta tags"), "{two}");
    let late = seal(&page(&format!("<script>early()</script>{HEAD}"), ""))
        .unwrap_err()
        .to_string();
    assert!(late.contains("a script comes before"), "{late}");
}

#[test]
fn a_page_without_a_policy_has_none_to_send() {
    assert_eq!(policy_of(&page("", "<p>plain</p>")), None);
}
