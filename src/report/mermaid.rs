//! The run as a picture: a Mermaid `sequenceDiagram` (`neg run --format mermaid`),
//! which GitHub renders wherever Markdown holds a ```` ```mermaid ```` block.
//!
//! It reads the trace of a recorded run (`record = true`) and draws:
//!
//! - **participants**: the actors who take part in something drawn, in one `box` per
//!   party, in declaration order;
//! - **statements** as messages labelled with the verb, the text and `[channel]`: to
//!   the recipient if there is one, else to the channel's members of other parties
//!   (or, with none, its other members). Solid arrows (`->>`) on the record, dashed
//!   (`-->>`) off it (back channels, informal channels). With more than
//!   [`MAX_ARROWS`] targets, or none, a note over the channel's members stands in.
//!   A public statement (no `on`) is a note over its speaker, marked `[public]`;
//! - **revelations** as notes marked `LEAK`, `REVEAL` or `ANNOUNCE`, inside a tinted
//!   `rect` (red for a leak, blue for the authorised kinds), with their consequences;
//! - **agreements** (`AGREED`), channel openings, and consequences (`→ …`) as notes;
//! - **sessions** as a note across the whole diagram; warnings and run-time errors
//!   as notes naming their code, in an orange or red `rect`; fired rules as `%%`
//!   comments.
//!
//! Declarations, expectations, `show` and `if` are not drawn.
//!
//! Mermaid's own syntax is guarded: participant ids are the actors' names unless a
//! name is a Mermaid keyword (`end`, `box`, `note`, …; then `end_` with an alias), and
//! labels escape `# ; " < > &` as Mermaid entities (`#quot;`) and put line breaks
//! back on one line. Past [`MAX_CHARS`] characters the diagram stops with a note,
//! so it stays below the size Mermaid renders.

use super::item_text;
use crate::ast::RevealKind;
use crate::driver::Run;
use crate::interp::knowledge::Group;
use crate::interp::{Consequence, Entry, EventKind, Interp};
use crate::ir::*;
use crate::model;
use std::collections::{HashMap, HashSet};
use std::fmt::Write;

/// Most arrows drawn for one statement; with more targets, a note stands in.
pub const MAX_ARROWS: usize = 3;

/// Most actors of a leak's or reveal's audience drawn by name; a larger audience
/// is drawn as a note across the whole diagram.
pub const MAX_AUDIENCE: usize = 4;

/// The diagram stops growing past this many characters (Mermaid's default limit
/// is 50,000).
pub const MAX_CHARS: usize = 40_000;

/// Labels longer than this are marked `wrap:` so Mermaid breaks them over lines.
const WRAP_AFTER: usize = 24;

/// Words the Mermaid sequence-diagram lexer reserves (case-insensitive): an actor
/// of that name gets another id.
pub const MERMAID_KEYWORDS: &[&str] = &[
    "accdescr",
    "acctitle",
    "activate",
    "actor",
    "alt",
    "and",
    "as",
    "autonumber",
    "box",
    "break",
    "create",
    "critical",
    "deactivate",
    "destroy",
    "details",
    "else",
    "end",
    "left",
    "link",
    "links",
    "loop",
    "note",
    "off",
    "opt",
    "option",
    "over",
    "par",
    "par_over",
    "participant",
    "properties",
    "rect",
    "right",
    "sequencediagram",
    "title",
];

/// Tints for the party boxes and the highlighted events; light enough to read dark
/// text on, transparent enough for GitHub's dark theme.
const PARTY_TINTS: &[&str] = &[
    "rgba(66,133,244,0.10)",
    "rgba(244,160,0,0.10)",
    "rgba(15,157,88,0.10)",
    "rgba(171,71,188,0.10)",
    "rgba(0,172,193,0.10)",
    "rgba(219,68,55,0.10)",
];
const LEAK_TINT: &str = "rgba(219,68,55,0.18)";
const REVEAL_TINT: &str = "rgba(66,133,244,0.18)";
const WARNING_TINT: &str = "rgba(244,160,0,0.22)";
const ERROR_TINT: &str = "rgba(219,68,55,0.30)";

/// What a note is drawn over.
enum Over {
    /// From the leftmost to the rightmost of these actors.
    Actors(Vec<ActorId>),
    /// The whole diagram.
    All,
}

