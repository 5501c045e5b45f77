//! The password policy of Điều 11.3.a, QĐ 1048/QĐ-TCHQ (rule PWD-CHECK).
//!
//! > "Mật khẩu tài khoản công nghệ thông tin dùng để truy cập hoặc sử dụng
//! > hoặc quản trị hệ thống thông tin; truy cập thiết bị lưu khóa bí mật
//! > phải:
//! > - Có tối thiểu 8 ký tự.
//! > - Gồm tối thiểu 3 trong 4 loại ký tự sau: chữ cái viết hoa (A - Z); chữ
//! >   cái viết thường (a - z); chữ số (0 - 9); các ký tự khác trên bàn phím
//! >   máy tính (' ~ ! @ # $ % ^ & *() _ - + = { } [ ] \ I : ; ” ’ <>, . ? /)
//! >   và dấu cách.
//! > - Không chứa tên tài khoản."
//!
//! [`check_password`] tests a candidate against a [`PasswordPolicy`] (whose
//! [`Default`] is the article's numbers) and returns every
//! [`PasswordProblem`] found; an empty list means the password is
//! acceptable. Messages never contain the candidate.
//!
//! # Interpretation choices
//!
//! * **Length** counts Unicode scalar values (`char`s), not bytes: "bảo" is
//!   3 characters. Input is not Unicode-normalised (the crate has no
//!   normalisation dependency), so a decomposed (NFD) "ả" counts as 2.
//! * **Character classes.** The article names A–Z and a–z, but Vietnamese
//!   users type letters with diacritics and would expect them to count as
//!   letters, so every Unicode letter is classified by its case: 'Đ', 'Ư',
//!   'Ấ' are uppercase, 'ă', 'ơ', 'đ' lowercase. Only ASCII digits 0–9 are
//!   digits. Everything else — punctuation, symbols, the space, letters
//!   without case — is "other". Combining diacritical marks (U+0300–U+036F,
//!   as found in decomposed input) belong to the preceding letter and are not
//!   counted as "other".
//! * **Account name.** The password must not contain the account name,
//!   compared case-insensitively (Unicode lower case) and also with
//!   Vietnamese diacritics removed from both sides ("Nguyễn" ~ "nguyen").
//!   For names such as `DOMAIN\user` or `user@domain` the bare user part is
//!   checked too. An empty account name is not checked. Very short account
//!   names (1–2 characters) *are* checked, because the article sets no
//!   minimum — with a one-letter account name this rejects every password
//!   containing that letter, which is strict but literal.
//! * **Common passwords** ([`PasswordPolicy::reject_common`]) are not a
//!   clause of the article; they are an additional safeguard (as in NIST SP
//!   800-63B §5.1.1.2), and their messages say so. The list is
//!   `data/common-passwords.txt`: the 30,000-entry `passwords` frequency
//!   list of zxcvbn 4.4.2 (MIT) followed by a curated block of common
//!   Vietnamese passwords. A candidate is rejected as [`PasswordProblem::Common`]
//!   if its lower-case form is on the list, is one character repeated, or is
//!   a plain keyboard/alphabet/number run of at least 8 characters
//!   ("abcdefgh", "87654321", "qwertyui"). It is rejected as
//!   [`PasswordProblem::BasedOnCommon`] if, after lower-casing, stripping
//!   leading and trailing runs of digits and symbols and undoing "leet"
//!   substitutions (`@`→a, `4`→a, `0`→o, `1`→i, `3`→e, `$`→s, `5`→s,
//!   `7`→t, `!`→i), what remains (at least 4 characters) is on the list — so
//!   "P@ssw0rd2024!" and "Dragon#2024" are rejected while a long passphrase
//!   that merely contains a common word is not.

use std::collections::HashSet;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

/// The common-password list, one lower-case password per line; `#` lines
/// are comments.
const COMMON_PASSWORDS_TXT: &str = include_str!("../data/common-passwords.txt");

/// Minimum length (in characters) of the "core" left after stripping digits
/// and symbols, for it to count as a base word.
const MIN_BASE_LEN: usize = 4;

