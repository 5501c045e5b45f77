//! `tuanthu demo generate`: demo evidence at a chosen scale.

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressStyle};

use crate::args::{DemoCommand, ScaleArg};
use crate::demo::{generate, DemoOptions, Scale};

pub fn scale(s: ScaleArg) -> Scale {
    match s {
        ScaleArg::Small => Scale::Small,
        ScaleArg::Customs => Scale::Customs,
        ScaleArg::TenX => Scale::TenX,
    }
}

pub fn run(cmd: &DemoCommand) -> Result<u8> {
    let DemoCommand::Generate { scale: s, out, seed, today } = cmd;
    let today = match today {
        Some(t) => super::parse_date_arg(t)?,
        None => tuanthu_core::today_in_vietnam(),
    };
    let opts = DemoOptions { scale: scale(*s), seed: *seed, today, out_dir: out.clone() };
    let bar = if super::interactive() {
        let b = ProgressBar::new(0);
        if let Ok(style) = ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len}") {
            b.set_style(style.progress_chars("=> "));
        }
        b
    } else {
        ProgressBar::hidden()
    };
    let summary = generate(&opts, &mut |file, done, total| {
        bar.set_message(file.to_string());
        bar.set_length(total);
        bar.set_position(done);
    })
    .with_context(|| format!("không ghi được dữ liệu mẫu / cannot write demo data to {}", out.display()))?;
    bar.finish_and_clear();
    for (file, rows) in &summary.files {
        println!("{:<29} {rows:>9} dòng / rows", file);
    }
    println!(
        "Dữ liệu mẫu ở {} (mốc {}). Tiếp theo / next: tuanthu import {} && tuanthu check",
        out.display(),
        today.format("%d/%m/%Y"),
        out.display()
    );
    Ok(0)
}
