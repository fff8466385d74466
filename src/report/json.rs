//! The JSON document of `neg run --format json` and `neg check --format json`.
//!
//! Field names are stable and documented in `docs/json.md`; a test checks that the
//! documented fields are present. Lines and columns are 1-based, columns count
//! characters.
//!
//! The events and the actors are made as they are written ([`Events`], [`Actors`]),
//! so that the document of a large run is never held whole: with many actors, who
//! learned each event and what each actor knows outgrow the run itself.

use super::{channel_status, consequence_text, item_text, known_facts};
use crate::diagnostic::JsonDiagnostic;
use crate::driver::Run;
use crate::interp::knowledge::Group;
use crate::interp::{Consequence, EventKind, Interp};
use crate::ir::*;
use serde::{Serialize, Serializer};

#[derive(Serialize)]
pub struct Document<'r> {
    pub file: String,
    /// Whether the script was run (it is not when it has static errors).
    pub ran: bool,
    pub exit_code: i32,
    pub diagnostics: Vec<JsonDiagnostic>,
    pub expectations: Vec<JsonExpectation>,
    pub events: Events<'r>,
    pub state: Option<JsonState<'r>>,
}

/// The events of a run, each made as it is written.
pub struct Events<'r>(&'r Run);

impl Serialize for Events<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.interp.events.iter().map(|ev| event(self.0, ev)))
    }
}

/// The actors in being, each made as it is written.
pub struct Actors<'r> {
    st: &'r Interp,
    decls: &'r Decls,
}

impl Serialize for Actors<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let facts: Vec<Fact> = known_facts(self.decls).collect();
        let actors = (0..self.st.actors).map(|a| actor(self.st, self.decls, &facts, a));
        s.collect_seq(actors)
    }
}

#[derive(Serialize)]
pub struct JsonExpectation {
    pub line: usize,
    pub column: usize,
    pub passed: bool,
    pub condition: String,
    pub reason: String,
}

#[derive(Serialize)]
pub struct JsonEvent {
    pub line: usize,
    pub session: u32,
    pub time: Option<String>,
    /// party, relations, requires, channel, statement, agreement, leak, reveal, announce, rule
    pub kind: &'static str,
    /// The item as written.
    pub text: String,
    /// Whether everyone declared so far learned it.
    pub everyone: bool,
    pub learners: Vec<String>,
    pub consequences: Vec<JsonConsequence>,
}

#[derive(Serialize)]
pub struct JsonConsequence {
    /// exposed, denial_exposed, mobilized, breach, trust, position, precondition_met
    pub kind: &'static str,
    pub description: String,
}

#[derive(Serialize)]
pub struct JsonState<'r> {
    pub session: u32,
    pub time: Option<String>,
    pub parties: Vec<JsonParty>,
    pub actors: Actors<'r>,
    pub channels: Vec<JsonChannel>,
    pub positions: Vec<JsonPosition>,
    pub agreements: Vec<JsonAgreement>,
    pub trust: Vec<JsonTrust>,
    pub unmet_preconditions: Vec<JsonPosition>,
}

#[derive(Serialize)]
pub struct JsonParty {
    pub name: String,
    pub actors: Vec<String>,
}

#[derive(Serialize)]
pub struct JsonActor {
    pub name: String,
    pub party: String,
    pub role: &'static str,
    pub credibility: i64,
    pub mobilization: i64,
    pub lost_access: bool,
    /// Channels and labels this actor knows.
    pub knows: Vec<String>,
}

#[derive(Serialize)]
pub struct JsonChannel {
    pub name: String,
    pub kind: &'static str,
    /// not opened, secret, exposed, on record
    pub status: &'static str,
    pub insiders: Vec<String>,
}

#[derive(Serialize)]
pub struct JsonPosition {
    pub party: String,
    pub text: String,
}

#[derive(Serialize)]
pub struct JsonAgreement {
    pub label: Option<String>,
    pub text: Option<String>,
    pub parties: Vec<String>,
    pub channel: Option<String>,
}

#[derive(Serialize)]
pub struct JsonTrust {
    pub a: String,
    pub b: String,
    pub value: i64,
}

pub fn document(run: &Run) -> Document<'_> {
    let st = &run.interp;
    let decls = &run.checker.decls;
    let diagnostics = run
        .diagnostics()
        .iter()
        .map(|d| d.to_json(&run.sources))
        .collect();
    let expectations = st
        .expectations
        .iter()
        .map(|e| {
            let (line, column) = run.sources.line_col(e.span);
            JsonExpectation {
                line,
                column,
                passed: e.passed,
                condition: e.condition.clone(),
                reason: e.reason.clone(),
            }
        })
        .collect();
    Document {
        file: run.sources.get(run.src).name.clone(),
        ran: run.ran,
        exit_code: run.exit_code(),
        diagnostics,
        expectations,
        events: Events(run),
        state: run.ran.then(|| state(st, decls)),
    }
}