/// Minimum length of a keyboard or alphabetical run to be rejected as
/// trivial.
const MIN_SEQUENCE_LEN: usize = 8;

/// The number of character classes the article names.
const CLASS_COUNT: usize = 4;

/// Which rules of Điều 11.3.a apply, and with which numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PasswordPolicy {
    /// Minimum number of characters (Unicode scalar values). Article: 8.
    pub min_length: usize,
    /// Minimum number of the 4 character classes. Article: 3.
    pub min_classes: usize,
    /// Reject passwords that contain the account name. Article: yes.
    pub forbid_username: bool,
    /// Reject common, breached or trivially derived passwords. Not in the
    /// article; an additional safeguard.
    pub reject_common: bool,
}

impl Default for PasswordPolicy {
    /// The numbers of Điều 11.3.a: 8 characters, 3 of 4 classes, no account
    /// name; plus the common-password check.
    fn default() -> Self {
        Self { min_length: 8, min_classes: 3, forbid_username: true, reject_common: true }
    }
}

/// One reason a password fails the policy. Never carries the candidate
/// itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PasswordProblem {
    /// Fewer characters than [`PasswordPolicy::min_length`].
    TooShort { min: usize, actual: usize },
    /// Fewer character classes than [`PasswordPolicy::min_classes`].
    TooFewClasses { min: usize, actual: usize },
    /// The password contains the account name.
    ContainsUsername,
    /// The password is on the common/breached list or is trivial (one
    /// repeated character, a plain keyboard or number run).
    Common,
    /// The password is a common password with digits/symbols added around
    /// it or letters replaced by look-alikes. `word` is that base word as
    /// found on the list (lower-cased, look-alikes undone), or a trivial
    /// keyboard run; it is never the candidate itself, so it may be shown.
    BasedOnCommon { word: String },
}

impl PasswordProblem {
    /// A stable machine-readable code.
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            Self::TooShort { .. } => "too_short",
            Self::TooFewClasses { .. } => "too_few_classes",
            Self::ContainsUsername => "contains_username",
            Self::Common => "common",
            Self::BasedOnCommon { .. } => "based_on_common",
        }
    }

    /// The message in Vietnamese, telling the user what to do.
    #[must_use]
    pub fn message_vi(&self) -> String {
        match self {
            Self::TooShort { min, actual } => {
                format!("Mật khẩu phải có tối thiểu {min} ký tự (hiện có {actual}) — Điều 11.3.a")
            }
            Self::TooFewClasses { min, actual } => format!(
                "Mật khẩu phải gồm tối thiểu {min} trong {CLASS_COUNT} loại ký tự: chữ cái viết hoa \
                 (A - Z), chữ cái viết thường (a - z), chữ số (0 - 9), ký tự khác trên bàn phím \
                 hoặc dấu cách (hiện có {actual}) — Điều 11.3.a"
            ),
            Self::ContainsUsername => "Mật khẩu không được chứa tên tài khoản (kể cả khi viết \
                 hoa/thường khác hoặc bỏ dấu tiếng Việt); hãy chọn mật khẩu khác — Điều 11.3.a"
                .to_owned(),
            Self::Common => "Mật khẩu này nằm trong danh sách mật khẩu phổ biến hoặc đã bị lộ \
                 nên rất dễ bị đoán; hãy chọn mật khẩu khác (biện pháp bổ sung ngoài Điều 11.3.a)"
                .to_owned(),
            Self::BasedOnCommon { word } => format!(
                "Mật khẩu dựa trên mật khẩu phổ biến “{word}” (chỉ thêm chữ số, ký hiệu hoặc thay \
                 chữ bằng ký tự tương tự); hãy chọn mật khẩu khác khó đoán hơn, ví dụ một cụm \
                 từ dài (biện pháp bổ sung ngoài Điều 11.3.a)"
            ),
        }
    }

    /// The message in English, telling the user what to do.
    #[must_use]
    pub fn message_en(&self) -> String {
        match self {
            Self::TooShort { min, actual } => {
                format!("Password must have at least {min} characters (it has {actual}) — Article 11.3.a")
            }
            Self::TooFewClasses { min, actual } => format!(
                "Password must contain at least {min} of the {CLASS_COUNT} character types: \
                 uppercase letters (A - Z), lowercase letters (a - z), digits (0 - 9), other \
                 keyboard characters or space (it has {actual}) — Article 11.3.a"
            ),
            Self::ContainsUsername => "Password must not contain the account name (regardless \
                 of letter case or Vietnamese diacritics); choose a different password — Article \
                 11.3.a"
                .to_owned(),
            Self::Common => "This password is on a list of common or breached passwords and is \
                 easy to guess; choose a different one (additional safeguard beyond Article \
                 11.3.a)"
                .to_owned(),
            Self::BasedOnCommon { word } => format!(
                "Password is based on the common password “{word}” (only digits or symbols added, \
                 or letters swapped for look-alikes); choose a less guessable password, e.g. a \
                 long passphrase (additional safeguard beyond Article 11.3.a)"
            ),
        }
    }
}

