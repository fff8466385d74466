//! The parser: tokens to a [`Program`], with chumsky.
//!
//! The grammar is written out in `grammar/neg.ebnf`; each parser function here is
//! named after the rule it implements. Small helpers (`kw`, `punct`, `name`) are built
//! on `select!` and labelled, so an error says "expected a name", not "expected
//! something else".
//!
//! Items are here; conditions are in [`cond`]; recovery at item boundaries (one
//! mistake, one error; the items after it still parsed and checked) in `recovery`;
//! the bounds checked before parsing ([`MAX_DEPTH`], [`MAX_OPERATORS`], braces) and
//! the wording of syntax errors in `diagnose`.
//!
//! Chumsky is the reference, and what reports mistakes ([`parse_with_chumsky`]);
//! the hand-written `fast` path reads the common items several times faster, and
//! gives up at the first mistake. [`parse_items`] streams a script item by item
//! through the fast path; [`parse`] reads a whole script, with the fast path where
//! it can and chumsky around each mistake (`window`). The driver tries the stream
//! first and falls back on [`parse`].

use crate::ast::*;
use crate::codes::Code;
use crate::diagnostic::{Diagnostic, LeftOut, MAX_KEPT};
use crate::ir::Maybe;
use crate::lexer::{Kw, Token, lex, lex_from};
use crate::source::{SourceId, Span};
use chumsky::input::{Input as _, ValueInput};
use chumsky::pratt::{infix, left, prefix};
use chumsky::prelude::*;
use smallvec::SmallVec;

mod cond;
mod diagnose;
mod fast;
mod recovery;
mod window;

pub use cond::cond;
pub use diagnose::UNCLOSED_BRACE;
use diagnose::{Depth, after_previous_line, check_depth, syntax_error, unmatched_braces};
use recovery::skip_item;

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
///
/// Gives what [`parse_with_chumsky`] gives, faster: the items up to the first mistake
/// are read as [`parse_items`] reads them, and chumsky reads on from the last item
/// before the mistake. (From that item, not from the mistake: how chumsky words a
/// mistake at the start of an item depends on how the item before could have gone
/// on, as in "expected `and`, `knows`, `or` or an item".) On a script of a million
/// events with a mistake near its end, this takes a fifth of the time.
///
/// Chumsky reads only a window around each mistake, and the fast path the items
/// between (`window`), unless the rest must be read whole: then chumsky reads all
/// of it. With a mistake near the start of a script of 10⁵ events, reading all the
/// rest took 250–281 ms and 14.6 times the script in memory (its tokens and tree);
/// by windows 61–82 ms, and the peak is the tree's.
pub fn parse(src: SourceId, text: &str) -> (Program<'_>, Vec<Diagnostic>) {
    let mut fast = fast::Fast::new(src, text);
    let mut read = Read::held();
    let Some(mistake) = read_fast(&mut fast, &mut read, Resume::default()) else {
        return (Program { items: read.held }, Vec::new());
    };
    if let Some(diags) = window::read_rest(src, text, &mut read, &mistake) {
        return (Program { items: read.held }, diags);
    }
    let resume = mistake.resume;
    let mut items = read.held;
    items.truncate(resume.items);
    let (tokens, lexed) = lex_from(src, text, resume.from);
    let depth = Depth::after_items(resume.operators);
    let (rest, diags) = parse_tokens(src, text, tokens, resume.behind, depth, lexed);
    match rest {
        Some(rest) => items.extend(rest.items),
        // Nothing of the script is read, as chumsky alone would read nothing.
        None => items.clear(),
    }
    (Program { items }, diags)
}