/// One line of the diagram's body, before participants are known.
enum Line {
    Message {
        from: ActorId,
        to: ActorId,
        dashed: bool,
        text: String,
    },
    Note {
        over: Over,
        text: String,
    },
    /// `rect …`, `end` and `%%` comments, as they are.
    Raw(String),
    /// Draws nothing, but makes the actor a participant.
    Cast(ActorId),
}

/// The Mermaid source of a recorded run. A run that did not start (static errors)
/// gives a diagram with only a comment saying so.
pub fn diagram(run: &Run) -> String {
    let st = &run.interp;
    let decls = &run.checker.decls;
    let mut body = Vec::new();
    if !run.ran {
        let mut out = String::from("sequenceDiagram\n");
        out.push_str("    %% not run: the script has errors (`neg check` lists them)\n");
        return out;
    }
    for entry in &st.entries {
        match entry {
            Entry::Session { number, time, .. } => body.push(Line::Note {
                over: Over::All,
                text: format!("session {number} · {time}"),
            }),
            Entry::Event(id) => event(run, *id, &mut body),
            Entry::Diagnostic(i) => {
                let d = &st.diagnostics[*i];
                let (tag, tint) = if d.is_error() {
                    ("ERROR", ERROR_TINT)
                } else {
                    ("WARNING", WARNING_TINT)
                };
                body.push(Line::Raw(format!("rect {tint}")));
                body.push(Line::Note {
                    over: Over::All,
                    text: format!("{tag} {}: {}", d.code, one_line(&d.message)),
                });
                body.push(Line::Raw("end".into()));
            }
            Entry::Expect(_) | Entry::Show { .. } | Entry::If { .. } => {}
        }
    }
    render(decls, st, &body)
}

/// The lines drawn for one event of the trace.
fn event(run: &Run, id: u32, body: &mut Vec<Line>) {
    let st = &run.interp;
    let decls = &run.checker.decls;
    let ev = &st.events[id as usize];
    match &ev.kind {
        EventKind::Party(_) | EventKind::Relations { .. } | EventKind::Requires { .. } => {}
        EventKind::Rule(_) => body.push(Line::Raw(format!(
            "%% rule fires: {}",
            one_line(&item_text(&run.sources, ev.span, 80))
        ))),
        EventKind::Opened(c) => {
            let ch = &decls.channels[*c as usize];
            body.push(Line::Note {
                over: Over::Actors(ch.members.clone()),
                text: format!("channel {} opens ({})", ch.name, ch.kind.as_str()),
            });
        }
        EventKind::Said(s) => {
            let span = statement(decls, *s, body);
            consequences(decls, &ev.consequences, span, body);
        }
        EventKind::Agreed(s) => {
            let stmt = &decls.stmts[*s as usize];
            let parties = decls.agreement_parties(*s).join(", ");
            let text = stmt
                .text
                .get()
                .map(|t| quoted(decls, t))
                .unwrap_or_default();
            let over = match stmt.channel.get() {
                Some(c) => Over::Actors(decls.channels[c as usize].members.clone()),
                None => Over::All,
            };
            let span = match &over {
                Over::Actors(v) => v.clone(),
                Over::All => Vec::new(),
            };
            body.push(Line::Note {
                over,
                text: format!(
                    "AGREED {text} between {parties} {}{}",
                    channel_tag(decls, stmt.channel.get()),
                    label_tag(decls, stmt)
                ),
            });
            consequences(decls, &ev.consequences, span, body);
        }
        EventKind::Revealed { kind, by } => {
            let (marker, tint) = match kind {
                RevealKind::Leak => ("LEAK", LEAK_TINT),
                RevealKind::Reveal => ("REVEAL", REVEAL_TINT),
                RevealKind::Announce => ("ANNOUNCE", REVEAL_TINT),
            };
            let audience: Option<Vec<ActorId>> = match ev.learners {
                Some(g @ Group::List(_)) if st.knowledge.size(decls, g) <= MAX_AUDIENCE => {
                    Some(st.knowledge.members(decls, g).collect())
                }
                _ => None,
            };
            let span: Vec<ActorId> = match &audience {
                Some(list) => by.iter().copied().chain(list.iter().copied()).collect(),
                None => Vec::new(),
            };
            let over = if audience.is_some() {
                Over::Actors(span.clone())
            } else {
                Over::All
            };
            // The item as written, without its keyword: `partner to Likud by Pundak`.
            let written = item_text(&run.sources, ev.span, 200);
            let rest = written
                .split_once(' ')
                .map(|(_, r)| r.to_string())
                .unwrap_or_default();
            if let Some(b) = by {
                body.push(Line::Cast(*b));
            }
            body.push(Line::Raw(format!("rect {tint}")));
            body.push(Line::Note {
                over,
                text: format!("{marker} {rest}"),
            });
            consequences(decls, &ev.consequences, span, body);
            body.push(Line::Raw("end".into()));
        }
    }
}