/// Checks `candidate` for the account `username` against `policy`. Returns
/// every problem found, in the order length, classes, account name, common;
/// an empty vector means the password is acceptable.
#[must_use]
pub fn check_password(policy: &PasswordPolicy, username: &str, candidate: &str) -> Vec<PasswordProblem> {
    let mut problems = Vec::new();

    let length = candidate.chars().count();
    if length < policy.min_length {
        problems.push(PasswordProblem::TooShort { min: policy.min_length, actual: length });
    }

    let classes = character_classes(candidate);
    if classes < policy.min_classes {
        problems.push(PasswordProblem::TooFewClasses { min: policy.min_classes, actual: classes });
    }

    if policy.forbid_username && contains_username(username, candidate) {
        problems.push(PasswordProblem::ContainsUsername);
    }

    if policy.reject_common {
        if let Some(problem) = common_problem(candidate) {
            problems.push(problem);
        }
    }

    problems
}

/// The number (0–4) of the article's character classes present in
/// `candidate`: uppercase letters, lowercase letters, ASCII digits, other
/// (see the module documentation for how non-ASCII letters are treated).
#[must_use]
pub fn character_classes(candidate: &str) -> usize {
    let (mut upper, mut lower, mut digit, mut other) = (false, false, false, false);
    for c in candidate.chars() {
        match classify(c) {
            Some(CharClass::Upper) => upper = true,
            Some(CharClass::Lower) => lower = true,
            Some(CharClass::Digit) => digit = true,
            Some(CharClass::Other) => other = true,
            None => {}
        }
    }
    [upper, lower, digit, other].into_iter().filter(|b| *b).count()
}

/// How many passwords the embedded common-password list holds.
#[must_use]
pub fn common_password_count() -> usize {
    common_passwords().len()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CharClass {
    Upper,
    Lower,
    Digit,
    Other,
}

/// The class of one character; `None` for a combining mark, which belongs
/// to the preceding letter.
fn classify(c: char) -> Option<CharClass> {
    if is_combining_mark(c) {
        None
    } else if c.is_ascii_digit() {
        Some(CharClass::Digit)
    } else if c.is_uppercase() {
        Some(CharClass::Upper)
    } else if c.is_lowercase() {
        Some(CharClass::Lower)
    } else {
        Some(CharClass::Other)
    }
}

fn is_combining_mark(c: char) -> bool {
    ('\u{0300}'..='\u{036F}').contains(&c)
}

// ---------------------------------------------------------------------------
// Account name
// ---------------------------------------------------------------------------

/// Whether `candidate` contains the account name or its bare user part,
/// case-insensitively, with or without Vietnamese diacritics.
fn contains_username(username: &str, candidate: &str) -> bool {
    let variants = username_variants(username);
    if variants.is_empty() {
        return false;
    }
    let cand_lower = candidate.to_lowercase();
    let cand_folded = fold_diacritics(&cand_lower);
    variants.iter().any(|v| {
        let lower = v.to_lowercase();
        let folded = fold_diacritics(&lower);
        (!lower.is_empty() && cand_lower.contains(&lower)) || (!folded.is_empty() && cand_folded.contains(&folded))
    })
}

/// The account name, and for `DOMAIN\user` / `user@domain` forms the bare
/// user part; empty parts are dropped.
fn username_variants(username: &str) -> Vec<&str> {
    let full = username.trim();
    let mut variants = vec![full];
    let after_domain = full.rsplit_once('\\').map_or(full, |(_, user)| user.trim());
    variants.push(after_domain);
    if let Some((user, _)) = after_domain.split_once('@') {
        variants.push(user.trim());
    }
    let mut out: Vec<&str> = Vec::new();
    for v in variants {
        if !v.is_empty() && !out.contains(&v) {
            out.push(v);
        }
    }
    out
}

/// Removes Vietnamese diacritics from lower-case text ('ễ' → 'e', 'đ' → 'd';
/// combining marks dropped).
fn fold_diacritics(lower: &str) -> String {
    crate::text::fold_diacritics(lower)
}

// ---------------------------------------------------------------------------
// Common passwords
// ---------------------------------------------------------------------------

fn common_passwords() -> &'static HashSet<&'static str> {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| {
        COMMON_PASSWORDS_TXT.lines().map(str::trim).filter(|line| !line.is_empty() && !line.starts_with('#')).collect()
    })
}

