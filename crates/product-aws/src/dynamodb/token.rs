//! Page tokens of the DynamoDB store: the key to resume a Scan after, as base64url of its
//! JSON.
//!
//! A token is opaque to clients but not secret: it holds the id of the last product of
//! the page, the only key attribute of the table. Anything that does not decode to
//! exactly that shape is refused as [`StoreError::InvalidPageToken`] before DynamoDB sees
//! it, so a forged or damaged token is the client's mistake (400), never a store failure
//! (500). A well-formed token naming an id that is not stored is a valid position:
//! DynamoDB resumes a Scan after any key of the right shape.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use product_domain::{PageToken, ProductId, StoreError};
use serde::{Deserialize, Serialize};

use super::item::{Item, key};

// ANCHOR: page_token
/// What a token carries: the key of the last item of the page.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct StartKey {
    id: ProductId,
}

/// The token of the page that starts after the product `last`.
pub(crate) fn encode(last: ProductId) -> PageToken {
    // Serializing a struct of one string field cannot fail; the fallback keeps this
    // panic-free.
    let json = serde_json::to_vec(&StartKey { id: last }).unwrap_or_default();
    PageToken::issued(URL_SAFE_NO_PAD.encode(json))
}

/// The `ExclusiveStartKey` a token names, or [`StoreError::InvalidPageToken`].
pub(crate) fn decode(token: &PageToken) -> Result<Item, StoreError> {
    let json = URL_SAFE_NO_PAD
        .decode(token.as_str())
        .map_err(|_| StoreError::InvalidPageToken)?;
    let start: StartKey =
        serde_json::from_slice(&json).map_err(|_| StoreError::InvalidPageToken)?;
    Ok(key(start.id))
}
// ANCHOR_END: page_token

#[cfg(test)]
mod tests {
    use aws_sdk_dynamodb::types::AttributeValue;
    use proptest::prelude::*;

    use super::*;

    const ID: &str = "3f2b8c1e-4d5a-4f6b-9c7d-2e1f0a9b8c7d";

    fn token(text: &str) -> PageToken {
        PageToken::parse(text).unwrap()
    }

    #[test]
    fn a_token_decodes_to_the_key_it_was_issued_for() {
        let issued = encode(ProductId::parse(ID).unwrap());
        let key = decode(&issued).unwrap();
        assert_eq!(key.get("id"), Some(&AttributeValue::S(ID.into())));
        assert_eq!(key.len(), 1);
    }

    #[test]
    fn a_token_is_url_safe() {
        let issued = encode(ProductId::parse(ID).unwrap());
        assert!(
            issued
                .as_str()
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        );
    }

    #[test]
    fn tokens_of_the_wrong_shape_are_invalid() {
        let forged = |json: &str| URL_SAFE_NO_PAD.encode(json);
        for text in [
            "not base64!".to_owned(),
            forged("not json"),
            forged("{}"),
            forged(r#"{"id": 7}"#),
            forged(r#"{"id": "not-a-uuid"}"#),
            forged(&format!(r#"{{"id": "{ID}", "name": "extra"}}"#)),
            forged(&format!(r#"{{"id": {{"S": "{ID}"}}}}"#)),
        ] {
            assert!(
                matches!(decode(&token(&text)), Err(StoreError::InvalidPageToken)),
                "{text}"
            );
        }
    }

    proptest! {
        #[test]
        fn no_client_text_makes_the_token_decoder_panic_or_accept_another_shape(text in "\\PC{1,120}") {
            let token = token(&text);
            if let Ok(key) = decode(&token) {
                prop_assert_eq!(key.len(), 1);
                let Some(AttributeValue::S(id)) = key.get("id") else { panic!("{text}: no string id") };
                prop_assert!(ProductId::parse(id).is_ok());
            }
        }

        #[test]
        fn every_issued_token_decodes_to_the_key_of_its_product(bytes in any::<[u8; 16]>()) {
            let id = ProductId::parse(&uuid::Uuid::from_bytes(bytes).to_string()).unwrap();
            let key = decode(&encode(id)).unwrap();
            prop_assert_eq!(key.get("id"), Some(&AttributeValue::S(id.to_string())));
        }

        #[test]
        fn no_json_under_base64_makes_the_token_decoder_panic(json in "\\{(\"[a-z]{0,3}\": ?(\"[0-9a-f-]{0,40}\"|[0-9]{1,3}|null|\\{\\}),? ?){0,3}\\}") {
            let _ = decode(&token(&URL_SAFE_NO_PAD.encode(&json)));
        }
    }
}
