//! A generator of valid `.neg` scripts, driven by a string of bytes.
//!
//! Every decision reads the next byte ([`Choices`]); when the bytes run out every
//! answer is 0, which ends every list, so any byte string gives a finite script and
//! shorter strings give smaller ones (what proptest's shrinking and a fuzzer's
//! mutations want). The same file drives the property tests (`properties.rs`) and
//! the structure-aware fuzz target (`fuzz/fuzz_targets/structured.rs` includes it).
//!
//! A [`Script`] is a model: parties, actors, channels and events refer to each other by
//! index, so it can be printed under other names ([`Names`]) or with its independent
//! declarations in another order, to check that the answers do not change. Scripts are
//! valid by construction: names are declared before use, speakers are insiders, bodies
//! hold only events, time goes forward. Run-time errors (a leak by someone who does not
//! know, lost access, preconditions) are allowed: they are part of the model.
//! [`mutate`] then breaks a few things, for the "mostly valid" inputs of the fuzzer.

#![allow(dead_code)]

use std::fmt::Write;

/// The decisions, one byte each; 0 once the bytes run out.
pub struct Choices<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Choices<'a> {
    pub fn new(bytes: &'a [u8]) -> Self {
        Choices { bytes, at: 0 }
    }

    fn byte(&mut self) -> u8 {
        let b = self.bytes.get(self.at).copied().unwrap_or(0);
        self.at += 1;
        b
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n <= 1 {
            return 0;
        }
        if n <= 256 {
            self.byte() as usize % n
        } else {
            (usize::from(self.byte()) << 8 | usize::from(self.byte())) % n
        }
    }

    /// True with a chance of `percent` in a hundred (never once the bytes run out).
    pub fn chance(&mut self, percent: usize) -> bool {
        let b = self.byte();
        b != 0 && (b as usize * 100 / 256) < percent
    }

    fn pick<'t, T>(&mut self, items: &'t [T]) -> Option<&'t T> {
        if items.is_empty() {
            None
        } else {
            Some(&items[self.below(items.len())])
        }
    }

    fn done(&self) -> bool {
        self.at >= self.bytes.len()
    }
}

pub const ROLES: &[&str] = &[
    "leader",
    "minister",
    "envoy",
    "ambassador",
    "official",
    "bureaucracy",
    "intermediary",
    "public",
    "press",
    "spoiler",
];
const KINDS: &[&str] = &["public", "formal", "hotline", "backchannel", "informal"];
const LEVELS: &[&str] = &["hostile", "tense", "normal", "allied"];
const VERBS: &[&str] = &[
    "proposes", "floats", "demands", "concedes", "accepts", "rejects", "signals", "says",
    "notifies",
];
const ISSUES: &[&str] = &["territory", "security", "prisoners"];
/// Texts, some shared so that propositions meet, some with escapes.
pub const TEXTS: &[&str] = &[
    "peace",
    "recognition",
    "a ceasefire",
    "say \"yes\"",
    "back\\slash",
    "two\nlines",
    "tab\there",
    "ünïcödé ✓",
    "",
];
const OPS: &[&str] = &["==", "!=", "<", "<=", ">", ">="];

#[derive(Clone, Debug)]
pub struct Actor {
    pub party: usize,
    pub role: usize,
}

#[derive(Clone, Debug)]
pub struct Channel {
    pub kind: usize,
    pub members: Vec<usize>,
    pub via: Vec<usize>,
    pub authorized: Vec<usize>,
    pub endless: Option<u8>,
}

impl Channel {
    pub fn insiders(&self) -> Vec<usize> {
        let mut all: Vec<usize> = self
            .members
            .iter()
            .chain(&self.via)
            .chain(&self.authorized)
            .copied()
            .collect();
        all.sort_unstable();
        all.dedup();
        all
    }
}

/// A text: a string, or a `let` name.
#[derive(Clone, Copy, Debug)]
pub enum Text {
    Str(usize),
    Let(usize),
}

/// A fact: a channel, a label, or a text.
#[derive(Clone, Copy, Debug)]
pub enum Fact {
    Channel(usize),
    Label(usize),
    Text(Text),
}

#[derive(Clone, Copy, Debug)]
pub enum Subject {
    Actor(usize),
    Party(usize),
}

