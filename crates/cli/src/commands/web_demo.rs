//! `tuanthu demo` (no subcommand): a fresh database with `small` demo data
//! and a few past check runs, a demo administrator whose password and TOTP
//! secret are printed once, then the web console.

use anyhow::{bail, Context, Result};
use tuanthu_core::engine::Selection;
use tuanthu_core::{evaluate, Calendar, Status};
use tuanthu_store::CheckRun;

use crate::args::{Global, ImportArgs, ServeArgs};
use crate::demo::{generate, DemoOptions, Scale};

/// A random password that passes PWD-CHECK.
fn demo_password(pack: &tuanthu_core::RulePack, user: &str) -> Result<String> {
    for _ in 0..20 {
        let hex = tuanthu_web::crypto::hex(&tuanthu_web::crypto::random_bytes(8)?);
        let candidate = format!("Tt-{hex}#Q");
        if tuanthu_web::users::check_new_password(pack, user, &candidate).is_ok() {
            return Ok(candidate);
        }
    }
    bail!("không tạo được mật khẩu mẫu / cannot make a demo password")
}

pub fn run(g: &Global, serve: &ServeArgs) -> Result<u8> {
    let explicit_db = g.db != tuanthu_store::DEFAULT_URL;
    let dir = std::env::temp_dir().join(format!(
        "tuanthu-demo-{}-{}",
        std::process::id(),
        chrono::Utc::now().format("%Y%m%d%H%M%S")
    ));
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let db = if explicit_db { g.db.clone() } else { format!("sqlite:{}", dir.join("demo.db").display()) };
    let g2 = Global { db: db.clone(), ..g.clone() };
    let pack = super::load_pack(&g2)?;
    {
        let mut store = super::open_store(&g2)?;
        let units = store.count_rows(&tuanthu_core::evidence::schema::UNITS)?;
        if units > 0 || !store.web().users()?.is_empty() {
            bail!("cơ sở dữ liệu {db} đã có dữ liệu; demo cần cơ sở dữ liệu mới / {db} already holds data; the demo needs a fresh database");
        }
    }
    let today = tuanthu_core::today_in_vietnam();
    let data = dir.join("data");
    let opts = DemoOptions { scale: Scale::Small, seed: 1048, today, out_dir: data.clone() };
    generate(&opts, &mut |_, _, _| {}).context("không tạo được dữ liệu mẫu / cannot write demo data")?;
    let import = ImportArgs {
        target: data.display().to_string(),
        file: None,
        format: None,
        system: None,
        culture: None,
        more_files: Vec::new(),
        merge: false,
        dry_run: false,
        today: None,
        max_size: 512 << 20,
        scanned_at: None,
    };
    if super::import::run(&g2, &import)? != 0 {
        bail!("nhập dữ liệu mẫu thất bại / importing the demo data failed");
    }
    // A few past runs, so that the dashboard has a trend.
    let mut store = super::open_store(&g2)?;
    let snapshot = store.load_snapshot()?;
    let calendar = Calendar::new(&snapshot.holidays);
    for months_ago in [5i64, 4, 3, 2, 1, 0] {
        let as_of = today - chrono::Duration::days(30 * months_ago);
        let keep = |f: &tuanthu_core::Finding| Status::ATTENTION.contains(&f.status);
        let e = evaluate(&pack, &snapshot, as_of, &calendar, &Selection::default(), &keep)?;
        let run = CheckRun { started_at: chrono::Utc::now(), as_of, pack_id: pack.id.clone(), rules: Vec::new() };
        store.record_run(&run, &e.findings, &e.counts)?;
    }
    let admin_pw = demo_password(&pack, "demo-admin")?;
    let admin = tuanthu_web::users::add_user(
        &mut store,
        &pack,
        Some("demo"),
        "demo-admin",
        &admin_pw,
        &tuanthu_web::users::grants(&["admin".into()], None)?,
        None,
    )?;
    let unit =
        snapshot.units.iter().find(|u| u.code.starts_with("KV") && !u.code.contains('-')).map(|u| u.code.clone());
    let op_pw = demo_password(&pack, "demo-vanhanh")?;
    if let Some(u) = &unit {
        tuanthu_web::users::add_user(
            &mut store,
            &pack,
            Some("demo"),
            "demo-vanhanh",
            &op_pw,
            &tuanthu_web::users::grants(&["operator".into()], Some(u))?,
            None,
        )?;
    }
    drop(store);
    println!();
    println!("Cơ sở dữ liệu demo / demo database: {db}");
    println!("Quản trị viên demo / demo administrator (chỉ hiện một lần / shown once):");
    println!("  tên / user:      demo-admin");
    println!("  mật khẩu / pass: {admin_pw}");
    if let Some(secret) = &admin.totp_secret {
        println!("  khóa TOTP:       {secret}");
        println!("  {}", tuanthu_web::crypto::totp_uri("demo-admin", secret));
    }
    if let Some(u) = &unit {
        println!("Người vận hành demo / demo operator of {u} (không cần TOTP / no TOTP): demo-vanhanh / {op_pw}");
    }
    println!();
    let opts = super::serve::options(&g2, serve)?;
    tuanthu_web::check_tls_policy(&opts)?;
    tuanthu_web::serve_blocking(opts, super::serve::print_ready)?;
    Ok(0)
}
