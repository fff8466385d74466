//! The checker: everything that can be known without running (LANGUAGE.md §7.2).
//!
//! It walks the items in order, as the interpreter will, keeping the names declared so
//! far in one namespace (parties, actors, channels, labels and `let` names). Each use
//! of a name is resolved against that scope and must be of the right *sort* (a
//! channel after `on`, an actor as a speaker, …). It also checks roles, duplicates,
//! the insiders of statements and agreements, `notifies` without a recipient,
//! `relations: none` against direct formal and hotline channels, and the order and
//! kind of time. What passes is lowered to [`ir`]: names become ids.
//!
//! The checker keeps its state between calls, so the REPL can check one input at a
//! time against everything accepted before. Names are resolved in `names`, conditions
//! lowered in `cond`.

use crate::HashMap;
use crate::ast::{self, Audience, ChannelKind, Item, ItemKind, Role, Term, Verb};
use crate::codes::Code;
use crate::diagnostic::{Diagnostic, LeftOut};
use crate::ir::*;
use crate::model::{self, Reach};
use crate::numbering;
use crate::source::Span;
use std::collections::HashSet;

mod cond;
mod names;

/// What a name stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Symbol {
    Party(PartyId),
    Actor(ActorId),
    Channel(ChannelId),
    Label(StmtId),
    Let(TextId),
}

/// Sets of sorts a use of a name accepts.
const PARTY: u8 = 1;
const ACTOR: u8 = 2;
const CHANNEL: u8 = 4;
const LABEL: u8 = 8;
const LET: u8 = 16;

/// Names longer than this get no "did you mean": comparing two names costs the
/// product of their lengths, in time and memory.
const MAX_SUGGESTED_LEN: usize = 64;
/// How many unknown names of one check get a "did you mean": each search compares
/// the name with every name in scope.
const MAX_SUGGESTIONS: usize = 100;

/// The id given to a label whose statement did not check; never run.
const BROKEN: StmtId = StmtId::MAX;

impl Symbol {
    fn sort(self) -> u8 {
        match self {
            Symbol::Party(_) => PARTY,
            Symbol::Actor(_) => ACTOR,
            Symbol::Channel(_) => CHANNEL,
            Symbol::Label(_) => LABEL,
            Symbol::Let(_) => LET,
        }
    }

    /// The symbol in 32 bits, its sort in the top three and its number in the rest,
    /// if the number fits (a script has fewer than 2²⁶ names of any sort).
    fn packed(self) -> Option<u32> {
        let (sort, n) = match self {
            Symbol::Party(n) => (0, n),
            Symbol::Actor(n) => (1, n),
            Symbol::Channel(n) => (2, n),
            Symbol::Label(n) => (3, n),
            Symbol::Let(n) => (4, n),
        };
        (n < 1 << 29).then_some(sort << 29 | n)
    }

    /// The symbol [`Symbol::packed`] made `bits` of.
    fn unpacked(bits: u32) -> Symbol {
        let n = bits & ((1 << 29) - 1);
        match bits >> 29 {
            0 => Symbol::Party(n),
            1 => Symbol::Actor(n),
            2 => Symbol::Channel(n),
            3 => Symbol::Label(n),
            _ => Symbol::Let(n),
        }
    }
}

/// The checker's memory: the names and relations declared so far, and the time.
#[derive(Clone, Debug, Default)]
pub struct Checker {
    pub decls: Decls,
    scope: names::Scope,
    time: Option<(TimeKind, i64, String, Span)>,
    no_relations: HashMap<(PartyId, PartyId), Span>,
}

impl Checker {
    pub fn new() -> Self {
        Self::default()
    }

    /// Checks items against what was declared before, and lowers them. The ops are
    /// only meaningful when no diagnostic is an error.
    pub fn check(&mut self, program: &ast::Program) -> (Vec<Op>, Vec<Diagnostic>) {
        let mut declared = Declared::default();
        declared.add(&program.items);
        let mut items = self.check_each(declared);
        let ops = program.items.iter().filter_map(|i| items.item(i)).collect();
        (ops, items.finish())
    }

