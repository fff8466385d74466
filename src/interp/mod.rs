//! The interpreter: runs a checked program against the channel model.
//!
//! [`Interp`] holds the state of a negotiation: who knows what ([`knowledge`]),
//! trust, credibility, mobilisation, positions, preconditions, lost access. [`Interp::run`]
//! executes ops in order; after every event it checks the `when` rules (LANGUAGE.md
//! §7.13) with an explicit stack rather than recursion, so long chains of rules
//! cannot overflow. The consequences of each event are computed by the rules of
//! §4, one function each, in `rules`; conditions are evaluated in [`cond`].
//!
//! Everything that happens is recorded as a [`Entry`] in the trace, which `report`
//! turns into the transcript and the JSON; `quiet` runs keep only what the summary
//! and `:why` need: no trace, no events, and of the expectations only those that
//! failed (and a count of all).

pub mod cond;
pub mod knowledge;
mod rules;
pub mod watch;

use crate::ast::{RevealKind, Verb};
use crate::codes::Code;
use crate::diagnostic::Diagnostic;
use crate::ir::*;
use crate::model;
use crate::source::Span;
use crate::{HashMap, HashSet};
use knowledge::{EventId, Group, Knowledge};
use smallvec::SmallVec;
use watch::{Dep, Watch};

/// Most rules that may fire in answer to one top-level item. Every rule is checked
/// after every event, so a cascade costs its length times the number of rules: ten
/// thousand is seconds, not minutes.
pub const MAX_CASCADE: usize = 10_000;

/// Something that followed from an event.
#[derive(Clone, Debug, PartialEq)]
pub enum Consequence {
    Exposed {
        channel: ChannelId,
    },
    DenialExposed {
        denier: ActorId,
        hearer: ActorId,
        before: i64,
        after: i64,
    },
    Mobilized {
        spoiler: ActorId,
        by: i64,
        total: i64,
    },
    Breach {
        leaker: ActorId,
        channel: ChannelId,
    },
    Trust {
        a: PartyId,
        b: PartyId,
        before: i64,
        after: i64,
    },
    Position {
        party: PartyId,
        text: TextId,
    },
    PreconditionMet {
        party: PartyId,
        text: TextId,
    },
}

/// What kind of event happened.
#[derive(Clone, Debug)]
pub enum EventKind {
    Party(PartyId),
    Relations {
        a: PartyId,
        b: PartyId,
        trust: i64,
    },
    Requires {
        party: PartyId,
        text: TextId,
        met: bool,
    },
    Opened(ChannelId),
    Said(StmtId),
    Agreed(StmtId),
    Revealed {
        kind: RevealKind,
        by: Option<ActorId>,
    },
    Rule(RuleId),
}

/// One executed event.
#[derive(Clone, Debug)]
pub struct Event {
    pub kind: EventKind,
    pub span: Span,
    pub session: u32,
    /// Who learned its facts (none for declarations).
    pub learners: Option<Group>,
    pub consequences: Vec<Consequence>,
}

/// The outcome of one `expect`.
#[derive(Clone, Debug)]
pub struct Expectation {
    pub span: Span,
    pub passed: bool,
    /// The condition, printed.
    pub condition: String,
    /// Why it holds or fails: who knows, or the actual value.
    pub reason: String,
}

/// The trace, in order.
#[derive(Clone, Debug)]
pub enum Entry {
    Session {
        number: u32,
        time: String,
        span: Span,
    },
    Event(EventId),
    Expect(usize),
    Show {
        span: Span,
        text: String,
    },
    If {
        span: Span,
        taken: bool,
    },
    Diagnostic(usize),
}

#[derive(Clone, Debug)]
struct Denial {
    denier: ActorId,
    fact: Fact,
    hearers: Group,
    exposed: bool,
}

#[derive(Clone, Debug)]
struct Precondition {
    party: PartyId,
    text: TextId,
    met: bool,
    span: Span,
}

/// Per channel: what was said on it and in how many sessions.
#[derive(Clone, Debug, Default)]
struct Talk {
    stmts: Vec<StmtId>,
    sessions: u32,
    last_session: Option<u32>,
    agreed: bool,
    warned: bool,
}

/// A proposal or demand on an issue: where, what, and the statement.
type Offer = (ChannelId, TextId, Span);

