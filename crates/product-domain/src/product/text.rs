//! The two Unicode facts a product name needs, with only the data they need: NFC
//! normalization, and whether a character is of a general category a name may not
//! contain.
//!
//! Both are small on purpose: the playground carries this code into the page. A general
//! category crate holds a table for every category (about 40 KiB of the module), where
//! the four refused ones are 25 ranges; and `unicode-normalization`'s `nfc()` chooses
//! canonical or compatibility decomposition at run time, so it carries the compatibility
//! tables (about 60 KiB) that NFC never reads. Here NFC is composed from the crate's
//! canonical functions alone. The tests check both, character by character, against
//! `unicode-properties` and `unicode-normalization`'s `nfc()`.

use std::ops::RangeInclusive;

use unicode_normalization::{
    IsNormalized,
    char::{canonical_combining_class, compose, decompose_canonical},
    is_nfc_quick,
};

/// A set of characters, as ranges of code points.
pub(super) type CodePoints = &'static [RangeInclusive<char>];

/// Control characters (`Cc`).
pub(super) const CONTROL: CodePoints = &['\u{0}'..='\u{1f}', '\u{7f}'..='\u{9f}'];

/// Format characters (`Cf`), as of Unicode 17 (`unicode-properties` 0.1.5 agrees,
/// which the tests check).
pub(super) const FORMAT: CodePoints = &[
    '\u{ad}'..='\u{ad}',
    '\u{600}'..='\u{605}',
    '\u{61c}'..='\u{61c}',
    '\u{6dd}'..='\u{6dd}',
    '\u{70f}'..='\u{70f}',
    '\u{890}'..='\u{891}',
    '\u{8e2}'..='\u{8e2}',
    '\u{180e}'..='\u{180e}',
    '\u{200b}'..='\u{200f}',
    '\u{202a}'..='\u{202e}',
    '\u{2060}'..='\u{2064}',
    '\u{2066}'..='\u{206f}',
    '\u{feff}'..='\u{feff}',
    '\u{fff9}'..='\u{fffb}',
    '\u{110bd}'..='\u{110bd}',
    '\u{110cd}'..='\u{110cd}',
    '\u{13430}'..='\u{1343f}',
    '\u{1bca0}'..='\u{1bca3}',
    '\u{1d173}'..='\u{1d17a}',
    '\u{e0001}'..='\u{e0001}',
    '\u{e0020}'..='\u{e007f}',
];

/// The line separator (`Zl`).
pub(super) const LINE_SEPARATOR: CodePoints = &['\u{2028}'..='\u{2028}'];

/// The paragraph separator (`Zp`).
pub(super) const PARAGRAPH_SEPARATOR: CodePoints = &['\u{2029}'..='\u{2029}'];

/// Whether `text` is already in Normalization Form C, with the same tables as [`nfc`]:
/// the quick check settles almost every text, and a "maybe" is normalized to compare.
pub(super) fn is_nfc(text: &str) -> bool {
    match is_nfc_quick(text.chars()) {
        IsNormalized::Yes => true,
        IsNormalized::No => false,
        IsNormalized::Maybe => nfc(text.to_owned()) == text,
    }
}

/// `input` in Normalization Form C, the same as `unicode-normalization`'s `nfc()`.
pub(super) fn nfc(input: String) -> String {
    // Most names are already NFC: the quick check spares them a copy.
    if is_nfc_quick(input.chars()) == IsNormalized::Yes {
        return input;
    }
    // The canonical decomposition, each run of non-starters in canonical order (a stable
    // sort by combining class).
    let mut decomposed: Vec<(u8, char)> = Vec::with_capacity(input.len());
    let mut run = 0;
    for character in input.chars() {
        decompose_canonical(character, |part| {
            let class = canonical_combining_class(part);
            if class == 0 {
                in_canonical_order(&mut decomposed[run..]);
                run = decomposed.len() + 1;
            }
            decomposed.push((class, part));
        });
    }
    in_canonical_order(&mut decomposed[run..]);

    // The canonical composition: each character joins the last starter unless a
    // character between them blocks it (a starter, or a class as high as its own).
    let mut composed = String::with_capacity(input.len());
    let mut starter: Option<char> = None;
    let mut kept: Vec<char> = Vec::new();
    let mut last_class: Option<u8> = None;
    for (class, character) in decomposed {
        let Some(current) = starter else {
            if class == 0 {
                starter = Some(character);
            } else {
                composed.push(character);
            }
            continue;
        };
        let blocked = last_class.is_some_and(|last| last >= class);
        if !blocked && let Some(joined) = compose(current, character) {
            starter = Some(joined);
        } else if class == 0 {
            composed.push(current);
            composed.extend(kept.drain(..));
            starter = Some(character);
            last_class = None;
        } else {
            kept.push(character);
            last_class = Some(class);
        }
    }
    composed.extend(starter);
    composed.extend(kept);
    composed
}

/// Puts a run of non-starters in canonical order: a stable sort by combining class. One
/// function for both of [`nfc`]'s calls, so the sort is compiled once.
fn in_canonical_order(run: &mut [(u8, char)]) {
    run.sort_by_key(|&(class, _)| class);
}

#[cfg(test)]
mod tests;
