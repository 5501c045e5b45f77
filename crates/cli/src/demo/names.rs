//! Vocabulary of the demo data: Vietnamese names, positions, unit and system
//! names, privileges, and the ASCII folding used for usernames and e-mails.
//!
//! The frequencies of family names follow the usual Vietnamese distribution
//! (Nguyễn ≈ 38 %, Trần ≈ 11 %, Lê ≈ 9.5 %, …). All text is NFC (precomposed).

/// Family names with weights (per mille, roughly).
pub const FAMILY: &[(&str, u32)] = &[
    ("Nguyễn", 380),
    ("Trần", 110),
    ("Lê", 95),
    ("Phạm", 70),
    ("Hoàng", 30),
    ("Huỳnh", 20),
    ("Phan", 45),
    ("Vũ", 22),
    ("Võ", 18),
    ("Đặng", 20),
    ("Bùi", 20),
    ("Đỗ", 14),
    ("Hồ", 13),
    ("Ngô", 13),
    ("Dương", 10),
    ("Lý", 5),
    ("Đinh", 7),
    ("Trịnh", 6),
    ("Lương", 5),
    ("Mai", 5),
    ("Tạ", 3),
    ("Cao", 4),
];

/// Middle names for men.
pub const MIDDLE_MALE: &[&str] =
    &["Văn", "Văn", "Văn", "Hữu", "Minh", "Đức", "Quang", "Công", "Thanh", "Xuân", "Mạnh", "Tiến", "Ngọc"];
/// Middle names for women.
pub const MIDDLE_FEMALE: &[&str] =
    &["Thị", "Thị", "Thị", "Ngọc", "Thanh", "Thu", "Minh", "Bích", "Hồng", "Kim", "Phương"];
/// Second middle names (some people have two: "Nguyễn Thị Thu Hà").
pub const MIDDLE_SECOND: &[&str] = &["Thu", "Minh", "Hoài", "Thanh", "Ngọc", "Anh", "Quốc", "Gia"];

/// Given names for men.
pub const GIVEN_MALE: &[&str] = &[
    "An", "Bình", "Cường", "Dũng", "Duy", "Đạt", "Hải", "Hiếu", "Hòa", "Hùng", "Huy", "Khoa", "Khánh", "Kiên", "Long",
    "Lâm", "Minh", "Nam", "Nghĩa", "Phong", "Phúc", "Quang", "Quân", "Sơn", "Tâm", "Thắng", "Thành", "Toàn", "Trung",
    "Tuấn", "Tùng", "Việt", "Vinh",
];
/// Given names for women.
pub const GIVEN_FEMALE: &[&str] = &[
    "An", "Anh", "Chi", "Dung", "Giang", "Hà", "Hạnh", "Hằng", "Hiền", "Hoa", "Hòa", "Hương", "Huyền", "Lan", "Linh",
    "Loan", "Mai", "Nga", "Ngân", "Nhung", "Oanh", "Phương", "Quỳnh", "Tâm", "Thảo", "Thủy", "Trang", "Tuyết", "Vân",
    "Yến",
];

/// Ordinary positions (chức vụ / ngạch) with weights.
pub const POSITIONS: &[(&str, u32)] = &[
    ("Công chức", 26),
    ("Chuyên viên", 18),
    ("Kiểm tra viên", 20),
    ("Kiểm tra viên chính", 8),
    ("Kiểm tra viên trung cấp", 4),
    ("Chuyên viên chính", 5),
    ("Phó Trưởng phòng", 5),
    ("Trưởng phòng", 2),
    ("Phó Đội trưởng", 3),
    ("Đội trưởng", 1),
    ("Nhân viên hợp đồng", 5),
];
/// Positions of the IT units (CNTT, phòng CNTT of a Chi cục).
pub const IT_POSITIONS: &[(&str, u32)] = &[
    ("Chuyên viên", 40),
    ("Chuyên viên chính", 15),
    ("Kỹ sư quản trị hệ thống", 15),
    ("Kỹ sư an toàn thông tin", 10),
    ("Phó Trưởng phòng", 6),
    ("Trưởng phòng", 2),
    ("Nhân viên hợp đồng", 6),
];
/// Positions counted as leadership (appointment events, sensitive positions).
pub const LEADER_POSITIONS: &[&str] = &[
    "Cục trưởng",
    "Phó Cục trưởng",
    "Chi cục trưởng",
    "Phó Chi cục trưởng",
    "Trưởng phòng",
    "Phó Trưởng phòng",
    "Đội trưởng",
    "Phó Đội trưởng",
    "Trưởng ban",
    "Phó Trưởng ban",
];