/// The state of a negotiation.
#[derive(Clone, Debug, Default)]
pub struct Interp {
    pub knowledge: Knowledge,
    /// Actors in being: ids `0..actors`.
    pub actors: u32,
    pub session: u32,
    /// The time of each session from 1 on, as written (the last is the time now).
    pub times: Vec<String>,
    trust: HashMap<(PartyId, PartyId), i64>,
    pub credibility: Vec<i64>,
    pub mobilization: Vec<i64>,
    /// Per actor: the leak that cost it access.
    pub lost_access: Vec<Option<Span>>,
    pub opened: Vec<bool>,
    /// Per channel: the event that exposed it.
    pub exposed: Vec<Option<EventId>>,
    pub positions: Vec<(PartyId, TextId)>,
    position_set: HashSet<(PartyId, TextId)>,
    pub agreements: Vec<StmtId>,
    preconditions: Vec<Precondition>,
    /// How many preconditions of each party are not met yet (parties with none are
    /// left out, so that talks among them skip the search).
    unmet: HashMap<PartyId, u32>,
    /// Per text, the parties that conceded or accepted it on record.
    accepted_on_record: HashMap<TextId, Vec<PartyId>>,
    announced: HashSet<TextId>,
    denials: Vec<Denial>,
    pending_denials: HashMap<Fact, Vec<usize>>,
    talk: Vec<Talk>,
    /// Per party and issue: what was proposed or demanded where.
    forum: HashMap<(PartyId, TextId), Vec<Offer>>,
    forum_warned: HashSet<(PartyId, TextId)>,
    back_channels: HashMap<Vec<PartyId>, ChannelId>,
    /// Per agreement made on a channel: how many concessions preceded it there.
    concessions_before: HashMap<StmtId, u32>,
    /// How far `everything on` a channel was already revealed, per way of teaching:
    /// for (channel, learners, observers), how many of its statements were taught
    /// that way. Teaching them that way again changes nothing, so a revelation
    /// teaches only what lies beyond.
    revealed_up_to: HashMap<(ChannelId, Group, Group), u32>,
    /// Per channel, how many of its concessions' texts were announced by announcing
    /// its agreements.
    announced_concessions: HashMap<ChannelId, u32>,
    /// The `when` rules declared so far, and which may be ready.
    watch: Watch,
    /// Events run so far (kept in `events` only when recording).
    pub event_count: usize,
    pub events: Vec<Event>,
    pub entries: Vec<Entry>,
    /// Every expectation when recording; only the failed ones otherwise.
    pub expectations: Vec<Expectation>,
    /// Expectations checked, passed or not.
    pub expectations_run: usize,
    pub diagnostics: Vec<Diagnostic>,
    /// Whether to keep the transcript entries (off for `--quiet`).
    pub record: bool,
    /// Most rules that may fire in answer to one top-level item.
    pub cascade_limit: usize,
}

/// A run-time error stopped the run.
#[derive(Debug)]
pub struct Stopped;

impl Interp {
    pub fn new(record: bool) -> Self {
        Interp {
            record,
            cascade_limit: MAX_CASCADE,
            ..Default::default()
        }
    }

    pub fn trust(&self, a: PartyId, b: PartyId) -> i64 {
        self.trust.get(&(a.min(b), a.max(b))).copied().unwrap_or(0)
    }

    fn set_trust(&mut self, a: PartyId, b: PartyId, value: i64) {
        self.trust.insert((a.min(b), a.max(b)), value);
        self.watch.changed(Dep::trust(a, b));
    }

    /// Every pair of parties whose trust was set, in id order.
    pub fn trust_pairs(&self) -> Vec<((PartyId, PartyId), i64)> {
        let mut pairs: Vec<_> = self.trust.iter().map(|(k, v)| (*k, *v)).collect();
        pairs.sort_unstable();
        pairs
    }

    pub fn everyone(&self) -> Group {
        Group::Everyone(self.actors)
    }

    fn note(&mut self, entry: Entry) {
        if self.record {
            self.entries.push(entry);
        }
    }

    fn warn(&mut self, d: Diagnostic) {
        self.diagnostics.push(d);
        let i = self.diagnostics.len() - 1;
        self.note(Entry::Diagnostic(i));
    }