/// Reads a script as [`parse`] does, but hands its items to `f`, in order, a few at a
/// time, rather than holding them all: the diagnostics, or `None` if the script must
/// be read whole with [`parse`] (then `f` may have had some of the items). That is
/// so when something can only be told of all the rest of a script after its first
/// mistake (see `window`): a brace closed nowhere or closing nothing, nesting past
/// the bounds, more mistakes than are kept.
pub fn parse_each<'a>(
    src: SourceId,
    text: &'a str,
    mut f: impl FnMut(&[Item<'a>]),
) -> Option<Vec<Diagnostic>> {
    let mut fast = fast::Fast::new(src, text);
    let mut read = Read {
        to: Some(&mut f),
        ..Read::held()
    };
    let diags = match read_fast(&mut fast, &mut read, Resume::default()) {
        None => Vec::new(),
        Some(mistake) => window::read_rest(src, text, &mut read, &mistake)?,
    };
    read.hand_on(read.len(), 1);
    Some(diags)
}

/// The items read so far, in order. The first `handed` of them have been handed on
/// `to` a taker, if there is one; the others are held, as a window may read the
/// last of them again (see `window`).
struct Read<'a, 'f> {
    held: Vec<Item<'a>>,
    handed: usize,
    to: Option<Taker<'f, 'a>>,
}

/// What takes the items [`parse_each`] hands on.
type Taker<'f, 'a> = &'f mut dyn FnMut(&[Item<'a>]);

impl<'a> Read<'a, '_> {
    /// Items held until the end.
    fn held() -> Self {
        Read {
            held: Vec::new(),
            handed: 0,
            to: None,
        }
    }

    /// How many items were read, handed on or held.
    fn len(&self) -> usize {
        self.handed + self.held.len()
    }

    /// Forgets the items after the first `len` (which have not been handed on).
    fn truncate(&mut self, len: usize) {
        self.held.truncate(len.saturating_sub(self.handed));
    }

    /// Hands on the items before the `before`th, if there is a taker and there are
    /// at least `least` of them.
    fn hand_on(&mut self, before: usize, least: usize) {
        let n = before.saturating_sub(self.handed).min(self.held.len());
        if let Some(to) = &mut self.to
            && n >= least
        {
            to(&self.held[..n]);
            self.held.drain(..n);
            self.handed += n;
        }
    }
}

/// How many items [`parse_each`] hands on at a time.
const HANDED_AT_A_TIME: usize = 256;

/// Where chumsky would take over after some items: how many, where the last token
/// of the last one starts (the first token chumsky is given, as the one `behind`
/// what it reads), and the `and`s and `or`s counted since the last condition began
/// (see [`Depth::after_items`]).
#[derive(Clone, Default)]
struct Resume {
    items: usize,
    from: usize,
    behind: usize,
    operators: usize,
}

/// Where the fast path met a mistake: where chumsky is to take over (before the last
/// item read), and where the item it could not read starts (at the first token from
/// this byte on).
#[derive(Clone)]
struct Mistake {
    resume: Resume,
    item: usize,
}

/// Reads items with the fast path from where `fast` is, `start` being where chumsky
/// would take over before any of them, until the end of the script (`None`) or a
/// mistake. The nesting is counted from `fast`'s start, as from the start of a
/// script.
fn read_fast<'a>(
    fast: &mut fast::Fast<'a>,
    read: &mut Read<'a, '_>,
    start: Resume,
) -> Option<Mistake> {
    let mut depth = Depth::default();
    let (mut before_last, mut last) = (start.clone(), start);
    while !fast.at_end() {
        let first = fast.pos();
        if !next_item(fast, &mut read.held) {
            break;
        }
        let tokens = fast.tokens(first, fast.pos());
        for (token, _) in tokens {
            // (Every bound holds: the item was read.)
            depth.count(token);
        }
        let from = tokens.last().map_or(0, |(_, span)| span.start as usize);
        let next = Resume {
            items: read.len(),
            from,
            behind: 1,
            operators: depth.operators(),
        };
        before_last = std::mem::replace(&mut last, next);
        // No window reads the items before the one before the last again.
        read.hand_on(before_last.items, HANDED_AT_A_TIME);
        fast.release();
    }
    if !fast.broken && fast.at_end() {
        return None;
    }
    Some(Mistake {
        item: last.from + last.behind,
        resume: before_last,
    })
}