    /// Checks the items of a whole program one at a time, in order, as
    /// [`Checker::check`] checks them, `declared` being what they all declare: for a
    /// script with mistakes read again in pieces ([`crate::parser::parse_each`]), so
    /// that its tree is never held whole.
    pub fn check_each(&mut self, declared: Declared) -> Items<'_> {
        let mut pass = Pass::new(self);
        pass.later = declared.later;
        pass.broken = declared.broken;
        Items {
            pass,
            failed: false,
        }
    }

    /// Checks items one at a time, as the parser's fast path hands them over, for a
    /// script read in one go. Names declared later in the script are not known yet,
    /// so an unknown name is reported without "used before it is declared": when
    /// [`Items::finish`] reports an error, check the whole program again with
    /// [`Checker::check`] (on a fresh checker) for the diagnostics to show.
    pub fn items(&mut self) -> Items<'_> {
        Items {
            pass: Pass::new(self),
            failed: false,
        }
    }

    /// Checks a lone condition (the REPL's `Rabin knows oslo`) against what was
    /// declared, and lowers it. A string in it is interned into the texts.
    pub fn check_condition(&mut self, c: &ast::Cond) -> (Option<Cond>, Vec<Diagnostic>) {
        let mut pass = Pass::new(self);
        let cond = pass.cond(c);
        (cond, pass.diags)
    }

    /// Keeps the texts and names that are slices of `script` by their place in it
    /// rather than a copy ([`crate::ir::Texts::read_from`]): for a checker that has
    /// met no text or name yet.
    pub fn read_from(&mut self, script: &std::sync::Arc<String>) {
        self.decls.texts.read_from(script);
        self.scope.read_from(script);
    }

    /// Takes the indexes of a numbering that numbered every text and name met so far
    /// (see [`Items::numbered`]), so that texts and names are found again.
    pub fn adopt(&mut self, indexes: numbering::Indexes) {
        self.decls.texts.adopt(indexes.texts);
        if let Some((places, index)) = indexes.names {
            self.scope.adopt(places, index);
        }
    }

    /// Every declared name, for completion.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.scope.declared().map(|(name, _)| name)
    }
}

/// A check of one item at a time (see [`Checker::items`]).
pub struct Items<'c> {
    pass: Pass<'c>,
    failed: bool,
}

impl Items<'_> {
    /// Checks and lowers one top-level item.
    pub fn item(&mut self, item: &Item) -> Option<Op> {
        let before = self.pass.diags.len();
        let kind = self.pass.item(item, false);
        let new = self.pass.diags.get(before..).unwrap_or_default();
        self.failed |= new.iter().any(Diagnostic::is_error);
        Some(Op {
            kind: kind?,
            span: item.span,
        })
    }

    /// Adds the texts and names numbered where they were parsed
    /// ([`crate::numbering`]), before the items that use them are checked; `progress`
    /// is how far the script has been read once they are.
    pub fn numbered(&mut self, new: &numbering::New<'_>, progress: Progress) {
        let decls = &mut self.pass.c.decls;
        decls.progress = progress;
        decls.texts.grow_foreseen(new.texts.len(), progress);
        for text in &new.texts {
            decls.texts.push_numbered(text);
        }
        if new.names {
            self.pass.c.scope.numbered();
        }
    }

    /// What the items checked so far declared.
    pub fn decls(&self) -> &Decls {
        &self.pass.c.decls
    }

    /// Whether an item checked so far has an error.
    pub fn failed(&self) -> bool {
        self.failed
    }

    /// The diagnostics of every item checked.
    pub fn finish(mut self) -> Vec<Diagnostic> {
        self.pass.diags.extend(self.pass.left_out.summary());
        self.pass.diags
    }
}

/// What [`Checker::check`] must know of a whole program before it checks any item:
/// every name declared anywhere (for "used before it is declared"), and the names
/// that items which did not parse seem to declare (whose uses are not reported
/// again). Gathered a few items at a time, in order.
#[derive(Default)]
pub struct Declared {
    later: HashMap<String, Span>,
    broken: HashSet<String>,
}

impl Declared {
    /// Adds what these items declare.
    pub fn add(&mut self, items: &[Item]) {
        collect_declarations(items, &mut self.later);
        collect_broken(items, &mut self.broken);
    }
}