    fn fail(&mut self, d: Diagnostic) -> Stopped {
        self.diagnostics.push(d);
        let i = self.diagnostics.len() - 1;
        self.note(Entry::Diagnostic(i));
        Stopped
    }

    fn event(&mut self, kind: EventKind, span: Span, learners: Option<Group>) -> EventId {
        let id = self.event_count as EventId;
        self.event_count += 1;
        if self.record {
            self.events.push(Event {
                kind,
                span,
                session: self.session,
                learners,
                consequences: Vec::new(),
            });
            self.note(Entry::Event(id));
        }
        id
    }

    fn consequence(&mut self, event: EventId, c: Consequence) {
        if let Some(ev) = self.events.get_mut(event as usize) {
            ev.consequences.push(c);
        }
    }

    /// Runs ops (a whole script, or one REPL input) on the current state.
    pub fn run(&mut self, decls: &Decls, ops: &[Op]) -> Result<(), Stopped> {
        // Frames of ops being run: the program, an `if` branch, or a rule's body.
        self.knowledge.reserve(decls);
        let mut stack: Vec<(&[Op], usize, bool)> = vec![(ops, 0, false)];
        let mut fired = 0usize;
        while let Some(top) = stack.last_mut() {
            let Some(op) = top.0.get(top.1) else {
                let (_, _, rule_body) = stack.pop().unwrap_or_default();
                if rule_body {
                    self.fire_ready_rule(decls, &mut stack, &mut fired)?;
                }
                continue;
            };
            top.1 += 1;
            if stack.len() == 1 {
                fired = 0;
            }
            match &op.kind {
                OpKind::If(branch) => {
                    let taken = cond::eval(self, decls, &branch.cond);
                    self.note(Entry::If {
                        span: op.span,
                        taken,
                    });
                    let ops = if taken {
                        &branch.then
                    } else {
                        &branch.otherwise
                    };
                    stack.push((ops, 0, false));
                }
                OpKind::Expect(c) => self.expect(decls, c, op.span),
                OpKind::Show(s) => {
                    if self.record {
                        let text = crate::report::show(self, decls, s);
                        self.note(Entry::Show {
                            span: op.span,
                            text,
                        });
                    }
                }
                OpKind::When(rule) => {
                    for fact in self.watch.declare(*rule, &decls.rules[*rule as usize].cond) {
                        self.knowledge.watch(decls, fact);
                    }
                    self.fire_ready_rule(decls, &mut stack, &mut fired)?;
                }
                _ => {
                    self.exec(decls, op)?;
                    self.fire_ready_rule(decls, &mut stack, &mut fired)?;
                }
            }
        }
        Ok(())
    }

    /// Fires the first ready rule, in declaration order, by pushing its body.
    fn fire_ready_rule<'a>(
        &mut self,
        decls: &'a Decls,
        stack: &mut Vec<(&'a [Op], usize, bool)>,
        fired: &mut usize,
    ) -> Result<(), Stopped> {
        let rule = loop {
            let Some(r) = self.watch.next_candidate() else {
                return Ok(());
            };
            if cond::eval(self, decls, &decls.rules[r as usize].cond) {
                break r;
            }
        };
        *fired += 1;
        let span = decls.rules[rule as usize].span;
        if *fired > self.cascade_limit {
            return Err(self.fail(
                Diagnostic::error(Code::RuleLimit, span, format!("more than {} rules fired in one cascade", self.cascade_limit))
                    .with_help("a rule fires at most once, so this needs a very long chain of rules; split the script"),
            ));
        }
        self.watch.fired(rule);
        self.event(EventKind::Rule(rule), span, None);
        stack.push((&decls.rules[rule as usize].body, 0, true));
        Ok(())
    }

    fn expect(&mut self, decls: &Decls, c: &Cond, span: Span) {
        let passed = cond::eval(self, decls, c);
        self.expectations_run += 1;
        if passed && !self.record {
            return;
        }
        let condition = cond::print(decls, c);
        let reason = cond::explain(self, decls, c);
        if !passed {
            self.diagnostics.push(
                Diagnostic::error(
                    Code::ExpectationFailed,
                    span,
                    format!("expectation failed: {}", shorten(&condition, 100)),
                )
                .with_label_message(reason.clone()),
            );
        }
        self.expectations.push(Expectation {
            span,
            passed,
            condition,
            reason,
        });
        let i = self.expectations.len() - 1;
        self.note(Entry::Expect(i));
    }

