//! The parser's fast path: a hand-written recursive-descent parser for the items a
//! large script is mostly made of — statements, expectations, `at`, revelations,
//! agreements, rules, parties and channels — which chumsky parses several times
//! slower. The other declarations (`relations`, `requires`, `let`, `show`) are left
//! to chumsky, one item at a time: a script has few of them.
//!
//! It reads the same grammar as the chumsky parsers of [`super`], which remain the
//! reference, and it never reports a mistake. On anything that would be one — a
//! lexical error, a duplicate clause, a missing name, nesting past the limits — it
//! gives up, and chumsky reads the script from there (see [`super::parse`]) and says
//! what is wrong. So the fast path only ever builds the trees chumsky would build
//! for the same tokens, spans included; `tests/suite/parser_paths.rs` checks this on
//! every example, conformance script, generated script and many broken variants of
//! them.
//!
//! Tokens are lexed as they are needed, and only those of the current top-level item
//! are held, so a large script is never held as tokens or as a tree.
//!
//! Conditions follow the binding powers of [`super::cond`]'s Pratt parser: `or`
//! (left), then `and` (left), then the prefix `not`; a combined condition spans from
//! the start of its left operand (with any `not` or `(` before it) to the end of
//! its right one.

use super::diagnose::Depth;
use super::recovery::STARTS;
use crate::ast::*;
use crate::ir::Maybe;
use crate::lexer::{Kw, Token, Tokens};
use crate::source::{SourceId, Span};
use smallvec::SmallVec;

/// What the fast path looks at in a token: its kind, without its value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum K {
    Kw(Kw),
    Ident,
    Str,
    Int,
    Decimal,
    Date,
    Punct(&'static str),
    Error,
}

fn kind(t: &Token<'_>) -> K {
    match t {
        Token::Kw(k) => K::Kw(*k),
        Token::Ident(_) => K::Ident,
        Token::Str(_) => K::Str,
        Token::Int(_) => K::Int,
        Token::Decimal(_) => K::Decimal,
        Token::Date(..) => K::Date,
        Token::Punct(p) => K::Punct(p),
        Token::Error => K::Error,
    }
}

/// A cursor over the tokens of one source, lexed as they are needed. Positions
/// count tokens from the start of the source; only the tokens from the start of the
/// current top-level item on are held ([`Fast::release`]).
pub struct Fast<'a> {
    stream: Tokens<'a>,
    /// The tokens lexed so far from position `base` on.
    window: Vec<(Token<'a>, Span)>,
    base: usize,
    pos: usize,
    /// Nesting and the length of conditions, as the reference parser bounds them.
    depth: Depth,
    /// Whether a lexical mistake or a bound was met: the fast path then fails, and
    /// the reference parser reports the mistake.
    pub broken: bool,
}

/// The verb a keyword is, if it is one.
fn verb_of(kind: K) -> Option<Verb> {
    Some(match kind {
        K::Kw(Kw::Proposes) => Verb::Proposes,
        K::Kw(Kw::Floats) => Verb::Floats,
        K::Kw(Kw::Demands) => Verb::Demands,
        K::Kw(Kw::Concedes) => Verb::Concedes,
        K::Kw(Kw::Accepts) => Verb::Accepts,
        K::Kw(Kw::Rejects) => Verb::Rejects,
        K::Kw(Kw::Signals) => Verb::Signals,
        K::Kw(Kw::Says) => Verb::Says,
        K::Kw(Kw::Notifies) => Verb::Notifies,
        K::Kw(Kw::Denies) => Verb::Denies,
        _ => return None,
    })
}

/// The role a keyword is, if it is one.
fn role_of(kind: K) -> Option<Role> {
    Some(match kind {
        K::Kw(Kw::Leader) => Role::Leader,
        K::Kw(Kw::Minister) => Role::Minister,
        K::Kw(Kw::Envoy) => Role::Envoy,
        K::Kw(Kw::Ambassador) => Role::Ambassador,
        K::Kw(Kw::Official) => Role::Official,
        K::Kw(Kw::Bureaucracy) => Role::Bureaucracy,
        K::Kw(Kw::Intermediary) => Role::Intermediary,
        K::Kw(Kw::Public) => Role::Public,
        K::Kw(Kw::Press) => Role::Press,
        K::Kw(Kw::Spoiler) => Role::Spoiler,
        _ => return None,
    })
}

