//! Reading on after a mistake: chumsky reads a window of tokens around each mistake,
//! and the fast path the items between, so that a large script with a mistake near
//! its start is not read by chumsky whole, nor held as tokens.
//!
//! This gives what chumsky gives reading all the rest ([`super::parse`]'s other way)
//! because chumsky reads a script one top-level item after another: where a window
//! ends before a token that can only start an item, outside braces, with every item
//! and mistake of the window before that token, chumsky reading on would have
//! started an item there too, and read from there what the fast path reads.
//!
//! A window holds the lexer's mistakes in it too (a run of bad characters is one
//! token, so it never straddles two windows). Some things can only be told of all
//! the rest at once: a brace closed nowhere or closing nothing, nesting past the
//! bounds. A rest with either, or with more mistakes than are kept, is left to be
//! read whole.

use super::fast::{Fast, starts_item_at};
use super::*;
use crate::lexer::Tokens;

/// Reads the rest of `text` after the fast path's first `mistake`, after the items
/// `read` before it: its lexical and syntax errors, sorted, or `None` if it must be
/// read whole.
pub(super) fn read_rest<'a>(
    src: SourceId,
    text: &'a str,
    read: &mut Read<'a, '_>,
    mistake: &Mistake,
) -> Option<Vec<Diagnostic>> {
    if !plain(src, text, &mistake.resume) {
        return None;
    }
    let mut diags = Vec::new();
    let mut mistake = mistake.clone();
    while let Some(next) = window(src, text, read, &mut diags, &mistake)? {
        mistake = next;
    }
    diags.sort_by_key(|d| (d.span().start, d.span().end));
    Some(diags)
}

/// Whether the rest from `resume` on has no unmatched brace and keeps within the
/// bounds of nesting ([`check_depth`]).
fn plain(src: SourceId, text: &str, resume: &Resume) -> bool {
    let stream = Tokens::from(src, text, resume.from);
    let mut depth = Depth::after_items(resume.operators);
    let mut open = 0usize;
    for (token, _) in stream.skip(resume.behind) {
        if depth.count(&token).is_some() {
            return false;
        }
        match token {
            Token::Punct("{") => open += 1,
            Token::Punct("}") if open == 0 => return false,
            Token::Punct("}") => open -= 1,
            _ => {}
        }
    }
    open == 0
}

/// Reads from `mistake` on: chumsky reads the tokens up to the first place after the
/// item the fast path could not read where the window can end and the fast path
/// read on, and the fast path reads from there to the next mistake, which is
/// returned. `Some(None)` at the end of the script; `None` if the rest must be read
/// whole.
fn window<'a>(
    src: SourceId,
    text: &'a str,
    read: &mut Read<'a, '_>,
    diags: &mut Vec<Diagnostic>,
    mistake: &Mistake,
) -> Option<Option<Mistake>> {
    let resume = &mistake.resume;
    let mut tokens = Lexed::new(src, text, resume);
    let failed = tokens.first_from(mistake.item);
    let mut least = failed + 1;
    loop {
        let end = tokens.boundary(least);
        let at_end = end == tokens.all.len();
        let stop = if at_end {
            text.len()
        } else {
            tokens.all[end].1.start as usize
        };
        let window = &tokens.all[..end];
        let eoi = Span::new(src, text.len()..text.len());
        let (program, errors) = program()
            .parse(window[resume.behind..].split_token_span(eoi))
            .into_output_errors();
        let fits = at_end
            || (errors.iter().all(|e| (e.span().start as usize) < stop)
                && program
                    .as_ref()
                    .is_some_and(|p| p.items.last().is_none_or(|i| (i.span.end as usize) <= stop)));
        if !fits {
            least = widened(end, resume.behind);
            continue;
        }
        // At the end, chumsky may give no tree: then it must read the rest whole.
        let program = program?;
        // The lexer's mistakes in the window (not in the token behind it: the window
        // before has them), and chumsky's but for those it met at them.
        let after = window[..resume.behind]
            .last()
            .map_or(0, |(_, s)| s.end as usize);
        let lexed = (tokens.stream.diags.iter()).filter(|d| {
            let at = d.span().start as usize;
            at >= after && (at_end || at < stop)
        });
        let parsed = errors
            .iter()
            .filter(|e| !matches!(e.found(), Some(Token::Error)));
        let (lexed, parsed): (Vec<_>, Vec<_>) = (lexed.cloned().collect(), parsed.collect());
        if diags.len() + lexed.len() + parsed.len() > MAX_KEPT {
            return None;
        }
        read.truncate(resume.items);
        read.held.extend(program.items);
        let reported = diags.len();
        diags.extend(lexed);
        diags.extend(
            parsed
                .into_iter()
                .map(|e| syntax_diagnostic(e, window, text)),
        );
        if at_end {
            return Some(None);
        }
        let windowed = read.len();
        let start = Resume {
            items: windowed,
            from: window[end - 1].1.start as usize,
            behind: 1,
            operators: 0,
        };
        let mut fast = Fast::from(src, text, stop);
        match read_fast(&mut fast, read, start) {
            None => return Some(None),
            Some(next) if read.len() > windowed => return Some(Some(next)),
            // Not even the item after the window could be read: widen it.
            Some(_) => {
                diags.truncate(reported);
                least = widened(end, resume.behind);
            }
        }
    }
}

