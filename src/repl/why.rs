//! `:why`: the events behind a condition's answer.
//!
//! For a condition that holds, the events that make it hold — for `A knows F`, the
//! event that first taught F to each of A's actors, and where F came from; for a
//! number, every event that moved it. For one that does not, the events that come
//! closest — who was taught F instead, and by what. `and`, `or` and `not` follow
//! the parts that decide the answer. Each event comes with notes saying what it did.

use crate::interp::cond::{self, actors};
use crate::interp::knowledge::{EventId, Teaching};
use crate::interp::{Consequence, EventKind, Interp};
use crate::ir::*;
use crate::report::{consequence_text, group_text};
use std::collections::BTreeMap;

/// Events, in the order they happened, each with what it did for the condition.
pub type Because = BTreeMap<EventId, Vec<String>>;

/// The events behind the answer to `c`.
pub fn because(st: &Interp, decls: &Decls, c: &Cond) -> Because {
    let mut out = Because::new();
    collect(st, decls, c, &mut out);
    out
}

/// The events that taught the fact of a true `A knows F` (without its origin):
/// the bare-condition answer's "taught by".
pub fn taught_by(st: &Interp, decls: &Decls, c: &Cond) -> Vec<EventId> {
    match &c.kind {
        CondKind::Knows { chain, fact } if cond::eval(st, decls, c) => {
            let mut out = Because::new();
            knows(st, decls, chain, *fact, false, &mut out);
            out.into_keys().collect()
        }
        _ => Vec::new(),
    }
}

fn note(out: &mut Because, event: EventId, text: String) {
    let notes = out.entry(event).or_default();
    if !notes.contains(&text) {
        notes.push(text);
    }
}

fn collect(st: &Interp, decls: &Decls, c: &Cond, out: &mut Because) {
    match &c.kind {
        CondKind::Knows { chain, fact } => knows(st, decls, chain, *fact, true, out),
        CondKind::Common { fact, among } => {
            let all: Vec<ActorId> = among.iter().flat_map(|s| actors(decls, *s)).collect();
            match st
                .knowledge
                .covering(decls, *fact, all.iter().copied(), all.iter().copied())
            {
                Some(t) => note(out, t.event, taught(st, decls, *fact, &t)),
                None => every_teaching(st, decls, *fact, out),
            }
            origin(st, decls, *fact, out);
        }
        CondKind::Exposed(ch) => {
            let name = &decls.channels[*ch as usize].name;
            match st.exposed.get(*ch as usize).copied().flatten() {
                Some(ev) => note(
                    out,
                    ev,
                    format!("`{name}` is exposed: the public, press or spoilers learn it exists"),
                ),
                None => every_teaching(st, decls, Fact::Channel(*ch), out),
            }
        }
        CondKind::Mobilized(a) => consequences(
            st,
            decls,
            out,
            |c| matches!(c, Consequence::Mobilized { spoiler, .. } if spoiler == a),
        ),
        CondKind::LostAccess(a) => consequences(
            st,
            decls,
            out,
            |c| matches!(c, Consequence::Breach { leaker, .. } if leaker == a),
        ),
        CondKind::Holds { party, text } => consequences(
            st,
            decls,
            out,
            |c| matches!(c, Consequence::Position { party: p, text: t } if p == party && t == text),
        ),
        CondKind::Compare { metric, .. } => match *metric {
            Metric::Credibility(a) => consequences(
                st,
                decls,
                out,
                |c| matches!(c, Consequence::DenialExposed { denier, .. } if *denier == a),
            ),
            Metric::Mobilization(a) => consequences(
                st,
                decls,
                out,
                |c| matches!(c, Consequence::Mobilized { spoiler, .. } if *spoiler == a),
            ),
            Metric::Trust(a, b) => {
                let pair = |x: PartyId, y: PartyId| (x == a && y == b) || (x == b && y == a);
                for (i, ev) in st.events.iter().enumerate() {
                    if let EventKind::Relations { a: x, b: y, trust } = ev.kind
                        && pair(x, y)
                    {
                        note(out, i as EventId, format!("sets trust to {trust}"));
                    }
                }
                consequences(
                    st,
                    decls,
                    out,
                    |c| matches!(c, Consequence::Trust { a: x, b: y, .. } if pair(*x, *y)),
                );
            }
        },
        CondKind::Not(inner) => collect(st, decls, inner, out),
        CondKind::And(a, b) | CondKind::Or(a, b) => {
            let holds = cond::eval(st, decls, c);
            let is_and = matches!(c.kind, CondKind::And(..));
            // `and` that holds and `or` that fails need both sides; otherwise only
            // the sides that decide: the false ones of an `and`, the true of an `or`.
            for side in [a, b] {
                if holds != is_and && cond::eval(st, decls, side) == is_and {
                    continue;
                }
                collect(st, decls, side, out);
            }
        }
    }
}

