//! A deterministic generator of large `.neg` scripts, for the benchmarks.
//!
//! Not part of the library: `benches/perf.rs` includes it as a module, and so does the
//! integration test `tests/suite/generator.rs` (via `#[path]`), which checks that the
//! scripts it makes run green.
//!
//! A [`Shape`] says how big the script is (events, actors, parties, channel size) and
//! what it is made of ([`Mix`]: the weights of statements, agreements, leaks,
//! announcements, rules and expectations). The same shape and seed always give the
//! same script, byte for byte.
//!
//! Every script is valid and runs with exit code 0: names are declared before use,
//! speakers and recipients are insiders, whoever leaks or reveals knows the fact,
//! preconditions are met before the formal talks they block, and every `expect` is
//! known to hold. The generator keeps a small model of the world to know that:
//!
//! - *envoys* are the only channel members and the only speakers on channels; they
//!   never leak under their own name, so they never lose access;
//! - *leaders* authorise back channels and learn formal content; they speak only in
//!   public, and are the only named leakers (a leader who breaches a confidence
//!   loses access to off-record channels, where leaders never speak);
//! - publics, press, spoilers and bureaucracies are never insiders, so a fresh text
//!   said on a channel is unknown to them until it is leaked or announced;
//! - `leak everything on C` comes at most once per channel, as in real scripts: it
//!   teaches every statement made on C so far, so it costs what C's talk is;
//! - a `when` rule waits for a trigger text (`"cue N"`) that the generator has one
//!   envoy say some events later; some rules wait for texts never said, and stay
//!   pending to the end, as rules in real scripts do.

#![allow(dead_code)]

use std::fmt::Write;

/// What a script is made of: relative weights of each kind of event.
#[derive(Clone, Copy, Debug)]
pub struct Mix {
    pub statements: u32,
    pub agreements: u32,
    pub leaks: u32,
    pub announcements: u32,
    pub rules: u32,
    pub expectations: u32,
}

impl Mix {
    /// Mostly talk, with some of everything.
    pub const TYPICAL: Mix = Mix {
        statements: 60,
        agreements: 3,
        leaks: 10,
        announcements: 3,
        rules: 4,
        expectations: 20,
    };

    /// Statements only.
    pub const TALK: Mix = Mix {
        statements: 1,
        agreements: 0,
        leaks: 0,
        announcements: 0,
        rules: 0,
        expectations: 0,
    };

    /// Many rules, many of them pending for long.
    pub const RULES: Mix = Mix {
        statements: 50,
        agreements: 2,
        leaks: 5,
        announcements: 2,
        rules: 25,
        expectations: 16,
    };

    fn total(&self) -> u32 {
        self.statements
            + self.agreements
            + self.leaks
            + self.announcements
            + self.rules
            + self.expectations
    }
}

/// The size and make-up of a generated script.
#[derive(Clone, Copy, Debug)]
pub struct Shape {
    /// Event items after the declarations (statements, agreements, revelations,
    /// rules, expectations; `at` lines are not counted).
    pub events: usize,
    /// Actors in all (at least 5 per party).
    pub actors: usize,
    pub parties: usize,
    /// Members per channel (at least 2).
    pub channel_size: usize,
    /// Channels; 0 means about one per `channel_size` actors.
    pub channels: usize,
    /// Events per session (`at day N`).
    pub session_length: usize,
    pub mix: Mix,
    pub seed: u64,
}

impl Shape {
    /// A typical script of `events` events among `actors` actors.
    pub fn new(events: usize, actors: usize) -> Shape {
        Shape {
            events,
            actors: actors.max(10),
            parties: (actors / 10).clamp(2, 100),
            channel_size: 4,
            channels: 0,
            session_length: 25,
            mix: Mix::TYPICAL,
            seed: 1993,
        }
    }

    pub fn with_mix(mut self, mix: Mix) -> Shape {
        self.mix = mix;
        self
    }

    pub fn with_channel_size(mut self, size: usize) -> Shape {
        self.channel_size = size;
        self
    }

    pub fn with_parties(mut self, parties: usize) -> Shape {
        self.parties = parties;
        self
    }

    pub fn with_seed(mut self, seed: u64) -> Shape {
        self.seed = seed;
        self
    }
}

