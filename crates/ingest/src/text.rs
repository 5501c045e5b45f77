//! Header normalisation (diacritics folding lives in `tuanthu_core::text`).

pub use tuanthu_core::text::fold_diacritics;

/// Normalises a header for matching: NFC-ish trimming, BOM removal, lower
/// case, diacritics folded, runs of spaces/`-`/`_`/`.` collapsed to `_`.
#[must_use]
pub fn normalize_header(s: &str) -> String {
    let s = s.trim_start_matches('\u{feff}').trim();
    let folded = fold_diacritics(&s.to_lowercase());
    let mut out = String::with_capacity(folded.len());
    let mut pending_sep = false;
    for c in folded.chars() {
        if c.is_alphanumeric() {
            if pending_sep && !out.is_empty() {
                out.push('_');
            }
            pending_sep = false;
            out.push(c);
        } else {
            pending_sep = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_vietnamese_headers() {
        assert_eq!(normalize_header("\u{feff} Mã đơn vị "), "ma_don_vi");
        assert_eq!(normalize_header("Ma don vi"), "ma_don_vi");
        assert_eq!(normalize_header("Person ID"), "person_id");
        assert_eq!(normalize_header("person_id"), "person_id");
        assert_eq!(normalize_header("Ngày hiệu lực"), "ngay_hieu_luc");
        assert_eq!(fold_diacritics("Nguyễn Thị Ước Đạt"), "Nguyen Thi Uoc Dat");
    }
}