/// Draws a statement or denial; returns the actors it was drawn over.
fn statement(decls: &Decls, s: StmtId, body: &mut Vec<Line>) -> Vec<ActorId> {
    let stmt = &decls.stmts[s as usize];
    let (speaker, recipient, what) = match &stmt.what {
        StmtKind::Said {
            speaker,
            verb,
            recipient,
            issue,
        } => {
            let mut what = verb.as_str().to_string();
            if let Some(t) = stmt.text.get() {
                what.push(' ');
                what.push_str(&quoted(decls, t));
            }
            if let Some(i) = issue.get() {
                let _ = write!(what, " about {}", &decls.texts[i as usize]);
            }
            (*speaker, recipient.get(), what)
        }
        StmtKind::Denied { speaker, fact } => (
            *speaker,
            None,
            format!("denies {}", fact_text(decls, *fact)),
        ),
        StmtKind::Agreed { .. } => return Vec::new(),
    };
    let tags = format!(
        "{}{}",
        channel_tag(decls, stmt.channel.get()),
        label_tag(decls, stmt)
    );
    let ch = stmt.channel.get().map(|c| &decls.channels[c as usize]);
    let targets = match (recipient, ch) {
        (Some(r), _) => vec![r],
        (None, Some(ch)) => arrow_targets(decls, ch, speaker),
        (None, None) => Vec::new(),
    };
    if (1..=MAX_ARROWS).contains(&targets.len()) {
        let dashed = ch.is_some_and(|ch| !model::rules(ch.kind).on_record);
        for &to in &targets {
            body.push(Line::Message {
                from: speaker,
                to,
                dashed,
                text: format!("{what} {tags}"),
            });
        }
        std::iter::once(speaker).chain(targets).collect()
    } else if let Some(ch) = ch {
        let over: Vec<ActorId> = std::iter::once(speaker)
            .chain(ch.members.iter().copied())
            .collect();
        body.push(Line::Note {
            over: Over::Actors(over.clone()),
            text: format!("{} {what} {tags}", decls.actor_name(speaker)),
        });
        over
    } else {
        // In public: everyone hears it, so it goes across the whole diagram.
        body.push(Line::Cast(speaker));
        body.push(Line::Note {
            over: Over::All,
            text: format!("{} {what} {tags}", decls.actor_name(speaker)),
        });
        vec![speaker]
    }
}

/// Who a statement without a recipient goes to: the channel's members of other
/// parties, or, if there are none, its other members.
fn arrow_targets(decls: &Decls, ch: &Channel, speaker: ActorId) -> Vec<ActorId> {
    let party = |a: ActorId| decls.actors[a as usize].party;
    let others: Vec<ActorId> = ch
        .members
        .iter()
        .copied()
        .filter(|a| party(*a) != party(speaker))
        .collect();
    let mut targets = if others.is_empty() {
        ch.members
            .iter()
            .copied()
            .filter(|a| *a != speaker)
            .collect()
    } else {
        others
    };
    targets.sort_unstable();
    targets.dedup();
    targets
}

/// One note for each thing that followed from an event, over `span` (or the whole
/// diagram, if empty) and the actor concerned.
fn consequences(decls: &Decls, list: &[Consequence], span: Vec<ActorId>, body: &mut Vec<Line>) {
    for c in list {
        let over = if span.is_empty() {
            Over::All
        } else {
            let mut over = span.clone();
            if let Consequence::Mobilized { spoiler: a, .. }
            | Consequence::DenialExposed { denier: a, .. }
            | Consequence::Breach { leaker: a, .. } = c
            {
                over.push(*a);
            }
            Over::Actors(over)
        };
        body.push(Line::Note {
            over,
            text: consequence(decls, c),
        });
    }
}