/// Lexes and parses one source with chumsky alone: the reference, which the fast
/// path and [`parse`] are tested against.
pub fn parse_with_chumsky(src: SourceId, text: &str) -> (Program<'_>, Vec<Diagnostic>) {
    let (tokens, diags) = lex(src, text);
    let (program, diags) = parse_tokens(src, text, tokens, 0, Depth::default(), diags);
    (program.unwrap_or(Program { items: Vec::new() }), diags)
}

/// Parses the tokens of `text` after the first `behind` ones with chumsky, the
/// nesting counted on from `depth`, adding its diagnostics to the lexer's. No tree
/// if the tokens nest too deeply to be parsed, or if chumsky gives none.
fn parse_tokens<'a>(
    src: SourceId,
    text: &'a str,
    mut tokens: Vec<(Token<'a>, Span)>,
    behind: usize,
    depth: Depth,
    mut diags: Vec<Diagnostic>,
) -> (Option<Program<'a>>, Vec<Diagnostic>) {
    diags.extend(unmatched_braces(&mut tokens[behind..]));
    let ahead = &tokens[behind..];
    if let Some(too_deep) = check_depth(ahead, depth) {
        diags.push(too_deep);
        return (None, diags);
    }
    let eoi = Span::new(src, text.len()..text.len());
    let input = ahead.split_token_span(eoi);
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
        diags.push(syntax_diagnostic(&e, &tokens, text));
    }
    diags.extend(left_out.summary());
    diags.sort_by_key(|d| (d.span().start, d.span().end));
    (program, diags)
}

/// Chumsky's error `e` as a syntax error, among `tokens` of `text`.
fn syntax_diagnostic(
    e: &Rich<'_, Token<'_>, Span>,
    tokens: &[(Token<'_>, Span)],
    text: &str,
) -> Diagnostic {
    let d = syntax_error(e);
    match e.reason() {
        chumsky::error::RichReason::Custom(_) => d,
        _ => after_previous_line(d, tokens, text),
    }
}

/// The fast pass over a whole script: reads each top-level item onto the end of
/// `items` and calls `f` with them as soon as it is parsed; `f` takes them away when
/// it likes (a batch), so that neither the tree nor the tokens of the whole script
/// are ever held. The common items are read by the hand-written `fast` path as they
/// are lexed; the others by chumsky, one item at a time. Stops when `f` returns
/// `false`.
///
/// Items are pushed where they are made rather than handed over by value: an item
/// is 192 bytes, and every move is a copy. Handing them over took six copies an
/// item, and this three, which saved 3.6% of the instructions of the parser's
/// thread at 10⁵ events.
///
/// Returns whether the whole script lexed and parsed without a mistake (and `f`
/// never asked to stop). If not, `f` may have seen some items, and [`parse`] says
/// what the mistakes are.
pub fn parse_items<'a>(
    src: SourceId,
    text: &'a str,
    items: &mut Vec<Item<'a>>,
    mut f: impl FnMut(&mut Vec<Item<'a>>) -> bool,
) -> bool {
    let mut fast = fast::Fast::new(src, text);
    while !fast.at_end() {
        if !next_item(&mut fast, items) {
            return false;
        }
        fast.release();
        if !f(items) {
            return false;
        }
    }
    !fast.broken
}

/// Reads the next top-level item onto the end of `items`, by the fast path or, if it
/// is not one the fast path reads, by chumsky on that item's tokens alone; false at
/// a mistake.
fn next_item<'a>(fast: &mut fast::Fast<'a>, items: &mut Vec<Item<'a>>) -> bool {
    if fast.item(items) {
        return true;
    }
    let start = fast.pos();
    let end = fast.item_end(start);
    if fast.broken {
        return false;
    }
    let tokens = fast.tokens(start, end);
    let Some(&(_, last)) = tokens.last() else {
        return false;
    };
    let eoi = Span {
        start: last.end,
        ..last
    };
    let parsed = item()
        .then_ignore(chumsky::primitive::end())
        .parse(tokens.split_token_span(eoi))
        .into_result();
    let Ok(parsed) = parsed else {
        return false;
    };
    fast.seek(end);
    items.push(parsed);
    true
}

/// Parses a lone condition (the REPL's `Rabin knows oslo`), or says why the input
/// is not one.
pub fn parse_condition(src: SourceId, text: &str) -> Result<Cond<'_>, Vec<Diagnostic>> {
    let (tokens, mut diags) = lex(src, text);
    if let Some(too_deep) = check_depth(&tokens, Depth::default()) {
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

// ---- small helpers --------------------------------------------------------------

fn kw<'t, 'a: 't, I: TokenInput<'t, 'a>>(k: Kw) -> impl Parser<'t, I, Span, Extra<'t, 'a>> + Clone {
    just(Token::Kw(k)).map_with(|_, e| e.span())
}

fn punct<'t, 'a: 't, I: TokenInput<'t, 'a>>(
    p: &'static str,
) -> impl Parser<'t, I, Span, Extra<'t, 'a>> + Clone {
    just(Token::Punct(p)).map_with(|_, e| e.span())
}