/// Every name declared anywhere in these items, with its first declaration.
fn collect_declarations(items: &[Item], out: &mut HashMap<String, Span>) {
    fn add(out: &mut HashMap<String, Span>, n: &ast::Name) {
        out.entry(n.text.to_string()).or_insert(n.span);
    }
    for item in items {
        match &item.kind {
            ItemKind::Party(p) => {
                add(out, &p.name);
                p.roles
                    .iter()
                    .flat_map(|r| &r.actors)
                    .for_each(|n| add(out, n));
            }
            ItemKind::Let { name, .. } => add(out, name),
            ItemKind::Channel(c) => add(out, &c.name),
            ItemKind::Statement(s) => s.label.iter().for_each(|n| add(out, n)),
            ItemKind::Agree(a) => a.label.iter().for_each(|n| add(out, n)),
            ItemKind::When { body, .. } => collect_declarations(body, out),
            ItemKind::If {
                then, otherwise, ..
            } => {
                collect_declarations(then, out);
                collect_declarations(otherwise.as_deref().unwrap_or_default(), out);
            }
            _ => {}
        }
    }
}

/// The names that items which did not parse seem to declare.
fn collect_broken(items: &[Item], out: &mut HashSet<String>) {
    for item in items {
        match &item.kind {
            ItemKind::Error { declares } => out.extend(declares.iter().map(|n| n.text.to_string())),
            ItemKind::When { body, .. } => collect_broken(body, out),
            ItemKind::If {
                then, otherwise, ..
            } => {
                collect_broken(then, out);
                collect_broken(otherwise.as_deref().unwrap_or_default(), out);
            }
            _ => {}
        }
    }
}

/// One call of [`Checker::check`].
struct Pass<'c> {
    c: &'c mut Checker,
    /// Every name declared in these items, for "used before it is declared".
    later: HashMap<String, Span>,
    /// Names declared by items that did not parse: their uses are not reported again.
    broken: HashSet<String>,
    /// Names already reported as unknown: one mistake, one error.
    reported: HashSet<String>,
    diags: Vec<Diagnostic>,
    /// Diagnostics past [`MAX_KEPT`](crate::diagnostic::MAX_KEPT), only counted.
    left_out: LeftOut,
}

impl<'c> Pass<'c> {
    fn new(c: &'c mut Checker) -> Self {
        Pass {
            c,
            later: HashMap::default(),
            broken: HashSet::new(),
            reported: HashSet::new(),
            diags: Vec::new(),
            left_out: LeftOut::default(),
        }
    }

    fn error(&mut self, d: Diagnostic) {
        self.diags.push(d);
        self.left_out.trim(&mut self.diags);
    }

    // ---- items ------------------------------------------------------------------

    /// The items of a rule's or an `if`'s body (top-level items are checked one at a
    /// time, by [`Items::item`]).
    fn body(&mut self, items: &[Item]) -> Vec<Op> {
        let mut ops = Vec::with_capacity(items.len());
        for item in items {
            if let Some(kind) = self.item(item, true) {
                ops.push(Op {
                    kind,
                    span: item.span,
                });
            }
        }
        ops
    }

