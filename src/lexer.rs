//! The lexer: source text to tokens, with logos.
//!
//! Whitespace (including `\r`, so CRLF files lex like LF files) and `#` comments are
//! skipped. Every lowercase word of the grammar is a keyword ([`Kw`]), recognised by
//! the lexer's automaton itself; any other word is an identifier. Strings are
//! unescaped here (`\" \\ \n \t`), numbers parsed into 64-bit integers or decimals,
//! and dates split into year, month and day and checked against the calendar.
//!
//! A lexical mistake becomes a diagnostic plus an [`Token::Error`] token in its place,
//! so the parser keeps going; the parser drops its own complaint about an error token
//! because the lexer has already given the one error the mistake deserves.

use crate::codes::Code;
use crate::diagnostic::{Diagnostic, LeftOut};
use crate::source::{SourceId, Span};
use logos::Logos;
use std::borrow::Cow;
use std::fmt;

/// A punctuation mark, as written. (A name for the type, because logos's derive reads a
/// `&str` written in a token as borrowed from the source.)
type Mark = &'static str;

macro_rules! keywords {
    ($($variant:ident = $text:literal),* $(,)?) => {
        /// A reserved word.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Kw { $($variant),* }

        impl Kw {
            /// Every keyword, in the order of the grammar.
            pub const ALL: &'static [Kw] = &[$(Kw::$variant),*];

            pub fn as_str(self) -> &'static str {
                match self { $(Kw::$variant => $text),* }
            }
        }

        /// The lexer's own tokens; [`Tokens`] turns them into [`Token`]s.
        #[derive(Logos, Debug, Clone, Copy, PartialEq)]
        #[logos(skip r"[ \t\r\n\f]+")]
        #[logos(skip(r"#[^\n]*", allow_greedy = true))]
        enum Raw {
            // Every keyword, told apart from names by the automaton itself.
            $(#[token($text, |_| Kw::$variant)])*
            Kw(Kw),
            #[regex(r"[A-Za-z_][A-Za-z0-9_]*")]
            Word,
            /// A string, and how it ends.
            #[token("\"", string)]
            Str(Quoted),
            /// A string in typographic quotes: read as a string, reported once.
            #[regex(r#"“[^”\n]*”"#)]
            #[regex(r#"‘[^’\n]*’"#)]
            CurlyStr,
            #[regex(r"-?[0-9]+")]
            Int,
            #[regex(r"-?[0-9]+\.[0-9]+")]
            Decimal,
            #[regex(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")]
            Date,
            // Each punctuation mark gives itself, so it need not be looked up.
            #[token("{", |_| "{")]
            #[token("}", |_| "}")]
            #[token("(", |_| "(")]
            #[token(")", |_| ")")]
            #[token(",", |_| ",")]
            #[token(":", |_| ":")]
            #[token("=", |_| "=")]
            #[token("==", |_| "==")]
            #[token("!=", |_| "!=")]
            #[token("<", |_| "<")]
            #[token("<=", |_| "<=")]
            #[token(">", |_| ">")]
            #[token(">=", |_| ">=")]
            Punct(Mark),
        }
    };
}

keywords! {
    // declarations
    Party = "party", Relations = "relations", Requires = "requires", Let = "let",
    Channel = "channel", Members = "members", Between = "between", Via = "via",
    Authorized = "authorized", By = "by", Endless = "endless", After = "after",
    Sessions = "sessions",
    // roles
    Leader = "leader", Minister = "minister", Envoy = "envoy", Ambassador = "ambassador",
    Official = "official", Bureaucracy = "bureaucracy", Intermediary = "intermediary",
    Public = "public", Press = "press", Spoiler = "spoiler",
    // channel kinds (`public` above is one too)
    Formal = "formal", Hotline = "hotline", Backchannel = "backchannel", Informal = "informal",
    // relations
    None = "none", Hostile = "hostile", Tense = "tense", Normal = "normal", Allied = "allied",
    // time
    At = "at", Day = "day", Round = "round",
    // verbs
    Proposes = "proposes", Floats = "floats", Demands = "demands", Concedes = "concedes",
    Accepts = "accepts", Rejects = "rejects", Signals = "signals", Says = "says",
    Notifies = "notifies", Denies = "denies",
    // statement clauses
    About = "about", On = "on", As = "as",
    // agreements and revelations
    Agree = "agree", Leak = "leak", Reveal = "reveal", Announce = "announce",
    Everything = "everything", To = "to",
    // conditions
    Expect = "expect", Not = "not", And = "and", Or = "or", Knows = "knows", Is = "is",
    Exposed = "exposed", Mobilized = "mobilized", Common = "common", Knowledge = "knowledge",
    Among = "among", Lost = "lost", Access = "access", Holds = "holds",
    Credibility = "credibility", Mobilization = "mobilization", Trust = "trust", Of = "of",
    // show and rules
    Show = "show", Who = "who", State = "state", When = "when", If = "if", Else = "else",
}

