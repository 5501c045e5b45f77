//! `tuanthu password check USERNAME` (PWD-CHECK, Điều 11.3.a): the candidate
//! comes on stdin so that it never appears in shell history or `ps`.

use std::io::Read;

use anyhow::{Context, Result};
use serde_json::json;
use tuanthu_core::password::check_password;

use crate::args::{Global, PasswordCommand, TextOrJson};

pub fn run(g: &Global, cmd: &PasswordCommand) -> Result<u8> {
    let PasswordCommand::Check { username, format } = cmd;
    let policy = tuanthu_core::rules::password_policy(&super::load_pack(g)?)?;
    let mut input = String::new();
    std::io::stdin().read_to_string(&mut input).context("không đọc được stdin / cannot read stdin")?;
    // Only the line ending of `echo`/a terminal is stripped: spaces count.
    let candidate = input.strip_suffix('\n').map_or(input.as_str(), |s| s.strip_suffix('\r').unwrap_or(s));
    let problems = check_password(&policy, username, candidate);
    match format {
        TextOrJson::Json => {
            let reasons: Vec<_> = problems
                .iter()
                .map(|p| json!({"code": p.code(), "message_vi": p.message_vi(), "message_en": p.message_en()}))
                .collect();
            println!("{}", json!({"ok": problems.is_empty(), "reasons": reasons}));
        }
        TextOrJson::Text if problems.is_empty() => {
            println!("Đạt: mật khẩu đáp ứng Điều 11.3.a / OK: the password meets Article 11.3.a");
        }
        TextOrJson::Text => {
            println!("Không đạt / rejected:");
            for p in &problems {
                println!("- {}\n  {}", p.message_vi(), p.message_en());
            }
        }
    }
    Ok(u8::from(!problems.is_empty()))
}