/// `A knows … knows F`: the event covering the chain, or else the events that
/// taught F to the last subject, or to anyone at all.
fn knows(
    st: &Interp,
    decls: &Decls,
    chain: &[Subject],
    fact: Fact,
    with_origin: bool,
    out: &mut Because,
) {
    let Some(last) = chain.last() else { return };
    let learners = actors(decls, *last);
    let mut found = false;
    if chain.len() > 1 {
        let observers: Vec<ActorId> = chain.iter().flat_map(|s| actors(decls, *s)).collect();
        if let Some(t) = st.knowledge.covering(
            decls,
            fact,
            observers.iter().copied(),
            learners.iter().copied(),
        ) {
            note(out, t.event, taught(st, decls, fact, &t));
            found = true;
        }
    }
    if !found {
        for a in &learners {
            if let Some(t) = st.knowledge.first_teaching(decls, *a, fact) {
                note(out, t.event, taught(st, decls, fact, &t));
                found = true;
            }
        }
    }
    if !found {
        every_teaching(st, decls, fact, out);
    }
    if with_origin {
        origin(st, decls, fact, out);
    }
}

fn taught(st: &Interp, decls: &Decls, fact: Fact, t: &Teaching) -> String {
    let learners = group_text(st, decls, t.learners, 8);
    if t.observers == t.learners {
        format!("taught {} to {learners}", decls.fact_name(fact))
    } else {
        format!(
            "taught {} to {learners}, seen by {}",
            decls.fact_name(fact),
            group_text(st, decls, t.observers, 8)
        )
    }
}

fn every_teaching(st: &Interp, decls: &Decls, fact: Fact, out: &mut Because) {
    for t in st.knowledge.teachings(fact) {
        note(out, t.event, taught(st, decls, fact, &t));
    }
}

/// Where a statement or a channel comes from: the event that made it.
fn origin(st: &Interp, decls: &Decls, fact: Fact, out: &mut Because) {
    let made = st.events.iter().position(|ev| match (fact, &ev.kind) {
        (Fact::Stmt(s), EventKind::Said(x) | EventKind::Agreed(x)) => s == *x,
        (Fact::Channel(c), EventKind::Opened(x)) => c == *x,
        _ => false,
    });
    if let Some(i) = made {
        let what = match fact {
            Fact::Channel(_) => "opens",
            _ => "makes",
        };
        note(
            out,
            i as EventId,
            format!("{what} {}", decls.fact_name(fact)),
        );
    }
}

/// Every event with a consequence that `wanted` picks, noted with it.
fn consequences(
    st: &Interp,
    decls: &Decls,
    out: &mut Because,
    wanted: impl Fn(&Consequence) -> bool,
) {
    for (i, ev) in st.events.iter().enumerate() {
        for c in ev.consequences.iter().filter(|c| wanted(c)) {
            note(out, i as EventId, consequence_text(decls, c));
        }
    }
}