#[derive(Clone, Debug)]
pub enum Cond {
    Knows(Vec<Subject>, Fact),
    Exposed(usize),
    Mobilized(usize),
    Common(Fact, Vec<Subject>),
    LostAccess(usize),
    Holds(usize, Text),
    Credibility(usize, usize, i64),
    Mobilization(usize, usize, i64),
    Trust(usize, usize, usize, i64),
    Not(Box<Cond>),
    And(Box<Cond>, Box<Cond>),
    Or(Box<Cond>, Box<Cond>),
}

#[derive(Clone, Debug)]
pub enum Event {
    At(i64),
    Say {
        speaker: usize,
        verb: usize,
        recipient: Option<usize>,
        text: Option<Text>,
        about: Option<usize>,
        on: Option<usize>,
        label: Option<usize>,
    },
    Deny {
        speaker: usize,
        fact: Fact,
        on: Option<usize>,
        label: Option<usize>,
    },
    Agree {
        text: Text,
        parties: Vec<usize>,
        on: Option<usize>,
        label: Option<usize>,
    },
    Leak {
        kind: &'static str,
        fact: Fact,
        everything: Option<usize>,
        audience: Vec<Subject>,
        public: bool,
        by: Option<usize>,
    },
    Announce {
        fact: Fact,
        by: Option<usize>,
    },
    Expect(Cond),
    ShowWho(Fact),
    ShowKnowledge(Subject),
    ShowState,
    ShowChannel(usize),
    When(Cond, Vec<Event>),
    If(Cond, Vec<Event>, Option<Vec<Event>>),
}

/// A script: declarations (parties, relations, preconditions, `let`s, channels), then
/// events. All declarations come before any event, so reordering them changes nothing.
#[derive(Clone, Debug, Default)]
pub struct Script {
    /// Per party, its actors (indices into `actors`).
    pub parties: Vec<Vec<usize>>,
    pub actors: Vec<Actor>,
    pub relations: Vec<(usize, usize, usize)>,
    pub requires: Vec<(usize, Text)>,
    pub lets: Vec<usize>,
    pub channels: Vec<Channel>,
    pub events: Vec<Event>,
    pub labels: usize,
}

/// The names a script is printed with: `prefix` + index, so a different set of
/// prefixes is a renaming. `order` lists each kind of declaration in the order to
/// print it.
#[derive(Clone, Debug)]
pub struct Names {
    pub party: String,
    pub actor: String,
    pub channel: String,
    pub text: String,
    pub label: String,
    pub party_order: Vec<usize>,
    pub channel_order: Vec<usize>,
    pub relation_order: Vec<usize>,
    pub let_order: Vec<usize>,
    pub crlf: bool,
}

impl Names {
    pub fn plain(s: &Script) -> Self {
        Names {
            party: "P".into(),
            actor: "A".into(),
            channel: "c".into(),
            text: "t".into(),
            label: "l".into(),
            party_order: (0..s.parties.len()).collect(),
            channel_order: (0..s.channels.len()).collect(),
            relation_order: (0..s.relations.len()).collect(),
            let_order: (0..s.lets.len()).collect(),
            crlf: false,
        }
    }

    pub fn party(&self, i: usize) -> String {
        format!("{}{i}", self.party)
    }
    pub fn actor(&self, i: usize) -> String {
        format!("{}{i}", self.actor)
    }
    pub fn channel(&self, i: usize) -> String {
        format!("{}{i}", self.channel)
    }
    pub fn text_name(&self, i: usize) -> String {
        format!("{}{i}", self.text)
    }
    pub fn label(&self, i: usize) -> String {
        format!("{}{i}", self.label)
    }
}

/// A string literal of one of [`TEXTS`].
pub fn literal(text: &str) -> String {
    negscript::print::string(text)
}

