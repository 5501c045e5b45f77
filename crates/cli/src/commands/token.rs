//! `tuanthu token create NAME`: a personal API token, printed once (only its
//! SHA-256 digest is stored; revocable from the console or the admin listener).

use anyhow::Result;

use crate::args::{Global, TokenCommand};

pub fn run(g: &Global, cmd: &TokenCommand) -> Result<u8> {
    let TokenCommand::Create { name, label } = cmd;
    let mut store = super::open_store(g)?;
    let actor = super::audit::actor();
    let (id, secret) = tuanthu_web::users::create_token(&mut store, Some(&actor), name, label, false, None)?;
    super::audit::forward(g, &mut store);
    eprintln!("Mã API #{id} cho {name} (chỉ hiện một lần) / API token #{id} for {name} (shown once):");
    println!("{secret}");
    Ok(0)
}
