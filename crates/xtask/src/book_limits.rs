//! The numbers the book's prose quotes from the code: each limit is read from the
//! constant that enforces it, and every page that quotes it must say exactly that value,
//! so a limit changed in one line of code fails the site build until the prose follows.
//!
//! A limit lives in product code, which carries no anchor for a lone number; quoting the
//! phrase here keeps the prose readable ("a name has 1 to 20 characters") without a code
//! block in a sentence.

use std::{fs, path::Path};

use anyhow::{Context, Result, bail};

/// One limit: the text that precedes its value in the code, and the phrases that quote
/// it. In a phrase, `{n}` is the value as digits, `{n,}` with thousands separators,
/// `{kib}` in KiB.
struct Limit {
    code_file: &'static str,
    code_prefix: &'static str,
    quoted: &'static [(&'static str, &'static str)],
}

const LIMITS: &[Limit] = &[
    Limit {
        code_file: "crates/product-domain/src/product.rs",
        code_prefix: "MAX_CHARS: usize = ",
        quoted: &[
            ("src/use-case.md", "1 to {n} characters"),
            ("src/part1/validation.md", "1 to {n} characters"),
        ],
    },
    Limit {
        code_file: "crates/product-events/src/eventbridge.rs",
        code_prefix: "MAX_ENTRIES_PER_REQUEST: usize = ",
        quoted: &[
            ("src/part2/providers.md", "1 to {n} entries per request"),
            ("src/part2/providers.md", "`MAX_ENTRIES_PER_REQUEST`, {n}"),
            ("src/playground.md", "{n} entries each"),
            ("src/part2/stream-processor.md", "{n} entries within the size limit"),
            ("src/workshop/05-production.md", "at most {n} entries per `PutEvents` call"),
        ],
    },
    Limit {
        code_file: "crates/product-events/src/limit.rs",
        code_prefix: "PutEventsLimit = SizeLimit<1, 1_048_576, ",
        quoted: &[
            ("src/part2/providers.md", "the default `PutEventsLimit`, {n,} bytes"),
            ("src/part2/providers.md", "the provider's default is {kib} KiB"),
            (
                "src/workshop/05-production.md",
                "({kib} KiB before, still the provider's default)",
            ),
        ],
    },
    Limit {
        code_file: "crates/product-events/src/limit.rs",
        code_prefix: "PutEventsLimit = SizeLimit<1, ",
        quoted: &[("src/part2/providers.md", "`PutEventsLimit::MAX_BYTES`, {n,} bytes")],
    },
    Limit {
        code_file: "crates/product-events/src/limit.rs",
        code_prefix: "PublishBatchLimit = SizeLimit<1_024, 1_048_576, ",
        quoted: &[(
            "src/part2/providers.md",
            "the default `PublishBatchLimit`, {kib} KiB",
        )],
    },
    Limit {
        code_file: "crates/product-handlers/src/input.rs",
        code_prefix: "MAX_BODY_BYTES: usize = ",
        quoted: &[
            ("src/part1/responses-and-errors.md", "the body is over {kib} KiB"),
            ("src/part1/testing-the-api.md", "the {kib} KiB limit"),
        ],
    },
    Limit {
        code_file: "crates/product-events/src/retry/policy.rs",
        code_prefix: "base_delay: Duration::from_millis(",
        quoted: &[("src/part2/providers.md", "waiting up to {n} ms")],
    },
    Limit {
        code_file: "crates/product-lambdas/template.yaml",
        code_prefix: "MemorySize: ",
        quoted: &[("src/part3/cold-starts.md", "`MemorySize: {n}`")],
    },
];

/// Checks every quoted limit against its constant; names each disagreement.
pub(crate) fn check(root: &Path) -> Result<()> {
    let mut problems = Vec::new();
    for limit in LIMITS {
        let value = read_value(root, limit)?;
        for (page, phrase) in limit.quoted {
            let text = fs::read_to_string(root.join(page))
                .with_context(|| format!("could not read {page}"))?;
            let wanted = phrase_with(phrase, value);
            if !text.contains(&wanted) {
                problems.push(format!(
                    "{page} should say \"{wanted}\": `{}` in {} is {value}",
                    limit.code_prefix.trim_end_matches([' ', '=', '(']),
                    limit.code_file
                ));
            }
        }
    }
    println!(
        "checked {} quotes of {} limits against the code",
        LIMITS.iter().map(|l| l.quoted.len()).sum::<usize>(),
        LIMITS.len()
    );
    if !problems.is_empty() {
        bail!(
            "the book quotes limits the code no longer has:\n  {}",
            problems.join("\n  ")
        );
    }
    Ok(())
}

/// The value after `code_prefix` in its file: digits with `_` separators, or a product of
/// them.
fn read_value(root: &Path, limit: &Limit) -> Result<u64> {
    let code = fs::read_to_string(root.join(limit.code_file))
        .with_context(|| format!("could not read {}", limit.code_file))?;
    let start = code.find(limit.code_prefix).with_context(|| {
        format!("{} no longer has `{}`", limit.code_file, limit.code_prefix)
    })? + limit.code_prefix.len();
    let expression =
        code[start..].split([';', ')', ',', '>', '\n']).next().unwrap_or_default();
    parse_product(expression).with_context(|| {
        format!(
            "`{}{expression}` in {} is not a number",
            limit.code_prefix, limit.code_file
        )
    })
}

fn parse_product(expression: &str) -> Option<u64> {
    expression
        .split('*')
        .map(|factor| factor.trim().replace('_', "").parse::<u64>().ok())
        .product()
}

fn phrase_with(phrase: &str, value: u64) -> String {
    let digits = value.to_string();
    let grouped: Vec<String> = digits
        .as_bytes()
        .rchunks(3)
        .rev()
        .map(|chunk| String::from_utf8_lossy(chunk).into_owned())
        .collect();
    phrase
        .replace("{n,}", &grouped.join(","))
        .replace("{n}", &digits)
        .replace("{kib}", &(value / 1024).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_read_as_digits_with_separators_or_as_products() {
        assert_eq!(parse_product("262_144"), Some(262_144));
        assert_eq!(parse_product("64 * 1024"), Some(65_536));
        assert_eq!(parse_product("Self::LIMIT"), None);
    }

    #[test]
    fn a_phrase_shows_the_value_as_digits_grouped_or_in_kib() {
        assert_eq!(
            phrase_with("{n} and {n,} bytes, {kib} KiB", 1_048_576),
            "1048576 and 1,048,576 bytes, 1024 KiB"
        );
        assert_eq!(phrase_with("{n,}", 10), "10");
    }

    #[test]
    fn every_limit_the_book_quotes_matches_its_constant() {
        check(&crate::project::project_root()).unwrap();
    }
}
