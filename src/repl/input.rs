//! What a REPL input is, before it runs: a `:command`, a bare condition or items;
//! whether it is complete or needs more lines; and the limits an input must keep.
//!
//! *Complete* follows one rule (nickel's `InputParser`): an input needs more lines
//! only when it does not parse and every error is at its end — an open brace (reported
//! where it opens, but open at the end), an item cut short (`Hirschfeld floats "x"
//! on`), a condition ending in `and`. Any
//! error before the end means more lines cannot help, so the input is taken and its
//! error shown.

use crate::diagnostic::Diagnostic;
use crate::lexer::{Token, lex};
use crate::parser;

/// The largest input taken at once (a typed input, or what a pipe sends before an
/// item is complete).
pub const MAX_INPUT: usize = 16 * 1024 * 1024;

/// Most `and`/`or` operators in one condition. Each one nests the condition one
/// level deeper, and later stages walk conditions recursively.
pub const MAX_OPERATORS: usize = 1000;

/// What a word people try in any REPL means here, if it is one: `help`, `quit`.
pub fn habit(text: &str) -> Option<&'static str> {
    match text.trim() {
        "help" | "?" => Some("type `:help` for help"),
        "quit" | "exit" | "bye" => Some("type `:quit` or press Ctrl-D to leave"),
        _ => None,
    }
}

/// A `:command` (after optional spaces).
pub fn is_command(text: &str) -> bool {
    text.trim_start().starts_with(':')
}

/// Does the input need more lines? Blank inputs and commands never do.
pub fn is_incomplete(text: &str) -> bool {
    if text.trim().is_empty() || is_command(text) || text.len() > MAX_INPUT {
        return false;
    }
    let (tokens, lex_errors) = lex(0, text);
    // A lone word (`help`, `Rabin`) is taken as it is: waiting for more after it
    // puzzles more than the error does.
    if !lex_errors.is_empty() || tokens.len() < 2 {
        return false;
    }
    // Braces still open are reported at the brace; they too ask for more lines.
    let mut open: Vec<usize> = Vec::new();
    for (token, span) in &tokens {
        match token {
            Token::Punct("{") => open.push(span.start as usize),
            Token::Punct("}") => {
                open.pop();
            }
            _ => {}
        }
    }
    let end = tokens.last().map_or(0, |(_, span)| span.end as usize);
    let all_at_end = |diags: &[Diagnostic]| {
        diags.iter().all(|d| {
            let at = d.span().start as usize;
            at >= end || open.contains(&at)
        })
    };
    let (_, diags) = parser::parse(0, text);
    if diags.is_empty() {
        return false;
    }
    if all_at_end(&diags) {
        return true;
    }
    match parser::parse_condition(0, text) {
        Ok(_) => false,
        Err(diags) => all_at_end(&diags),
    }
}

/// Open braces and parentheses at the end of the input, for indenting the next line.
pub fn depth(text: &str) -> usize {
    let (tokens, _) = lex(0, text);
    let mut depth = 0usize;
    for (token, _) in &tokens {
        match token {
            Token::Punct("{") | Token::Punct("(") => depth += 1,
            Token::Punct("}") | Token::Punct(")") => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    depth
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_items_need_more() {
        assert!(is_incomplete("party Israel {"));
        assert!(is_incomplete("party Israel {\n  leader Rabin"));
        assert!(is_incomplete("Hirschfeld floats \"x\" on"));
        assert!(is_incomplete("when Likud knows oslo {"));
        assert!(
            is_incomplete("Rabin knows oslo and"),
            "a condition cut short"
        );
        assert!(is_incomplete("credibility of Peres <"));
    }

    #[test]
    fn finished_or_broken_inputs_do_not() {
        assert!(!is_incomplete("party Israel { leader Rabin }"));
        assert!(!is_incomplete("Rabin knows oslo"));
        assert!(
            !is_incomplete("party Israel } {"),
            "an error before the end"
        );
        assert!(
            !is_incomplete("Hirschfeld floats \"x"),
            "unterminated string"
        );
        assert!(!is_incomplete("  "));
        assert!(!is_incomplete(":load"));
        assert!(!is_incomplete("Rabin"), "a lone word");
        assert!(!is_incomplete("help"));
        assert!(!is_incomplete("party 42 {"), "an error before the end");
    }

    #[test]
    fn depth_counts_open_braces() {
        assert_eq!(depth("when A knows c { if (B knows c"), 2);
        assert_eq!(depth("party P { leader A }"), 0);
        assert_eq!(depth("} }"), 0);
    }
}