/// SplitMix64: small, fast and the same everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (n > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Public,
    Formal,
    Hotline,
    Backchannel,
    Informal,
}

impl Kind {
    fn word(self) -> &'static str {
        match self {
            Kind::Public => "public",
            Kind::Formal => "formal",
            Kind::Hotline => "hotline",
            Kind::Backchannel => "backchannel",
            Kind::Informal => "informal",
        }
    }

    fn off_record(self) -> bool {
        matches!(self, Kind::Backchannel | Kind::Informal)
    }
}

struct Party {
    name: String,
    leader: usize,
    public: usize,
    spoiler: usize,
    bureaucracy: usize,
    envoys: Vec<usize>,
}

struct Channel {
    name: String,
    kind: Kind,
    members: Vec<usize>,
    /// Parties with a member here.
    parties: Vec<usize>,
    /// Leaders authorising it (back channels only).
    authorized: Vec<usize>,
    /// Whether `leak everything on` it was generated.
    everything_leaked: bool,
}

/// A labelled statement or agreement, as the generator remembers it.
struct Label {
    name: String,
    channel: Option<usize>,
    leaked: bool,
}

/// A rule waiting for its cue: at event `at`, `speaker` says "cue N" (on `channel`),
/// and the rule's body has `answerer` say "answer N".
struct Cue {
    at: usize,
    speaker: usize,
    channel: Option<usize>,
    rule: usize,
    answerer: usize,
}

/// The generator's world: who is who, and what was said where.
struct World {
    rng: Rng,
    out: String,
    actors: Vec<String>,
    party_of: Vec<usize>,
    parties: Vec<Party>,
    channels: Vec<Channel>,
    /// Per envoy: the channels it is a member of.
    member_of: Vec<Vec<usize>>,
    labels: Vec<Label>,
    /// Facts some actor surely knows, as (actor, fact), for later expectations.
    known: Vec<(usize, String)>,
    /// Rules waiting for their cue.
    cues: Vec<Cue>,
    /// Leaders who lost access by leaking.
    lost: Vec<usize>,
    texts: usize,
    rules: usize,
}

const VERBS: &[&str] = &[
    "proposes", "floats", "demands", "concedes", "accepts", "rejects", "signals", "says",
];
const TOPICS: &[&str] = &[
    "a ceasefire along the line",
    "prisoner exchange",
    "water rights",
    "border crossings",
    "mutual recognition",
    "security guarantees",
    "refugee return",
    "sanctions relief",
];
const ISSUES: &[&str] = &["territory", "security", "refugees", "economy"];
const ROLES: &[&str] = &["envoy", "ambassador", "official", "minister"];

/// Generates the script of a shape.
pub fn generate(shape: &Shape) -> String {
    let mut w = World {
        rng: Rng(shape.seed),
        out: String::with_capacity(shape.events * 48 + shape.actors * 16 + 1024),
        actors: Vec::new(),
        party_of: Vec::new(),
        parties: Vec::new(),
        channels: Vec::new(),
        member_of: Vec::new(),
        labels: Vec::new(),
        known: Vec::new(),
        cues: Vec::new(),
        lost: Vec::new(),
        texts: 0,
        rules: 0,
    };
    w.declare(shape);
    w.events(shape);
    w.out
}

/// Writes one line of the script.
macro_rules! emit {
    ($w:expr, $($arg:tt)*) => {{
        let _ = writeln!($w.out, $($arg)*);
    }};
}

impl World {
    fn actor(&mut self, name: String, party: usize) -> usize {
        self.actors.push(name);
        self.party_of.push(party);
        self.member_of.push(Vec::new());
        self.actors.len() - 1
    }

    fn text(&mut self, what: &str) -> String {
        self.texts += 1;
        let topic = TOPICS[self.texts % TOPICS.len()];
        format!("{what} {} on {topic}", self.texts)
    }

    /// Remembers that `actor` knows `fact`, keeping the memory small.
    fn remember(&mut self, actor: usize, fact: String) {
        if self.known.len() >= 256 {
            let i = self.rng.below(self.known.len());
            self.known.swap_remove(i);
        }
        self.known.push((actor, fact));
    }

    // ---- declarations -----------------------------------------------------------