    fn exec(&mut self, decls: &Decls, op: &Op) -> Result<(), Stopped> {
        let span = op.span;
        match &op.kind {
            OpKind::Party(p) => {
                if let Some(last) = decls.parties[*p as usize].actors.last() {
                    self.actors = self.actors.max(last + 1);
                }
                let n = decls.actors.len();
                lengthen(&mut self.credibility, n, Default::default);
                lengthen(&mut self.mobilization, n, Default::default);
                lengthen(&mut self.lost_access, n, Default::default);
                self.event(EventKind::Party(*p), span, None);
            }
            OpKind::Relations { a, b, trust } => {
                self.set_trust(*a, *b, *trust);
                self.event(
                    EventKind::Relations {
                        a: *a,
                        b: *b,
                        trust: *trust,
                    },
                    span,
                    None,
                );
            }
            OpKind::Requires { party, text } => {
                let met = self.announced.contains(text)
                    || self
                        .accepted_on_record
                        .get(text)
                        .is_some_and(|by| by.iter().any(|p| p != party));
                if !met {
                    *self.unmet.entry(*party).or_default() += 1;
                }
                self.preconditions.push(Precondition {
                    party: *party,
                    text: *text,
                    met,
                    span,
                });
                self.event(
                    EventKind::Requires {
                        party: *party,
                        text: *text,
                        met,
                    },
                    span,
                    None,
                );
            }
            OpKind::Channel(c) => self.open(decls, *c, span),
            OpKind::At(time) => {
                self.session += 1;
                self.times.push(time.text.clone());
                if self.record {
                    self.note(Entry::Session {
                        number: self.session,
                        time: time.text.clone(),
                        span,
                    });
                }
            }
            OpKind::Say(s) => self.say(decls, *s, span)?,
            OpKind::Agree(s) => self.agree(decls, *s, span)?,
            OpKind::Reveal(r) => self.reveal(decls, r, span)?,
            OpKind::Expect(_) | OpKind::Show(_) | OpKind::When(_) | OpKind::If(_) => {}
        }
        Ok(())
    }

    /// A channel opens: those who learn it exists (§7.3).
    fn open(&mut self, decls: &Decls, c: ChannelId, span: Span) {
        let ch = &decls.channels[c as usize];
        let group = match model::rules(ch.kind).existence {
            model::Reach::Everyone => self.everyone(),
            _ => Group::Insiders(c),
        };
        let i = c as usize;
        if self.opened.len() <= i {
            lengthen(&mut self.opened, i + 1, Default::default);
            lengthen(&mut self.exposed, i + 1, Default::default);
            lengthen(&mut self.talk, i + 1, Talk::default);
        }
        self.opened[i] = true;
        let ev = self.event(EventKind::Opened(c), span, Some(group));
        self.teach(decls, Fact::Channel(c), group, group, ev);
        self.parallel_back_channels(decls, c, span);
    }

    /// Who learns what is said on a channel (or, with none, in public).
    fn content_group(&self, decls: &Decls, channel: Option<ChannelId>) -> Group {
        match channel {
            Some(c)
                if model::rules(decls.channels[c as usize].kind).content
                    != model::Reach::Everyone =>
            {
                Group::Content(c)
            }
            _ => self.everyone(),
        }
    }