/// Central departments of Cục Hải quan (code, name).
pub const DEPARTMENTS: &[(&str, &str)] = &[
    ("BNV", "Ban Nghiệp vụ"),
    ("BQLRR", "Ban Quản lý rủi ro"),
    ("VP", "Văn phòng Cục Hải quan"),
    ("BTCCB", "Ban Tổ chức cán bộ"),
    ("BTVQT", "Ban Tài vụ - Quản trị"),
    ("BKTNB", "Ban Kiểm tra nội bộ"),
    ("BPC", "Ban Pháp chế"),
    ("BHTQT", "Ban Hợp tác quốc tế"),
    ("BGSQL", "Ban Giám sát quản lý"),
    ("BKTSTQ", "Ban Kiểm tra sau thông quan"),
    ("DDTCBL", "Cục Điều tra chống buôn lậu"),
    ("KDHQ", "Cục Kiểm định hải quan"),
];
/// Sub-units of the IT department (suffix, name).
pub const IT_SUBUNITS: &[(&str, &str)] = &[
    ("P1", "Phòng Quản trị hệ thống"),
    ("P2", "Phòng An ninh mạng"),
    ("P3", "Phòng Phát triển ứng dụng"),
    ("P4", "Phòng Thống kê hải quan"),
];
/// Phòng of a Chi cục (suffix `P<n>`). The third one is the IT phòng.
pub const KV_PHONG: &[&str] = &[
    "Phòng Tổng hợp",
    "Phòng Nghiệp vụ",
    "Phòng Công nghệ thông tin",
    "Phòng Quản lý rủi ro",
    "Phòng Kiểm tra sau thông quan",
    "Phòng Thuế",
    "Phòng Giám sát quản lý",
    "Phòng Chống buôn lậu",
];
/// Places in [`PLACES`] that are inland clearance points, not border gates.
pub const INLAND: &[&str] = &[
    "Bắc Thăng Long",
    "Bắc Ninh",
    "Thái Nguyên",
    "Vĩnh Phúc",
    "Biên Hòa",
    "Long Thành",
    "Nhơn Trạch",
    "Bình Dương",
    "Sóng Thần",
    "Việt Nam - Singapore",
    "Cần Thơ",
    "Vĩnh Long",
    "Đắk Lắk",
    "Gia Lai",
];
/// Index in [`KV_PHONG`] of the IT phòng.
pub const KV_IT_PHONG: usize = 2;
/// Places of "Hải quan cửa khẩu …" / "Hải quan …" sub-units.
pub const PLACES: &[&str] = &[
    "cảng Hải Phòng",
    "cảng Cát Lái",
    "sân bay quốc tế Nội Bài",
    "sân bay quốc tế Tân Sơn Nhất",
    "quốc tế Hữu Nghị",
    "Móng Cái",
    "Lào Cai",
    "Cầu Treo",
    "Mộc Bài",
    "Lao Bảo",
    "Tịnh Biên",
    "cảng Đình Vũ",
    "cảng Cái Mép",
    "cảng Đà Nẵng",
    "cảng Quy Nhơn",
    "cảng Vũng Áng",
    "cảng Nghi Sơn",
    "Cha Lo",
    "Bờ Y",
    "Hoa Lư",
    "Xa Mát",
    "Thanh Thủy",
    "Tân Thanh",
    "Chi Ma",
    "Bắc Thăng Long",
    "Bắc Ninh",
    "Thái Nguyên",
    "Vĩnh Phúc",
    "Biên Hòa",
    "Long Thành",
    "Nhơn Trạch",
    "Bình Dương",
    "Sóng Thần",
    "Việt Nam - Singapore",
    "Cần Thơ",
    "Vĩnh Long",
    "Cam Ranh",
    "Phú Quốc",
    "Chân Mây",
    "Dung Quất",
    "Kỳ Hà",
    "Vân Phong",
    "Hòn Gai",
    "Cái Lân",
    "Vạn Gia",
    "Hoành Mô",
    "Na Mèo",
    "Nậm Cắn",
    "Đắk Lắk",
    "Gia Lai",
];