/// Where a window that could not end at `end` may end next: at least twice as long,
/// so that a script of many mistakes is not read again and again.
fn widened(end: usize, behind: usize) -> usize {
    end + 1 + (end - behind)
}

/// The tokens from where chumsky takes over, lexed as they are needed.
struct Lexed<'a> {
    stream: Tokens<'a>,
    all: Vec<(Token<'a>, Span)>,
    /// Whether the stream is spent.
    done: bool,
    /// How many tokens have been looked at as places to end, and the braces open
    /// before the next.
    scanned: usize,
    open: usize,
}

impl<'a> Lexed<'a> {
    fn new(src: SourceId, text: &'a str, resume: &Resume) -> Self {
        Lexed {
            stream: Tokens::from(src, text, resume.from),
            all: Vec::new(),
            done: false,
            scanned: resume.behind,
            open: 0,
        }
    }

    /// Whether there is a token at `i`, lexing up to it.
    fn has(&mut self, i: usize) -> bool {
        while self.all.len() <= i && !self.done {
            self.done = !self.stream.push_next(&mut self.all);
        }
        i < self.all.len()
    }

    /// The position of the first token from byte `at` on (the number of tokens, if
    /// none).
    fn first_from(&mut self, at: usize) -> usize {
        let mut i = 0;
        while self.has(i) && (self.all[i].1.start as usize) < at {
            i += 1;
        }
        i
    }