    fn say(&mut self, decls: &Decls, s: StmtId, span: Span) -> Result<(), Stopped> {
        let stmt = &decls.stmts[s as usize];
        let speaker = match &stmt.what {
            StmtKind::Said { speaker, .. } | StmtKind::Denied { speaker, .. } => *speaker,
            StmtKind::Agreed { .. } => return self.agree(decls, s, span),
        };
        self.lost_access(decls, speaker, stmt.channel.get(), span)?;
        self.preconditions(decls, stmt.channel.get(), span)?;
        let group = self.content_group(decls, stmt.channel.get());
        let ev = self.event(EventKind::Said(s), span, Some(group));
        self.teach_stmt(decls, s, group, group, ev);
        if let StmtKind::Denied { fact, .. } = stmt.what {
            self.denials.push(Denial {
                denier: speaker,
                fact,
                hearers: group,
                exposed: false,
            });
            self.pending_denials
                .entry(fact)
                .or_default()
                .push(self.denials.len() - 1);
            self.knowledge.watch(decls, fact);
        }
        if let StmtKind::Said { verb, .. } = stmt.what {
            self.official_position(decls, s, verb, ev);
        }
        if let Some(c) = stmt.channel.get() {
            self.talk[c as usize].stmts.push(s);
            if let StmtKind::Said {
                verb: Verb::Concedes,
                ..
            } = stmt.what
            {
                self.knowledge.concede(c, s, stmt.text.get());
            }
            self.endless_game(decls, c, span);
            self.forum_shopping(decls, s, span);
        }
        Ok(())
    }

    fn agree(&mut self, decls: &Decls, s: StmtId, span: Span) -> Result<(), Stopped> {
        let stmt = &decls.stmts[s as usize];
        self.preconditions(decls, stmt.channel.get(), span)?;
        let group = self.content_group(decls, stmt.channel.get());
        let ev = self.event(EventKind::Agreed(s), span, Some(group));
        self.teach_stmt(decls, s, group, group, ev);
        if let StmtKind::Agreed { parties } = stmt.what {
            let parties = &decls.agreements[parties as usize];
            for (i, a) in parties.iter().enumerate() {
                for b in &parties[i + 1..] {
                    let before = self.trust(*a, *b);
                    self.set_trust(*a, *b, before + 1);
                    self.consequence(
                        ev,
                        Consequence::Trust {
                            a: *a,
                            b: *b,
                            before,
                            after: before + 1,
                        },
                    );
                }
            }
        }
        self.agreements.push(s);
        if let Some(c) = stmt.channel.get() {
            let talk = &mut self.talk[c as usize];
            talk.stmts.push(s);
            talk.agreed = true;
            let before = self.knowledge.concessions(c).len() as u32;
            self.concessions_before.entry(s).or_insert(before);
        }
        Ok(())
    }

    fn reveal(&mut self, decls: &Decls, r: &Reveal, span: Span) -> Result<(), Stopped> {
        let (must_know, channel) = match r.what {
            Revealed::Everything(c) => (Fact::Channel(c), Some(c)),
            Revealed::Fact(f) => (f, self.channel_of(decls, f)),
        };
        if let Some(by) = r.by {
            self.must_know(decls, by, must_know, r, span)?;
        }
        let learners = match &r.audience {
            Audience::Everyone => self.everyone(),
            Audience::Actors(list) => self.knowledge.list(list),
        };
        let observers = match (&r.audience, r.by) {
            (Audience::Actors(list), Some(by)) if list.binary_search(&by).is_err() => {
                let mut with = list.clone();
                with.insert(with.partition_point(|a| *a < by), by);
                self.knowledge.list(&with)
            }
            _ => learners,
        };
        let facts = self.revealed_facts(decls, &r.what, learners, observers);
        let concessions = self.revealed_concessions(decls, &r.what);
        let breach = match (r.kind, r.by, channel) {
            (RevealKind::Leak, Some(by), Some(c)) => {
                self.is_breach(decls, by, c, learners, &facts)
                    || concessions.is_some_and(|(_, end)| {
                        self.concessions_new(decls, c, end, learners, observers)
                    })
            }
            _ => false,
        };
        let ev = self.event(
            EventKind::Revealed {
                kind: r.kind,
                by: r.by,
            },
            span,
            Some(learners),
        );
        for fact in &facts {
            self.teach(decls, *fact, learners, observers, ev);
            if let (RevealKind::Announce, Fact::Text(t)) = (r.kind, fact) {
                self.announced.insert(*t);
                self.meet_preconditions(*t, None, ev);
            }
        }
        if let Some((c, end)) = concessions {
            let announce = r.kind == RevealKind::Announce;
            self.teach_concessions(decls, c, end, learners, observers, announce, ev);
        }
        if let (true, Some(by), Some(c)) = (breach, r.by, channel) {
            self.breach_of_confidence(decls, by, c, span, ev);
        }
        Ok(())
    }

