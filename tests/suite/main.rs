//! The integration tests of `neg`, one crate: each module tests one part from the
//! outside, through the library (or, for the CLI and REPL, the binary).

mod ast;
mod cli;
mod docs;
mod explain;
mod generator;
mod grammar;
mod json_schema;
mod mermaid;
mod parser_paths;
mod properties;
mod recovery;
mod repl;
mod robustness;
mod rules;
mod script_gen;
mod snapshots;

use std::process::Command;

/// Runs the `neg` binary without colour: (exit status, stdout, stderr).
pub fn neg(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_neg"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("neg runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}