fn name<'t, 'a: 't, I: TokenInput<'t, 'a>>() -> impl Parser<'t, I, Name<'a>, Extra<'t, 'a>> + Clone
{
    select! { Token::Ident(s) = e => Name { text: s, span: e.span(), id: Maybe::NONE } }
        .labelled("a name")
}

fn names<'t, 'a: 't, I: TokenInput<'t, 'a>>()
-> impl Parser<'t, I, Vec<Name<'a>>, Extra<'t, 'a>> + Clone {
    name().separated_by(punct(",")).at_least(1).collect()
}

fn string<'t, 'a: 't, I: TokenInput<'t, 'a>>() -> impl Parser<'t, I, Term<'a>, Extra<'t, 'a>> + Clone
{
    select! { Token::Str(s) = e => Term::Str { text: s, span: e.span(), id: Maybe::NONE } }
        .labelled("a string")
}

fn integer<'t, 'a: 't, I: TokenInput<'t, 'a>>()
-> impl Parser<'t, I, (i64, Span), Extra<'t, 'a>> + Clone {
    select! { Token::Int(n) = e => (n, e.span()) }.labelled("a whole number")
}

/// A name or a string.
fn term<'t, 'a: 't, I: TokenInput<'t, 'a>>() -> impl Parser<'t, I, Term<'a>, Extra<'t, 'a>> + Clone
{
    name().map(Term::Name).or(string())
}

