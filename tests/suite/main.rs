//! The integration tests of `neg`, one crate: each module tests one part from the
//! outside, through the library (or, for the CLI and REPL, the binary).

mod ast;
mod cli;
mod grammar;
mod json_schema;
mod properties;
mod recovery;
mod robustness;
mod rules;
mod script_gen;
mod snapshots;
