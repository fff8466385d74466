//! The integration tests of `neg`, one crate: each module tests one part from the
//! outside, through the library (or, for the CLI and REPL, the binary).

mod ast;
mod cli;
mod docs;
mod explain;
mod grammar;
mod json_schema;
mod mermaid;
mod recovery;
mod repl;
mod rules;
mod snapshots;