    /// The channel a fact belongs to: itself, or where a statement was made.
    fn channel_of(&self, decls: &Decls, fact: Fact) -> Option<ChannelId> {
        match fact {
            Fact::Channel(c) => Some(c),
            Fact::Stmt(s) => decls.stmts[s as usize].channel.get(),
            Fact::Text(_) => None,
        }
    }

    /// What a revelation teaches (§7.4), but for the concessions an agreement
    /// reveals ([`Interp::revealed_concessions`]), and leaving out the statements of
    /// a channel already revealed to the same learners and observers (see
    /// `revealed_up_to`). Held in place up to four: most revelations teach one to
    /// three facts (a statement, its text, its channel), and cost no allocation.
    fn revealed_facts(
        &mut self,
        decls: &Decls,
        what: &Revealed,
        learners: Group,
        observers: Group,
    ) -> SmallVec<[Fact; 4]> {
        let mut facts = SmallVec::new();
        match *what {
            Revealed::Fact(Fact::Stmt(s)) => stmt_facts(decls, s, &mut facts),
            Revealed::Fact(f) => facts.push(f),
            Revealed::Everything(c) => {
                facts.push(Fact::Channel(c));
                let stmts = self
                    .talk
                    .get(c as usize)
                    .map(|t| t.stmts.as_slice())
                    .unwrap_or_default();
                let done = self
                    .revealed_up_to
                    .entry((c, learners, observers))
                    .or_default();
                for &x in stmts.get(*done as usize..).unwrap_or_default() {
                    stmt_facts(decls, x, &mut facts);
                }
                *done = stmts.len() as u32;
            }
        }
        if facts.len() > 3 {
            let mut seen = HashSet::default();
            facts.retain(|f| seen.insert(*f));
        }
        facts
    }

    /// §4.4: revealing an agreement reveals every concession made on its channel up
    /// to it (all of them if it was not made yet): the channel, and how many.
    fn revealed_concessions(&self, decls: &Decls, what: &Revealed) -> Option<(ChannelId, u32)> {
        let Revealed::Fact(Fact::Stmt(s)) = *what else {
            return None;
        };
        let stmt = &decls.stmts[s as usize];
        let (StmtKind::Agreed { .. }, Some(c)) = (&stmt.what, stmt.channel.get()) else {
            return None;
        };
        let end = self.concessions_before.get(&s).copied();
        Some((c, end.unwrap_or(self.knowledge.concessions(c).len() as u32)))
    }

    /// Whether some learner did not know one of the first `end` concessions on `c`.
    fn concessions_new(
        &self,
        decls: &Decls,
        c: ChannelId,
        end: u32,
        learners: Group,
        observers: Group,
    ) -> bool {
        let k = &self.knowledge;
        let done = k.concessions_taught(c, learners, observers);
        k.members(decls, learners).any(|a| {
            let from = done.max(k.concessions_taught_to(decls, c, a)) as usize;
            let new = k.concessions(c).get(from..end as usize);
            new.unwrap_or_default()
                .iter()
                .any(|x| !k.knows(decls, a, Fact::Stmt(*x)))
        })
    }

    /// Teaches the first `end` concessions on `c` (and their texts) at once, applying
    /// the rules that react to learning only where they can apply: to the watched
    /// concessions, and to those a spoiler of the conceding party may newly hear.
    /// In order, as if each were taught in turn.
    #[allow(clippy::too_many_arguments)]
    fn teach_concessions(
        &mut self,
        decls: &Decls,
        c: ChannelId,
        end: u32,
        learners: Group,
        observers: Group,
        announce: bool,
        ev: EventId,
    ) {
        let k = &self.knowledge;
        let done = k.concessions_taught(c, learners, observers);
        let mut at = k.watched_concessions(c, done, end);
        let concessions = k.concessions(c);
        for (p, party) in decls.parties.iter().enumerate() {
            for &spoiler in &party.spoilers {
                if !k.contains(decls, learners, spoiler)
                    || decls.channels[c as usize].is_insider(spoiler)
                {
                    continue;
                }
                let from = done.max(k.concessions_taught_to(decls, c, spoiler));
                for i in from..end {
                    if let StmtKind::Said { speaker, .. } =
                        decls.stmts[concessions[i as usize] as usize].what
                        && decls.actors[speaker as usize].party == p as PartyId
                    {
                        at.push(i);
                    }
                }
            }
        }
        if announce {
            let from = self.announced_concessions.entry(c).or_default();
            at.extend(*from..end);
            *from = (*from).max(end);
        }
        at.sort_unstable();
        at.dedup();
        for i in at {
            let x = self.knowledge.concessions(c)[i as usize];
            for fact in [
                Some(Fact::Stmt(x)),
                decls.stmts[x as usize].text.get().map(Fact::Text),
            ]
            .into_iter()
            .flatten()
            {
                self.before_learning(decls, fact, learners, ev);
                if let (true, Fact::Text(t)) = (announce, fact) {
                    self.announced.insert(t);
                    self.meet_preconditions(t, None, ev);
                }
            }
        }
        self.knowledge
            .teach_concessions(c, end, learners, observers, ev);
    }