    fn item(&mut self, item: &Item, in_body: bool) -> Option<OpKind> {
        let declaration = match &item.kind {
            ItemKind::Party(_) => Some("a party"),
            ItemKind::Relations { .. } => Some("`relations`"),
            ItemKind::Requires { .. } => Some("`requires`"),
            ItemKind::Let { .. } => Some("`let`"),
            ItemKind::Channel(_) => Some("a channel"),
            ItemKind::At(_) => Some("`at`"),
            ItemKind::When { .. } => Some("a `when` rule"),
            _ => None,
        };
        if let (true, Some(what)) = (in_body, declaration) {
            self.error(
                Diagnostic::error(Code::NotAnEvent, item.span, format!("{what} cannot appear inside a rule body"))
                    .with_label_message("not an event")
                    .with_help("the bodies of `when` and `if` hold events only: statements, agreements, revelations, `expect`, `show` and `if`; declare things at the top level"),
            );
            return None;
        }
        match &item.kind {
            ItemKind::Party(p) => Some(self.party_decl(p)),
            ItemKind::Relations { a, b, level, .. } => {
                let (pa, pb) = (self.party(a), self.party(b));
                let (pa, pb) = (pa?, pb?);
                if pa == pb {
                    self.error(
                        Diagnostic::error(
                            Code::SelfRelation,
                            b.span,
                            format!("relations of `{}` with itself", a.text),
                        )
                        .with_label_message("the same party twice"),
                    );
                    return None;
                }
                if *level == ast::Level::None {
                    self.c
                        .no_relations
                        .insert((pa.min(pb), pa.max(pb)), item.span);
                }
                Some(OpKind::Relations {
                    a: pa,
                    b: pb,
                    trust: level.trust(),
                })
            }
            ItemKind::Requires { party, text } => {
                let (p, t) = (self.party(party), self.text(text, false));
                Some(OpKind::Requires {
                    party: p?,
                    text: t?,
                })
            }
            ItemKind::Let { name, text, id, .. } => {
                let t = self.c.decls.text_id(*id, text);
                self.declare(name, Symbol::Let(t));
                None
            }
            ItemKind::Channel(ch) => self.channel_decl(ch).map(OpKind::Channel),
            ItemKind::At(time) => self.at(time).map(OpKind::At),
            ItemKind::Statement(s) => self.statement(s, item.span).map(OpKind::Say),
            ItemKind::Agree(a) => self.agree(a, item.span).map(OpKind::Agree),
            ItemKind::Reveal(r) => self.reveal(r).map(OpKind::Reveal),
            ItemKind::Expect(c) => self.cond(c).map(OpKind::Expect),
            ItemKind::Show(s) => self.show(s).map(OpKind::Show),
            ItemKind::When { cond, body } => {
                let cond = self.cond(cond);
                let body = self.body(body);
                let decls = &mut self.c.decls;
                let rule = decls.rules.len() as RuleId;
                decls.rules.grow_foreseen(1, decls.progress);
                decls.rules.push(Rule {
                    cond: cond?,
                    body,
                    span: item.span,
                });
                Some(OpKind::When(rule))
            }
            ItemKind::If {
                cond,
                then,
                otherwise,
            } => {
                let cond = self.cond(cond);
                let then = self.body(then);
                let otherwise = self.body(otherwise.as_deref().unwrap_or_default());
                Some(OpKind::If(Box::new(Branch {
                    cond: cond?,
                    then,
                    otherwise,
                })))
            }
            ItemKind::Error { .. } => None,
        }
    }

    fn party_decl(&mut self, p: &ast::Party) -> OpKind {
        let id = self.c.decls.parties.len() as PartyId;
        self.declare(&p.name, Symbol::Party(id));
        let mut party = ir::Party {
            name: p.name.text.to_string(),
            actors: Vec::new(),
            spoilers: Vec::new(),
            span: p.name.span,
        };
        for line in &p.roles {
            for name in &line.actors {
                let a = self.c.decls.actors.len() as ActorId;
                if !self.declare(name, Symbol::Actor(a)) {
                    continue;
                }
                self.c.decls.actors.grow(1);
                self.c.decls.actors.push(Actor {
                    name: name.text.to_string(),
                    party: id,
                    role: line.role,
                    span: name.span,
                });
                party.actors.push(a);
                if line.role == Role::Spoiler {
                    party.spoilers.push(a);
                }
            }
        }
        self.c.decls.parties.push(party);
        OpKind::Party(id)
    }