/// Roman numerals for the Chi cục khu vực.
pub const ROMAN: &[&str] = &[
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII",
    "XVIII", "XIX", "XX",
];

/// A central system template: name, privileges of ordinary users, Internet
/// facing, connected to third parties.
pub struct CentralSystem {
    pub name: &'static str,
    pub privileges: &'static [&'static str],
    pub internet: bool,
    pub third_party: bool,
}

const fn cs(
    name: &'static str,
    privileges: &'static [&'static str],
    internet: bool,
    third_party: bool,
) -> CentralSystem {
    CentralSystem { name, privileges, internet, third_party }
}

const GENERIC: &[&str] = &["tra_cuu", "nhap_lieu", "xem_bao_cao", "phe_duyet", "ket_xuat"];
const DECL: &[&str] = &["khai_bao", "tra_cuu", "duyet_to_khai", "phan_luong", "kiem_tra_ho_so", "thong_quan"];

/// Central systems, most used first (every staff member has e-mail).
pub const CENTRAL_SYSTEMS: &[CentralSystem] = &[
    cs("Thư điện tử", &["hop_thu", "lich_lam_viec", "danh_ba"], true, false),
    cs("Hệ thống thông quan điện tử VNACCS/VCIS", DECL, false, true),
    cs("Hệ thống quản lý văn bản và điều hành", &["xem_van_ban", "trinh_ky", "phat_hanh", "tra_cuu"], false, false),
    cs("Hệ thống quản lý rủi ro", &["tra_cuu", "danh_gia_rui_ro", "lap_ho_so_doanh_nghiep", "canh_bao"], false, false),
    cs("Hệ thống kế toán thuế tập trung", &["tra_cuu", "hach_toan", "doi_chieu", "xem_bao_cao"], false, false),
    cs("Cổng thanh toán điện tử", &["tra_cuu", "doi_soat", "xac_nhan_nop_thue"], true, true),
    cs("Cơ chế một cửa quốc gia", &["tra_cuu", "xu_ly_ho_so", "cap_phep"], true, true),
    cs("Hệ thống E-manifest", &["tra_cuu", "tiep_nhan_manifest", "doi_chieu"], true, true),
    cs("Hệ thống giám sát hải quan tự động VASSCM", &["tra_cuu", "giam_sat", "xac_nhan_qua_khu_vuc"], false, true),
    cs("Hệ thống quản lý cán bộ", &["tra_cuu", "cap_nhat_ho_so", "xem_bao_cao"], false, false),
    cs("Cổng thông tin điện tử Hải quan", &["dang_tin", "bien_tap", "duyet_tin"], true, false),
    cs("Hệ thống thống kê hải quan", &["tra_cuu", "ket_xuat", "xem_bao_cao"], false, false),
    cs("Hệ thống quản lý hồ sơ kiểm tra sau thông quan", &["tra_cuu", "lap_ho_so", "phe_duyet"], false, false),
    cs("Hệ thống quản lý vi phạm", &["tra_cuu", "lap_bien_ban", "xu_ly_vi_pham"], false, false),
    cs("Hệ thống quản lý giá tính thuế GTT02", &["tra_cuu", "tham_van_gia", "xem_bao_cao"], false, false),
    cs("Hệ thống dịch vụ công trực tuyến", &["tiep_nhan", "xu_ly_ho_so", "tra_cuu"], true, true),
    cs("Hệ thống hỏi đáp trực tuyến", &["tra_loi", "duyet_cau_hoi"], true, false),
    cs("Hệ thống quản lý tài sản", GENERIC, false, false),
    cs("Hệ thống đào tạo trực tuyến E-learning", &["hoc_vien", "giang_vien"], true, false),
    cs("Hệ thống hội nghị truyền hình", &["dat_lich", "tham_du"], false, false),
    cs("Hệ thống quản lý doanh nghiệp ưu tiên", GENERIC, false, false),
    cs("Hệ thống xử lý dữ liệu điện tử hải quan", GENERIC, false, true),
    cs("Hệ thống kết nối ASEAN ACDD", GENERIC, false, true),
    cs("Hệ thống quản lý máy soi tập trung", &["tra_cuu", "xem_anh_soi", "ket_luan_soi"], false, false),
    cs("Hệ thống giám sát an toàn thông tin tập trung", &["xem_canh_bao", "xu_ly_su_co"], false, false),
    cs("Hệ thống quản lý hàng miễn thuế", GENERIC, false, true),
    cs("Hệ thống quản lý kho ngoại quan", GENERIC, false, true),
    cs("Hệ thống quản lý thông tin C/O điện tử", &["tra_cuu", "doi_chieu_co"], false, true),
    cs("Hệ thống quản lý nợ thuế", &["tra_cuu", "doi_no", "xem_bao_cao"], false, false),
    cs("Hệ thống tra cứu biểu thuế", &["tra_cuu"], true, false),
    cs("Hệ thống quản lý phương tiện xuất nhập cảnh", GENERIC, false, true),
    cs("Hệ thống phân tích dữ liệu lớn", &["tra_cuu", "phan_tich", "ket_xuat"], false, false),
    cs("Hệ thống quản lý chữ ký số", &["tra_cuu", "dang_ky_chung_thu"], false, true),
    cs("Hệ thống định danh tập trung", &["dang_nhap_mot_lan"], false, false),
    cs("Hệ thống sao lưu tập trung", &["xem_bao_cao"], false, false),
    cs("Hệ thống quản lý yêu cầu hỗ trợ", &["gui_yeu_cau", "xu_ly_yeu_cau"], false, false),
    cs("Hệ thống quản lý tài liệu kỹ thuật", GENERIC, false, false),
    cs("Hệ thống quản lý hồ sơ thủ tục hải quan", DECL, false, false),
    cs("Hệ thống quản lý thu ngân sách", &["tra_cuu", "doi_chieu", "xem_bao_cao"], false, true),
    cs("Hệ thống quản lý seal định vị điện tử", &["tra_cuu", "giam_sat", "gan_seal"], false, true),
];