impl Script {
    /// A valid script from the choices.
    pub fn generate(c: &mut Choices) -> Script {
        let mut s = Script::default();
        let parties = 1 + c.below(4);
        for p in 0..parties {
            let mut actors = Vec::new();
            for _ in 0..1 + c.below(4) {
                actors.push(s.actors.len());
                s.actors.push(Actor {
                    party: p,
                    role: c.below(ROLES.len()),
                });
            }
            s.parties.push(actors);
        }
        for _ in 0..c.below(3) {
            let (a, b) = (c.below(parties), c.below(parties));
            if a != b
                && !s
                    .relations
                    .iter()
                    .any(|r| (r.0, r.1) == (a, b) || (r.0, r.1) == (b, a))
            {
                s.relations.push((a, b, c.below(LEVELS.len())));
            }
        }
        for _ in 0..c.below(3) {
            s.lets.push(c.below(TEXTS.len()));
        }
        if c.chance(20) {
            let t = s.text(c);
            s.requires.push((c.below(parties), t));
        }
        for _ in 0..c.below(4) {
            let pick = |c: &mut Choices, most: usize| -> Vec<usize> {
                let mut list: Vec<usize> = (0..c.below(most + 1))
                    .map(|_| c.below(s.actors.len()))
                    .collect();
                list.sort_unstable();
                list.dedup();
                list
            };
            let members = pick(c, 4);
            let via = if c.chance(20) { pick(c, 1) } else { Vec::new() };
            let authorized = if c.chance(30) { pick(c, 2) } else { Vec::new() };
            let kind = c.below(KINDS.len());
            let endless = c.chance(20).then(|| 1 + c.below(4) as u8);
            s.channels.push(Channel {
                kind,
                members,
                via,
                authorized,
                endless,
            });
        }
        let mut day = 0i64;
        let mut rules = 0;
        while !c.done() && s.events.len() < 60 {
            if c.chance(10) {
                day += c.below(3) as i64;
                s.events.push(Event::At(day));
                continue;
            }
            if rules < 4 && c.chance(8) {
                rules += 1;
                let cond = s.cond(c, 2);
                let body = s.body(c, 1);
                s.events.push(Event::When(cond, body));
                continue;
            }
            let e = s.event(c, 0);
            s.events.push(e);
        }
        s
    }

    fn text(&self, c: &mut Choices) -> Text {
        if !self.lets.is_empty() && c.chance(25) {
            Text::Let(c.below(self.lets.len()))
        } else {
            Text::Str(c.below(TEXTS.len()))
        }
    }

    fn fact(&self, c: &mut Choices) -> Fact {
        match c.below(3) {
            0 if !self.channels.is_empty() => Fact::Channel(c.below(self.channels.len())),
            1 if self.labels > 0 => Fact::Label(c.below(self.labels)),
            _ => Fact::Text(self.text(c)),
        }
    }

    fn subject(&self, c: &mut Choices) -> Subject {
        if c.chance(25) {
            Subject::Party(c.below(self.parties.len()))
        } else {
            Subject::Actor(c.below(self.actors.len()))
        }
    }

    fn spoilers(&self) -> Vec<usize> {
        (0..self.actors.len())
            .filter(|&a| ROLES[self.actors[a].role] == "spoiler")
            .collect()
    }

    fn cond(&self, c: &mut Choices, depth: usize) -> Cond {
        if depth > 0 {
            match c.below(8) {
                0 => return Cond::Not(Box::new(self.cond(c, depth - 1))),
                1 => {
                    return Cond::And(
                        Box::new(self.cond(c, depth - 1)),
                        Box::new(self.cond(c, depth - 1)),
                    );
                }
                2 => {
                    return Cond::Or(
                        Box::new(self.cond(c, depth - 1)),
                        Box::new(self.cond(c, depth - 1)),
                    );
                }
                _ => {}
            }
        }
        let value = c.below(7) as i64 - 3;
        match c.below(9) {
            1 if !self.channels.is_empty() => Cond::Exposed(c.below(self.channels.len())),
            2 => match c.pick(&self.spoilers()) {
                Some(&s) => Cond::Mobilized(s),
                None => Cond::LostAccess(c.below(self.actors.len())),
            },
            3 => {
                let among = (0..1 + c.below(3)).map(|_| self.subject(c)).collect();
                Cond::Common(self.fact(c), among)
            }
            4 => Cond::LostAccess(c.below(self.actors.len())),
            5 => Cond::Holds(c.below(self.parties.len()), self.text(c)),
            6 => Cond::Credibility(c.below(self.actors.len()), c.below(OPS.len()), value),
            7 => match c.pick(&self.spoilers()) {
                Some(&s) => Cond::Mobilization(s, c.below(OPS.len()), value),
                None => Cond::Credibility(c.below(self.actors.len()), 0, value),
            },
            8 => {
                let (a, b) = (c.below(self.parties.len()), c.below(self.parties.len()));
                Cond::Trust(a, b, c.below(OPS.len()), value)
            }
            _ => {
                let chain = (0..1 + c.below(3)).map(|_| self.subject(c)).collect();
                Cond::Knows(chain, self.fact(c))
            }
        }
    }