    fn channel_decl(&mut self, ch: &ast::Channel) -> Option<ChannelId> {
        let mut actors = |names: &[ast::Name]| -> Vec<ActorId> {
            names.iter().filter_map(|n| self.actor(n)).collect()
        };
        let members = actors(&ch.members);
        let via = actors(&ch.via);
        let authorized = actors(&ch.authorized);
        let decls = &self.c.decls;
        let mut insiders: Vec<ActorId> = members
            .iter()
            .chain(&via)
            .chain(&authorized)
            .copied()
            .collect();
        insiders.sort_unstable();
        insiders.dedup();
        let party_of = |a: &ActorId| decls.actors[*a as usize].party;
        let mut parties: Vec<PartyId> = insiders.iter().map(party_of).collect();
        parties.sort_unstable();
        parties.dedup();
        let mut content = insiders.clone();
        if model::rules(ch.kind).content == Reach::InsidersAndGovernments {
            for p in members.iter().map(party_of) {
                content.extend(decls.parties[p as usize].actors.iter().filter(|a| {
                    matches!(
                        decls.actors[**a as usize].role,
                        Role::Leader | Role::Bureaucracy
                    )
                }));
            }
            content.sort_unstable();
            content.dedup();
        }
        if matches!(ch.kind, ChannelKind::Formal | ChannelKind::Hotline) && via.is_empty() {
            let mut member_parties: Vec<PartyId> = members.iter().map(party_of).collect();
            member_parties.sort_unstable();
            member_parties.dedup();
            let blocked = member_parties.iter().enumerate().find_map(|(i, a)| {
                member_parties[i + 1..]
                    .iter()
                    .find_map(|b| self.c.no_relations.get(&(*a, *b)).map(|s| (*a, *b, *s)))
            });
            if let Some((a, b, relations)) = blocked {
                let (a, b) = (
                    decls.party_name(a).to_string(),
                    decls.party_name(b).to_string(),
                );
                self.error(
                    Diagnostic::error(
                        Code::NoRelations,
                        ch.name.span,
                        format!(
                            "`{}` is a direct {} channel between {a} and {b}, which have no diplomatic relations",
                            ch.name.text,
                            ch.kind.as_str()
                        ),
                    )
                    .with_label_message("a direct channel")
                    .with_label(ch.kind_span, format!("{} needs relations", ch.kind.as_str()))
                    .with_label(relations, "no relations declared here")
                    .with_help("talk through a protecting power with `via`, or use a `backchannel`"),
                );
            }
        }
        let id = self.c.decls.channels.len() as ChannelId;
        self.declare(&ch.name, Symbol::Channel(id));
        let endless_after = ch
            .endless_after
            .map_or(8, |(n, _)| n.clamp(0, u32::MAX as i64) as u32);
        self.c.decls.channels.grow(1);
        self.c.decls.channels.push(ir::Channel {
            name: ch.name.text.to_string(),
            kind: ch.kind,
            members,
            via,
            authorized,
            insiders,
            content,
            parties,
            endless_after,
            span: ch.name.span,
        });
        Some(id)
    }

    fn at(&mut self, time: &ast::Time) -> Option<Time> {
        let (kind, value, text, span) = match *time {
            ast::Time::Date {
                year,
                month,
                day,
                span,
            } => (
                TimeKind::Date,
                days_from_civil(year, month, day),
                format!("{year:04}-{month:02}-{day:02}"),
                span,
            ),
            ast::Time::Day { n, span } => (TimeKind::Day, n, format!("day {n}"), span),
            ast::Time::Round { n, span } => (TimeKind::Round, n, format!("round {n}"), span),
            ast::Time::Error => return None,
        };
        if let Some((first_kind, before, before_text, before_span)) = &self.c.time {
            let name = |k: TimeKind| match k {
                TimeKind::Date => "dates",
                TimeKind::Day => "days",
                TimeKind::Round => "rounds",
            };
            if *first_kind != kind {
                let d = Diagnostic::error(
                    Code::MixedTime,
                    span,
                    format!(
                        "this script counts time in {}, but `{text}` is in {}",
                        name(*first_kind),
                        name(kind)
                    ),
                )
                .with_label_message(format!("{} here", name(kind)))
                .with_label(*before_span, format!("{} here", name(*first_kind)))
                .with_help("use one of dates, `day N` or `round N` throughout a script");
                self.error(d);
                return None;
            }
            if value < *before {
                let d = Diagnostic::error(
                    Code::TimeBackwards,
                    span,
                    format!("time goes backwards: `{text}` comes before `{before_text}`"),
                )
                .with_label_message("earlier than the session before")
                .with_label(*before_span, "the session before")
                .with_help(
                    "sessions run in order; an equal time is allowed and opens a new session",
                );
                self.error(d);
                return None;
            }
        }
        self.c.time = Some((kind, value, text.clone(), span));
        Some(Time { kind, value, text })
    }