/// A consequence, shortly.
fn consequence(decls: &Decls, c: &Consequence) -> String {
    match c {
        Consequence::Exposed { channel } => {
            format!("→ {} is exposed", decls.channels[*channel as usize].name)
        }
        Consequence::DenialExposed {
            denier,
            before,
            after,
            ..
        } => format!(
            "→ {}'s denial is exposed: credibility {before} → {after}",
            decls.actor_name(*denier)
        ),
        Consequence::Mobilized { spoiler, by, total } => format!(
            "→ {} mobilises +{by} (now {total})",
            decls.actor_name(*spoiler)
        ),
        Consequence::Breach { leaker, channel } => format!(
            "→ BREACH of confidence on {}: {} loses access",
            decls.channels[*channel as usize].name,
            decls.actor_name(*leaker)
        ),
        Consequence::Trust {
            a,
            b,
            before,
            after,
        } => format!(
            "→ trust {}–{}: {before} → {after}",
            decls.party_name(*a),
            decls.party_name(*b)
        ),
        // The text is the statement's, on the line above.
        Consequence::Position { party, .. } => {
            format!("→ {} now holds it officially", decls.party_name(*party))
        }
        Consequence::PreconditionMet { party, .. } => {
            format!("→ {}'s precondition is met", decls.party_name(*party))
        }
    }
}

/// A text in quotes, on one line.
fn quoted(decls: &Decls, t: TextId) -> String {
    format!("\"{}\"", one_line(&decls.texts[t as usize]))
}

fn fact_text(decls: &Decls, f: Fact) -> String {
    match f {
        Fact::Channel(c) => decls.channels[c as usize].name.clone(),
        Fact::Stmt(s) => match (decls.label(s), decls.stmts[s as usize].text.get()) {
            (Some(l), _) => l.to_string(),
            (None, Some(t)) => quoted(decls, t),
            (None, None) => decls.stmt_name(s),
        },
        Fact::Text(t) => quoted(decls, t),
    }
}

fn channel_tag(decls: &Decls, channel: Option<ChannelId>) -> String {
    match channel {
        Some(c) => format!("[{}]", decls.channels[c as usize].name),
        None => "[public]".to_string(),
    }
}

fn label_tag(decls: &Decls, stmt: &Stmt) -> String {
    stmt.label
        .get()
        .map(|l| format!(" as {}", decls.labels.get(l)))
        .unwrap_or_default()
}

