//! `tuanthu witness …`: a C2SP tlog-witness cosigning log checkpoints.

use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{bail, Result};
use clap::Subcommand;
use tuanthu_tlog::witness;

#[derive(Subcommand, Debug)]
pub enum WitnessCommand {
    /// Create a witness in DIR (cosigner key); prints its verifier key
    Init {
        #[arg(long)]
        dir: PathBuf,
        /// Witness name, e.g. witness.attt.haiquan.gov.vn
        #[arg(long)]
        name: String,
    },
    /// Serve add-checkpoint for the given logs
    Serve {
        #[arg(long)]
        dir: PathBuf,
        #[arg(long)]
        listen: String,
        /// ORIGIN=VERIFIER_KEY of a log to witness (repeatable)
        #[arg(long = "log", required = true)]
        logs: Vec<String>,
    },
}

pub fn run(cmd: WitnessCommand) -> Result<u8> {
    match cmd {
        WitnessCommand::Init { dir, name } => {
            let vkey = witness::init(&dir, &name)?;
            eprintln!(
                "Đã tạo nhân chứng / witness created in {} (khoá bí mật / private key witness.key, 0600)",
                dir.display()
            );
            println!("{vkey}");
            Ok(0)
        }
        WitnessCommand::Serve { dir, listen, logs } => {
            let mut pairs = Vec::new();
            for l in &logs {
                let Some((origin, key)) = l.split_once('=') else {
                    bail!("--log cần ORIGIN=VERIFIER_KEY / --log needs ORIGIN=VERIFIER_KEY: {l}");
                };
                pairs.push((origin.to_string(), key.to_string()));
            }
            let w = Arc::new(witness::Witness::open(&dir, &pairs)?);
            let mut bound = None;
            let hs = witness::serve(w.clone(), &listen, &mut bound)?;
            eprintln!(
                "nhân chứng / witness {} trên / on {}",
                w.verifier_key(),
                bound.map(|b| b.to_string()).unwrap_or(listen)
            );
            for h in hs {
                let _ = h.join();
            }
            Ok(0)
        }
    }
}
