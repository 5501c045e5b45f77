//! `tuanthu tls self-signed`: a certificate and key for `serve --tls-cert/--tls-key`.

use anyhow::Result;

use crate::args::TlsCommand;

pub fn run(cmd: &TlsCommand) -> Result<u8> {
    let TlsCommand::SelfSigned { cert, key, names } = cmd;
    let names = if names.is_empty() {
        vec!["localhost".to_string(), "127.0.0.1".to_string(), "::1".to_string()]
    } else {
        names.clone()
    };
    tuanthu_web::self_signed(&names, cert, key)?;
    println!(
        "Đã ghi / wrote {} và / and {} ({}). Dùng / use: tuanthu serve --tls-cert {} --tls-key {}",
        cert.display(),
        key.display(),
        names.join(", "),
        cert.display(),
        key.display()
    );
    Ok(0)
}