fn event(run: &Run, ev: &crate::interp::Event) -> JsonEvent {
    let (st, decls) = (&run.interp, &run.checker.decls);
    JsonEvent {
        line: run.sources.line_col(ev.span).0,
        session: ev.session,
        time: (ev.session as usize)
            .checked_sub(1)
            .and_then(|i| st.times.get(i))
            .cloned(),
        kind: event_kind(decls, &ev.kind),
        text: item_text(&run.sources, ev.span, usize::MAX),
        everyone: matches!(ev.learners, Some(Group::Everyone(_))),
        learners: ev.learners.map(|g| names(st, decls, g)).unwrap_or_default(),
        consequences: ev
            .consequences
            .iter()
            .map(|c| JsonConsequence {
                kind: consequence_kind(c),
                description: consequence_text(decls, c),
            })
            .collect(),
    }
}

fn actor(st: &Interp, decls: &Decls, facts: &[Fact], a: ActorId) -> JsonActor {
    let actor = &decls.actors[a as usize];
    JsonActor {
        name: actor.name.clone(),
        party: decls.party_name(actor.party).to_string(),
        role: actor.role.as_str(),
        credibility: st.credibility[a as usize],
        mobilization: st.mobilization[a as usize],
        lost_access: st.lost_access[a as usize].is_some(),
        knows: facts
            .iter()
            .filter(|f| st.knows(decls, a, **f))
            .map(|f| decls.fact_name(*f))
            .collect(),
    }
}

fn names(st: &Interp, decls: &Decls, g: Group) -> Vec<String> {
    st.knowledge
        .members(decls, g)
        .map(|a| decls.actor_name(a).to_string())
        .collect()
}

fn event_kind(decls: &Decls, kind: &EventKind) -> &'static str {
    match kind {
        EventKind::Party(_) => "party",
        EventKind::Relations { .. } => "relations",
        EventKind::Requires { .. } => "requires",
        EventKind::Opened(_) => "channel",
        EventKind::Said(s) => match decls.stmts[*s as usize].what {
            StmtKind::Denied { .. } => "denial",
            _ => "statement",
        },
        EventKind::Agreed(_) => "agreement",
        EventKind::Revealed { kind, .. } => kind.as_str(),
        EventKind::Rule(_) => "rule",
    }
}

fn consequence_kind(c: &Consequence) -> &'static str {
    match c {
        Consequence::Exposed { .. } => "exposed",
        Consequence::DenialExposed { .. } => "denial_exposed",
        Consequence::Mobilized { .. } => "mobilized",
        Consequence::Breach { .. } => "breach",
        Consequence::Trust { .. } => "trust",
        Consequence::Position { .. } => "position",
        Consequence::PreconditionMet { .. } => "precondition_met",
    }
}

fn state<'r>(st: &'r Interp, decls: &'r Decls) -> JsonState<'r> {
    let in_being = |a: &ActorId| *a < st.actors;
    JsonState {
        session: st.session,
        time: st.times.last().cloned(),
        parties: decls
            .parties
            .iter()
            .map(|p| JsonParty {
                name: p.name.clone(),
                actors: p
                    .actors
                    .iter()
                    .filter(|a| in_being(a))
                    .map(|a| decls.actor_name(*a).to_string())
                    .collect(),
            })
            .collect(),
        actors: Actors { st, decls },
        channels: decls
            .channels
            .iter()
            .enumerate()
            .map(|(i, c)| JsonChannel {
                name: c.name.clone(),
                kind: c.kind.as_str(),
                status: channel_status(st, decls, i as ChannelId),
                insiders: c
                    .insiders
                    .iter()
                    .map(|a| decls.actor_name(*a).to_string())
                    .collect(),
            })
            .collect(),
        positions: st
            .positions
            .iter()
            .map(|(p, t)| JsonPosition {
                party: decls.party_name(*p).to_string(),
                text: decls.texts[*t as usize].to_string(),
            })
            .collect(),
        agreements: st
            .agreements
            .iter()
            .map(|s| {
                let stmt = &decls.stmts[*s as usize];
                let parties = decls
                    .agreement_parties(*s)
                    .into_iter()
                    .map(str::to_string)
                    .collect();
                JsonAgreement {
                    label: decls.label(*s).map(str::to_string),
                    text: stmt.text.get().map(|t| decls.texts[t as usize].to_string()),
                    parties,
                    channel: stmt
                        .channel
                        .get()
                        .map(|c| decls.channels[c as usize].name.clone()),
                }
            })
            .collect(),
        trust: st
            .trust_pairs()
            .into_iter()
            .map(|((a, b), value)| JsonTrust {
                a: decls.party_name(a).to_string(),
                b: decls.party_name(b).to_string(),
                value,
            })
            .collect(),
        unmet_preconditions: st
            .unmet_preconditions()
            .map(|(p, t)| JsonPosition {
                party: decls.party_name(p).to_string(),
                text: decls.texts[t as usize].to_string(),
            })
            .collect(),
    }
}