/// Undoes common "leet" substitutions.
fn de_leet(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '@' | '4' => 'a',
            '0' => 'o',
            '1' | '!' => 'i',
            '3' => 'e',
            '$' | '5' => 's',
            '7' => 't',
            other => other,
        })
        .collect()
}

/// `Common` or `BasedOnCommon` if the candidate is (based on) a common or
/// trivial password.
fn common_problem(candidate: &str) -> Option<PasswordProblem> {
    let set = common_passwords();
    let lower = candidate.to_lowercase();
    if lower.is_empty() {
        return None;
    }
    if set.contains(lower.as_str()) || is_trivial(&lower) {
        return Some(PasswordProblem::Common);
    }

    // Trailing symbols only ("abc123!" → "abc123"); trailing digits and
    // symbols ("dragon#2024" → "dragon", "@dmin2024" → "@dmin"); and the
    // core with leading digits/symbols stripped as well ("2024dragon!").
    let trailing_symbols = lower.trim_end_matches(|c: char| !c.is_alphanumeric());
    let trailing_all = lower.trim_end_matches(|c: char| !c.is_alphabetic());
    let core = trailing_all.trim_start_matches(|c: char| !c.is_alphabetic());

    let mut bases: Vec<String> = Vec::new();
    for stripped in [core, trailing_all, trailing_symbols] {
        let de_leeted = de_leet(stripped);
        let folded = fold_diacritics(stripped);
        let both = fold_diacritics(&de_leeted);
        for base in [de_leeted, stripped.to_owned(), both, folded] {
            if !bases.contains(&base) {
                bases.push(base);
            }
        }
    }

    bases
        .into_iter()
        .filter(|base| base.chars().count() >= MIN_BASE_LEN)
        .find(|base| set.contains(base.as_str()) || (base.chars().count() >= MIN_SEQUENCE_LEN && is_trivial(base)))
        .map(|word| PasswordProblem::BasedOnCommon { word })
}

/// Keyboard rows and the alphabet; a run along one (either direction) is
/// trivial.
const SEQUENCES: [&str; 6] =
    ["`1234567890-=", "qwertyuiop[]\\", "asdfghjkl;'", "zxcvbnm,./", "abcdefghijklmnopqrstuvwxyz", "0123456789"];