    /// Teaches a statement, its text and its channel's existence.
    fn teach_stmt(
        &mut self,
        decls: &Decls,
        s: StmtId,
        learners: Group,
        observers: Group,
        ev: EventId,
    ) {
        for fact in stmt_facts_array(decls, s).into_iter().flatten() {
            self.teach(decls, fact, learners, observers, ev);
        }
    }

    /// The rules that react to `learners` learning `fact`: an exposed denial and a
    /// mobilised spoiler, which look for those who did not know it yet and so come
    /// before it is learned, and the `when` rules reading who knows it, which only
    /// become candidates here. Denials and rules wait only for watched facts: most
    /// are not.
    fn before_learning(&mut self, decls: &Decls, fact: Fact, learners: Group, ev: EventId) {
        let watched = self.knowledge.watched(fact);
        if watched {
            self.exposed_denial(decls, fact, learners, ev);
        }
        self.spoiler_mobilisation(decls, fact, learners, ev);
        if watched {
            self.watch.changed(Dep::Knows(fact));
        }
    }

    /// Teaches one fact, applying the rules that react to learning.
    fn teach(&mut self, decls: &Decls, fact: Fact, learners: Group, observers: Group, ev: EventId) {
        self.before_learning(decls, fact, learners, ev);
        self.knowledge.learn(fact, learners, observers, ev);
        if let Fact::Channel(c) = fact {
            self.exposure(decls, c, learners, ev);
        }
    }

    /// The statement itself, its text, and the channel it was made on.
    pub fn stmt_facts_of(decls: &Decls, s: StmtId) -> Vec<Fact> {
        let mut v = Vec::new();
        stmt_facts(decls, s, &mut v);
        v
    }

    /// Does `actor` know `fact`?
    pub fn knows(&self, decls: &Decls, actor: ActorId, fact: Fact) -> bool {
        self.knowledge.knows(decls, actor, fact)
    }

    pub fn holds(&self, party: PartyId, text: TextId) -> bool {
        self.position_set.contains(&(party, text))
    }

    /// Preconditions still unmet, as (party, text).
    pub fn unmet_preconditions(&self) -> impl Iterator<Item = (PartyId, TextId)> + '_ {
        self.preconditions
            .iter()
            .filter(|p| !p.met)
            .map(|p| (p.party, p.text))
    }

    /// Denials with whether each was exposed, as (denier, fact, exposed).
    pub fn denials(&self) -> impl Iterator<Item = (ActorId, Fact, bool)> + '_ {
        self.denials.iter().map(|d| (d.denier, d.fact, d.exposed))
    }
}

fn stmt_facts(decls: &Decls, s: StmtId, out: &mut impl Extend<Fact>) {
    out.extend(stmt_facts_array(decls, s).into_iter().flatten());
}

/// The statement itself, its text, and the channel it was made on, if any.
fn stmt_facts_array(decls: &Decls, s: StmtId) -> [Option<Fact>; 3] {
    let stmt = &decls.stmts[s as usize];
    [
        Some(Fact::Stmt(s)),
        stmt.text.get().map(Fact::Text),
        stmt.channel.get().map(Fact::Channel),
    ]
}

/// A text cut to `max` characters, with `…` where it was cut.
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max.saturating_sub(1)).collect();
    format!("{cut}…")
}