    fn body(&mut self, c: &mut Choices, depth: usize) -> Vec<Event> {
        (0..c.below(4)).map(|_| self.event(c, depth)).collect()
    }

    fn label(&mut self, c: &mut Choices) -> Option<usize> {
        c.chance(30).then(|| {
            self.labels += 1;
            self.labels - 1
        })
    }

    /// An event (in a body when `depth` > 0: no `at`, no `when`).
    fn event(&mut self, c: &mut Choices, depth: usize) -> Event {
        match c.below(12) {
            0..=4 => {
                let on = if self.channels.is_empty() || c.chance(20) {
                    None
                } else {
                    Some(c.below(self.channels.len()))
                };
                let insiders = match on {
                    Some(ch) => self.channels[ch].insiders(),
                    None => (0..self.actors.len()).collect(),
                };
                let Some(&speaker) = c.pick(&insiders) else {
                    return Event::ShowState;
                };
                if c.chance(10) {
                    let fact = self.fact(c);
                    let label = self.label(c);
                    return Event::Deny {
                        speaker,
                        fact,
                        on,
                        label,
                    };
                }
                let verb = c.below(VERBS.len());
                let recipient = if VERBS[verb] == "notifies" || c.chance(15) {
                    Some(*c.pick(&insiders).unwrap_or(&speaker))
                } else {
                    None
                };
                let text = Some(self.text(c));
                let about = c.chance(30).then(|| c.below(ISSUES.len()));
                let label = self.label(c);
                Event::Say {
                    speaker,
                    verb,
                    recipient,
                    text,
                    about,
                    on,
                    label,
                }
            }
            5 if self.parties.len() >= 2 => {
                let on = if self.channels.is_empty() || c.chance(30) {
                    None
                } else {
                    Some(c.below(self.channels.len()))
                };
                let eligible: Vec<usize> = match on {
                    Some(ch) => {
                        let mut ps: Vec<usize> = self.channels[ch]
                            .insiders()
                            .iter()
                            .map(|&a| self.actors[a].party)
                            .collect();
                        ps.sort_unstable();
                        ps.dedup();
                        ps
                    }
                    None => (0..self.parties.len()).collect(),
                };
                if eligible.len() < 2 {
                    return Event::ShowState;
                }
                let first = c.below(eligible.len());
                let second = (first + 1 + c.below(eligible.len() - 1)) % eligible.len();
                let text = self.text(c);
                let label = self.label(c);
                Event::Agree {
                    text,
                    parties: vec![eligible[first], eligible[second]],
                    on,
                    label,
                }
            }
            6 => {
                let everything = (!self.channels.is_empty() && c.chance(30))
                    .then(|| c.below(self.channels.len()));
                let fact = self.fact(c);
                let public = c.chance(20);
                let audience = (0..usize::from(!public) + c.below(3))
                    .map(|_| self.subject(c))
                    .collect();
                let by = c.chance(60).then(|| c.below(self.actors.len()));
                Event::Leak {
                    kind: if c.chance(50) { "leak" } else { "reveal" },
                    fact,
                    everything,
                    audience,
                    public,
                    by,
                }
            }
            7 => {
                let fact = self.fact(c);
                let by = c.chance(50).then(|| c.below(self.actors.len()));
                Event::Announce { fact, by }
            }
            8 => Event::Expect(self.cond(c, 2)),
            9 => match c.below(4) {
                0 => Event::ShowWho(self.fact(c)),
                1 => Event::ShowKnowledge(self.subject(c)),
                2 if !self.channels.is_empty() => Event::ShowChannel(c.below(self.channels.len())),
                _ => Event::ShowState,
            },
            10 if depth < 3 => {
                let cond = self.cond(c, 2);
                let then = self.body(c, depth + 1);
                let otherwise = c.chance(50).then(|| self.body(c, depth + 1));
                Event::If(cond, then, otherwise)
            }
            _ => Event::Expect(self.cond(c, 1)),
        }
    }