/// `everything on C`, or a term.
fn fact<'t, 'a: 't, I: TokenInput<'t, 'a>>() -> impl Parser<'t, I, Fact<'a>, Extra<'t, 'a>> + Clone
{
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
enum Clause<'a> {
    About(Name<'a>),
    On(Name<'a>),
    As(Name<'a>),
    Between(Vec<Name<'a>>),
}

fn clauses<'t, 'a: 't, I: TokenInput<'t, 'a>>()
-> impl Parser<'t, I, Vec<(Clause<'a>, Span)>, Extra<'t, 'a>> + Clone {
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
    // A clause keyword after the clauses began a clause that failed (`on on c`): the
    // item fails with it, rather than ending before it and leaving the keyword to
    // fail as an item of its own (two errors for one mistake). No item starts with
    // one of these keywords, so this only moves the error to the item it belongs to.
    .then_ignore(one_of([Kw::About, Kw::On, Kw::As, Kw::Between].map(Token::Kw)).not())
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

fn program<'t, 'a: 't, I: TokenInput<'t, 'a>>() -> impl Parser<'t, I, Program<'a>, Extra<'t, 'a>> {
    item()
        .repeated()
        .collect::<Vec<_>>()
        .then_ignore(end())
        .map(|items| Program { items })
}

fn item<'t, 'a: 't, I: TokenInput<'t, 'a>>() -> impl Parser<'t, I, Item<'a>, Extra<'t, 'a>> + Clone
{
    recursive(|item| {
        let body = item
            .repeated()
            .collect::<Vec<Item<'a>>>()
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
        // Statements first: most items are statements. The kinds of item are told
        // apart by their first two tokens, so only one can be read at a place, and
        // the order only changes how many are tried in vain.
        choice((
            statement(),
            party(),
            relations(),
            requires(),
            let_(),
            channel(),
            at(),
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

fn party<'t, 'a: 't, I: TokenInput<'t, 'a>>()
-> impl Parser<'t, I, ItemKind<'a>, Extra<'t, 'a>> + Clone {
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
-> impl Parser<'t, I, ItemKind<'a>, Extra<'t, 'a>> + Clone {
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
-> impl Parser<'t, I, ItemKind<'a>, Extra<'t, 'a>> + Clone {
    name()
        .then_ignore(kw(Kw::Requires))
        .then(term())
        .map(|(party, text)| ItemKind::Requires { party, text })
}

fn let_<'t, 'a: 't, I: TokenInput<'t, 'a>>()
-> impl Parser<'t, I, ItemKind<'a>, Extra<'t, 'a>> + Clone {
    kw(Kw::Let)
        .ignore_then(name())
        .then_ignore(punct("="))
        .then(string())
        .map(|(name, text)| match text {
            Term::Str { text, span, id } => ItemKind::Let {
                name,
                text,
                text_span: span,
                id,
            },
            _ => ItemKind::Error {
                declares: vec![name],
            },
        })
}

/// One clause of a channel declaration, tagged for the duplicate check.
#[derive(Clone)]
enum ChannelClause<'a> {
    Members(Vec<Name<'a>>),
    Via(Vec<Name<'a>>),
    Authorized(Vec<Name<'a>>),
    Endless(i64, Span),
}

fn channel<'t, 'a: 't, I: TokenInput<'t, 'a>>()
-> impl Parser<'t, I, ItemKind<'a>, Extra<'t, 'a>> + Clone {
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
            let mut ch = Channel::new(name, kind, kind_span);
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

fn at<'t, 'a: 't, I: TokenInput<'t, 'a>>() -> impl Parser<'t, I, ItemKind<'a>, Extra<'t, 'a>> + Clone
{
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
-> impl Parser<'t, I, ItemKind<'a>, Extra<'t, 'a>> + Clone {
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
        .then(operand.repeated().at_most(2).collect::<Vec<_>>().map(SmallVec::from_vec))
        .then(clauses())
        .validate(|(((speaker, (verb, verb_span)), operands), clauses), _, emitter| {
            let mut s = Statement { speaker, verb, verb_span, operands, about: None, about_id: Maybe::NONE, on: None, label: None };
            for (clause, span) in clauses {
                match clause {
                    Clause::About(n) => s.about = Some(Box::new(n)),
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

fn agree<'t, 'a: 't, I: TokenInput<'t, 'a>>()
-> impl Parser<'t, I, ItemKind<'a>, Extra<'t, 'a>> + Clone {
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

fn reveal<'t, 'a: 't, I: TokenInput<'t, 'a>>()
-> impl Parser<'t, I, ItemKind<'a>, Extra<'t, 'a>> + Clone {
    let audience = kw(Kw::Public)
        .map(Audience::Public)
        .or(name().map(Audience::Name))
        .labelled("an audience (names, or `public`)")
        .separated_by(punct(","))
        .at_least(1)
        .collect::<Vec<_>>()
        .map(SmallVec::from_vec);
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
                audience: SmallVec::new(),
                by,
            })
        });
    to_audience.or(announce)
}

fn show<'t, 'a: 't, I: TokenInput<'t, 'a>>()
-> impl Parser<'t, I, ItemKind<'a>, Extra<'t, 'a>> + Clone {
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