/// Text on one line, for a `%%` comment.
fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// A label made safe for Mermaid: the characters its lexer treats specially become
/// entities, control characters (a `\n` in a string) spaces.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '#' => out.push_str("#35;"),
            ';' => out.push_str("#59;"),
            '"' => out.push_str("#quot;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '&' => out.push_str("#amp;"),
            '`' => out.push('\''),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A label as it goes after the `:`, escaped and marked for wrapping when long.
fn label(text: &str) -> String {
    if text.chars().count() > WRAP_AFTER {
        format!("wrap: {}", escape(text))
    } else {
        escape(text)
    }
}

/// Participant ids: the actor's name, or for a Mermaid keyword the name with `_`
/// appended until it is no one else's name.
fn participant_ids(decls: &Decls, actors: &[ActorId]) -> HashMap<ActorId, String> {
    let names: HashSet<&str> = decls.actors.iter().map(|a| a.name.as_str()).collect();
    let mut taken: HashSet<String> = HashSet::new();
    let mut ids = HashMap::new();
    for &a in actors {
        let name = decls.actor_name(a);
        let mut id = name.to_string();
        if MERMAID_KEYWORDS.contains(&name.to_ascii_lowercase().as_str()) {
            id.push('_');
            while names.contains(id.as_str()) || taken.contains(&id) {
                id.push('_');
            }
        }
        taken.insert(id.clone());
        ids.insert(a, id);
    }
    ids
}

/// Writes the header (participants in party boxes) and the body.
fn render(decls: &Decls, st: &Interp, body: &[Line]) -> String {
    // Who is drawn: every actor a line refers to, in party order.
    let mut seen: HashSet<ActorId> = HashSet::new();
    for line in body {
        match line {
            Line::Message { from, to, .. } => {
                seen.insert(*from);
                seen.insert(*to);
            }
            Line::Note {
                over: Over::Actors(v),
                ..
            } => seen.extend(v.iter().copied()),
            Line::Cast(a) => {
                seen.insert(*a);
            }
            _ => {}
        }
    }
    let mut cast: Vec<ActorId> = seen.into_iter().filter(|a| *a < st.actors).collect();
    cast.sort_by_key(|a| (decls.actors[*a as usize].party, *a));
    let ids = participant_ids(decls, &cast);
    let position: HashMap<ActorId, usize> = cast.iter().enumerate().map(|(i, a)| (*a, i)).collect();

    let mut out = String::from("sequenceDiagram\n");
    let mut open_party = None;
    for &a in &cast {
        let actor = &decls.actors[a as usize];
        if open_party != Some(actor.party) {
            if open_party.is_some() {
                out.push_str("    end\n");
            }
            let tint = PARTY_TINTS[actor.party as usize % PARTY_TINTS.len()];
            let _ = writeln!(out, "    box {tint} {}", decls.party_name(actor.party));
            open_party = Some(actor.party);
        }
        let id = &ids[&a];
        if *id == actor.name {
            let _ = writeln!(out, "        participant {id}");
        } else {
            let _ = writeln!(out, "        participant {id} as {}", actor.name);
        }
    }
    if open_party.is_some() {
        out.push_str("    end\n");
    }

    let over_text = |over: &Over| -> Option<String> {
        let (first, last) = match over {
            Over::All => (cast.first()?, cast.last()?),
            Over::Actors(v) => {
                let drawn = v.iter().filter(|a| position.contains_key(a));
                let first = drawn.clone().min_by_key(|a| position[a])?;
                let last = drawn.max_by_key(|a| position[a])?;
                (first, last)
            }
        };
        Some(if first == last {
            ids[first].clone()
        } else {
            format!("{},{}", ids[first], ids[last])
        })
    };

    let mut depth = 1;
    let mut open_rects = 0usize;
    let mut drawn = 0usize;
    for line in body {
        if out.len() > MAX_CHARS {
            break;
        }
        let indent = "    ".repeat(depth);
        match line {
            Line::Message {
                from,
                to,
                dashed,
                text,
            } => {
                let arrow = if *dashed { "-->>" } else { "->>" };
                let _ = writeln!(
                    out,
                    "{indent}{}{arrow}{}: {}",
                    ids[from],
                    ids[to],
                    label(text)
                );
            }
            Line::Note { over, text } => match over_text(over) {
                Some(over) => {
                    let _ = writeln!(out, "{indent}Note over {over}: {}", label(text));
                }
                None => {
                    let _ = writeln!(out, "{indent}%% {}", one_line(text));
                }
            },
            Line::Raw(raw) if raw.starts_with("rect ") => {
                let _ = writeln!(out, "{indent}{raw}");
                depth += 1;
                open_rects += 1;
            }
            Line::Raw(raw) if raw == "end" => {
                depth = depth.saturating_sub(1).max(1);
                open_rects = open_rects.saturating_sub(1);
                let _ = writeln!(out, "{}end", "    ".repeat(depth));
            }
            Line::Raw(raw) => {
                let _ = writeln!(out, "{indent}{raw}");
            }
            Line::Cast(_) => {}
        }
        drawn += 1;
    }
    for _ in 0..open_rects {
        depth = depth.saturating_sub(1).max(1);
        let _ = writeln!(out, "{}end", "    ".repeat(depth));
    }
    if drawn < body.len() {
        let rest = body.len() - drawn;
        let note = format!(
            "{rest} more line(s) not drawn: the diagram is too large (`neg run` shows the whole run)"
        );
        match over_text(&Over::All) {
            Some(over) => {
                let _ = writeln!(out, "    Note over {over}: {}", label(&note));
            }
            None => {
                let _ = writeln!(out, "    %% {note}");
            }
        }
    }
    out
}
