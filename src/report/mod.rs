//! Reports: what a run looks like to a person ([`text`]: the transcript and the
//! summary), to a tool ([`json`]), and as a picture ([`mermaid`]: a sequence
//! diagram). All read the trace and state that the interpreter left; none changes
//! anything.

pub mod json;
pub mod mermaid;
pub mod text;

use crate::interp::cond::name_list;
use crate::interp::knowledge::Group;
use crate::interp::{Consequence, Interp};
use crate::ir::*;
use crate::source::{SourceMap, Span};

/// The source text of an item, on one line, shortened to `max` characters.
pub fn item_text(sources: &SourceMap, span: Span, max: usize) -> String {
    let source = sources.get(span.src);
    let raw = source.text.get(span.range()).unwrap_or_default();
    let mut one_line = String::new();
    for word in raw
        .lines()
        .map(|l| strip_comment(l).trim())
        .filter(|l| !l.is_empty())
    {
        if !one_line.is_empty() {
            one_line.push(' ');
        }
        one_line.push_str(&word.split_whitespace().collect::<Vec<_>>().join(" "));
    }
    crate::interp::shorten(&one_line, max)
}

/// A line without its `#` comment (a `#` inside a string is kept).
fn strip_comment(line: &str) -> &str {
    let mut in_string = false;
    let mut escaped = false;
    for (i, c) in line.char_indices() {
        match c {
            '\\' if in_string => escaped = !escaped,
            '"' if !escaped => in_string = !in_string,
            '#' if !in_string => return &line[..i],
            _ => escaped = false,
        }
        if c != '\\' {
            escaped = false;
        }
    }
    line
}

/// The names of a group's members, or "everyone (N actors)".
pub fn group_text(st: &Interp, decls: &Decls, group: Group, max: usize) -> String {
    match group {
        Group::Everyone(1) => "everyone (1 actor)".to_string(),
        Group::Everyone(n) => format!("everyone ({n} actors)"),
        g => name_list(
            st.knowledge.members(decls, g).map(|a| decls.actor_name(a)),
            max,
        ),
    }
}

/// What followed from an event, in a sentence.
pub fn consequence_text(decls: &Decls, c: &Consequence) -> String {
    match c {
        Consequence::Exposed { channel } => {
            format!(
                "`{}` is exposed: the public, press or spoilers know it exists",
                decls.channels[*channel as usize].name
            )
        }
        Consequence::DenialExposed {
            denier,
            hearer,
            before,
            after,
        } => format!(
            "{}'s denial is exposed ({} heard it and now knows): credibility {before} → {after}",
            decls.actor_name(*denier),
            decls.actor_name(*hearer)
        ),
        Consequence::Mobilized { spoiler, by, total } => {
            format!(
                "{} mobilises against a concession it was kept from: +{by}, now {total}",
                decls.actor_name(*spoiler)
            )
        }
        Consequence::Breach { leaker, channel } => format!(
            "breach of confidence: {} leaked from `{}` and loses access to off-record channels",
            decls.actor_name(*leaker),
            decls.channels[*channel as usize].name
        ),
        Consequence::Trust {
            a,
            b,
            before,
            after,
        } => {
            format!(
                "trust between {} and {}: {before} → {after}",
                decls.party_name(*a),
                decls.party_name(*b)
            )
        }
        Consequence::Position { party, text } => {
            format!(
                "{} now holds {:?} officially",
                decls.party_name(*party),
                &decls.texts[*text as usize]
            )
        }
        Consequence::PreconditionMet { party, text } => {
            format!(
                "{}'s precondition {:?} is met",
                decls.party_name(*party),
                &decls.texts[*text as usize]
            )
        }
    }
}

/// The text of a `show` item, computed when it runs.
pub fn show(st: &Interp, decls: &Decls, s: &Show) -> String {
    match s {
        Show::WhoKnows(f) => who_knows(st, decls, *f),
        Show::KnowledgeOf(subject) => knowledge_of(st, decls, *subject),
        Show::Subject(subject) => knowledge_of(st, decls, *subject),
        Show::Channel(c) => channel_line(st, decls, *c),
        Show::Stmt(s) => {
            let facts = Interp::stmt_facts_of(decls, *s);
            who_knows(st, decls, facts[0])
        }
        Show::State => text::summary(st, decls, false),
    }
}

fn who_knows(st: &Interp, decls: &Decls, f: Fact) -> String {
    let knowers: Vec<&str> = (0..st.actors)
        .filter(|a| st.knows(decls, *a, f))
        .map(|a| decls.actor_name(a))
        .collect();
    if knowers.is_empty() {
        format!("nobody knows {}", decls.fact_name(f))
    } else {
        format!(
            "{} known to {} of {}: {}",
            decls.fact_name(f),
            knowers.len(),
            st.actors,
            name_list(knowers.into_iter(), 30)
        )
    }
}

fn knowledge_of(st: &Interp, decls: &Decls, subject: Subject) -> String {
    let actors = crate::interp::cond::actors(decls, subject);
    let mut lines = Vec::new();
    for a in actors {
        let known: Vec<String> = known_facts(decls)
            .filter(|f| st.knows(decls, a, *f))
            .map(|f| decls.fact_name(f))
            .collect();
        let known = if known.is_empty() {
            "nothing yet".to_string()
        } else {
            known.join(", ")
        };
        lines.push(format!("{} knows: {known}", decls.actor_name(a)));
    }
    lines.join("\n")
}

/// The facts worth listing: channels, and labelled statements and agreements.
pub fn known_facts(decls: &Decls) -> impl Iterator<Item = Fact> + '_ {
    let channels = (0..decls.channels.len() as u32).map(Fact::Channel);
    let labelled = decls
        .stmts
        .iter()
        .enumerate()
        .filter(|(_, s)| s.label.get().is_some())
        .map(|(i, _)| Fact::Stmt(i as u32));
    channels.chain(labelled)
}

pub fn channel_status(st: &Interp, decls: &Decls, c: ChannelId) -> &'static str {
    let opened = st.opened.get(c as usize).copied().unwrap_or(false);
    let exposed = st.exposed.get(c as usize).is_some_and(|e| e.is_some());
    let deniable = crate::model::rules(decls.channels[c as usize].kind).deniable;
    match (opened, exposed, deniable) {
        (false, ..) => "not opened",
        (true, true, _) => "exposed",
        (true, false, true) => "secret",
        (true, false, false) => "on record",
    }
}

fn channel_line(st: &Interp, decls: &Decls, c: ChannelId) -> String {
    let ch = &decls.channels[c as usize];
    format!(
        "{} ({}, {}): insiders {}; {}",
        ch.name,
        ch.kind.as_str(),
        channel_status(st, decls, c),
        name_list(ch.insiders.iter().map(|a| decls.actor_name(*a)), 20),
        who_knows(st, decls, Fact::Channel(c))
    )
}
