//! The two Unicode facts a product name needs, with only the data they need: NFC
//! normalization, and whether a character is of a general category a name may not
//! contain.
//!
//! Both are small on purpose: the playground carries this code into the page. A general
//! category crate holds a table for every category (about 40 KiB of the module), where
//! the four refused ones are 25 ranges. NFC needs three facts of each character: its
//! canonical decomposition, its combining class, and which pairs compose. Here they are
//! sorted tables ([`tables`], generated from `unicode-normalization`), read by binary
//! search; that crate's own tables are perfect hashes, quick to read but scattered, so
//! they compress poorly: the module is about 16 KiB (gzip) smaller with these. The tests
//! check both facts, character by character, against `unicode-properties` and
//! `unicode-normalization`'s `nfc()`, and that the tables are what the generator writes
//! today.

use std::ops::RangeInclusive;

// Generated: `UPDATE_NFC_TABLES=1 cargo test -p product-domain nfc_tables` writes it again.
#[rustfmt::skip]
mod tables;

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

/// Every character below U+0300 (ASCII, Latin-1, Latin Extended-A and -B, the IPA
/// letters and spacing modifiers) is a starter whose NFC quick check answers "yes"
/// (UAX #15): a text of them alone is NFC as it is, with no table read (a test checks
/// each against `unicode-normalization`).
const FIRST_NON_TRIVIAL: char = '\u{300}';

/// Whether `text` is already in Normalization Form C, with the same tables as [`nfc`]:
/// a text of characters below U+0300 is settled at once, any other is normalized to
/// compare.
pub(super) fn is_nfc(text: &str) -> bool {
    is_trivially_nfc(text) || nfc(text.to_owned()) == text
}

/// Whether every character of `text` is below [`FIRST_NON_TRIVIAL`], so that it is NFC
/// as it is.
fn is_trivially_nfc(text: &str) -> bool {
    text.chars().all(|character| character < FIRST_NON_TRIVIAL)
}

/// `input` in Normalization Form C, the same as `unicode-normalization`'s `nfc()`.
pub(super) fn nfc(input: String) -> String {
    // Most names are already NFC: one of characters below U+0300 is returned without a copy.
    if is_trivially_nfc(&input) {
        return input;
    }
    // The canonical decomposition, each run of non-starters in canonical order (a stable
    // sort by combining class).
    let mut decomposed: Vec<(u8, char)> = Vec::with_capacity(input.len());
    let mut run = 0;
    for character in input.chars() {
        decompose(character, &mut |part| {
            let class = combining_class(part);
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

/// The canonical combining class of `character`: 0 (a starter) unless a range of
/// [`tables::COMBINING_CLASSES`] holds it.
fn combining_class(character: char) -> u8 {
    let ranges = tables::COMBINING_CLASSES;
    // The last range that starts at or before the character.
    let after = ranges.partition_point(|&(first, _, _)| first <= character);
    match after.checked_sub(1).map(|index| ranges[index]) {
        Some((_, last, class)) if character <= last => class,
        _ => 0,
    }
}

/// Emits the full canonical decomposition of `character`: a Hangul syllable by
/// arithmetic, any other by its mapping in [`tables::DECOMPOSED`], each part decomposed
/// again; a character with no mapping stands for itself.
fn decompose(character: char, emit: &mut impl FnMut(char)) {
    if let Some((leading, vowel, trailing)) = hangul::decompose(character) {
        emit(leading);
        emit(vowel);
        if let Some(trailing) = trailing {
            emit(trailing);
        }
        return;
    }
    match tables::DECOMPOSED.binary_search(&character) {
        Ok(index) => {
            decompose(tables::FIRST[index], emit);
            if let Some(second) = tables::SECOND[index] {
                decompose(second, emit);
            }
        }
        Err(_) => emit(character),
    }
}

/// The primary composite of `first` and `second`, if they have one: Hangul by
/// arithmetic, any other from the pairs that [`tables::COMPOSED`] lists.
fn compose(first: char, second: char) -> Option<char> {
    if let Some(syllable) = hangul::compose(first, second) {
        return Some(syllable);
    }
    let pair = (first, Some(second));
    let found = tables::COMPOSED.binary_search_by(|&index| {
        let index = usize::from(index);
        (tables::FIRST[index], tables::SECOND[index]).cmp(&pair)
    });
    found.ok().map(|at| tables::DECOMPOSED[usize::from(tables::COMPOSED[at])])
}

/// Hangul syllables, which Unicode decomposes and composes by arithmetic rather than by
/// table (The Unicode Standard, section 3.12, "Conjoining Jamo Behavior").
mod hangul {
    const SYLLABLE_BASE: u32 = 0xac00;
    const LEADING_BASE: u32 = 0x1100;
    const VOWEL_BASE: u32 = 0x1161;
    const TRAILING_BASE: u32 = 0x11a7;
    const LEADING_COUNT: u32 = 19;
    const VOWEL_COUNT: u32 = 21;
    const TRAILING_COUNT: u32 = 28;
    const PER_LEADING: u32 = VOWEL_COUNT * TRAILING_COUNT;
    const SYLLABLE_COUNT: u32 = LEADING_COUNT * PER_LEADING;

    /// A syllable's leading consonant, vowel and, if it has one, trailing consonant.
    pub(super) fn decompose(syllable: char) -> Option<(char, char, Option<char>)> {
        let index = u32::from(syllable).checked_sub(SYLLABLE_BASE)?;
        if index >= SYLLABLE_COUNT {
            return None;
        }
        let trailing = index % TRAILING_COUNT;
        Some((
            jamo(LEADING_BASE + index / PER_LEADING),
            jamo(VOWEL_BASE + index % PER_LEADING / TRAILING_COUNT),
            (trailing != 0).then(|| jamo(TRAILING_BASE + trailing)),
        ))
    }

    /// A leading consonant and a vowel (an LV syllable), or an LV syllable and a trailing
    /// consonant (an LVT syllable).
    pub(super) fn compose(first: char, second: char) -> Option<char> {
        let (first, second) = (u32::from(first), u32::from(second));
        let leading = first.wrapping_sub(LEADING_BASE);
        let vowel = second.wrapping_sub(VOWEL_BASE);
        if leading < LEADING_COUNT && vowel < VOWEL_COUNT {
            return Some(jamo(
                SYLLABLE_BASE + leading * PER_LEADING + vowel * TRAILING_COUNT,
            ));
        }
        let syllable = first.wrapping_sub(SYLLABLE_BASE);
        let trailing = second.wrapping_sub(TRAILING_BASE);
        if syllable < SYLLABLE_COUNT
            && syllable % TRAILING_COUNT == 0
            && (1..TRAILING_COUNT).contains(&trailing)
        {
            return Some(jamo(first + trailing));
        }
        None
    }

    /// A code point of the Hangul blocks, which are all characters.
    fn jamo(code_point: u32) -> char {
        char::from_u32(code_point).unwrap_or(char::REPLACEMENT_CHARACTER)
    }
}

/// Puts a run of non-starters in canonical order: a stable sort by combining class. One
/// function for both of [`nfc`]'s calls, so the sort is compiled once.
fn in_canonical_order(run: &mut [(u8, char)]) {
    run.sort_by_key(|&(class, _)| class);
}

#[cfg(test)]
mod tests;
