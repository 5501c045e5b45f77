//! `tuanthu witness …`: a C2SP tlog-witness cosigning log checkpoints.

use std::path::PathBuf;

use anyhow::{bail, Result};
use clap::Subcommand;

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
    let _ = cmd;
    bail!("not yet")
}
