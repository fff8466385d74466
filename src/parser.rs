//! The parser: tokens to a [`Program`], with chumsky.
//!
//! The grammar is written out in `grammar/neg.ebnf`; each parser function here is
//! named after the rule it implements. Small helpers (`kw`, `punct`, `name`) are built
//! on `select!` and labelled, so an error says "expected a name", not "expected
//! something else".
//!
//! Recovery happens at item boundaries: an item that does not parse is reported once
//! (the deepest, most specific error), then skipped up to the next token that can
//! start an item — keeping `{ … }` groups whole — and left in the tree as
//! [`ItemKind::Error`]. One mistake gives one error; the items after it are still
//! parsed and checked.
//!
//! Before parsing, nesting depth is bounded ([`MAX_DEPTH`]), so that 50,000 nested
//! parentheses are an error rather than a stack overflow.

use crate::ast::*;
use crate::codes::Code;
use crate::diagnostic::{Diagnostic, LeftOut, MAX_KEPT};
use crate::lexer::{Kw, Token, lex};
use crate::source::{SourceId, Span};
use chumsky::input::{Input as _, ValueInput};
use chumsky::pratt::{infix, left, prefix};
use chumsky::prelude::*;
use std::borrow::Cow;

/// How deeply parentheses, braces and `not`s may nest.
pub const MAX_DEPTH: usize = 200;

/// How many `and`s and `or`s one condition may have.
pub const MAX_OPERATORS: usize = 200;

type Extra<'t, 'a> = extra::Err<Rich<'t, Token<'a>, Span>>;

/// The token streams the parsers accept.
pub trait TokenInput<'t, 'a: 't>: ValueInput<'t, Token = Token<'a>, Span = Span> {}
impl<'t, 'a: 't, T: ValueInput<'t, Token = Token<'a>, Span = Span>> TokenInput<'t, 'a> for T {}

/// Lexes and parses one source. The program always comes back, with `Error` nodes
/// where something did not parse; the diagnostics say what.
pub fn parse(src: SourceId, text: &str) -> (Program, Vec<Diagnostic>) {
    let (mut tokens, mut diags) = lex(src, text);
    diags.extend(unmatched_braces(&mut tokens));
    if let Some(too_deep) = check_depth(&tokens) {
        diags.push(too_deep);
        return (Program { items: Vec::new() }, diags);
    }
    let eoi = Span::new(src, text.len()..text.len());
    let input = tokens.as_slice().split_token_span(eoi);
    let (program, errors) = program().parse(input).into_output_errors();
    let mut left_out = LeftOut::default();
    let mut kept = 0;
    for e in errors {
        // A mistake the lexer already reported, seen again by the parser.
        if matches!(e.found(), Some(Token::Error)) {
            continue;
        }
        if kept == MAX_KEPT {
            left_out.count(Code::Syntax, *e.span());
            continue;
        }
        kept += 1;
        let d = syntax_error(&e);
        diags.push(match e.reason() {
            chumsky::error::RichReason::Custom(_) => d,
            _ => after_previous_line(d, &tokens, text),
        });
    }
    diags.extend(left_out.summary());
    diags.sort_by_key(|d| (d.span().start, d.span().end));
    (program.unwrap_or(Program { items: Vec::new() }), diags)
}

/// Parses a lone condition (the REPL's `Rabin knows oslo`), or says why the input
/// is not one.
pub fn parse_condition(src: SourceId, text: &str) -> Result<Cond, Vec<Diagnostic>> {
    let (tokens, mut diags) = lex(src, text);
    if let Some(too_deep) = check_depth(&tokens) {
        diags.push(too_deep);
    }
    if !diags.is_empty() {
        return Err(diags);
    }
    let eoi = Span::new(src, text.len()..text.len());
    let input = tokens.as_slice().split_token_span(eoi);
    cond()
        .then_ignore(end())
        .parse(input)
        .into_result()
        .map_err(|errors| errors.iter().map(syntax_error).collect())
}

/// The message of a `{` that is never closed: more lines may close it (the REPL asks).
pub const UNCLOSED_BRACE: &str = "this `{` is never closed";

