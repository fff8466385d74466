//! The REPL without a terminal: standard input read line by line as one session,
//! for scripts and tests. No prompts, no colour; an unfinished item takes the
//! following lines, as at the terminal (but an empty line does not end it: a
//! script piped in may have blank lines inside braces).
//!
//! Exit status: 0 when every input was taken and every expectation holds at the
//! end; 1 when some input was rejected or an expectation failed.

use super::input::{self, MAX_INPUT};
use super::session::{Outcome, Session};
use std::io::{self, BufRead, Read, Write};

/// Reads inputs from `reader` until its end or `:quit`, writing to `out`.
pub fn run(reader: &mut dyn BufRead, out: &mut dyn Write) -> i32 {
    let mut session = Session::new(false).with_echo(true);
    match feed(&mut session, reader, out) {
        Ok(rejected) => {
            let failed = session.run().interp.expectations.iter().any(|e| !e.passed);
            i32::from(rejected || failed)
        }
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => 0,
        Err(e) => {
            eprintln!("error: {e}");
            1
        }
    }
}

/// Feeds the session; returns whether some input was rejected.
fn feed(session: &mut Session, reader: &mut dyn BufRead, out: &mut dyn Write) -> io::Result<bool> {
    let mut rejected = false;
    let mut pending: Vec<u8> = Vec::new();
    loop {
        let room = (MAX_INPUT + 1).saturating_sub(pending.len()) as u64;
        let read = Read::take(&mut *reader, room).read_until(b'\n', &mut pending)?;
        if pending.len() > MAX_INPUT {
            skip_line(reader)?;
            let outcome = session.handle(&String::from_utf8_lossy(&pending), out)?;
            rejected |= outcome == Outcome::Rejected;
            pending.clear();
            continue;
        }
        let at_end = read == 0;
        if !at_end && input::is_incomplete(&String::from_utf8_lossy(&pending)) {
            continue;
        }
        let outcome = session.handle_bytes(&pending, out)?;
        out.flush()?;
        pending.clear();
        rejected |= outcome == Outcome::Rejected;
        if at_end || outcome == Outcome::Quit {
            return Ok(rejected);
        }
    }
}

/// Reads and drops the rest of an over-long line.
fn skip_line(reader: &mut dyn BufRead) -> io::Result<()> {
    loop {
        let buf = reader.fill_buf()?;
        if buf.is_empty() {
            return Ok(());
        }
        match buf.iter().position(|b| *b == b'\n') {
            Some(i) => {
                reader.consume(i + 1);
                return Ok(());
            }
            None => {
                let n = buf.len();
                reader.consume(n);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &[u8]) -> (i32, String) {
        let mut out = Vec::new();
        let code = run(&mut &text[..], &mut out);
        (code, String::from_utf8(out).expect("UTF-8 output"))
    }

    #[test]
    fn an_item_over_several_lines_runs_once_complete() {
        let (code, out) = lines(
            b"party Israel {\n  leader Rabin\n\n  envoy Hirschfeld\n}\nchannel c: backchannel { members Hirschfeld }\nRabin knows c\nHirschfeld knows c\n",
        );
        assert_eq!(code, 0, "{out}");
        assert!(out.contains("false\n  Rabin does not know c"), "{out}");
        assert!(out.contains("true\n  Hirschfeld knows c"), "{out}");
    }

    #[test]
    fn a_rejected_input_makes_the_status_one_and_the_rest_still_runs() {
        let (code, out) = lines(b"party P { leader A }\nB says \"x\"\nA says \"y\"\n");
        assert_eq!(code, 1);
        assert!(out.contains("E0301"), "{out}");
        assert!(out.contains("repl:2"), "the error names its input: {out}");
        assert!(out.contains("A says \"y\""), "{out}");
    }

    #[test]
    fn bad_bytes_are_an_error_not_a_crash() {
        let (code, out) = lines(b"party P { leader A }\nA says \"\xff\xfe\"\nA knows \"x\"\n");
        assert_eq!(code, 1);
        assert!(out.contains("E0002"), "{out}");
        assert!(out.contains("false"), "the session goes on: {out}");
    }

    #[test]
    fn quit_stops_reading() {
        let (code, out) = lines(b":quit\nparty P { leader A }\n");
        assert_eq!(code, 0);
        assert!(out.is_empty(), "{out}");
    }

    #[test]
    fn an_unfinished_item_at_the_end_is_an_error() {
        let (code, out) = lines(b"party P {\n  leader A\n");
        assert_eq!(code, 1);
        assert!(out.contains("E0201"), "{out}");
    }
}