/// Local systems of a Chi cục: name stem and privileges.
pub const LOCAL_SYSTEMS: &[(&str, &[&str])] = &[
    ("Hệ thống giám sát camera", &["xem_truc_tiep", "xem_lai", "trich_xuat"]),
    ("Hệ thống máy soi container", &["xem_anh_soi", "ket_luan_soi"]),
    ("Hệ thống quản lý văn bản nội bộ", &["xem_van_ban", "trinh_ky", "tra_cuu"]),
    ("Hệ thống quản lý kho bãi", GENERIC),
    ("Hệ thống cân điện tử", &["tra_cuu", "nhap_can"]),
    ("Hệ thống quản lý hàng tạm nhập tái xuất", GENERIC),
    ("Hệ thống mạng nội bộ", &["truy_cap_mang"]),
    ("Hệ thống chấm công", &["cham_cong", "xem_bao_cao"]),
    ("Hệ thống quản lý hồ sơ lưu trữ", GENERIC),
    ("Trang thông tin điện tử", &["dang_tin", "bien_tap"]),
    ("Hệ thống quản lý tờ khai giấy", DECL),
    ("Hệ thống thu phí cảng biển", &["tra_cuu", "doi_soat", "xuat_bien_lai"]),
];

/// Privileges of admin accounts.
pub const ADMIN_PRIVILEGES: &[&str] = &[
    "quản trị hệ thống;sysadmin",
    "quản trị hệ thống;sysadmin;sao_luu",
    "quản trị cơ sở dữ liệu;dba",
    "sysadmin;quản trị người dùng",
];
/// Rights that an ordinary (user) account should not hold: the case
/// "ordinary account holding admin rights".
pub const USER_ADMIN_RIGHTS: &[&str] = &["admin", "quản trị người dùng", "quản trị hệ thống"];
/// Names of service accounts.
pub const SERVICE_NAMES: &[&str] =
    &["svc_backup", "svc_monitor", "svc_integration", "svc_report", "svc_sync", "svc_api"];