/// One character repeated (at least twice), or a run of at least 8
/// characters along a keyboard row, the alphabet or the digits, forwards or
/// backwards. Expects lower-case input.
fn is_trivial(lower: &str) -> bool {
    let chars: Vec<char> = lower.chars().collect();
    if let Some(first) = chars.first() {
        if chars.len() >= 2 && chars.iter().all(|c| c == first) {
            return true;
        }
    }
    if chars.len() < MIN_SEQUENCE_LEN {
        return false;
    }
    if chars.iter().all(char::is_ascii_alphanumeric) {
        let steps: Vec<i64> =
            chars.windows(2).map(|w| i64::from(u32::from(w[1])) - i64::from(u32::from(w[0]))).collect();
        if steps.iter().all(|s| *s == 1) || steps.iter().all(|s| *s == -1) {
            return true;
        }
    }
    let reversed: String = chars.iter().rev().collect();
    SEQUENCES.iter().any(|row| row.contains(lower) || row.contains(reversed.as_str()))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;

    fn check(username: &str, candidate: &str) -> Vec<PasswordProblem> {
        check_password(&PasswordPolicy::default(), username, candidate)
    }

    fn codes(username: &str, candidate: &str) -> Vec<&'static str> {
        check(username, candidate).iter().map(PasswordProblem::code).collect()
    }

    /// A policy with only the article's clauses (no common-password list),
    /// to test each clause in isolation.
    fn article_only() -> PasswordPolicy {
        PasswordPolicy { reject_common: false, ..PasswordPolicy::default() }
    }

    #[test]
    fn dieu_11_3_a_default_policy_uses_the_articles_numbers() {
        let p = PasswordPolicy::default();
        assert_eq!(p.min_length, 8);
        assert_eq!(p.min_classes, 3);
        assert!(p.forbid_username);
        assert!(p.reject_common);
    }

    #[test]
    fn dieu_11_3_a_requires_at_least_8_characters() {
        let p = article_only();
        assert_eq!(check_password(&p, "", "Kx7#vtq"), vec![PasswordProblem::TooShort { min: 8, actual: 7 }]);
        assert!(check_password(&p, "", "Kx7#vtqL").is_empty());
    }

    #[test]
    fn dieu_11_3_a_length_counts_characters_not_bytes() {
        let p = article_only();
        // 7 characters but 12 bytes.
        assert_eq!(check_password(&p, "", "Đườngá1"), vec![PasswordProblem::TooShort { min: 8, actual: 7 }]);
        assert!(check_password(&p, "", "Đườngáo1").is_empty());
    }

    #[test]
    fn dieu_11_3_a_exactly_3_of_4_classes_passes() {
        let p = article_only();
        assert!(check_password(&p, "", "Hoasenxanh7").is_empty()); // upper, lower, digit
        assert!(check_password(&p, "", "hoasen-xanh7").is_empty()); // lower, other, digit
        assert_eq!(check_password(&p, "", "HOASEN-XANH"), vec![PasswordProblem::TooFewClasses { min: 3, actual: 2 }]);
        assert_eq!(character_classes("Hoasenxanh7"), 3);
    }

    #[test]
    fn dieu_11_3_a_two_classes_fail() {
        let p = article_only();
        assert_eq!(check_password(&p, "", "hoasenxanh7"), vec![PasswordProblem::TooFewClasses { min: 3, actual: 2 }]);
        assert_eq!(check_password(&p, "", "HOASENXANH"), vec![PasswordProblem::TooFewClasses { min: 3, actual: 1 }]);
    }

    #[test]
    fn dieu_11_3_a_space_counts_as_other_character() {
        assert_eq!(character_classes("hoa sen xanh7"), 3);
        assert!(check_password(&article_only(), "", "hoa sen xanh7").is_empty());
        assert_eq!(character_classes(" "), 1);
        assert_eq!(character_classes("~!@#$%^&*()_-+={}[]\\|:;\"'<>,.?/"), 1);
    }

    #[test]
    fn dieu_11_3_a_vietnamese_letters_count_by_case() {
        assert_eq!(character_classes("Đ"), 1);
        assert_eq!(character_classes("ĐƯ"), 1);
        assert_eq!(character_classes("ăơ"), 1);
        // Upper (Đ, Ư) + lower (ă, ơ) + digit = 3.
        assert_eq!(character_classes("ĐƯăơ2026"), 3);
        assert!(check_password(&article_only(), "", "Đườngơăn9").is_empty());
        // Decomposed diacritics are part of the letter, not "other".
        assert_eq!(character_classes("ba\u{0309}o"), 1);
    }

    #[test]
    fn dieu_11_3_a_non_ascii_digits_are_other() {
        assert_eq!(character_classes("٣"), 1);
        assert_eq!(character_classes("a٣"), 2);
        assert_eq!(character_classes("a3"), 2);
    }

    #[test]
    fn dieu_11_3_a_forbids_account_name_case_insensitively() {
        let p = article_only();
        assert_eq!(check_password(&p, "thanhnv", "Ha-THANHNV-26"), vec![PasswordProblem::ContainsUsername]);
        assert!(check_password(&p, "thanhnv", "Ha-Thanh-26").is_empty());
    }

    #[test]
    fn dieu_11_3_a_forbids_account_name_without_diacritics() {
        let p = article_only();
        // Account name with diacritics, password without.
        assert_eq!(check_password(&p, "Nguyễn", "nguyen#2026X"), vec![PasswordProblem::ContainsUsername]);
        // Account name without, password with.
        assert_eq!(check_password(&p, "nguyen", "Xin-NGUYỄN-26"), vec![PasswordProblem::ContainsUsername]);
        // Decomposed input.
        assert_eq!(
            check_password(&p, "nguyen", "Xin-nguye\u{0302}\u{0303}n-26"),
            vec![PasswordProblem::ContainsUsername]
        );
    }

    #[test]
    fn dieu_11_3_a_forbids_bare_user_of_domain_account() {
        let p = article_only();
        assert_eq!(check_password(&p, r"CUSTOMS\hoanglm", "Pw-hoanglm-2026"), vec![PasswordProblem::ContainsUsername]);
        assert_eq!(
            check_password(&p, "hoanglm@customs.gov.vn", "Pw-HoangLM-2026"),
            vec![PasswordProblem::ContainsUsername]
        );
        assert!(check_password(&p, r"CUSTOMS\hoanglm", "Pw-hoang-2026").is_empty());
    }

    #[test]
    fn dieu_11_3_a_empty_account_name_is_not_checked() {
        assert!(check_password(&article_only(), "", "Pw-hoang-2026").is_empty());
        assert!(check_password(&article_only(), "   ", "Pw-hoang 2026").is_empty());
    }

    #[test]
    fn dieu_11_3_a_short_account_names_are_still_checked() {
        let p = article_only();
        assert_eq!(check_password(&p, "an", "Xe-dap-An-47"), vec![PasswordProblem::ContainsUsername]);
        assert!(check_password(&p, "an", "Xe-dap-Ho-47").is_empty());
    }

    #[test]
    fn dieu_11_3_a_common_list_exact_match() {
        for pw in ["123456789", "password", "matkhau123", "Password", "MATKHAU123"] {
            assert!(codes("", pw).contains(&"common"), "{pw}");
        }
        // Exact match of a list entry that satisfies all the article's
        // clauses: only the list rejects it.
        assert_eq!(check("", "Haiquan@2024"), vec![PasswordProblem::Common]);
        assert_eq!(check("", "P@ssw0rd"), vec![PasswordProblem::Common]);
        assert_eq!(check("", "Aa@123456"), vec![PasswordProblem::Common]);
    }

    #[test]
    fn dieu_11_3_a_common_list_is_loaded() {
        let n = common_password_count();
        assert!(n > 30_000, "{n}");
        let set = common_passwords();
        for pw in ["123456", "password", "dragon", "matkhau123", "haiquan@123", "anhyeuem"] {
            assert!(set.contains(pw), "{pw}");
        }
        assert!(set.iter().all(|p| *p == p.to_lowercase().as_str()));
        assert!(!set.iter().any(|p| p.starts_with('#')));
    }

    #[test]
    fn dieu_11_3_a_based_on_common_password() {
        let problems = check("", "P@ssw0rd2024!");
        assert_eq!(problems, vec![PasswordProblem::BasedOnCommon { word: "password".to_owned() }]);
        assert_eq!(check("", "Dragon#2024"), vec![PasswordProblem::BasedOnCommon { word: "dragon".to_owned() }]);
        assert!(codes("", "2024#Dragon").contains(&"based_on_common"));
        assert!(codes("", "@dmin2024").contains(&"based_on_common"));
        assert!(codes("", "Tr@ng2024!").contains(&"based_on_common"));
        assert!(codes("", "Anhyêuem@2026").contains(&"based_on_common"));
    }

    #[test]
    fn dieu_11_3_a_passphrase_containing_common_word_is_not_based_on_it() {
        assert!(check("", "Dragon và Phượng hoàng 88").is_empty());
        assert!(check("", "correct Horse battery staple").is_empty());
    }

    #[test]
    fn dieu_11_3_a_trivial_sequences_are_common() {
        for pw in [
            "abcdefgh",
            "12345678",
            "87654321",
            "qwertyui",
            "QWERTYUI",
            "lkjhgfdsa",
            "aaaaaaaa",
            "!!!!!!!!!!",
            "hgfedcba",
        ] {
            assert!(codes("", pw).contains(&"common"), "{pw}");
        }
        assert!(codes("", "Abcdefgh#2024").contains(&"based_on_common"));
        assert!(!is_trivial("abcdefgi"));
        assert!(!is_trivial("ab"));
    }

    #[test]
    fn dieu_11_3_a_strong_passwords_pass() {
        for pw in ["Xe-dap^Song-Hong 47", "K7#vt!qLm2", "Cục-CNTT&TK-2026-bảo-mật"] {
            assert_eq!(check("nguyenvana", pw), vec![], "{pw}");
            assert_eq!(check(r"HQ\nguyenvana", pw), vec![], "{pw}");
        }
    }

    #[test]
    fn dieu_11_3_a_reports_all_problems_in_order() {
        assert_eq!(
            check("pass", "pass"),
            vec![
                PasswordProblem::TooShort { min: 8, actual: 4 },
                PasswordProblem::TooFewClasses { min: 3, actual: 1 },
                PasswordProblem::ContainsUsername,
                PasswordProblem::Common,
            ]
        );
        assert_eq!(
            check("", ""),
            vec![PasswordProblem::TooShort { min: 8, actual: 0 }, PasswordProblem::TooFewClasses { min: 3, actual: 0 },]
        );
    }

    #[test]
    fn dieu_11_3_a_policy_switches_are_honoured() {
        let p = PasswordPolicy { min_length: 4, min_classes: 1, forbid_username: false, reject_common: false };
        assert!(check_password(&p, "abcd", "abcd").is_empty());
    }

    #[test]
    fn dieu_11_3_a_messages_cite_the_article_and_never_the_candidate() {
        let candidate = "P@ssw0rd2024!";
        let mut problems = check("user", candidate);
        problems.extend([
            PasswordProblem::TooShort { min: 8, actual: 6 },
            PasswordProblem::TooFewClasses { min: 3, actual: 2 },
            PasswordProblem::ContainsUsername,
            PasswordProblem::Common,
        ]);
        for p in &problems {
            for msg in [p.message_vi(), p.message_en()] {
                assert!(!msg.contains(candidate), "{msg}");
                assert!(msg.contains("11.3.a"), "{msg}");
            }
        }
        assert_eq!(
            PasswordProblem::TooShort { min: 8, actual: 6 }.message_vi(),
            "Mật khẩu phải có tối thiểu 8 ký tự (hiện có 6) — Điều 11.3.a"
        );
        assert_eq!(
            PasswordProblem::TooShort { min: 8, actual: 6 }.message_en(),
            "Password must have at least 8 characters (it has 6) — Article 11.3.a"
        );
    }

    #[test]
    fn dieu_11_3_a_problem_codes() {
        assert_eq!(PasswordProblem::TooShort { min: 8, actual: 1 }.code(), "too_short");
        assert_eq!(PasswordProblem::TooFewClasses { min: 3, actual: 1 }.code(), "too_few_classes");
        assert_eq!(PasswordProblem::ContainsUsername.code(), "contains_username");
        assert_eq!(PasswordProblem::Common.code(), "common");
        assert_eq!(PasswordProblem::BasedOnCommon { word: "x".into() }.code(), "based_on_common");
    }

    #[test]
    fn dieu_11_3_a_policy_deserialises_with_defaults() {
        let p: PasswordPolicy = toml::from_str("min_length = 12").unwrap();
        assert_eq!(p, PasswordPolicy { min_length: 12, ..PasswordPolicy::default() });
    }
}