    fn statement(&mut self, s: &ast::Statement, span: Span) -> Option<StmtId> {
        let speaker = self.actor(&s.speaker);
        let channel = s.on.as_ref().and_then(|c| self.channel(c));
        let channel_ok = s.on.is_none() || channel.is_some();
        let what_and_text = self.operands(s);
        let id = self.label(
            s.label.as_ref(),
            what_and_text.is_some() && speaker.is_some() && channel_ok,
        );
        let (recipient, text, denied) = what_and_text?;
        let speaker = speaker?;
        if let Some(c) = channel {
            self.insider(speaker, c, &s.speaker, Code::SpeakerNotInsider, "speaker")?;
            if let (Some(r), Some(ast::Term::Name(n))) = (recipient, s.operands.first()) {
                self.insider(r, c, n, Code::RecipientNotInsider, "recipient")?;
            }
        }
        if !channel_ok {
            return None;
        }
        let what = match denied {
            Some(fact) => StmtKind::Denied { speaker, fact },
            None => StmtKind::Said {
                speaker,
                verb: s.verb,
                recipient: recipient.into(),
                issue: s
                    .about
                    .as_ref()
                    .map(|n| self.c.decls.text_id(s.about_id, n.text))
                    .into(),
            },
        };
        self.c.decls.stmts[id? as usize] = Stmt {
            what,
            text: text.into(),
            channel: channel.into(),
            label: s
                .label
                .as_ref()
                .map(|l| self.c.decls.labels.push(l.text))
                .into(),
            span,
        };
        id
    }

    /// Declares a statement's label and reserves its id; `None` if it will not run.
    fn label(&mut self, label: Option<&ast::Name>, ok: bool) -> Option<StmtId> {
        let id = if ok {
            self.c.decls.stmts.len() as StmtId
        } else {
            BROKEN
        };
        if let Some(l) = label {
            self.declare(l, Symbol::Label(id));
        }
        if !ok {
            return None;
        }
        // A placeholder until the statement is complete.
        let decls = &mut self.c.decls;
        decls.stmts.grow_foreseen(1, decls.progress);
        decls.stmts.push(Stmt {
            what: StmtKind::Agreed { parties: 0 },
            text: Maybe::NONE,
            channel: Maybe::NONE,
            label: Maybe::NONE,
            span: Span::default(),
        });
        Some(id)
    }

    /// Sorts the words after the verb into recipient, text and denied fact.
    #[allow(clippy::type_complexity)]
    fn operands(
        &mut self,
        s: &ast::Statement,
    ) -> Option<(Option<ActorId>, Option<TextId>, Option<Fact>)> {
        let verb = s.verb.as_str();
        let shape = |msg: String, span: Span| Diagnostic::error(Code::StatementShape, span, msg);
        if s.verb == Verb::Denies {
            return match s.operands.as_slice() {
                [fact] => Some((None, None, Some(self.fact(fact)?))),
                [] => {
                    self.error(shape("`denies` needs the fact it denies".into(), s.verb_span).with_help("write `SPEAKER denies FACT`, where the fact is a channel, a label or a text"));
                    None
                }
                [recipient, _] => {
                    self.error(
                        shape("`denies` takes no recipient".into(), recipient.span())
                            .with_label_message(
                                "a denial is heard by everyone it reaches, not addressed",
                            )
                            .with_help("write `SPEAKER denies FACT [on CHANNEL]`"),
                    );
                    None
                }
                _ => None,
            };
        }
        let (recipient, text) = match s.operands.as_slice() {
            [] => (None, None),
            [Term::Name(n)] => match self.resolve(n, ACTOR | LET)? {
                Symbol::Actor(a) => (Some(a), None),
                Symbol::Let(t) => (None, Some(t)),
                _ => return None,
            },
            [t] => (None, Some(self.text(t, false)?)),
            [r, t] => {
                let recipient = match r {
                    Term::Name(n) => self.actor(n),
                    other => {
                        self.error(
                            shape(
                                "the recipient comes before the text, and is an actor".into(),
                                other.span(),
                            )
                            .with_help(format!("write `SPEAKER {verb} RECIPIENT TEXT`")),
                        );
                        None
                    }
                };
                let text = self.text(t, false);
                (Some(recipient?), Some(text?))
            }
            _ => return None,
        };
        if s.verb == Verb::Notifies && recipient.is_none() {
            self.error(
                Diagnostic::error(
                    Code::MissingRecipient,
                    s.verb_span,
                    "`notifies` needs a recipient",
                )
                .with_label_message("notifies whom?")
                .with_help("name the actor notified: `SPEAKER notifies RECIPIENT TEXT on CHANNEL`"),
            );
            return None;
        }
        if text.is_none() {
            self.error(
                shape(format!("`{verb}` needs a text"), s.verb_span)
                    .with_label_message(format!("{verb} what?"))
                    .with_help(format!(
                        "add a string or a `let` name: `{} {verb} \"...\"`",
                        s.speaker.text
                    )),
            );
            return None;
        }
        Some((recipient, text, None))
    }

