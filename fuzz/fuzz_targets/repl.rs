//! The REPL's backend on arbitrary inputs: the bytes are split into lines, each
//! handed to one [`Session`] in turn, as a pipe would. Commands that touch files
//! (`:load`, `:save`) are left out, and so is everything else that is not exactly
//! one of the commands below. A panic anywhere aborts (the session catches panics
//! to stay usable, but the fuzzer's panic hook sees them first).
#![no_main]

use negscript::repl::session::Session;

/// Commands that touch neither files nor the terminal.
const SAFE: &[&str] = &["help", "state", "why", "undo", "reset", "json", "quit"];

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let mut session = Session::new(false);
    let mut out = Vec::new();
    for line in data.split(|b| *b == b'\n').take(64) {
        let trimmed = line.trim_ascii_start();
        if let Some(command) = trimmed.strip_prefix(b":") {
            let word = command
                .split(|b| b.is_ascii_whitespace())
                .next()
                .unwrap_or_default();
            if !SAFE.iter().any(|s| s.as_bytes() == word) {
                continue;
            }
        }
        let _ = session.handle_bytes(line, &mut out);
        out.clear();
    }
});