    fn declare(&mut self, shape: &Shape) {
        let parties = shape.parties.max(2);
        let per_party = (shape.actors / parties).max(5);
        emit!(
            self,
            "# generated: {} events, {} parties of {} actors, channels of {}, seed {}",
            shape.events,
            parties,
            per_party,
            shape.channel_size,
            shape.seed
        );
        for p in 0..parties {
            let name = format!("Party{p}");
            let leader = self.actor(format!("Leader{p}"), p);
            let public = self.actor(format!("Public{p}"), p);
            let spoiler = self.actor(format!("Hardliners{p}"), p);
            let bureaucracy = self.actor(format!("Ministry{p}"), p);
            let mut envoys = Vec::new();
            for i in 0..per_party - 4 {
                envoys.push(self.actor(format!("Envoy{p}_{i}"), p));
            }
            let mut text = format!(
                "party {name} {{ leader {}  public {}  spoiler {}  bureaucracy {}",
                self.actors[leader],
                self.actors[public],
                self.actors[spoiler],
                self.actors[bureaucracy]
            );
            // Envoys in role lines of up to 8 names.
            for (i, chunk) in envoys.chunks(8).enumerate() {
                let names: Vec<&str> = chunk.iter().map(|a| self.actors[*a].as_str()).collect();
                let _ = write!(text, "\n  {} {}", ROLES[i % ROLES.len()], names.join(", "));
            }
            text.push_str(" }");
            emit!(self, "{text}");
            self.parties.push(Party {
                name,
                leader,
                public,
                spoiler,
                bureaucracy,
                envoys,
            });
        }
        let levels = ["hostile", "tense", "normal", "allied"];
        for p in 0..parties - 1 {
            let level = levels[self.rng.below(levels.len())];
            emit!(
                self,
                "relations {}, {}: {level}",
                self.parties[p].name,
                self.parties[p + 1].name
            );
        }
        // Preconditions, met at once by a public concession of the next party.
        for p in 0..parties.min(4) {
            let text = format!("precondition of {}", self.parties[p].name);
            emit!(self, "{} requires {text:?}", self.parties[p].name);
            let other = (p + 1) % parties;
            let speaker = self.parties[other].envoys[0];
            emit!(self, "{} concedes {text:?}", self.actors[speaker]);
        }
        emit!(self, "let opening = \"the talks begin\"");
        let channels = if shape.channels > 0 {
            shape.channels
        } else {
            (self.actors.len() / shape.channel_size.max(2)).max(4)
        };
        for c in 0..channels {
            self.channel(c, shape.channel_size.max(2));
        }
    }