    /// The script as `.neg` source, under `names`.
    pub fn render(&self, n: &Names) -> String {
        let mut out = String::new();
        for &p in &n.party_order {
            let _ = write!(out, "party {} {{", n.party(p));
            for &a in &self.parties[p] {
                let _ = write!(out, " {} {}", ROLES[self.actors[a].role], n.actor(a));
            }
            out.push_str(" }\n");
        }
        for &i in &n.relation_order {
            let (a, b, level) = self.relations[i];
            let _ = writeln!(
                out,
                "relations {}, {}: {}",
                n.party(a),
                n.party(b),
                LEVELS[level]
            );
        }
        for &i in &n.let_order {
            let _ = writeln!(
                out,
                "let {} = {}",
                n.text_name(i),
                literal(TEXTS[self.lets[i]])
            );
        }
        for (p, t) in &self.requires {
            let _ = writeln!(out, "{} requires {}", n.party(*p), text(n, *t));
        }
        for &i in &n.channel_order {
            let ch = &self.channels[i];
            let _ = write!(out, "channel {}: {} {{", n.channel(i), KINDS[ch.kind]);
            let list = |v: &[usize]| v.iter().map(|&a| n.actor(a)).collect::<Vec<_>>().join(", ");
            if !ch.members.is_empty() {
                let _ = write!(out, " members {}", list(&ch.members));
            }
            if !ch.via.is_empty() {
                let _ = write!(out, " via {}", list(&ch.via));
            }
            if !ch.authorized.is_empty() {
                let _ = write!(out, " authorized by {}", list(&ch.authorized));
            }
            if let Some(k) = ch.endless {
                let _ = write!(out, " endless after {k} sessions");
            }
            out.push_str(" }\n");
        }
        for e in &self.events {
            event(&mut out, n, e, 0);
        }
        if n.crlf {
            out = out.replace('\n', "\r\n");
        }
        out
    }
}

fn text(n: &Names, t: Text) -> String {
    match t {
        Text::Str(i) => literal(TEXTS[i]),
        Text::Let(i) => n.text_name(i),
    }
}

fn fact(n: &Names, f: Fact) -> String {
    match f {
        Fact::Channel(i) => n.channel(i),
        Fact::Label(i) => n.label(i),
        Fact::Text(t) => text(n, t),
    }
}

fn subject(n: &Names, s: Subject) -> String {
    match s {
        Subject::Actor(a) => n.actor(a),
        Subject::Party(p) => n.party(p),
    }
}

