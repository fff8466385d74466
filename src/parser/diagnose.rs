//! What the parser reports, and the bounds it checks before parsing: braces that
//! never close or close nothing, nesting depth and the length of conditions (so no
//! later stage can run out of stack), and the wording of syntax errors.

use super::*;

/// The message of a `{` that is never closed: more lines may close it (the REPL asks).
pub const UNCLOSED_BRACE: &str = "this `{` is never closed";

/// Reports every `{` that is never closed and every `}` that closes nothing, and
/// turns them into [`Token::Error`]s (already reported), so the parser only ever sees
/// balanced braces: recovery can then skip a broken rule's body whole, and a body
/// always finds its `}`.
pub(super) fn unmatched_braces(tokens: &mut [(Token<'_>, Span)]) -> Vec<Diagnostic> {
    let mut open: Vec<usize> = Vec::new();
    let mut unmatched: Vec<usize> = Vec::new();
    for (i, (token, _)) in tokens.iter().enumerate() {
        match token {
            Token::Punct("{") => open.push(i),
            // The guard pops the `{` a `}` closes; a `}` with none to pop is unmatched.
            Token::Punct("}") if open.pop().is_none() => unmatched.push(i),
            _ => {}
        }
    }
    unmatched.extend(open);
    unmatched.sort_unstable();
    let mut left_out = LeftOut::default();
    for &i in unmatched.iter().skip(MAX_KEPT) {
        left_out.count(Code::Syntax, tokens[i].1);
        tokens[i].0 = Token::Error;
    }
    unmatched
        .into_iter()
        .take(MAX_KEPT)
        .map(|i| {
            let span = tokens[i].1;
            if std::mem::replace(&mut tokens[i].0, Token::Error) == Token::Punct("{") {
                Diagnostic::error(Code::Syntax, span, UNCLOSED_BRACE)
                    .with_label_message("no `}` closes it")
                    .with_help("close it with `}` where what it opens ends")
            } else {
                Diagnostic::error(Code::Syntax, span, "unexpected `}`: no `{` is open here")
                    .with_label_message("this closes nothing")
                    .with_help("remove it, or add the `{` it was meant to close")
            }
        })
        .chain(left_out.summary())
        .collect()
}

/// Bounds nesting and the length of conditions before parsing, so that no later
/// stage can run out of stack on them. `depth` is the count of the tokens before
/// these.
pub(super) fn check_depth(tokens: &[(Token<'_>, Span)], mut depth: Depth) -> Option<Diagnostic> {
    for (token, span) in tokens {
        match depth.count(token) {
            Some(Bound::Nesting) => {
                return Some(
                    Diagnostic::error(Code::TooDeep, *span, "nesting too deep")
                        .with_label_message(format!("more than {MAX_DEPTH} levels of nesting here"))
                        .with_help("split the condition or the rule into simpler ones"),
                );
            }
            Some(Bound::Operators) => {
                return Some(
                    Diagnostic::error(
                        Code::TooDeep,
                        *span,
                        format!("a condition with more than {MAX_OPERATORS} `and`/`or`"),
                    )
                    .with_label_message("this condition is too long")
                    .with_help("split it into several expectations or rules"),
                );
            }
            None => {}
        }
    }
    None
}

/// A bound of [`Depth`] passed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Bound {
    /// More than [`MAX_DEPTH`] levels.
    Nesting,
    /// More than [`MAX_OPERATORS`] `and`s and `or`s in one condition.
    Operators,
}

/// Nesting and the length of conditions, counted token by token (by [`check_depth`]
/// and by the parser's fast path, so both stop at the same bounds).
///
/// A level is an open `(` or `{`, a `not` in a row, or an `else if` in a chain (each
/// `if` of a chain sits inside the one before it). `and` and `or` only occur in
/// conditions, and a condition starts after `expect`, `when` or `if` (or at the start
/// of a REPL input), so their count restarts there.
#[derive(Clone, Debug)]
pub(super) struct Depth {
    /// The `else if`s of the chain at each open level, the outermost first.
    chains: Vec<usize>,
    /// Their sum.
    chained: usize,
    nots: usize,
    operators: usize,
    /// Whether the last token was `else`, or a `}` that ended a level.
    after_else: bool,
    after_close: bool,
}

impl Default for Depth {
    fn default() -> Self {
        Depth {
            chains: vec![0],
            chained: 0,
            nots: 0,
            operators: 0,
            after_else: false,
            after_close: false,
        }
    }
}

impl Depth {
    /// The `and`s and `or`s counted since the last `expect`, `when` or `if`.
    pub(super) fn operators(&self) -> usize {
        self.operators
    }

    /// The count at the start of a top-level item after items that were read whole,
    /// `operators` being [`Depth::operators`] after them: that is all that carries
    /// on. Every `(` and `{` they opened is closed, their last token was no `not` or
    /// `else`, and the `else if`s of a chain that ended with them are dropped at the
    /// next token, which starts an item and so is no `else`.
    pub(super) fn after_items(operators: usize) -> Depth {
        Depth {
            operators,
            ..Depth::default()
        }
    }

    /// Counts one more token; says which bound it passes, if any.
    ///
    /// Inlined always: the fast parser calls it for every token, and left to itself
    /// the compiler once stopped inlining it after unrelated changes (lexing and
    /// parsing 10⁴ events then took 4% more instructions under callgrind).
    #[inline(always)]
    pub(super) fn count(&mut self, token: &Token<'_>) -> Option<Bound> {
        // Most tokens (names, strings, numbers, most keywords and punctuation)
        // change nothing when no chain, `not` or `else` waits on the token after it:
        // the bounds stay as they were.
        if !(counted(token) || self.after_close || self.after_else) && self.nots == 0 {
            return None;
        }
        self.count_each(token)
    }

    /// [`Depth::count`] without its quick way.
    #[inline(always)]
    fn count_each(&mut self, token: &Token<'_>) -> Option<Bound> {
        let level = self.chains.len() - 1;
        // A chain ends at anything but `else` after the `}` of its last body.
        if self.after_close && !matches!(token, Token::Kw(Kw::Else)) {
            self.chained -= std::mem::take(&mut self.chains[level]);
        }
        match token {
            Token::Punct("(") | Token::Punct("{") => self.chains.push(0),
            Token::Punct(")") | Token::Punct("}") if level > 0 => {
                self.chained -= self.chains.pop().unwrap_or_default();
            }
            Token::Kw(Kw::If) if self.after_else => {
                self.chains[level] += 1;
                self.chained += 1;
            }
            _ => {}
        }
        match token {
            Token::Kw(Kw::Expect | Kw::When | Kw::If) => self.operators = 0,
            Token::Kw(Kw::And | Kw::Or) => self.operators += 1,
            _ => {}
        }
        self.nots = if matches!(token, Token::Kw(Kw::Not)) {
            self.nots + 1
        } else {
            0
        };
        self.after_else = matches!(token, Token::Kw(Kw::Else));
        self.after_close = matches!(token, Token::Punct("}"));
        if self.chains.len() - 1 + self.nots + self.chained > MAX_DEPTH {
            Some(Bound::Nesting)
        } else if self.operators > MAX_OPERATORS {
            Some(Bound::Operators)
        } else {
            None
        }
    }
}

/// Whether a token is one [`Depth::count`] counts: a bracket, or a keyword that
/// opens a level or a condition or joins one.
fn counted(token: &Token<'_>) -> bool {
    match token {
        Token::Punct(p) => matches!(*p, "(" | ")" | "{" | "}"),
        Token::Kw(k) => matches!(
            k,
            Kw::If | Kw::Else | Kw::Not | Kw::Expect | Kw::When | Kw::And | Kw::Or
        ),
        _ => false,
    }
}

/// When what was expected is missing at the end of a line, the unexpected token is on
/// the next line: point at the end of the line where something is missing instead.
/// (At the end of the input the error stays there: the REPL reads that as "more to
/// come".)
pub(super) fn after_previous_line(
    mut d: Diagnostic,
    tokens: &[(Token<'_>, Span)],
    text: &str,
) -> Diagnostic {
    let at = d.span();
    if at.start as usize >= text.trim_end().len() {
        return d;
    }
    let before = tokens.partition_point(|(_, s)| s.end <= at.start);
    let Some((_, prev)) = before.checked_sub(1).and_then(|i| tokens.get(i)) else {
        return d;
    };
    let gap = text
        .get(prev.end as usize..at.start as usize)
        .unwrap_or_default();
    if d.code != Code::Syntax || !gap.contains('\n') {
        return d;
    }
    let label = d.labels[0].message.clone();
    d.labels[0] = crate::diagnostic::Label {
        span: *prev,
        message: format!("{label} after this"),
    };
    d
}

pub(super) fn syntax_error(e: &Rich<'_, Token<'_>, Span>) -> Diagnostic {
    let found = match e.found() {
        Some(t) => t.to_string(),
        None => "the end of the input".to_string(),
    };
    let mut expected: Vec<String> = e
        .expected()
        .filter_map(|p| match p {
            chumsky::error::RichPattern::Label(l) => Some(l.to_string()),
            chumsky::error::RichPattern::Token(t) => Some(t.to_string()),
            chumsky::error::RichPattern::EndOfInput => Some("the end of the input".into()),
            _ => None,
        })
        .collect();
    expected.sort();
    expected.dedup();
    let message = match e.reason() {
        chumsky::error::RichReason::Custom(msg) => msg.to_string(),
        _ if expected.is_empty() => format!("unexpected {found}"),
        _ => format!("expected {}, found {found}", one_of_list(&expected)),
    };
    let label = match expected.first() {
        _ if matches!(e.reason(), chumsky::error::RichReason::Custom(_)) => "here".into(),
        Some(first) if expected.len() == 1 => format!("expected {first}"),
        _ if e.found().is_none() => "the input ends here".into(),
        _ => "not expected here".into(),
    };
    let code = if message.contains("given twice") {
        Code::RepeatedClause
    } else {
        Code::Syntax
    };
    let d = Diagnostic::error(code, *e.span(), message).with_label_message(label);
    match e.found() {
        Some(Token::Kw(k)) if expected.iter().any(|x| x.ends_with("name")) => d.with_help(format!(
            "`{k}` is a reserved word and cannot be a name; choose another, such as `{}`",
            capitalised(k.as_str())
        )),
        _ => d,
    }
}

fn capitalised(word: &str) -> String {
    let mut c = word.chars();
    c.next()
        .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
        .unwrap_or_default()
}

fn one_of_list(items: &[String]) -> String {
    match items {
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
        [] => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The quick way of [`Depth::count`] is right: every token it does not count
    /// leaves the count as it was, counted the long way, inside a condition and
    /// braces or not.
    #[test]
    fn a_token_not_counted_changes_no_count() {
        let marks = [
            "{", "}", "(", ")", ",", ":", "=", "==", "!=", "<", "<=", ">", ">=",
        ];
        let others = [
            Token::Ident("a"),
            Token::Str("b".into()),
            Token::Int(1),
            Token::Decimal(0.5),
            Token::Date(1993, 8, 20),
            Token::Error,
        ];
        let tokens = Kw::ALL.iter().map(|&k| Token::Kw(k));
        let tokens: Vec<Token> = tokens
            .chain(marks.map(Token::Punct))
            .chain(others)
            .collect();
        let starts = [
            vec![],
            vec![Token::Kw(Kw::Expect), Token::Ident("a"), Token::Kw(Kw::And)],
            vec![Token::Kw(Kw::When), Token::Punct("{"), Token::Punct("(")],
        ];
        let mut uncounted = 0;
        for start in &starts {
            let mut depth = Depth::default();
            start.iter().for_each(|t| assert_eq!(depth.count(t), None));
            for token in tokens.iter().filter(|t| !counted(t)) {
                let mut each = depth.clone();
                assert_eq!(each.count_each(token), None, "{token:?}");
                assert_eq!(format!("{each:?}"), format!("{depth:?}"), "{token:?}");
                uncounted += 1;
            }
        }
        // Most tokens are not counted.
        assert!(uncounted > 2 * tokens.len(), "{uncounted}");
    }
}
