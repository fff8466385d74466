//! The integration tests of `neg`, one crate: each module tests one part from the
//! outside, through the library (or, for the CLI and REPL, the binary).

mod cli;
mod docs;
mod explain;
mod mermaid;