/// Reports every `{` that is never closed and every `}` that closes nothing, and
/// turns them into [`Token::Error`]s (already reported), so the parser only ever sees
/// balanced braces: recovery can then skip a broken rule's body whole, and a body
/// always finds its `}`.
fn unmatched_braces(tokens: &mut [(Token<'_>, Span)]) -> Vec<Diagnostic> {
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
/// stage can run out of stack on them. `and` and `or` only occur in conditions, and a
/// condition starts after `expect`, `when` or `if` (or at the start of a REPL input),
/// so their count restarts there.
fn check_depth(tokens: &[(Token<'_>, Span)]) -> Option<Diagnostic> {
    let mut open: Vec<Span> = Vec::new();
    let mut nots = 0usize;
    let mut operators = 0usize;
    for (token, span) in tokens {
        match token {
            Token::Punct("(") | Token::Punct("{") => open.push(*span),
            Token::Punct(")") | Token::Punct("}") => {
                open.pop();
            }
            Token::Kw(Kw::Expect | Kw::When | Kw::If) => operators = 0,
            Token::Kw(Kw::And | Kw::Or) => operators += 1,
            _ => {}
        }
        nots = if *token == Token::Kw(Kw::Not) {
            nots + 1
        } else {
            0
        };
        if open.len() + nots > MAX_DEPTH {
            return Some(
                Diagnostic::error(Code::TooDeep, *span, "nesting too deep")
                    .with_label_message(format!("more than {MAX_DEPTH} levels of nesting here"))
                    .with_help("split the condition or the rule into simpler ones"),
            );
        }
        if operators > MAX_OPERATORS {
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
    }
    None
}

/// When what was expected is missing at the end of a line, the unexpected token is on
/// the next line: point at the end of the line where something is missing instead.
/// (At the end of the input the error stays there: the REPL reads that as "more to
/// come".)
fn after_previous_line(mut d: Diagnostic, tokens: &[(Token<'_>, Span)], text: &str) -> Diagnostic {
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

fn syntax_error(e: &Rich<'_, Token<'_>, Span>) -> Diagnostic {
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

// ---- small helpers --------------------------------------------------------------

fn kw<'t, 'a: 't, I: TokenInput<'t, 'a>>(k: Kw) -> impl Parser<'t, I, Span, Extra<'t, 'a>> + Clone {
    just(Token::Kw(k)).map_with(|_, e| e.span())
}

fn punct<'t, 'a: 't, I: TokenInput<'t, 'a>>(
    p: &'static str,
) -> impl Parser<'t, I, Span, Extra<'t, 'a>> + Clone {
    just(Token::Punct(p)).map_with(|_, e| e.span())
}

fn name<'t, 'a: 't, I: TokenInput<'t, 'a>>() -> impl Parser<'t, I, Name, Extra<'t, 'a>> + Clone {
    select! { Token::Ident(s) = e => Name { text: s.to_string(), span: e.span() } }
        .labelled("a name")
}

fn names<'t, 'a: 't, I: TokenInput<'t, 'a>>() -> impl Parser<'t, I, Vec<Name>, Extra<'t, 'a>> + Clone
{
    name().separated_by(punct(",")).at_least(1).collect()
}

fn string<'t, 'a: 't, I: TokenInput<'t, 'a>>() -> impl Parser<'t, I, Term, Extra<'t, 'a>> + Clone {
    select! { Token::Str(s) = e => Term::Str { text: Cow::into_owned(s), span: e.span() } }
        .labelled("a string")
}

fn integer<'t, 'a: 't, I: TokenInput<'t, 'a>>()
-> impl Parser<'t, I, (i64, Span), Extra<'t, 'a>> + Clone {
    select! { Token::Int(n) = e => (n, e.span()) }.labelled("a whole number")
}

/// A name or a string.
fn term<'t, 'a: 't, I: TokenInput<'t, 'a>>() -> impl Parser<'t, I, Term, Extra<'t, 'a>> + Clone {
    name().map(Term::Name).or(string())
}

/// `everything on C`, or a term.
fn fact<'t, 'a: 't, I: TokenInput<'t, 'a>>() -> impl Parser<'t, I, Fact, Extra<'t, 'a>> + Clone {
    kw(Kw::Everything)
        .ignore_then(kw(Kw::On))
        .ignore_then(name())
        .map_with(|channel, e| Fact::Everything {
            channel,
            span: e.span(),
        })
        .or(term().map(Fact::Term))
        .labelled("a fact")
}

fn verb<'t, 'a: 't, I: TokenInput<'t, 'a>>() -> impl Parser<'t, I, Verb, Extra<'t, 'a>> + Clone {
    select! {
        Token::Kw(Kw::Proposes) => Verb::Proposes,
        Token::Kw(Kw::Floats) => Verb::Floats,
        Token::Kw(Kw::Demands) => Verb::Demands,
        Token::Kw(Kw::Concedes) => Verb::Concedes,
        Token::Kw(Kw::Accepts) => Verb::Accepts,
        Token::Kw(Kw::Rejects) => Verb::Rejects,
        Token::Kw(Kw::Signals) => Verb::Signals,
        Token::Kw(Kw::Says) => Verb::Says,
        Token::Kw(Kw::Notifies) => Verb::Notifies,
        Token::Kw(Kw::Denies) => Verb::Denies,
    }
    .labelled("a verb")
}

fn role<'t, 'a: 't, I: TokenInput<'t, 'a>>() -> impl Parser<'t, I, Role, Extra<'t, 'a>> + Clone {
    select! {
        Token::Kw(Kw::Leader) => Role::Leader,
        Token::Kw(Kw::Minister) => Role::Minister,
        Token::Kw(Kw::Envoy) => Role::Envoy,
        Token::Kw(Kw::Ambassador) => Role::Ambassador,
        Token::Kw(Kw::Official) => Role::Official,
        Token::Kw(Kw::Bureaucracy) => Role::Bureaucracy,
        Token::Kw(Kw::Intermediary) => Role::Intermediary,
        Token::Kw(Kw::Public) => Role::Public,
        Token::Kw(Kw::Press) => Role::Press,
        Token::Kw(Kw::Spoiler) => Role::Spoiler,
    }
    .labelled("a role")
}

/// An optional clause (`on X`, `as Y`) that may appear in any order but only once.
#[derive(Clone)]
enum Clause {
    About(Name),
    On(Name),
    As(Name),
    Between(Vec<Name>),
}

fn clauses<'t, 'a: 't, I: TokenInput<'t, 'a>>()
-> impl Parser<'t, I, Vec<(Clause, Span)>, Extra<'t, 'a>> + Clone {
    choice((
        kw(Kw::About)
            .ignore_then(name().labelled("an issue"))
            .map(Clause::About),
        kw(Kw::On)
            .ignore_then(name().labelled("a channel name"))
            .map(Clause::On),
        kw(Kw::As)
            .ignore_then(name().labelled("a label"))
            .map(Clause::As),
        kw(Kw::Between).ignore_then(names()).map(Clause::Between),
    ))
    .map_with(|c, e| (c, e.span()))
    .repeated()
    .collect::<Vec<_>>()
    .validate(|clauses, _, emitter| {
        let mut seen: Vec<std::mem::Discriminant<Clause>> = Vec::new();
        for (clause, span) in &clauses {
            let d = std::mem::discriminant(clause);
            if seen.contains(&d) {
                let word = match clause {
                    Clause::About(_) => "about",
                    Clause::On(_) => "on",
                    Clause::As(_) => "as",
                    Clause::Between(_) => "between",
                };
                emitter.emit(Rich::custom(
                    *span,
                    format!("the `{word}` clause is given twice"),
                ));
            }
            seen.push(d);
        }
        clauses
    })
}

// ---- items ----------------------------------------------------------------------

fn program<'t, 'a: 't, I: TokenInput<'t, 'a>>() -> impl Parser<'t, I, Program, Extra<'t, 'a>> {
    item()
        .repeated()
        .collect::<Vec<_>>()
        .then_ignore(end())
        .map(|items| Program { items })
}

/// The keywords that begin an item (and `at`, when a time follows it).
const STARTS: [Kw; 12] = [
    Kw::Party,
    Kw::Relations,
    Kw::Let,
    Kw::Channel,
    Kw::Agree,
    Kw::Leak,
    Kw::Reveal,
    Kw::Announce,
    Kw::Expect,
    Kw::Show,
    Kw::When,
    Kw::If,
];

/// Whether [`item_start`] could match at this token: a starting keyword, `at`, a name
/// (a speaker), or `}`. Any other token is skipped by recovery without asking.
fn may_start(token: &Token<'_>) -> bool {
    match token {
        Token::Kw(k) => *k == Kw::At || STARTS.contains(k),
        Token::Ident(_) | Token::Punct("}") => true,
        _ => false,
    }
}

/// Tokens that can only begin an item: recovery stops before them.
fn item_start<'t, 'a: 't, I: TokenInput<'t, 'a>>() -> impl Parser<'t, I, (), Extra<'t, 'a>> + Clone
{
    // A keyword followed by `:`, `,`, `=`, `)`, `{` or `}` was meant as a name (as in
    // `party party {`): no start.
    let meant_as_name = one_of([":", ",", "=", ")", "{", "}"].map(Token::Punct)).ignored();
    let time = select! { Token::Date(..) => (), Token::Kw(Kw::Day) => (), Token::Kw(Kw::Round) => (), Token::Error => () };
    let at = kw(Kw::At).then(time).ignored();
    let keyword = one_of(STARTS.map(Token::Kw))
        .then(meant_as_name.not())
        .ignored()
        .or(at);
    let speaker = name()
        .then(verb().ignored().or(kw(Kw::Requires).ignored()))
        .ignored();
    choice((keyword, speaker, punct("}").ignored(), end())).rewind()
}

/// Skips a broken item: its first token, then everything up to the next item start,
/// with `{ … }` groups skipped whole so a broken rule's body is not read as items.
/// The names the item seems to declare are kept (see [`declared_names`]).
fn skip_item<'t, 'a: 't, I: TokenInput<'t, 'a>>()
-> impl Parser<'t, I, ItemKind, Extra<'t, 'a>> + Clone {
    let token = any().map_with(|t: Token<'a>, e| (t, e.span()));
    let group = recursive(|group| {
        token
            .filter(|(t, _)| *t == Token::Punct("{"))
            .map(|t| vec![t])
            .foldl(
                group
                    .or(token
                        .filter(|(t, _)| *t != Token::Punct("}"))
                        .map(|t| vec![t]))
                    .repeated(),
                |mut a, b| {
                    a.extend(b);
                    a
                },
            )
            // Braces are balanced before parsing (see [`unmatched_braces`]), so the
            // `}` is always there; were it not, the group must still not fail: failing
            // out of nested unclosed groups would retry each of them, doubling the time
            // with every level.
            .then(token.filter(|(t, _)| *t == Token::Punct("}")).or_not())
            .map(|(mut a, close)| {
                a.extend(close);
                a
            })
    });
    let one = group.or(token
        .filter(|(t, _)| *t != Token::Punct("}"))
        .map(|t| vec![t]));
    // Most skipped tokens cannot start an item: take them without trying every way
    // an item starts (which costs a dozen failed alternatives a token).
    let plain = token
        .filter(|(t, _)| !may_start(t) && *t != Token::Punct("{"))
        .map(|t| vec![t]);
    one.clone()
        .foldl(
            plain.or(item_start().not().ignore_then(one)).repeated(),
            |mut a, b| {
                a.extend(b);
                a
            },
        )
        .map(|tokens| ItemKind::Error {
            declares: declared_names(&tokens),
        })
}

/// The names a broken item seems to declare: after `party`, `channel`, `let`, `as`,
/// and after a role inside a party's braces (and the commas that follow it).
fn declared_names(tokens: &[(Token<'_>, Span)]) -> Vec<Name> {
    let is_party = tokens
        .first()
        .is_some_and(|(t, _)| *t == Token::Kw(Kw::Party));
    let mut names = Vec::new();
    let mut in_role_list = false;
    for pair in tokens.windows(2) {
        let ((before, _), (token, span)) = (&pair[0], &pair[1]);
        let Token::Ident(text) = token else {
            in_role_list &= *token == Token::Punct(",");
            continue;
        };
        let declares = match before {
            Token::Kw(Kw::Party | Kw::Channel | Kw::Let | Kw::As) => true,
            Token::Kw(k) if is_party => Kw::ROLES.contains(k),
            Token::Punct(",") => in_role_list,
            _ => false,
        };
        if declares {
            names.push(Name {
                text: text.to_string(),
                span: *span,
            });
        }
        in_role_list = is_party && (declares || in_role_list);
        if matches!(
            before,
            Token::Kw(Kw::Party | Kw::Channel | Kw::Let | Kw::As)
        ) {
            in_role_list = false;
        }
    }
    names
}

fn item<'t, 'a: 't, I: TokenInput<'t, 'a>>() -> impl Parser<'t, I, Item, Extra<'t, 'a>> + Clone {
    recursive(|item| {
        let body = item
            .repeated()
            .collect::<Vec<Item>>()
            .delimited_by(punct("{"), punct("}").labelled("`}`"))
            .labelled("a `{ … }` body");
        let cond = cond();
        let when = kw(Kw::When)
            .ignore_then(cond.clone())
            .then(body.clone())
            .map(|(cond, body)| ItemKind::When { cond, body });
        let if_ = recursive(|if_| {
            kw(Kw::If)
                .ignore_then(cond.clone())
                .then(body.clone())
                .then(
                    kw(Kw::Else)
                        .ignore_then(body.clone().or(if_.map_with(|kind, e| {
                            vec![Item {
                                kind,
                                span: e.span(),
                            }]
                        })))
                        .or_not(),
                )
                .map(|((cond, then), otherwise)| ItemKind::If {
                    cond,
                    then,
                    otherwise,
                })
        });
        choice((
            party(),
            relations(),
            requires(),
            let_(),
            channel(),
            at(),
            statement(),
            agree(),
            reveal(),
            kw(Kw::Expect)
                .ignore_then(cond.clone())
                .map(ItemKind::Expect),
            show(),
            when,
            if_,
        ))
        .labelled("an item (a declaration, a statement or an event)")
        .recover_with(via_parser(skip_item()))
        .map_with(|kind, e| Item {
            kind,
            span: e.span(),
        })
    })
}

fn party<'t, 'a: 't, I: TokenInput<'t, 'a>>() -> impl Parser<'t, I, ItemKind, Extra<'t, 'a>> + Clone
{
    let role_line =
        role()
            .map_with(|r, e| (r, e.span()))
            .then(names())
            .map(|((role, role_span), actors)| RoleLine {
                role,
                role_span,
                actors,
            });
    kw(Kw::Party)
        .ignore_then(name().labelled("a party name"))
        .then(
            role_line
                .repeated()
                .collect()
                .delimited_by(punct("{"), punct("}").labelled("`}`")),
        )
        .map(|(name, roles)| ItemKind::Party(Party { name, roles }))
}

fn relations<'t, 'a: 't, I: TokenInput<'t, 'a>>()
-> impl Parser<'t, I, ItemKind, Extra<'t, 'a>> + Clone {
    let level = select! {
        Token::Kw(Kw::None) => Level::None,
        Token::Kw(Kw::Hostile) => Level::Hostile,
        Token::Kw(Kw::Tense) => Level::Tense,
        Token::Kw(Kw::Normal) => Level::Normal,
        Token::Kw(Kw::Allied) => Level::Allied,
    }
    .labelled("`none`, `hostile`, `tense`, `normal` or `allied`");
    kw(Kw::Relations)
        .ignore_then(name())
        .then_ignore(punct(","))
        .then(name())
        .then_ignore(punct(":"))
        .then(level.map_with(|l, e| (l, e.span())))
        .map(|((a, b), (level, level_span))| ItemKind::Relations {
            a,
            b,
            level,
            level_span,
        })
}

fn requires<'t, 'a: 't, I: TokenInput<'t, 'a>>()
-> impl Parser<'t, I, ItemKind, Extra<'t, 'a>> + Clone {
    name()
        .then_ignore(kw(Kw::Requires))
        .then(term())
        .map(|(party, text)| ItemKind::Requires { party, text })
}

fn let_<'t, 'a: 't, I: TokenInput<'t, 'a>>() -> impl Parser<'t, I, ItemKind, Extra<'t, 'a>> + Clone
{
    kw(Kw::Let)
        .ignore_then(name())
        .then_ignore(punct("="))
        .then(string())
        .map(|(name, text)| match text {
            Term::Str { text, span } => ItemKind::Let {
                name,
                text,
                text_span: span,
            },
            _ => ItemKind::Error {
                declares: vec![name],
            },
        })
}

/// One clause of a channel declaration, tagged for the duplicate check.
#[derive(Clone)]
enum ChannelClause {
    Members(Vec<Name>),
    Via(Vec<Name>),
    Authorized(Vec<Name>),
    Endless(i64, Span),
}

fn channel<'t, 'a: 't, I: TokenInput<'t, 'a>>()
-> impl Parser<'t, I, ItemKind, Extra<'t, 'a>> + Clone {
    let kind = select! {
        Token::Kw(Kw::Public) => ChannelKind::Public,
        Token::Kw(Kw::Formal) => ChannelKind::Formal,
        Token::Kw(Kw::Hotline) => ChannelKind::Hotline,
        Token::Kw(Kw::Backchannel) => ChannelKind::Backchannel,
        Token::Kw(Kw::Informal) => ChannelKind::Informal,
    }
    .labelled("a channel kind (`public`, `formal`, `hotline`, `backchannel` or `informal`)");
    let clause = choice((
        kw(Kw::Members)
            .or(kw(Kw::Between))
            .ignore_then(names())
            .map(ChannelClause::Members),
        kw(Kw::Via).ignore_then(names()).map(ChannelClause::Via),
        kw(Kw::Authorized)
            .ignore_then(kw(Kw::By))
            .ignore_then(names())
            .map(ChannelClause::Authorized),
        kw(Kw::Endless)
            .ignore_then(kw(Kw::After))
            .ignore_then(integer())
            .then_ignore(kw(Kw::Sessions))
            .map(|(n, s)| ChannelClause::Endless(n, s)),
    ))
    .map_with(|c, e| (c, e.span()));
    let clauses = clause
        .clone()
        .repeated()
        .collect::<Vec<_>>()
        .delimited_by(punct("{"), punct("}").labelled("`}`"))
        .or(clause.repeated().collect::<Vec<_>>());
    kw(Kw::Channel)
        .ignore_then(name().labelled("a channel name"))
        .then_ignore(punct(":"))
        .then(kind.map_with(|k, e| (k, e.span())))
        .then(clauses)
        .validate(|((name, (kind, kind_span)), clauses), _, emitter| {
            let mut ch = Channel {
                name,
                kind,
                kind_span,
                members: Vec::new(),
                via: Vec::new(),
                authorized: Vec::new(),
                endless_after: None,
            };
            let mut seen = [false; 4];
            for (clause, span) in clauses {
                let (slot, word) = match &clause {
                    ChannelClause::Members(_) => (0, "members"),
                    ChannelClause::Via(_) => (1, "via"),
                    ChannelClause::Authorized(_) => (2, "authorized by"),
                    ChannelClause::Endless(..) => (3, "endless after"),
                };
                if seen[slot] {
                    emitter.emit(Rich::custom(
                        span,
                        format!("the `{word}` clause is given twice"),
                    ));
                }
                seen[slot] = true;
                match clause {
                    ChannelClause::Members(n) => ch.members.extend(n),
                    ChannelClause::Via(n) => ch.via.extend(n),
                    ChannelClause::Authorized(n) => ch.authorized.extend(n),
                    ChannelClause::Endless(n, s) => ch.endless_after = Some((n, s)),
                }
            }
            ItemKind::Channel(ch)
        })
}

fn at<'t, 'a: 't, I: TokenInput<'t, 'a>>() -> impl Parser<'t, I, ItemKind, Extra<'t, 'a>> + Clone {
    let date = select! {
        Token::Date(year, month, day) = e => Time::Date { year, month, day, span: e.span() },
        Token::Error => Time::Error,
    };
    let day = kw(Kw::Day)
        .ignore_then(integer())
        .map_with(|(n, _), e| Time::Day { n, span: e.span() });
    let round = kw(Kw::Round)
        .ignore_then(integer())
        .map_with(|(n, _), e| Time::Round { n, span: e.span() });
    kw(Kw::At)
        .ignore_then(
            choice((date, day, round)).labelled("a date (YYYY-MM-DD), `day N` or `round N`"),
        )
        .map(ItemKind::At)
}

fn statement<'t, 'a: 't, I: TokenInput<'t, 'a>>()
-> impl Parser<'t, I, ItemKind, Extra<'t, 'a>> + Clone {
    // A name followed by a verb or `requires` is the start of the next item.
    let operand = name()
        .and_is(
            name()
                .then(verb().ignored().or(kw(Kw::Requires).ignored()))
                .not(),
        )
        .map(Term::Name)
        .or(string());
    name()
        .then(verb().map_with(|v, e| (v, e.span())))
        .then(operand.repeated().at_most(2).collect::<Vec<_>>())
        .then(clauses())
        .validate(|(((speaker, (verb, verb_span)), operands), clauses), _, emitter| {
            let mut s = Statement { speaker, verb, verb_span, operands, about: None, on: None, label: None };
            for (clause, span) in clauses {
                match clause {
                    Clause::About(n) => s.about = Some(n),
                    Clause::On(n) => s.on = Some(n),
                    Clause::As(n) => s.label = Some(n),
                    Clause::Between(_) => emitter.emit(Rich::custom(
                        span,
                        "a statement has no `between` clause (that is for channels and agreements)".to_string(),
                    )),
                }
            }
            ItemKind::Statement(s)
        })
}

fn agree<'t, 'a: 't, I: TokenInput<'t, 'a>>() -> impl Parser<'t, I, ItemKind, Extra<'t, 'a>> + Clone
{
    kw(Kw::Agree)
        .ignore_then(term().labelled("the text agreed"))
        .then(clauses())
        .validate(|(text, clauses), e, emitter| {
            let mut a = Agree {
                text,
                parties: Vec::new(),
                on: None,
                label: None,
            };
            let mut has_between = false;
            for (clause, span) in clauses {
                match clause {
                    Clause::Between(p) => {
                        a.parties = p;
                        has_between = true;
                    }
                    Clause::On(n) => a.on = Some(n),
                    Clause::As(n) => a.label = Some(n),
                    Clause::About(_) => emitter.emit(Rich::custom(
                        span,
                        "an agreement has no `about` clause (that is for statements)".to_string(),
                    )),
                }
            }
            if !has_between {
                emitter.emit(Rich::custom(
                    e.span(),
                    "an agreement names its parties: `agree TEXT between P, Q`".to_string(),
                ));
            }
            ItemKind::Agree(a)
        })
}

fn reveal<'t, 'a: 't, I: TokenInput<'t, 'a>>() -> impl Parser<'t, I, ItemKind, Extra<'t, 'a>> + Clone
{
    let audience = kw(Kw::Public)
        .map(Audience::Public)
        .or(name().map(Audience::Name))
        .labelled("an audience (names, or `public`)")
        .separated_by(punct(","))
        .at_least(1)
        .collect::<Vec<_>>();
    let by = kw(Kw::By).ignore_then(name().labelled("an actor")).or_not();
    let to_audience = kw(Kw::Leak)
        .to(RevealKind::Leak)
        .or(kw(Kw::Reveal).to(RevealKind::Reveal))
        .then(fact())
        .then_ignore(kw(Kw::To))
        .then(audience)
        .then(by.clone())
        .map(|(((kind, fact), audience), by)| {
            ItemKind::Reveal(Reveal {
                kind,
                fact,
                audience,
                by,
            })
        });
    let announce = kw(Kw::Announce)
        .ignore_then(fact())
        .then(by)
        .map(|(fact, by)| {
            ItemKind::Reveal(Reveal {
                kind: RevealKind::Announce,
                fact,
                audience: Vec::new(),
                by,
            })
        });
    to_audience.or(announce)
}

fn show<'t, 'a: 't, I: TokenInput<'t, 'a>>() -> impl Parser<'t, I, ItemKind, Extra<'t, 'a>> + Clone
{
    kw(Kw::Show)
        .ignore_then(choice((
            kw(Kw::Who)
                .ignore_then(kw(Kw::Knows))
                .ignore_then(term())
                .map(Show::WhoKnows),
            kw(Kw::Knowledge)
                .ignore_then(kw(Kw::Of))
                .ignore_then(name())
                .map(Show::KnowledgeOf),
            kw(Kw::State).to(Show::State),
            name().map(Show::Name),
        )))
        .map(ItemKind::Show)
}

// ---- conditions -----------------------------------------------------------------

/// A condition. Binding powers, loosest first:
///
/// | operator | power | associativity |
/// |----------|-------|---------------|
/// | `or`     | 1     | left          |
/// | `and`    | 2     | left          |
/// | `not`    | 3     | prefix        |
pub fn cond<'t, 'a: 't, I: TokenInput<'t, 'a>>() -> impl Parser<'t, I, Cond, Extra<'t, 'a>> + Clone
{
    recursive(|cond| {
        let parens = cond.delimited_by(punct("("), punct(")").labelled("`)`"));
        let atom = parens.or(predicate()).labelled("a condition");
        atom.pratt((
            prefix(3, kw(Kw::Not), |_, c: Cond, e| Cond {
                kind: CondKind::Not(Box::new(c)),
                span: e.span(),
            }),
            infix(left(2), kw(Kw::And), |a: Cond, _, b: Cond, e| Cond {
                kind: CondKind::And(Box::new(a), Box::new(b)),
                span: e.span(),
            }),
            infix(left(1), kw(Kw::Or), |a: Cond, _, b: Cond, e| Cond {
                kind: CondKind::Or(Box::new(a), Box::new(b)),
                span: e.span(),
            }),
        ))
    })
}

fn predicate<'t, 'a: 't, I: TokenInput<'t, 'a>>() -> impl Parser<'t, I, Cond, Extra<'t, 'a>> + Clone
{
    let knows = name()
        .then_ignore(kw(Kw::Knows))
        .repeated()
        .at_least(1)
        .collect::<Vec<_>>()
        .then(term().labelled("a fact"))
        .map(|(chain, fact)| CondKind::Knows { chain, fact });
    let is = term()
        .then_ignore(kw(Kw::Is))
        .then(choice((
            kw(Kw::Exposed).to(0),
            kw(Kw::Mobilized).to(1),
            kw(Kw::Common).ignore_then(kw(Kw::Knowledge)).to(2),
        )))
        .then(kw(Kw::Among).ignore_then(names()).or_not())
        .try_map(
            |((subject, which), among), span| match (which, subject, among) {
                (0, Term::Name(n), None) => Ok(CondKind::Exposed(n)),
                (1, Term::Name(n), None) => Ok(CondKind::Mobilized(n)),
                (2, fact, Some(among)) => Ok(CondKind::Common { fact, among }),
                (2, _, None) => Err(Rich::custom(
                    span,
                    "expected `among` and the names sharing the knowledge",
                )),
                _ => Err(Rich::custom(
                    span,
                    "only a name can be exposed or mobilized",
                )),
            },
        );
    let lost = name()
        .then_ignore(kw(Kw::Lost))
        .then_ignore(kw(Kw::Access))
        .map(CondKind::LostAccess);
    let holds = name()
        .then_ignore(kw(Kw::Holds))
        .then(term().labelled("a text"))
        .map(|(party, text)| CondKind::Holds { party, text });
    let metric = choice((
        kw(Kw::Credibility)
            .ignore_then(kw(Kw::Of))
            .ignore_then(name())
            .map(Metric::Credibility),
        kw(Kw::Mobilization)
            .ignore_then(kw(Kw::Of))
            .ignore_then(name())
            .map(Metric::Mobilization),
        kw(Kw::Trust)
            .ignore_then(kw(Kw::Between))
            .ignore_then(name())
            .then_ignore(punct(","))
            .then(name())
            .map(|(a, b)| Metric::Trust(a, b)),
    ));
    let op = select! {
        Token::Punct("==") => CmpOp::Eq,
        Token::Punct("!=") => CmpOp::Ne,
        Token::Punct("<") => CmpOp::Lt,
        Token::Punct("<=") => CmpOp::Le,
        Token::Punct(">") => CmpOp::Gt,
        Token::Punct(">=") => CmpOp::Ge,
    }
    .labelled("a comparison (`==`, `!=`, `<`, `<=`, `>`, `>=`)");
    let number = select! {
        Token::Int(n) = e => (n as f64, e.span()),
        Token::Decimal(n) = e => (n, e.span()),
    }
    .labelled("a number");
    let compare = metric
        .then(op)
        .then(number)
        .map(|((metric, op), (value, value_span))| CondKind::Compare {
            metric,
            op,
            value,
            value_span,
        });
    choice((knows, is, lost, holds, compare)).map_with(|kind, e| Cond {
        kind,
        span: e.span(),
    })
}
