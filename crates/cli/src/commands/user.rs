//! `tuanthu user add NAME --role ROLE [--unit CODE] --password-stdin`: users
//! of the web console. The first administrator can only be made this way
//! (there is no default password anywhere).

use std::io::Read;

use anyhow::{bail, Context, Result};

use crate::args::{Global, UserCommand};

pub fn run(g: &Global, cmd: &UserCommand) -> Result<u8> {
    let UserCommand::Add { name, roles, unit, password_stdin, ldap } = cmd;
    if !password_stdin && !ldap {
        bail!("cần --password-stdin (mật khẩu không được ghi trên dòng lệnh) hoặc --ldap / --password-stdin is required (passwords never go on the command line), or --ldap");
    }
    let grants = tuanthu_web::users::grants(roles, unit.as_deref())?;
    let actor = super::audit::actor();
    let mut store = super::open_store(g)?;
    let created = if *ldap {
        tuanthu_web::users::add_directory_user(&mut store, Some(&actor), name, &grants, None)?
    } else {
        let mut input = String::new();
        std::io::stdin().read_to_string(&mut input).context("không đọc được stdin / cannot read stdin")?;
        let password = input.strip_suffix('\n').map_or(input.as_str(), |s| s.strip_suffix('\r').unwrap_or(s));
        let pack = super::load_pack(g)?;
        tuanthu_web::users::add_user(&mut store, &pack, Some(&actor), name, password, &grants, None)?
    };
    super::audit::forward(g, &mut store);
    let scope = unit.as_deref().unwrap_or("* (toàn tổ chức / whole organisation)");
    let role_list: Vec<&str> = grants.iter().map(|gr| gr.role.as_str()).collect();
    println!("Đã thêm người dùng / user added: {name} ({} @ {scope})", role_list.join(", "));
    if let Some(secret) = created.totp_secret {
        println!("Khóa TOTP (chỉ hiện một lần) / TOTP secret (shown once): {secret}");
        println!("{}", tuanthu_web::crypto::totp_uri(name, &secret));
    }
    Ok(0)
}
