//! The REPL: `neg` with no arguments (or `neg repl`), for trying out a
//! negotiation step by step.
//!
//! [`session`] is the backend — the state, one transaction per input, the
//! `:commands` ([`command`]) — and knows nothing of terminals. Two frontends feed
//! it: [`frontend`], on rustyline, for a person at a terminal (prompts, multi-line
//! input, completion, hints, highlighting, history); and [`lines`], for standard
//! input that is not a terminal: the same session, read line by line, without
//! prompts or colour. [`input`] says what an input is and when it is complete;
//! `show` lays out what an input did, and `why` finds the events behind a condition.

pub mod command;
pub mod frontend;
pub mod input;
pub mod lines;
pub mod session;
mod show;
mod why;

use std::io::IsTerminal;

/// Runs the REPL on standard input and output; returns the exit status.
pub fn main() -> i32 {
    if std::io::stdin().is_terminal() {
        frontend::run()
    } else {
        let stdin = std::io::stdin();
        lines::run(&mut stdin.lock(), &mut std::io::stdout().lock())
    }
}

#[cfg(test)]
mod tests;