    /// The first place from `least` on where a window may end: before a token that
    /// can only start an item, outside braces. The number of tokens, if none.
    fn boundary(&mut self, least: usize) -> usize {
        loop {
            let i = self.scanned;
            if !self.has(i) {
                return i;
            }
            // The token after, which `starts_item_at` looks at too.
            self.has(i + 1);
            if i >= least && self.open == 0 && starts_item_at(&self.all, i) {
                return i;
            }
            match self.all[i].0 {
                Token::Punct("{") => self.open += 1,
                Token::Punct("}") => self.open = self.open.saturating_sub(1),
                _ => {}
            }
            self.scanned += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A script whose items the fast path reads, with broken ones instead of each of
    /// the statements `broken` (each with its expectation).
    fn script(broken: &[usize]) -> String {
        let mut text = String::from(
            "party A { leader Al  envoy Ann }\nparty B { leader Bo  public Pub }\n\
             channel c: backchannel between Ann, Bo\n",
        );
        for i in 0..40 {
            if broken.contains(&i) && i % 2 == 0 {
                // Two syntax errors. After the first, a window may not end before
                // `channel ,`, which chumsky skips with it (as a name meant, not an
                // item started); nor before the `expect`, which goes on into the
                // next item.
                text.push_str(&format!(
                    "Ann says on on\nchannel , x\nexpect Bo knows \"{i}\" and\n"
                ));
                // Then two lexical ones: a run of bad characters, a string never closed.
                text.push_str("Ann says @@@ \"x\"\nBo says \"open\n");
            } else if broken.contains(&i) {
                // A window that ends with a bad character, the one item the fast
                // path reads after it, and a mistake: the next window begins at the
                // bad character, which must not be reported again.
                text.push_str("Ann says \"y\" @\nAnn says \"ok\"\nAnn says on on\n");
            } else {
                text.push_str(&format!("Ann proposes \"offer {i}\" on c as s{i}\n"));
                text.push_str(&format!("expect Bo knows s{i} and not Pub knows s{i}\n"));
            }
        }
        text
    }

    /// What [`parse`] gives, and whether it read the rest by windows.
    fn by_windows(text: &str) -> (Program<'_>, Vec<Diagnostic>, bool) {
        let mut read = Read::held();
        let mut fast = Fast::new(0, text);
        let mistake = read_fast(&mut fast, &mut read, Resume::default()).expect("a mistake");
        let windowed = read_rest(0, text, &mut read, &mistake).is_some();
        let (program, diags) = parse(0, text);
        (program, diags, windowed)
    }

    #[test]
    fn mistakes_far_apart_are_read_by_windows_as_chumsky_reads_them() {
        for broken in [
            &[0][..],
            &[3],
            &[39],
            &[5, 6],
            &[2, 20, 38],
            &[1, 3, 5, 7, 9],
        ] {
            let text = script(broken);
            let (program, diags, windowed) = by_windows(&text);
            assert!(windowed, "{broken:?}");
            let (reference, expected) = parse_with_chumsky(0, &text);
            assert_eq!(program, reference, "{broken:?}");
            assert_eq!(format!("{diags:?}"), format!("{expected:?}"), "{broken:?}");
            let odd = broken.iter().filter(|i| *i % 2 == 1).count();
            let mistakes = 4 * (broken.len() - odd) + 2 * odd;
            assert_eq!(diags.len(), mistakes, "{broken:?}: {diags:#?}");
        }
    }

    /// `parse_each` hands items on while a window may still read the last of them
    /// again: a mistake just after any of them must be read as `parse` reads it.
    #[test]
    fn items_are_handed_on_only_once_no_window_can_read_them_again() {
        let head = "party A { leader Al  envoy Ann }\nparty B { leader Bo }\n";
        for good in HANDED_AT_A_TIME - 2..HANDED_AT_A_TIME + 4 {
            let mut text = head.to_string();
            for i in 0..good {
                text.push_str(&format!("Ann says \"{i}\" as s{i}\n"));
            }
            text.push_str("Ann says on on\nexpect Bo knows s1\n");
            let (program, diags) = parse(0, &text);
            let mut items = Vec::new();
            let each = parse_each(0, &text, |read| items.extend_from_slice(read));
            assert_eq!(format!("{each:?}"), format!("{:?}", Some(diags)), "{good}");
            assert_eq!(items, program.items, "{good}");
        }
    }

    #[test]
    fn what_only_all_the_rest_can_tell_has_it_read_whole() {
        let text = script(&[2]);
        let cut = text.find("Ann proposes \"offer 30\"").unwrap_or_default();
        for (what, edit) in [
            ("an unclosed brace", "when Al knows s1 {\n"),
            ("a brace closing nothing", "}\n"),
            (
                "nesting too deep",
                &format!("expect {}Al knows s1\n", "not ".repeat(201)),
            ),
        ] {
            let text = format!("{}{edit}{}", &text[..cut], &text[cut..]);
            let (program, diags, windowed) = by_windows(&text);
            assert!(!windowed, "{what}");
            let (reference, expected) = parse_with_chumsky(0, &text);
            assert_eq!(program, reference, "{what}");
            assert_eq!(format!("{diags:?}"), format!("{expected:?}"), "{what}");
        }
    }
}