    fn channel(&mut self, c: usize, size: usize) {
        let kind = match self.rng.below(20) {
            0 => Kind::Public,
            1..=4 => Kind::Formal,
            5..=6 => Kind::Hotline,
            7..=12 => Kind::Backchannel,
            _ => Kind::Informal,
        };
        let n = self.parties.len();
        let a = self.rng.below(n);
        let b = (a + 1 + self.rng.below(n - 1)) % n;
        let mut members = Vec::new();
        for i in 0..size {
            let envoys = &self.parties[if i % 2 == 0 { a } else { b }].envoys;
            let e = envoys[self.rng.below(envoys.len())];
            if !members.contains(&e) {
                members.push(e);
            }
        }
        let mut parties: Vec<usize> = members.iter().map(|m| self.party_of[*m]).collect();
        parties.sort_unstable();
        parties.dedup();
        let authorized: Vec<usize> = if kind == Kind::Backchannel {
            parties.iter().map(|p| self.parties[*p].leader).collect()
        } else {
            Vec::new()
        };
        let prefix = match kind {
            Kind::Public => "plenary",
            Kind::Formal => "talks",
            Kind::Hotline => "hotline",
            Kind::Backchannel => "back",
            Kind::Informal => "dinner",
        };
        let name = format!("{prefix}{c}");
        let names = |list: &[usize]| {
            list.iter()
                .map(|a| self.actors[*a].as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let line = if authorized.is_empty() {
            format!(
                "channel {name}: {} between {}",
                kind.word(),
                names(&members)
            )
        } else {
            format!(
                "channel {name}: {} {{\n  members {}\n  authorized by {}\n}}",
                kind.word(),
                names(&members),
                names(&authorized)
            )
        };
        emit!(self, "{line}");
        for m in &members {
            self.member_of[*m].push(c);
        }
        self.channels.push(Channel {
            name,
            kind,
            members,
            parties,
            authorized,
            everything_leaked: false,
        });
    }

    // ---- events -----------------------------------------------------------------

    fn events(&mut self, shape: &Shape) {
        let mix = shape.mix;
        let total = mix.total().max(1);
        let mut day = 0;
        for i in 0..shape.events {
            if i % shape.session_length.max(1) == 0 {
                day += 1 + self.rng.below(3);
                emit!(self, "at day {day}");
            }
            if let Some(k) = self.cues.iter().position(|cue| cue.at <= i) {
                let cue = self.cues.swap_remove(k);
                self.cue(cue);
                continue;
            }
            let mut roll = self.rng.below(total as usize) as u32;
            let weights = [
                mix.statements,
                mix.agreements,
                mix.leaks,
                mix.announcements,
                mix.rules,
                mix.expectations,
            ];
            let mut which = 0;
            while which < weights.len() - 1 && roll >= weights[which] {
                roll -= weights[which];
                which += 1;
            }
            match which {
                0 => self.statement(mix.expectations > 0),
                1 => self.agreement(),
                2 => self.leak(),
                3 => self.announcement(),
                4 => self.rule(i, shape.events),
                _ => self.expectation(),
            }
        }
        // Cues still waiting: say them, so their rules fire.
        for cue in std::mem::take(&mut self.cues) {
            self.cue(cue);
        }
    }

    /// An envoy with a channel to speak on.
    fn speaker(&mut self) -> (usize, Option<usize>) {
        let p = self.rng.below(self.parties.len());
        let e = *self.rng.pick(&self.parties[p].envoys);
        let chans = &self.member_of[e];
        if chans.is_empty() || self.rng.chance(5) {
            (e, None)
        } else {
            (e, Some(chans[self.rng.below(chans.len())]))
        }
    }

    fn statement(&mut self, expect: bool) {
        if self.rng.chance(4) {
            // A leader speaks in public.
            let p = self.rng.below(self.parties.len());
            let leader = self.parties[p].leader;
            let text = self.text("statement");
            emit!(self, "{} says {text:?}", self.actors[leader]);
            self.remember(self.parties[p].public, format!("{text:?}"));
            return;
        }
        let (speaker, channel) = self.speaker();
        let who = self.actors[speaker].clone();
        let on = channel.map_or(String::new(), |c| format!(" on {}", self.channels[c].name));
        if self.rng.chance(3) && !self.labels.is_empty() {
            let l = self.rng.below(self.labels.len());
            emit!(self, "{who} denies {}{on}", self.labels[l].name);
            return;
        }
        let verb = *self.rng.pick(VERBS);
        let recipient = match channel {
            Some(c) if self.rng.chance(10) => {
                let m = *self.rng.pick(&self.channels[c].members);
                (m != speaker).then(|| format!("{} ", self.actors[m]))
            }
            _ => None,
        };
        let (verb, recipient) = match recipient {
            Some(r) if self.rng.chance(50) => ("notifies", r),
            Some(r) => (verb, r),
            None => (verb, String::new()),
        };
        let text = if self.rng.chance(2) {
            "opening".to_string()
        } else {
            format!("{:?}", self.text("offer"))
        };
        let about = if matches!(verb, "proposes" | "demands") && self.rng.chance(20) {
            format!(" about {}", self.rng.pick(ISSUES))
        } else {
            String::new()
        };
        let label = self
            .rng
            .chance(50)
            .then(|| format!("s{}", self.labels.len()));
        let as_label = label.as_ref().map_or(String::new(), |l| format!(" as {l}"));
        emit!(self, "{who} {verb} {recipient}{text}{about}{on}{as_label}");
        let fact = label.clone().unwrap_or_else(|| text.clone());
        if let Some(l) = label {
            self.labels.push(Label {
                name: l,
                channel,
                leaked: false,
            });
        }
        self.remember(speaker, fact.clone());
        if !expect || !self.rng.chance(25) {
            return;
        }
        // Expectations known to hold right after the statement.
        match channel {
            Some(c) => {
                let ch = &self.channels[c];
                let a = *self.rng.pick(&ch.members);
                let b = *self.rng.pick(&ch.members);
                let outsider = self.parties[self.rng.below(self.parties.len())].public;
                let (a, b, outsider) = (
                    self.actors[a].clone(),
                    self.actors[b].clone(),
                    self.actors[outsider].clone(),
                );
                match self.rng.below(3) {
                    0 => emit!(self, "expect {a} knows {fact}"),
                    1 => emit!(self, "expect {a} knows {b} knows {fact}"),
                    _ if ch.kind != Kind::Public && text != "opening" => emit!(
                        self,
                        "expect {a} knows {fact} and not {outsider} knows {text}"
                    ),
                    _ => emit!(self, "expect {who} knows {fact}"),
                }
            }
            None => {
                let p = self.rng.below(self.parties.len());
                emit!(self, "expect {} knows {fact}", self.parties[p].name);
            }
        }
    }

    fn agreement(&mut self) {
        let (_, channel) = self.speaker();
        let Some(c) = channel.filter(|c| self.channels[*c].parties.len() >= 2) else {
            return self.statement(false);
        };
        let label = format!("g{}", self.labels.len());
        let text = self.text("agreement");
        let ch = &self.channels[c];
        let (a, b) = (ch.parties[0], ch.parties[1]);
        emit!(
            self,
            "agree {text:?} between {}, {} on {} as {label}",
            self.parties[a].name,
            self.parties[b].name,
            ch.name
        );
        let member = ch.members[0];
        self.labels.push(Label {
            name: label.clone(),
            channel: Some(c),
            leaked: false,
        });
        self.remember(member, label);
    }

    /// An audience for a leak: its text, and an actor surely in it.
    fn audience(&mut self) -> (String, usize) {
        let p = self.rng.below(self.parties.len());
        let party = &self.parties[p];
        match self.rng.below(5) {
            0 => (party.name.clone(), party.public),
            1 => (self.actors[party.public].clone(), party.public),
            2 => (
                format!(
                    "{}, {}",
                    self.actors[party.spoiler], self.actors[party.bureaucracy]
                ),
                party.spoiler,
            ),
            3 => ("public".to_string(), party.spoiler),
            _ => {
                let e = *self.rng.pick(&party.envoys);
                (self.actors[e].clone(), e)
            }
        }
    }

    fn leak(&mut self) {
        if self.labels.is_empty() {
            return self.statement(false);
        }
        let l = self.rng.below(self.labels.len());
        let (audience, hearer) = self.audience();
        let label = self.labels[l].name.clone();
        let channel = self.labels[l].channel;
        match channel {
            // `everything on C` now and then, once per channel: it teaches every
            // statement made on C so far, so its cost grows with the channel's talk.
            Some(c) if !self.channels[c].everything_leaked && self.rng.chance(5) => {
                self.channels[c].everything_leaked = true;
                let name = self.channels[c].name.clone();
                emit!(self, "leak everything on {name} to {audience}");
                for other in self.labels.iter_mut().filter(|x| x.channel == Some(c)) {
                    other.leaked = true;
                }
                self.remember(hearer, name);
            }
            // By a leader who authorised the back channel: a breach, if new.
            Some(c) if self.channels[c].kind == Kind::Backchannel && self.rng.chance(40) => {
                let leader = *self.rng.pick(&self.channels[c].authorized);
                let verb = if self.rng.chance(30) {
                    "reveal"
                } else {
                    "leak"
                };
                emit!(
                    self,
                    "{verb} {label} to {audience} by {}",
                    self.actors[leader]
                );
                if verb == "leak" && !self.labels[l].leaked && audience == "public" {
                    // Certainly new to someone: the leader loses access.
                    if !self.lost.contains(&leader) {
                        self.lost.push(leader);
                    }
                    emit!(self, "expect {} lost access", self.actors[leader]);
                }
            }
            _ => emit!(self, "leak {label} to {audience}"),
        }
        self.labels[l].leaked = true;
        if self.rng.chance(50) {
            emit!(self, "expect {} knows {label}", self.actors[hearer]);
        }
        self.remember(hearer, label);
    }

    fn announcement(&mut self) {
        if self.labels.is_empty() || self.rng.chance(20) {
            let text = self.text("announcement");
            emit!(self, "announce {text:?}");
            let p = self.rng.below(self.parties.len());
            self.remember(self.parties[p].spoiler, format!("{text:?}"));
            return;
        }
        let l = self.rng.below(self.labels.len());
        let label = self.labels[l].name.clone();
        let by = match self.labels[l].channel {
            Some(c) if self.channels[c].kind == Kind::Backchannel => {
                Some(*self.rng.pick(&self.channels[c].authorized))
            }
            _ => None,
        };
        match by {
            Some(leader) => emit!(self, "announce {label} by {}", self.actors[leader]),
            None => emit!(self, "announce {label}"),
        }
        self.labels[l].leaked = true;
        let (a, b) = (
            self.rng.below(self.actors.len()),
            self.rng.below(self.actors.len()),
        );
        if self.rng.chance(50) {
            emit!(
                self,
                "expect {label} is common knowledge among {}, {}",
                self.actors[a],
                self.actors[b]
            );
        }
        self.remember(a, label);
    }

    fn rule(&mut self, now: usize, events: usize) {
        self.rules += 1;
        let r = self.rules;
        let (speaker, channel) = self.speaker();
        let (body_speaker, body_channel) = self.speaker();
        let on = body_channel.map_or(String::new(), |c| format!(" on {}", self.channels[c].name));
        let body = format!("{} says \"answer {r}\"{on}", self.actors[body_speaker]);
        match self.rng.below(10) {
            // Waits for a text never said: pending to the end.
            0 => {
                let p = self.rng.below(self.parties.len());
                emit!(
                    self,
                    "when {} knows \"never {r}\" {{ {body} }}",
                    self.actors[self.parties[p].public]
                );
            }
            // A conditional, decided at once.
            1 if !self.known.is_empty() => {
                let (a, fact) = self.known[self.rng.below(self.known.len())].clone();
                emit!(
                    self,
                    "if {} knows {fact} {{ {body} }} else {{ {body} }}",
                    self.actors[a]
                );
            }
            // Waits for a mobilised spoiler or a credibility drop: may fire, may not.
            2 => {
                let p = self.rng.below(self.parties.len());
                emit!(
                    self,
                    "when {} is mobilized or credibility of {} < -2 {{ {body} }}",
                    self.actors[self.parties[p].spoiler],
                    self.actors[self.parties[p].envoys[0]]
                );
            }
            // Waits for a cue said later.
            _ => {
                emit!(
                    self,
                    "when {} knows \"cue {r}\" {{ {body} }}",
                    self.actors[speaker]
                );
                let wait = 1 + self.rng.below(2000.min(events.max(2)));
                self.cues.push(Cue {
                    at: now + wait,
                    speaker,
                    channel,
                    rule: r,
                    answerer: body_speaker,
                });
            }
        }
    }

    /// Says a rule's cue; the rule fires at once.
    fn cue(&mut self, cue: Cue) {
        let on = cue
            .channel
            .map_or(String::new(), |c| format!(" on {}", self.channels[c].name));
        let r = cue.rule;
        emit!(self, "{} signals \"cue {r}\"{on}", self.actors[cue.speaker]);
        if self.rng.chance(30) {
            emit!(
                self,
                "expect {} knows \"answer {r}\"",
                self.actors[cue.answerer]
            );
        }
    }

    fn expectation(&mut self) {
        match self.rng.below(8) {
            0 => {
                let p = self.rng.below(self.parties.len());
                emit!(
                    self,
                    "expect mobilization of {} >= 0 and credibility of {} <= 0",
                    self.actors[self.parties[p].spoiler],
                    self.actors[self.parties[p].envoys[0]]
                );
            }
            1 if !self.lost.is_empty() => {
                let a = *self.rng.pick(&self.lost);
                emit!(self, "expect {} lost access", self.actors[a]);
            }
            _ if !self.known.is_empty() => {
                let (a, fact) = self.known[self.rng.below(self.known.len())].clone();
                emit!(self, "expect {} knows {fact}", self.actors[a]);
            }
            _ => emit!(self, "expect not {} knows \"never\"", self.actors[0]),
        }
    }
}