/// Whether a token can only start an item: a starting keyword (recovery's list, and
/// `at`), or a name followed by a verb or `requires`.
fn starts_item(kind: K, next: Option<K>) -> bool {
    match kind {
        K::Kw(k) => k == Kw::At || STARTS.contains(&k),
        K::Ident => next.is_some_and(|n| verb_of(n).is_some() || n == K::Kw(Kw::Requires)),
        _ => false,
    }
}

/// Whether the `i`th of `tokens` can only start an item, as [`Fast::item_end`]
/// finds it (an `if` right after `else` belongs to the item before).
pub(super) fn starts_item_at(tokens: &[(Token<'_>, Span)], i: usize) -> bool {
    let kind_at = |i: usize| tokens.get(i).map(|(t, _)| kind(t));
    let Some(this) = kind_at(i) else {
        return false;
    };
    let after_else = i > 0 && kind_at(i - 1) == Some(K::Kw(Kw::Else));
    starts_item(this, kind_at(i + 1)) && !(this == K::Kw(Kw::If) && after_else)
}

impl<'a> Fast<'a> {
    pub fn new(src: SourceId, text: &'a str) -> Self {
        Fast::from(src, text, 0)
    }

    /// A cursor from byte `start` of `text` on, where a top-level item starts.
    /// Nesting is counted from there as if from the start of a script: this is for
    /// reading on after a mistake (see [`super::window`]), once the rest of the
    /// script is known to keep within the bounds.
    pub fn from(src: SourceId, text: &'a str, start: usize) -> Self {
        Fast {
            stream: Tokens::from(src, text, start),
            window: Vec::new(),
            base: 0,
            pos: 0,
            depth: Depth::default(),
            broken: false,
        }
    }

    pub fn pos(&self) -> usize {
        self.pos
    }

    pub fn seek(&mut self, pos: usize) {
        self.pos = pos;
    }

    pub fn at_end(&mut self) -> bool {
        self.tok(self.pos).is_none()
    }

    /// Forgets the tokens before the current position (between top-level items),
    /// once there are enough of them to be worth moving the rest.
    ///
    /// Released every 128 tokens, the window stays at about 10 KiB. Released every
    /// 4,096 it grew to 8,192 tokens (320 KiB), which a script of 1,000 events paid for
    /// in page faults on every run (parsing it: 360 → 257 ns an item at 512, best of
    /// 300 runs each taking fresh memory); from 512 to 128 took the peak memory of a
    /// run of 1,000 events from 5.75 to 5.34 times the script, in the same time.
    pub fn release(&mut self) {
        if self.pos - self.base >= 128 {
            self.window.drain(..self.pos - self.base);
            self.base = self.pos;
        }
    }

    /// The kind of the token at position `i`, lexing up to it if need be.
    #[inline]
    fn tok(&mut self, i: usize) -> Option<K> {
        match self.window.get(i - self.base) {
            Some((t, _)) => Some(kind(t)),
            None => self.lex_to(i),
        }
    }

    /// Lexes up to position `i` and a little beyond, in one go.
    #[inline(never)]
    fn lex_to(&mut self, i: usize) -> Option<K> {
        while self.base + self.window.len() <= i + 32 && !self.broken {
            let Some((token, span)) = self.stream.next() else {
                break;
            };
            // A lexical mistake, or a bound passed: the reference parser says which.
            self.broken |= matches!(token, Token::Error)
                || !self.stream.diags.is_empty()
                || self.depth.count(&token).is_some();
            self.window.push((token, span));
        }
        self.window.get(i - self.base).map(|(t, _)| kind(t))
    }

    /// Where the item starting at `start` ends: before the next token that can
    /// only start an item, outside braces (an `if` right after `else` belongs to
    /// it). The tokens between are one item for chumsky to parse.
    pub fn item_end(&mut self, start: usize) -> usize {
        let mut depth = 0usize;
        let mut i = start + 1;
        while let Some(t) = self.tok(i) {
            match t {
                K::Punct("{") => depth += 1,
                K::Punct("}") if depth > 0 => depth -= 1,
                K::Punct("}") => return i,
                _ if depth == 0 => {
                    // (Lexes the token after, which `starts_item_at` looks at too.)
                    self.tok(i + 1);
                    if starts_item_at(&self.window, i - self.base) {
                        return i;
                    }
                }
                _ => {}
            }
            i += 1;
        }
        i
    }

    /// The tokens from position `start` to `end` (lexed already).
    pub fn tokens(&self, start: usize, end: usize) -> &[(Token<'a>, Span)] {
        &self.window[start - self.base..end - self.base]
    }

    /// Reads the next top-level item onto the end of `items`; false (and the position
    /// unchanged) if this is not an item the fast path parses, or not one without a
    /// mistake. (An item is pushed where it is made rather than returned: it is large,
    /// and each move is a copy.)
    pub fn item(&mut self, items: &mut Vec<Item<'a>>) -> bool {
        let start = self.pos;
        let Some(first) = self.peek() else {
            return false;
        };
        let kind = match first {
            K::Ident if self.peek_at(1).and_then(verb_of).is_some() => self.statement(),
            K::Kw(Kw::Expect) => {
                self.pos += 1;
                self.cond(0).map(ItemKind::Expect)
            }
            K::Kw(Kw::At) => self.at(),
            K::Kw(Kw::Leak | Kw::Reveal | Kw::Announce) => self.reveal(),
            K::Kw(Kw::Agree) => self.agree(),
            K::Kw(Kw::When) => self.when(),
            K::Kw(Kw::If) => self.if_(),
            K::Kw(Kw::Party) => self.party(),
            K::Kw(Kw::Channel) => self.channel(),
            _ => None,
        };
        match kind {
            Some(kind) if !self.broken => {
                let span = self.since(start);
                items.push(Item { kind, span });
                true
            }
            _ => {
                self.pos = start;
                false
            }
        }
    }

    // ---- tokens -----------------------------------------------------------------

    fn peek(&mut self) -> Option<K> {
        self.tok(self.pos)
    }

    fn peek_at(&mut self, ahead: usize) -> Option<K> {
        self.tok(self.pos + ahead)
    }

    /// The current token (one that has been peeked).
    fn current(&self) -> &(Token<'a>, Span) {
        &self.window[self.pos - self.base]
    }

    /// The span of the tokens from `start` to the last one read.
    fn since(&self, start: usize) -> Span {
        Span {
            end: self.window[self.pos - 1 - self.base].1.end,
            ..self.window[start - self.base].1
        }
    }

    /// Reads a token of this kind.
    fn eat(&mut self, kind: K) -> Option<Span> {
        if self.tok(self.pos)? != kind {
            return None;
        }
        self.pos += 1;
        Some(self.window[self.pos - 1 - self.base].1)
    }

    fn kw(&mut self, k: Kw) -> Option<Span> {
        self.eat(K::Kw(k))
    }

    fn name(&mut self) -> Option<Name<'a>> {
        self.tok(self.pos)?;
        let (Token::Ident(text), span) = *self.current() else {
            return None;
        };
        let name = Name {
            text,
            span,
            id: Maybe::NONE,
        };
        self.pos += 1;
        Some(name)
    }

    fn string(&mut self) -> Option<Term<'a>> {
        self.tok(self.pos)?;
        let (Token::Str(text), span) = self.current() else {
            return None;
        };
        let term = Term::Str {
            text: text.clone(),
            span: *span,
            id: Maybe::NONE,
        };
        self.pos += 1;
        Some(term)
    }

    /// A name or a string.
    fn term(&mut self) -> Option<Term<'a>> {
        match self.peek()? {
            K::Ident => self.name().map(Term::Name),
            _ => self.string(),
        }
    }

    /// Names separated by commas, at least one.
    fn names(&mut self) -> Option<Vec<Name<'a>>> {
        let mut names = vec![self.name()?];
        while self.eat(K::Punct(",")).is_some() {
            names.push(self.name()?);
        }
        Some(names)
    }

    /// `everything on C`, or a term.
    fn fact(&mut self) -> Option<Fact<'a>> {
        let start = self.pos;
        if self.kw(Kw::Everything).is_some() {
            self.kw(Kw::On)?;
            let channel = self.name()?;
            return Some(Fact::Everything {
                channel,
                span: self.since(start),
            });
        }
        self.term().map(Fact::Term)
    }

    /// A whole number and its span.
    fn integer(&mut self) -> Option<(i64, Span)> {
        self.tok(self.pos)?;
        let (Token::Int(n), span) = *self.current() else {
            return None;
        };
        self.pos += 1;
        Some((n, span))
    }

    // ---- items ------------------------------------------------------------------

    fn statement(&mut self) -> Option<ItemKind<'a>> {
        let speaker = self.name()?;
        let verb = verb_of(self.peek()?)?;
        let verb_span = self.current().1;
        self.pos += 1;
        let mut operands = SmallVec::new();
        while operands.len() < 2 {
            match self.peek() {
                // A name followed by a verb or `requires` starts the next item.
                Some(K::Ident)
                    if !self
                        .peek_at(1)
                        .is_some_and(|n| verb_of(n).is_some() || n == K::Kw(Kw::Requires)) =>
                {
                    operands.push(Term::Name(self.name()?))
                }
                Some(K::Str) => operands.push(self.string()?),
                _ => break,
            }
        }
        let (mut about, mut on, mut label) = (None, None, None);
        // The clauses, in any order, each at most once.
        while let Some(K::Kw(clause @ (Kw::About | Kw::On | Kw::As))) = self.peek() {
            self.pos += 1;
            let name = self.name()?;
            let slot = match clause {
                Kw::About => &mut about,
                Kw::On => &mut on,
                _ => &mut label,
            };
            if slot.replace(name).is_some() {
                return None;
            }
        }
        // `between` belongs to agreements: chumsky says so.
        if self.peek() == Some(K::Kw(Kw::Between)) {
            return None;
        }
        Some(ItemKind::Statement(Statement {
            speaker,
            verb,
            verb_span,
            operands,
            about: about.map(Box::new),
            about_id: Maybe::NONE,
            on,
            label,
        }))
    }

    fn at(&mut self) -> Option<ItemKind<'a>> {
        self.kw(Kw::At)?;
        let start = self.pos;
        let time = match self.peek()? {
            K::Date => {
                let (Token::Date(year, month, day), span) = *self.current() else {
                    return None;
                };
                self.pos += 1;
                Time::Date {
                    year,
                    month,
                    day,
                    span,
                }
            }
            K::Kw(k @ (Kw::Day | Kw::Round)) => {
                self.pos += 1;
                let (n, _) = self.integer()?;
                let span = self.since(start);
                match k {
                    Kw::Day => Time::Day { n, span },
                    _ => Time::Round { n, span },
                }
            }
            _ => return None,
        };
        Some(ItemKind::At(time))
    }

    fn reveal(&mut self) -> Option<ItemKind<'a>> {
        let kind = match self.peek()? {
            K::Kw(Kw::Leak) => RevealKind::Leak,
            K::Kw(Kw::Reveal) => RevealKind::Reveal,
            _ => RevealKind::Announce,
        };
        self.pos += 1;
        let fact = self.fact()?;
        let mut audience = SmallVec::new();
        if kind != RevealKind::Announce {
            self.kw(Kw::To)?;
            loop {
                match self.peek()? {
                    K::Kw(Kw::Public) => {
                        audience.push(Audience::Public(self.current().1));
                        self.pos += 1;
                    }
                    _ => audience.push(Audience::Name(self.name()?)),
                }
                if self.eat(K::Punct(",")).is_none() {
                    break;
                }
            }
        }
        let by = match self.kw(Kw::By) {
            Some(_) => Some(self.name()?),
            None => None,
        };
        Some(ItemKind::Reveal(Reveal {
            kind,
            fact,
            audience,
            by,
        }))
    }

    fn agree(&mut self) -> Option<ItemKind<'a>> {
        self.kw(Kw::Agree)?;
        let mut a = Agree {
            text: self.term()?,
            parties: Vec::new(),
            on: None,
            label: None,
        };
        let mut between = false;
        loop {
            match self.peek() {
                Some(K::Kw(Kw::Between)) if !between => {
                    self.pos += 1;
                    a.parties = self.names()?;
                    between = true;
                }
                Some(K::Kw(Kw::On)) if a.on.is_none() => {
                    self.pos += 1;
                    a.on = Some(self.name()?);
                }
                Some(K::Kw(Kw::As)) if a.label.is_none() => {
                    self.pos += 1;
                    a.label = Some(self.name()?);
                }
                Some(K::Kw(Kw::Between | Kw::On | Kw::As | Kw::About)) => return None,
                _ => break,
            }
        }
        between.then_some(ItemKind::Agree(a))
    }

    /// `party NAME { ROLE NAMES … }`
    fn party(&mut self) -> Option<ItemKind<'a>> {
        self.kw(Kw::Party)?;
        let name = self.name()?;
        self.eat(K::Punct("{"))?;
        let mut roles = Vec::new();
        while self.eat(K::Punct("}")).is_none() {
            let role = role_of(self.peek()?)?;
            let role_span = self.current().1;
            self.pos += 1;
            roles.push(RoleLine {
                role,
                role_span,
                actors: self.names()?,
            });
        }
        Some(ItemKind::Party(Party { name, roles }))
    }

    /// `channel NAME: KIND CLAUSES`, the clauses in braces or not, each at most once.
    fn channel(&mut self) -> Option<ItemKind<'a>> {
        self.kw(Kw::Channel)?;
        let name = self.name()?;
        self.eat(K::Punct(":"))?;
        let kind = match self.peek()? {
            K::Kw(Kw::Public) => ChannelKind::Public,
            K::Kw(Kw::Formal) => ChannelKind::Formal,
            K::Kw(Kw::Hotline) => ChannelKind::Hotline,
            K::Kw(Kw::Backchannel) => ChannelKind::Backchannel,
            K::Kw(Kw::Informal) => ChannelKind::Informal,
            _ => return None,
        };
        let kind_span = self.current().1;
        self.pos += 1;
        let mut ch = Channel::new(name, kind, kind_span);
        let braced = self.eat(K::Punct("{")).is_some();
        let mut seen = [false; 4];
        loop {
            let slot = match self.peek() {
                Some(K::Kw(Kw::Members | Kw::Between)) => 0,
                Some(K::Kw(Kw::Via)) => 1,
                Some(K::Kw(Kw::Authorized)) => 2,
                Some(K::Kw(Kw::Endless)) => 3,
                _ => break,
            };
            if std::mem::replace(&mut seen[slot], true) {
                return None;
            }
            self.pos += 1;
            match slot {
                0 => ch.members = self.names()?,
                1 => ch.via = self.names()?,
                2 => {
                    self.kw(Kw::By)?;
                    ch.authorized = self.names()?;
                }
                _ => {
                    self.kw(Kw::After)?;
                    let endless = self.integer()?;
                    self.kw(Kw::Sessions)?;
                    ch.endless_after = Some(endless);
                }
            }
        }
        if braced {
            self.eat(K::Punct("}"))?;
        }
        Some(ItemKind::Channel(ch))
    }

    /// `when COND { … }`
    fn when(&mut self) -> Option<ItemKind<'a>> {
        self.kw(Kw::When)?;
        let cond = self.cond(0)?;
        let body = self.body()?;
        Some(ItemKind::When { cond, body })
    }

    /// `if COND { … }`, with `else { … }` or `else if …`.
    fn if_(&mut self) -> Option<ItemKind<'a>> {
        self.kw(Kw::If)?;
        let cond = self.cond(0)?;
        let then = self.body()?;
        let otherwise = match self.kw(Kw::Else) {
            None => None,
            Some(_) if self.peek() == Some(K::Kw(Kw::If)) => {
                let start = self.pos;
                let kind = self.if_()?;
                Some(vec![Item {
                    kind,
                    span: self.since(start),
                }])
            }
            Some(_) => Some(self.body()?),
        };
        Some(ItemKind::If {
            cond,
            then,
            otherwise,
        })
    }

    /// `{ ITEM* }`
    fn body(&mut self) -> Option<Vec<Item<'a>>> {
        self.eat(K::Punct("{"))?;
        let mut items = Vec::new();
        while self.eat(K::Punct("}")).is_none() {
            if !self.item(&mut items) {
                return None;
            }
        }
        Some(items)
    }

    // ---- conditions -------------------------------------------------------------

    /// A condition whose operators bind at least as tightly as `min`: `or` binds
    /// with power 2 (its right-hand side from 3), `and` with 4 (from 5), `not` 6.
    fn cond(&mut self, min: u8) -> Option<Cond<'a>> {
        let start = self.pos;
        let mut lhs = if self.kw(Kw::Not).is_some() {
            let operand = self.cond(6)?;
            Cond {
                kind: CondKind::Not(Box::new(operand)),
                span: self.since(start),
            }
        } else if self.eat(K::Punct("(")).is_some() {
            let inner = self.cond(0)?;
            self.eat(K::Punct(")"))?;
            inner
        } else {
            self.predicate()?
        };
        loop {
            let (power, and) = match self.peek() {
                Some(K::Kw(Kw::And)) => (4, true),
                Some(K::Kw(Kw::Or)) => (2, false),
                _ => break,
            };
            if power < min {
                break;
            }
            self.pos += 1;
            let rhs = Box::new(self.cond(power + 1)?);
            let kind = if and {
                CondKind::And(Box::new(lhs), rhs)
            } else {
                CondKind::Or(Box::new(lhs), rhs)
            };
            lhs = Cond {
                kind,
                span: self.since(start),
            };
        }
        Some(lhs)
    }

    fn predicate(&mut self) -> Option<Cond<'a>> {
        let start = self.pos;
        let second = self.peek_at(1);
        let kind = match self.peek()? {
            K::Ident if second == Some(K::Kw(Kw::Knows)) => {
                let mut chain = SmallVec::new();
                while self.peek() == Some(K::Ident) && self.peek_at(1) == Some(K::Kw(Kw::Knows)) {
                    chain.push(self.name()?);
                    self.pos += 1;
                }
                CondKind::Knows {
                    chain,
                    fact: self.term()?,
                }
            }
            K::Ident | K::Str if second == Some(K::Kw(Kw::Is)) => {
                let subject = self.term()?;
                self.pos += 1;
                let which = self.peek()?;
                self.pos += 1;
                match (which, subject) {
                    (K::Kw(Kw::Exposed), Term::Name(n)) => CondKind::Exposed(n),
                    (K::Kw(Kw::Mobilized), Term::Name(n)) => CondKind::Mobilized(n),
                    (K::Kw(Kw::Common), fact) => {
                        self.kw(Kw::Knowledge)?;
                        self.kw(Kw::Among)?;
                        CondKind::Common {
                            fact,
                            among: self.names()?,
                        }
                    }
                    _ => return None,
                }
            }
            K::Ident if second == Some(K::Kw(Kw::Lost)) => {
                let name = self.name()?;
                self.pos += 1;
                self.kw(Kw::Access)?;
                CondKind::LostAccess(name)
            }
            K::Ident if second == Some(K::Kw(Kw::Holds)) => {
                let party = self.name()?;
                self.pos += 1;
                CondKind::Holds {
                    party,
                    text: self.term()?,
                }
            }
            K::Kw(Kw::Credibility | Kw::Mobilization | Kw::Trust) => self.compare()?,
            _ => return None,
        };
        // `among` after `is exposed` or `is mobilized` is a mistake chumsky names.
        if self.peek() == Some(K::Kw(Kw::Among)) {
            return None;
        }
        Some(Cond {
            kind,
            span: self.since(start),
        })
    }

    /// `credibility of A == -1`, `mobilization of S >= 2`, `trust between P, Q < 0`.
    fn compare(&mut self) -> Option<CondKind<'a>> {
        let metric = match self.peek()? {
            K::Kw(Kw::Credibility) => {
                self.pos += 1;
                self.kw(Kw::Of)?;
                Metric::Credibility(self.name()?)
            }
            K::Kw(Kw::Mobilization) => {
                self.pos += 1;
                self.kw(Kw::Of)?;
                Metric::Mobilization(self.name()?)
            }
            _ => {
                self.pos += 1;
                self.kw(Kw::Between)?;
                let a = self.name()?;
                self.eat(K::Punct(","))?;
                Metric::Trust(a, self.name()?)
            }
        };
        let op = match self.peek()? {
            K::Punct("==") => CmpOp::Eq,
            K::Punct("!=") => CmpOp::Ne,
            K::Punct("<") => CmpOp::Lt,
            K::Punct("<=") => CmpOp::Le,
            K::Punct(">") => CmpOp::Gt,
            K::Punct(">=") => CmpOp::Ge,
            _ => return None,
        };
        self.pos += 1;
        self.tok(self.pos)?;
        let (value, value_span) = match *self.current() {
            (Token::Int(n), span) => (n as f64, span),
            (Token::Decimal(n), span) => (n, span),
            _ => return None,
        };
        self.pos += 1;
        Some(CondKind::Compare {
            metric,
            op,
            value,
            value_span,
        })
    }
}