impl Kw {
    /// The roles an actor can have in a party.
    pub const ROLES: &'static [Kw] = &[
        Kw::Leader,
        Kw::Minister,
        Kw::Envoy,
        Kw::Ambassador,
        Kw::Official,
        Kw::Bureaucracy,
        Kw::Intermediary,
        Kw::Public,
        Kw::Press,
        Kw::Spoiler,
    ];
}

impl fmt::Display for Kw {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A token as the parser sees it.
#[derive(Clone, Debug, PartialEq)]
pub enum Token<'a> {
    Kw(Kw),
    Ident(&'a str),
    Str(Cow<'a, str>),
    Int(i64),
    Decimal(f64),
    Date(i32, u32, u32),
    Punct(&'static str),
    /// Stands where the lexer found a mistake (already reported).
    Error,
}

impl fmt::Display for Token<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Token::Kw(k) => write!(f, "`{k}`"),
            Token::Ident(s) => write!(f, "`{s}`"),
            Token::Str(_) => f.write_str("a string"),
            Token::Int(n) => write!(f, "`{n}`"),
            Token::Decimal(n) => write!(f, "`{n}`"),
            Token::Date(y, m, d) => write!(f, "`{y:04}-{m:02}-{d:02}`"),
            Token::Punct(p) => write!(f, "`{p}`"),
            Token::Error => f.write_str("an invalid token"),
        }
    }
}