    /// Checks that `actor` is an insider of `channel`.
    fn insider(
        &mut self,
        actor: ActorId,
        channel: ChannelId,
        name: &ast::Name,
        code: Code,
        who: &str,
    ) -> Option<()> {
        let ch = &self.c.decls.channels[channel as usize];
        if ch.is_insider(actor) {
            return Some(());
        }
        let insiders: Vec<String> = ch
            .insiders
            .iter()
            .map(|a| format!("`{}`", self.c.decls.actor_name(*a)))
            .collect();
        let help = if insiders.is_empty() {
            format!(
                "`{}` has no insiders; add members with `members` or `between`",
                ch.name
            )
        } else {
            format!(
                "the insiders of `{}` are {}; add `{}` to its members, `via` or `authorized by`",
                ch.name,
                insiders.join(", "),
                name.text
            )
        };
        let d = Diagnostic::error(
            code,
            name.span,
            format!("`{}` is not an insider of `{}`", name.text, ch.name),
        )
        .with_label_message(format!("this {who} is not on `{}`", ch.name))
        .with_label(ch.span, "channel declared here")
        .with_help(help);
        self.error(d);
        None
    }

    fn agree(&mut self, a: &ast::Agree, span: Span) -> Option<StmtId> {
        let text = self.text(&a.text, false);
        let channel = a.on.as_ref().and_then(|c| self.channel(c));
        let mut parties = Vec::new();
        let mut ok = text.is_some() && (a.on.is_none() || channel.is_some());
        for name in &a.parties {
            match self.party(name) {
                Some(p) if parties.contains(&p) => {
                    self.error(
                        Diagnostic::error(
                            Code::SelfRelation,
                            name.span,
                            format!("`{}` is named twice in the agreement", name.text),
                        )
                        .with_label_message("already a party to it"),
                    );
                    ok = false;
                }
                Some(p) => {
                    if let Some(c) = channel
                        && !self.c.decls.channels[c as usize].parties.contains(&p)
                    {
                        let ch = &self.c.decls.channels[c as usize];
                        let d = Diagnostic::error(Code::AgreementOutsider, name.span, format!("`{}` has no insider on `{}`", name.text, ch.name))
                            .with_label_message("not on the channel")
                            .with_label(ch.span, "channel declared here")
                            .with_help(format!("add one of {}'s actors to `{}`, or agree on a channel both parties sit on", name.text, ch.name));
                        self.error(d);
                        ok = false;
                    }
                    parties.push(p);
                }
                None => ok = false,
            }
        }
        if ok && parties.len() < 2 {
            self.error(
                Diagnostic::error(
                    Code::SelfRelation,
                    span,
                    "an agreement needs at least two parties",
                )
                .with_help("write `agree TEXT between P, Q`"),
            );
            ok = false;
        }
        let id = self.label(a.label.as_ref(), ok)?;
        let agreements = &mut self.c.decls.agreements;
        agreements.push(parties.into());
        self.c.decls.stmts[id as usize] = Stmt {
            what: StmtKind::Agreed {
                parties: agreements.len() as u32 - 1,
            },
            text: text.into(),
            channel: channel.into(),
            label: a
                .label
                .as_ref()
                .map(|l| self.c.decls.labels.push(l.text))
                .into(),
            span,
        };
        Some(id)
    }