fn subjects(n: &Names, list: &[Subject]) -> String {
    list.iter()
        .map(|s| subject(n, *s))
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn cond(n: &Names, c: &Cond) -> String {
    match c {
        Cond::Knows(chain, f) => {
            let mut out = String::new();
            for s in chain {
                let _ = write!(out, "{} knows ", subject(n, *s));
            }
            out + &fact(n, *f)
        }
        Cond::Exposed(ch) => format!("{} is exposed", n.channel(*ch)),
        Cond::Mobilized(a) => format!("{} is mobilized", n.actor(*a)),
        Cond::Common(f, among) => {
            format!(
                "{} is common knowledge among {}",
                fact(n, *f),
                subjects(n, among)
            )
        }
        Cond::LostAccess(a) => format!("{} lost access", n.actor(*a)),
        Cond::Holds(p, t) => format!("{} holds {}", n.party(*p), text(n, *t)),
        Cond::Credibility(a, op, v) => format!("credibility of {} {} {v}", n.actor(*a), OPS[*op]),
        Cond::Mobilization(a, op, v) => {
            format!("mobilization of {} {} {v}", n.actor(*a), OPS[*op])
        }
        Cond::Trust(a, b, op, v) => {
            format!(
                "trust between {}, {} {} {v}",
                n.party(*a),
                n.party(*b),
                OPS[*op]
            )
        }
        Cond::Not(c) => format!("not ({})", cond(n, c)),
        Cond::And(a, b) => format!("({}) and ({})", cond(n, a), cond(n, b)),
        Cond::Or(a, b) => format!("({}) or ({})", cond(n, a), cond(n, b)),
    }
}

fn clauses(
    out: &mut String,
    n: &Names,
    about: Option<usize>,
    on: Option<usize>,
    label: Option<usize>,
) {
    if let Some(i) = about {
        let _ = write!(out, " about {}", ISSUES[i]);
    }
    if let Some(ch) = on {
        let _ = write!(out, " on {}", n.channel(ch));
    }
    if let Some(l) = label {
        let _ = write!(out, " as {}", n.label(l));
    }
}

fn event(out: &mut String, n: &Names, e: &Event, depth: usize) {
    out.push_str(&"  ".repeat(depth));
    match e {
        Event::At(day) => {
            let _ = write!(out, "at day {day}");
        }
        Event::Say {
            speaker,
            verb,
            recipient,
            text: t,
            about,
            on,
            label,
        } => {
            let _ = write!(out, "{} {}", n.actor(*speaker), VERBS[*verb]);
            if let Some(r) = recipient {
                let _ = write!(out, " {}", n.actor(*r));
            }
            if let Some(t) = t {
                let _ = write!(out, " {}", text(n, *t));
            }
            clauses(out, n, *about, *on, *label);
        }
        Event::Deny {
            speaker,
            fact: f,
            on,
            label,
        } => {
            let _ = write!(out, "{} denies {}", n.actor(*speaker), fact(n, *f));
            clauses(out, n, None, *on, *label);
        }
        Event::Agree {
            text: t,
            parties,
            on,
            label,
        } => {
            let ps: Vec<String> = parties.iter().map(|p| n.party(*p)).collect();
            let _ = write!(out, "agree {} between {}", text(n, *t), ps.join(", "));
            clauses(out, n, None, *on, *label);
        }
        Event::Leak {
            kind,
            fact: f,
            everything,
            audience,
            public,
            by,
        } => {
            let what = match everything {
                Some(ch) => format!("everything on {}", n.channel(*ch)),
                None => fact(n, *f),
            };
            let mut to: Vec<String> = audience.iter().map(|s| subject(n, *s)).collect();
            if *public {
                to.push("public".into());
            }
            let _ = write!(out, "{kind} {what} to {}", to.join(", "));
            if let Some(a) = by {
                let _ = write!(out, " by {}", n.actor(*a));
            }
        }
        Event::Announce { fact: f, by } => {
            let _ = write!(out, "announce {}", fact(n, *f));
            if let Some(a) = by {
                let _ = write!(out, " by {}", n.actor(*a));
            }
        }
        Event::Expect(c) => {
            let _ = write!(out, "expect {}", cond(n, c));
        }
        Event::ShowWho(f) => {
            let _ = write!(out, "show who knows {}", fact(n, *f));
        }
        Event::ShowKnowledge(s) => {
            let _ = write!(out, "show knowledge of {}", subject(n, *s));
        }
        Event::ShowState => out.push_str("show state"),
        Event::ShowChannel(ch) => {
            let _ = write!(out, "show {}", n.channel(*ch));
        }
        Event::When(c, body) => {
            let _ = writeln!(out, "when {} {{", cond(n, c));
            for e in body {
                event(out, n, e, depth + 1);
            }
            out.push_str(&"  ".repeat(depth));
            out.push('}');
        }
        Event::If(c, then, otherwise) => {
            let _ = writeln!(out, "if {} {{", cond(n, c));
            for e in then {
                event(out, n, e, depth + 1);
            }
            out.push_str(&"  ".repeat(depth));
            out.push('}');
            if let Some(otherwise) = otherwise {
                out.push_str(" else {\n");
                for e in otherwise {
                    event(out, n, e, depth + 1);
                }
                out.push_str(&"  ".repeat(depth));
                out.push('}');
            }
        }
    }
    out.push('\n');
}

/// Breaks a valid script in a few places: drops, repeats or swaps tokens, inserts a
/// keyword, a brace, a stray character or a huge number. Mostly still close to valid.
pub fn mutate(script: &str, c: &mut Choices) -> String {
    const INSERTS: &[&str] = &[
        "{",
        "}",
        "(",
        ")",
        ",",
        ":",
        "=",
        "not",
        "when",
        "party",
        "at",
        "leak",
        "\"",
        "#",
        "§",
        "\0",
        "\u{feff}",
        "99999999999999999999",
        "1993-02-30",
        "-",
        "\r",
        "\\q",
    ];
    let mut tokens: Vec<String> = script.split(' ').map(str::to_string).collect();
    for _ in 0..1 + c.below(4) {
        if tokens.is_empty() {
            break;
        }
        let i = c.below(tokens.len());
        match c.below(5) {
            0 => {
                tokens.remove(i);
            }
            1 => {
                let t = tokens[i].clone();
                tokens.insert(i, t);
            }
            2 => {
                let j = c.below(tokens.len());
                tokens.swap(i, j);
            }
            _ => {
                let s = INSERTS[c.below(INSERTS.len())].to_string();
                tokens.insert(i, s);
            }
        }
    }
    tokens.join(" ")
}