/// Privileges of service accounts.
pub const SERVICE_PRIVILEGES: &[&str] = &["dong_bo_du_lieu", "api;doc_du_lieu", "sao_luu", "giam_sat"];
/// Stems of shared accounts.
pub const SHARED_STEMS: &[&str] = &["dungchung", "trucca", "bophan.motcua", "tk.chung", "tiepnhan", "tracuu.chung"];
/// Names of unowned admin accounts (built in).
pub const BUILTIN_ADMINS: &[&str] = &["admin", "administrator", "root", "qtht", "sa"];

/// Reasons written in exception requests (Điều 11.1.c).
pub const EXCEPTION_REASONS: &[&str] = &[
    "Bàn giao hồ sơ, tra cứu tờ khai đang xử lý",
    "Phục vụ công tác thanh tra, kiểm tra",
    "Hỗ trợ đơn vị tiếp nhận trong thời gian chuyển giao",
    "Đối chiếu số liệu kế toán thuế cuối kỳ",
    "Hoàn thiện hồ sơ vụ việc đang xử lý",
];
/// Rights kept under an exception.
pub const EXCEPTION_RIGHTS: &[&str] = &["tra_cuu", "tra_cuu;xem_bao_cao", "xem_van_ban", "tra_cuu;ket_xuat"];

/// Removes Vietnamese diacritics and lower-cases: "Nguyễn Đức" → "nguyen duc".
pub fn fold(s: &str) -> String {
    tuanthu_core::text::fold_diacritics(&s.to_lowercase())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

    #[test]
    fn folds_vietnamese() {
        assert_eq!(fold("Nguyễn Văn An"), "nguyen van an");
        assert_eq!(fold("Đặng Thị Thủy"), "dang thi thuy");
        assert_eq!(fold("Huỳnh Ngọc Yến"), "huynh ngoc yen");
    }

    #[test]
    fn every_name_folds_to_ascii() {
        let all = FAMILY
            .iter()
            .map(|(n, _)| *n)
            .chain(MIDDLE_MALE.iter().copied())
            .chain(MIDDLE_FEMALE.iter().copied())
            .chain(MIDDLE_SECOND.iter().copied())
            .chain(GIVEN_MALE.iter().copied())
            .chain(GIVEN_FEMALE.iter().copied());
        for n in all {
            let f = fold(n);
            assert!(f.chars().all(|c| c.is_ascii_lowercase()), "{n} -> {f}");
        }
    }

    #[test]
    fn user_privileges_never_look_like_admin_rights() {
        let mut all: Vec<&str> = CENTRAL_SYSTEMS.iter().flat_map(|s| s.privileges.iter().copied()).collect();
        all.extend(LOCAL_SYSTEMS.iter().flat_map(|(_, p)| p.iter().copied()));
        for p in all {
            assert!(!p.contains("admin") && !p.contains("quản trị"), "{p}");
        }
    }
}