/// Lexes one source. Always returns every token it could make; mistakes are in the
/// diagnostics, each with an [`Token::Error`] in the token stream where it was.
pub fn lex(src: SourceId, text: &str) -> (Vec<(Token<'_>, Span)>, Vec<Diagnostic>) {
    lex_from(src, text, 0)
}

/// [`lex`], from byte `start` on, which must be where a token starts (spans still
/// count from the start of `text`).
pub fn lex_from(
    src: SourceId,
    text: &str,
    start: usize,
) -> (Vec<(Token<'_>, Span)>, Vec<Diagnostic>) {
    let mut tokens: Vec<(Token, Span)> = Vec::new();
    let mut stream = Tokens::from(src, text, start);
    let mut left_out = LeftOut::default();
    while stream.push_next(&mut tokens) {
        left_out.trim(&mut stream.diags);
    }
    let mut diags = stream.diags;
    diags.extend(left_out.summary());
    (tokens, diags)
}

/// The tokens of one source, one at a time, as the parser's fast path reads them.
/// Mistakes are collected in [`Tokens::diags`], each with a [`Token::Error`] where it
/// was.
pub struct Tokens<'a> {
    src: SourceId,
    raw: logos::Lexer<'a, Raw>,
    pub diags: Vec<Diagnostic>,
}

impl<'a> Tokens<'a> {
    pub fn new(src: SourceId, text: &'a str) -> Self {
        Tokens {
            src,
            raw: Raw::lexer(text),
            diags: Vec::new(),
        }
    }

    /// The tokens of `text` from byte `start` on, which must be where a token starts
    /// (spans still count from the start of `text`).
    pub fn from(src: SourceId, text: &'a str, start: usize) -> Self {
        let mut tokens = Tokens::new(src, text);
        tokens.raw.bump(start);
        tokens
    }

    /// Lexes the next token onto the end of `tokens`, as [`lex`] does: a run of bad
    /// characters is one [`Token::Error`] with one error, not one per character.
    /// False at the end.
    pub fn push_next(&mut self, tokens: &mut Vec<(Token<'a>, Span)>) -> bool {
        let Some((token, span)) = self.next() else {
            return false;
        };
        if matches!(token, Token::Error)
            && let Some((Token::Error, last_span)) = tokens.last_mut()
            && last_span.end == span.start
            && let [.., last, new] = self.diags.as_mut_slice()
            && last.code == Code::UnexpectedChar
            && new.code == Code::UnexpectedChar
            && last.span().end == span.start
        {
            last.labels[0].span.end = span.end;
            last_span.end = span.end;
            self.diags.pop();
        } else {
            tokens.push((token, span));
        }
        true
    }
}

impl<'a> Iterator for Tokens<'a> {
    type Item = (Token<'a>, Span);

    #[inline]
    fn next(&mut self) -> Option<(Token<'a>, Span)> {
        let raw = self.raw.next()?;
        let range = self.raw.span();
        let span = Span::new(self.src, range.clone());
        let slice = self.raw.slice();
        let diags = &mut self.diags;
        let token = match raw {
            Ok(Raw::Kw(k)) => Token::Kw(k),
            Ok(Raw::Word) => Token::Ident(slice),
            Ok(Raw::Str(Quoted::Plain)) => Token::Str(Cow::Borrowed(&slice[1..slice.len() - 1])),
            Ok(Raw::Str(Quoted::Escaped)) => {
                Token::Str(unescape(&slice[1..slice.len() - 1], span, diags))
            }
            Ok(Raw::Str(Quoted::Unclosed)) => {
                let quote = Span::new(self.src, range.start..range.start + 1);
                diags.push(
                    Diagnostic::error(Code::UnterminatedString, quote, "unterminated string")
                        .with_label_message("this string is never closed")
                        .with_help("close it with `\"` on the same line; a string cannot span lines (write `\\n` for a line break)"),
                );
                // Read as a string up to the end of the line, so parsing goes on.
                let body = slice[1..].strip_suffix('\\').unwrap_or(&slice[1..]);
                Token::Str(unescape(body, span, diags))
            }
            Ok(Raw::CurlyStr) => {
                diags.push(
                    Diagnostic::error(Code::UnexpectedChar, span, "a string in typographic quotes")
                        .with_label_message("typographic quotes are not string quotes")
                        .with_help(format!(
                            "write straight double quotes: \"{}\"",
                            &slice[3..slice.len() - 3]
                        )),
                );
                Token::Str(Cow::Borrowed(&slice[3..slice.len() - 3]))
            }
            Ok(Raw::Int) => match slice.parse::<i64>() {
                Ok(n) => Token::Int(n),
                Err(_) => {
                    diags.push(
                        Diagnostic::error(Code::NumberTooLarge, span, "number too large")
                            .with_label_message("this does not fit in 64 bits")
                            .with_help(format!(
                                "integers lie between {} and {}",
                                i64::MIN,
                                i64::MAX
                            )),
                    );
                    Token::Error
                }
            },
            Ok(Raw::Decimal) => match slice.parse::<f64>() {
                Ok(n) if n.is_finite() => Token::Decimal(n),
                _ => {
                    diags.push(Diagnostic::error(
                        Code::NumberTooLarge,
                        span,
                        "number too large",
                    ));
                    Token::Error
                }
            },
            Ok(Raw::Date) => date(slice, span, diags),
            Ok(Raw::Punct(p)) => Token::Punct(p),
            Err(()) => {
                diags.push(unexpected_char(slice, span));
                Token::Error
            }
        };
        Some((token, span))
    }
}

/// How a string ends, as [`string`] found it.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Quoted {
    /// Closed, with no escape in it: its text is the source's.
    Plain,
    /// Closed, with at least one backslash to unescape.
    Escaped,
    /// Never closed on its line.
    Unclosed,
}

/// Reads a string after its opening quote, up to its closing quote or, if it is never
/// closed, to the end of its line (a `\\` right before the line break is part of it).
/// Strings are much of a script, so they are scanned for the three bytes that matter
/// rather than a byte at a time, and the scan notes whether there is anything to
/// unescape.
fn string(lex: &mut logos::Lexer<'_, Raw>) -> Quoted {
    let rest = lex.remainder().as_bytes();
    let mut at = 0;
    let mut if_closed = Quoted::Plain;
    let (len, quoted) = loop {
        match memchr::memchr3(b'"', b'\\', b'\n', &rest[at..]).map(|i| at + i) {
            Some(i) if rest[i] == b'"' => break (i + 1, if_closed),
            // An escape: the next character is taken whatever it is (a multi-byte one
            // has no byte the search looks for), but a line break still ends the line.
            Some(i) if rest[i] == b'\\' && rest.get(i + 1).is_some_and(|b| *b != b'\n') => {
                if_closed = Quoted::Escaped;
                at = i + 2
            }
            Some(i) if rest[i] == b'\\' => break (i + 1, Quoted::Unclosed),
            Some(i) => break (i, Quoted::Unclosed),
            None => break (rest.len(), Quoted::Unclosed),
        }
    };
    lex.bump(len);
    quoted
}

fn unexpected_char(slice: &str, span: Span) -> Diagnostic {
    let c = slice.chars().next().unwrap_or('?');
    let shown = if c.is_control() || c == '\u{feff}' {
        format!("U+{:04X}", c as u32)
    } else {
        format!("`{c}`")
    };
    let d = Diagnostic::error(
        Code::UnexpectedChar,
        span,
        format!("unexpected character {shown}"),
    )
    .with_label_message("not part of the language");
    match c {
        '-' => d.with_help("a minus sign belongs right before a number, as in `-1`"),
        '!' => d.with_help("`!=` means \"not equal\"; for negation write `not`"),
        '\'' | '“' | '”' => {
            d.with_help("strings are written in straight double quotes: \"...\"")
        }
        c if c.is_alphabetic() => d.with_help("names use only ASCII letters, digits and `_`"),
        _ => d,
    }
}

fn unescape<'a>(body: &'a str, span: Span, diags: &mut Vec<Diagnostic>) -> Cow<'a, str> {
    if !body.contains('\\') {
        return Cow::Borrowed(body);
    }
    let mut out = String::with_capacity(body.len());
    let mut chars = body.char_indices();
    while let Some((i, c)) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some((_, '"')) => out.push('"'),
            Some((_, '\\')) => out.push('\\'),
            Some((_, 'n')) => out.push('\n'),
            Some((_, 't')) => out.push('\t'),
            Some((j, other)) => {
                let at = span.start as usize + 1 + i;
                let esc = Span {
                    start: at as u32,
                    end: (span.start as usize + 1 + j + other.len_utf8()) as u32,
                    ..span
                };
                diags.push(
                    Diagnostic::error(
                        Code::UnknownEscape,
                        esc,
                        format!("unknown escape `\\{other}`"),
                    )
                    .with_label_message("not an escape")
                    .with_help("the escapes are `\\\"`, `\\\\`, `\\n` and `\\t`"),
                );
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    Cow::Owned(out)
}

fn date(slice: &str, span: Span, diags: &mut Vec<Diagnostic>) -> Token<'static> {
    let y: i32 = slice[0..4].parse().unwrap_or(0);
    let m: u32 = slice[5..7].parse().unwrap_or(0);
    let d: u32 = slice[8..10].parse().unwrap_or(0);
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => 0,
    };
    if days == 0 || d == 0 || d > days {
        let why = if days == 0 {
            format!("there is no month {m:02}")
        } else {
            format!("month {m:02} of {y} has {days} days")
        };
        diags.push(
            Diagnostic::error(Code::BadDate, span, format!("`{slice}` is not a real date"))
                .with_label_message(why)
                .with_help("dates are written YYYY-MM-DD"),
        );
        return Token::Error;
    }
    Token::Date(y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tokens of `text` and the codes of its diagnostics.
    fn lexed(text: &str) -> (Vec<Token<'_>>, Vec<&'static str>) {
        let (tokens, diags) = lex(0, text);
        let codes = diags.iter().map(|d| d.code.as_str()).collect();
        (tokens.into_iter().map(|(t, _)| t).collect(), codes)
    }

    fn string(s: &str) -> Token<'_> {
        Token::Str(Cow::Borrowed(s))
    }

    #[test]
    fn strings_end_at_their_closing_quote_whatever_they_escape() {
        assert_eq!(
            lexed(r#""a \"b\" é" x"#).0,
            [string("a \"b\" é"), Token::Ident("x")]
        );
        assert_eq!(lexed(r#""\\" x"#).0, [string("\\"), Token::Ident("x")]);
        // An escaped multi-byte character: its bytes are not quotes.
        assert_eq!(lexed("\"\\é\" x").1, ["E0103"]);
        assert_eq!(lexed("\"\\é\" x").0[1], Token::Ident("x"));
    }

    #[test]
    fn every_punctuation_mark_is_itself() {
        let marks = [
            "{", "}", "(", ")", ",", ":", "=", "==", "!=", "<", "<=", ">", ">=",
        ];
        let (tokens, codes) = lexed("{ } ( ) , : = == != < <= > >=");
        assert_eq!(tokens, marks.map(Token::Punct));
        assert!(codes.is_empty());
        // Written together, the longest mark is taken first.
        assert_eq!(
            lexed("a<=b==c").0,
            [
                Token::Ident("a"),
                Token::Punct("<="),
                Token::Ident("b"),
                Token::Punct("=="),
                Token::Ident("c")
            ]
        );
    }

    #[test]
    fn an_unclosed_string_runs_to_the_end_of_its_line_only() {
        let (tokens, codes) = lexed("\"open\nx");
        assert_eq!(tokens, [string("open"), Token::Ident("x")]);
        assert_eq!(codes, ["E0102"]);
        // A backslash right before the line break is part of the string.
        let (tokens, codes) = lexed("\"open \\\nx");
        assert_eq!(tokens, [string("open "), Token::Ident("x")]);
        assert_eq!(codes, ["E0102"]);
        assert_eq!(lexed("\"to the end").0, [string("to the end")]);
    }
}