    fn reveal(&mut self, r: &ast::Reveal) -> Option<Reveal> {
        let what = match &r.fact {
            ast::Fact::Everything { channel, .. } => {
                self.channel(channel).map(Revealed::Everything)
            }
            ast::Fact::Term(t) => self.fact(t).map(Revealed::Fact),
        };
        let mut everyone = r.audience.is_empty();
        let mut actors = Vec::new();
        let mut ok = true;
        for a in &r.audience {
            match a {
                Audience::Public(_) => everyone = true,
                Audience::Name(n) => match self.subject(n) {
                    Some(Subject::Actor(a)) => actors.push(a),
                    Some(Subject::Party(p)) => {
                        actors.extend(&self.c.decls.parties[p as usize].actors)
                    }
                    None => ok = false,
                },
            }
        }
        let by = match &r.by {
            Some(n) => Some(self.actor(n)?),
            None => None,
        };
        actors.sort_unstable();
        actors.dedup();
        let audience = if everyone {
            ir::Audience::Everyone
        } else {
            ir::Audience::Actors(actors)
        };
        ok.then_some(())?;
        Some(Reveal {
            kind: r.kind,
            what: what?,
            audience,
            by,
        })
    }

    fn show(&mut self, s: &ast::Show) -> Option<Show> {
        Some(match s {
            ast::Show::WhoKnows(t) => Show::WhoKnows(self.fact(t)?),
            ast::Show::KnowledgeOf(n) => Show::KnowledgeOf(self.subject(n)?),
            ast::Show::State => Show::State,
            ast::Show::Name(n) => match self.resolve(n, PARTY | ACTOR | CHANNEL | LABEL | LET)? {
                Symbol::Party(p) => Show::Subject(Subject::Party(p)),
                Symbol::Actor(a) => Show::Subject(Subject::Actor(a)),
                Symbol::Channel(c) => Show::Channel(c),
                Symbol::Label(s) => Show::Stmt(s),
                Symbol::Let(t) => Show::WhoKnows(Fact::Text(t)),
            },
        })
    }
}

use crate::ir;

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(y: i32, m: u32, d: u32) -> i64 {
    let y = i64::from(y) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(text: &str) -> Vec<&'static str> {
        let (program, syntax) = crate::parser::parse(0, text);
        assert!(syntax.is_empty(), "{syntax:?}");
        let (_, diags) = Checker::new().check(&program);
        diags.iter().map(|d| d.code.as_str()).collect()
    }

    /// Labels share one namespace with parties, actors, channels and `let` names.
    #[test]
    fn labels_and_other_names_are_one_namespace() {
        let base = "party A { leader Al  envoy Ann }\nparty B { leader Bo }\n\
                    channel c: backchannel between Ann, Bo\n";
        let clean = format!("{base}Ann floats \"x\" on c as idea\nleak idea to Bo\n");
        assert_eq!(codes(&clean), Vec::<&str>::new());
        // A label named like an actor, and a channel named like a label.
        let label_as_actor = format!("{base}Ann floats \"x\" on c as Bo\n");
        assert_eq!(codes(&label_as_actor), ["E0302"]);
        let channel_as_label =
            format!("{base}Ann floats \"x\" on c as idea\nchannel idea: hotline between Al, Bo\n");
        assert_eq!(codes(&channel_as_label), ["E0302"]);
        // A label where an actor is needed.
        let wrong_sort = format!("{base}Ann floats \"x\" on c as idea\nleak idea to idea\n");
        assert_eq!(codes(&wrong_sort), ["E0304"]);
        let mut checker = Checker::new();
        let (program, _) = crate::parser::parse(0, &clean);
        checker.check(&program);
        let mut names: Vec<&str> = checker.names().collect();
        names.sort_unstable();
        assert_eq!(names, ["A", "Al", "Ann", "B", "Bo", "c", "idea"]);
    }
}
