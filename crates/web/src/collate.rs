//! Vietnamese alphabetical order (TCVN 5712 / dictionary order).
//!
//! Primary level: the 29 letters of the Vietnamese alphabet in their order
//! — a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y — with the
//! Latin letters f, j, w, z (foreign names) placed where the Latin alphabet
//! puts them. Secondary level: the tone marks, in dictionary order: none,
//! huyền (`), hỏi (?), ngã (~), sắc (´), nặng (.). Tertiary level: lower
//! case before upper case. So "an" < "ăn" < "ân" < "ba", "đa" comes after
//! every "d…", and "ma" < "mà" < "mả" < "mã" < "má" < "mạ".
//!
//! Both precomposed (NFC) and decomposed (NFD, "Unicode tổ hợp") input give
//! the same key. Person names are sorted the Vietnamese way by
//! [`person_name_key`]: by given name (the last word), then by the full name.

use std::cmp::Ordering;

/// Base letters in Vietnamese order (f, j, w, z at their Latin places).
const ORDER: &[char] = &[
    'a', 'ă', 'â', 'b', 'c', 'd', 'đ', 'e', 'ê', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o', 'ô', 'ơ', 'p', 'q',
    'r', 's', 't', 'u', 'ư', 'v', 'w', 'x', 'y', 'z',
];

/// Precomposed vowels: base letter, then its tones in order (none, huyền, hỏi, ngã, sắc, nặng).
const TONED: &[&str] = &[
    "aàảãáạ",
    "ăằẳẵắặ",
    "âầẩẫấậ",
    "eèẻẽéẹ",
    "êềểễếệ",
    "iìỉĩíị",
    "oòỏõóọ",
    "ôồổỗốộ",
    "ơờởỡớợ",
    "uùủũúụ",
    "ưừửữứự",
    "yỳỷỹýỵ",
];

/// (primary weight, tone 0-5, is upper case) of one character.
fn analyse(c: char) -> (u32, u8, bool) {
    let upper = c.is_uppercase();
    let mut lower = c.to_lowercase().next().unwrap_or(c);
    if lower == 'ð' {
        lower = 'đ'; // Icelandic eth, often typed for Đ
    }
    for group in TONED {
        if let Some(tone) = group.chars().position(|x| x == lower) {
            let base = group.chars().next().unwrap_or(lower);
            return (letter_weight(base), tone as u8, upper);
        }
    }
    (letter_weight(lower), 0, upper)
}

fn letter_weight(c: char) -> u32 {
    match ORDER.iter().position(|&x| x == c) {
        Some(i) => 100 + i as u32,
        None if c.is_whitespace() => 1,
        None if c.is_ascii_digit() => 10 + (c as u32 - '0' as u32),
        None if c.is_ascii_punctuation() => 2 + (c as u32 % 7),
        None => 1000 + c as u32,
    }
}

/// Tone of a combining mark (decomposed input), or `None`.
fn combining_tone(c: char) -> Option<u8> {
    match c {
        '\u{300}' => Some(1), // huyền
        '\u{309}' => Some(2), // hỏi
        '\u{303}' => Some(3), // ngã
        '\u{301}' => Some(4), // sắc
        '\u{323}' => Some(5), // nặng
        _ => None,
    }
}

/// Letter modifier of a combining mark: breve, circumflex, horn.
fn combining_modifier(base: char, c: char) -> Option<char> {
    match (base, c) {
        ('a', '\u{306}') => Some('ă'),
        ('a', '\u{302}') => Some('â'),
        ('e', '\u{302}') => Some('ê'),
        ('o', '\u{302}') => Some('ô'),
        ('o', '\u{31b}') => Some('ơ'),
        ('u', '\u{31b}') => Some('ư'),
        _ => None,
    }
}

/// A sort key: compare keys with `Ord` to compare strings in Vietnamese order.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct SortKey {
    primary: Vec<u32>,
    tones: Vec<u8>,
    case: Vec<bool>,
}

#[must_use]
pub fn sort_key(s: &str) -> SortKey {
    let mut primary = Vec::with_capacity(s.len());
    let mut tones: Vec<u8> = Vec::with_capacity(s.len());
    let mut case = Vec::with_capacity(s.len());
    let mut last_base: Option<char> = None;
    for c in s.trim().chars() {
        if let Some(t) = combining_tone(c) {
            if let Some(last) = tones.last_mut() {
                *last = t;
            }
            continue;
        }
        if ('\u{300}'..='\u{36f}').contains(&c) {
            if let (Some(base), Some(p)) = (last_base, primary.last_mut()) {
                if let Some(m) = combining_modifier(base, c) {
                    *p = letter_weight(m);
                    last_base = Some(m);
                }
            }
            continue;
        }
        let (w, t, upper) = analyse(c);
        last_base = Some(c.to_lowercase().next().unwrap_or(c));
        primary.push(w);
        tones.push(t);
        case.push(upper);
    }
    SortKey { primary, tones, case }
}

/// Compares two strings in Vietnamese order.
#[must_use]
pub fn compare(a: &str, b: &str) -> Ordering {
    sort_key(a).cmp(&sort_key(b))
}

/// Key for a Vietnamese personal name: given name (last word) first, then
/// the whole name ("Nguyễn Văn An" sorts under "An").
#[must_use]
pub fn person_name_key(full_name: &str) -> (SortKey, SortKey) {
    let given = full_name.split_whitespace().last().unwrap_or("");
    (sort_key(given), sort_key(full_name))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

    fn sorted(words: &[&str]) -> Vec<String> {
        let mut v: Vec<String> = words.iter().map(|s| s.to_string()).collect();
        v.sort_by(|a, b| compare(a, b));
        v
    }

    #[test]
    fn alphabet_order_of_the_29_letters() {
        let words = [
            "y", "x", "v", "ư", "u", "t", "s", "r", "q", "p", "ơ", "ô", "o", "n", "m", "l", "k", "i", "h", "g", "ê",
            "e", "đ", "d", "c", "b", "â", "ă", "a",
        ];
        let expected: Vec<&str> = words.iter().rev().copied().collect();
        assert_eq!(sorted(&words), expected);
    }

    #[test]
    fn tone_marks_are_secondary() {
        assert_eq!(sorted(&["mạ", "má", "mã", "mả", "mà", "ma"]), ["ma", "mà", "mả", "mã", "má", "mạ"]);
        // Base letters decide before tones: "mà" < "mb", "ắn" after every "a…"
        assert_eq!(sorted(&["mb", "mà"]), ["mà", "mb"]);
        assert_eq!(sorted(&["ắn", "az", "ân"]), ["az", "ắn", "ân"]);
        assert_eq!(sorted(&["Đào", "Dương", "Đặng", "Doãn"]), ["Doãn", "Dương", "Đào", "Đặng"]);
    }

    #[test]
    fn decomposed_input_sorts_like_precomposed() {
        let nfd = "Nguye\u{302}\u{303}n"; // Nguyễn, decomposed
        assert_eq!(sort_key(nfd), sort_key("Nguyễn"));
        assert_eq!(sort_key("o\u{31b}\u{300}"), sort_key("ờ"));
    }

    #[test]
    fn names_sort_by_given_name() {
        let mut names = vec!["Trần Văn Bình", "Nguyễn Thị Ánh", "Lê An", "Phạm Ðức Anh"];
        names.sort_by_key(|a| person_name_key(a));
        assert_eq!(names, ["Lê An", "Phạm Ðức Anh", "Nguyễn Thị Ánh", "Trần Văn Bình"]);
    }
}
