//! The printer: a syntax tree back to `.neg` source.
//!
//! Printing is the inverse of parsing up to layout: for a program that parsed without
//! errors, `parse(print(p))` gives `p` again, spans aside. Layout is canonical — one
//! item per line, bodies indented by two spaces, clauses in a fixed order (`about`,
//! `on`, `as`; `members`, `via`, `authorized by`, `endless after`), `else if` as an
//! `else` body holding the `if` (the same tree), and parentheses in conditions only
//! where precedence needs them (`not` > `and` > `or`, both left-associative).
//!
//! Comparison values are printed as decimals (`== 2.0`): the tree keeps every number
//! of a comparison as an `f64`, and a decimal reads back as exactly the same value,
//! even past 2^53 where an integer would not fit the lexer's 64 bits.
//!
//! Nodes that did not parse (`Error`) have no source form: an erroneous item is
//! printed as a comment, an erroneous term or time as `"?"`.

use crate::ast::*;
use std::fmt::Write;

/// The source of a whole program, one item per line.
pub fn program(p: &Program) -> String {
    let mut out = String::new();
    items(&mut out, &p.items, 0);
    out
}

/// The source of one condition.
pub fn cond(c: &Cond) -> String {
    let mut out = String::new();
    write_cond(&mut out, c);
    out
}

fn items(out: &mut String, list: &[Item], depth: usize) {
    for item in list {
        out.push_str(&"  ".repeat(depth));
        write_item(out, item, depth);
        out.push('\n');
    }
}

fn body(out: &mut String, list: &[Item], depth: usize) {
    out.push_str("{\n");
    items(out, list, depth + 1);
    out.push_str(&"  ".repeat(depth));
    out.push('}');
}

fn write_item(out: &mut String, item: &Item, depth: usize) {
    match &item.kind {
        ItemKind::Party(p) => {
            let _ = write!(out, "party {} {{", p.name.text);
            for line in &p.roles {
                let _ = write!(out, " {} {}", line.role.as_str(), names(&line.actors));
            }
            out.push_str(" }");
        }
        ItemKind::Relations { a, b, level, .. } => {
            let level = match level {
                Level::None => "none",
                Level::Hostile => "hostile",
                Level::Tense => "tense",
                Level::Normal => "normal",
                Level::Allied => "allied",
            };
            let _ = write!(out, "relations {}, {}: {level}", a.text, b.text);
        }
        ItemKind::Requires { party, text } => {
            let _ = write!(out, "{} requires {}", party.text, term(text));
        }
        ItemKind::Let { name, text, .. } => {
            let _ = write!(out, "let {} = {}", name.text, string(text));
        }
        ItemKind::Channel(c) => {
            let _ = write!(out, "channel {}: {} {{", c.name.text, c.kind.as_str());
            if !c.members.is_empty() {
                let _ = write!(out, " members {}", names(&c.members));
            }
            if !c.via.is_empty() {
                let _ = write!(out, " via {}", names(&c.via));
            }
            if !c.authorized.is_empty() {
                let _ = write!(out, " authorized by {}", names(&c.authorized));
            }
            if let Some((n, _)) = c.endless_after {
                let _ = write!(out, " endless after {n} sessions");
            }
            out.push_str(" }");
        }
        ItemKind::At(time) => {
            let _ = match time {
                Time::Date {
                    year, month, day, ..
                } => write!(out, "at {year:04}-{month:02}-{day:02}"),
                Time::Day { n, .. } => write!(out, "at day {n}"),
                Time::Round { n, .. } => write!(out, "at round {n}"),
                Time::Error => write!(out, "at \"?\""),
            };
        }
        ItemKind::Statement(s) => {
            let _ = write!(out, "{} {}", s.speaker.text, s.verb.as_str());
            for operand in &s.operands {
                let _ = write!(out, " {}", term(operand));
            }
            clauses(
                out,
                None,
                s.about.as_deref(),
                s.on.as_ref(),
                s.label.as_ref(),
            );
        }
        ItemKind::Agree(a) => {
            let _ = write!(out, "agree {}", term(&a.text));
            let parties = (!a.parties.is_empty()).then_some(a.parties.as_slice());
            clauses(out, parties, None, a.on.as_ref(), a.label.as_ref());
        }
        ItemKind::Reveal(r) => {
            let _ = write!(out, "{} {}", r.kind.as_str(), fact(&r.fact));
            if r.kind != RevealKind::Announce {
                let audience: Vec<&str> = r
                    .audience
                    .iter()
                    .map(|a| match a {
                        Audience::Public(_) => "public",
                        Audience::Name(n) => n.text,
                    })
                    .collect();
                let _ = write!(out, " to {}", audience.join(", "));
            }
            if let Some(by) = &r.by {
                let _ = write!(out, " by {}", by.text);
            }
        }
        ItemKind::Expect(c) => {
            out.push_str("expect ");
            write_cond(out, c);
        }
        ItemKind::Show(s) => {
            let _ = match s {
                Show::WhoKnows(t) => write!(out, "show who knows {}", term(t)),
                Show::KnowledgeOf(n) => write!(out, "show knowledge of {}", n.text),
                Show::Name(n) => write!(out, "show {}", n.text),
                Show::State => write!(out, "show state"),
            };
        }
        ItemKind::When { cond, body: list } => {
            out.push_str("when ");
            write_cond(out, cond);
            out.push(' ');
            body(out, list, depth);
        }
        ItemKind::If {
            cond,
            then,
            otherwise,
        } => {
            out.push_str("if ");
            write_cond(out, cond);
            out.push(' ');
            body(out, then, depth);
            if let Some(otherwise) = otherwise {
                out.push_str(" else ");
                body(out, otherwise, depth);
            }
        }
        ItemKind::Error { .. } => out.push_str("# (an item that did not parse)"),
    }
}

/// The optional clauses, in their canonical order.
fn clauses(
    out: &mut String,
    between: Option<&[Name]>,
    about: Option<&Name>,
    on: Option<&Name>,
    label: Option<&Name>,
) {
    if let Some(parties) = between {
        let _ = write!(out, " between {}", names(parties));
    }
    if let Some(n) = about {
        let _ = write!(out, " about {}", n.text);
    }
    if let Some(n) = on {
        let _ = write!(out, " on {}", n.text);
    }
    if let Some(n) = label {
        let _ = write!(out, " as {}", n.text);
    }
}

fn names(list: &[Name]) -> String {
    list.iter().map(|n| n.text).collect::<Vec<_>>().join(", ")
}

/// A string literal: quoted, with the four escapes of the lexer.
pub fn string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn term(t: &Term) -> String {
    match t {
        Term::Name(n) => n.text.to_string(),
        Term::Str { text, .. } => string(text),
        Term::Error(_) => "\"?\"".to_string(),
    }
}

fn fact(f: &Fact) -> String {
    match f {
        Fact::Term(t) => term(t),
        Fact::Everything { channel, .. } => format!("everything on {}", channel.text),
    }
}

/// How tightly a condition binds: parentheses go around a weaker operand.
fn power(c: &Cond) -> u8 {
    match c.kind {
        CondKind::Or(..) => 1,
        CondKind::And(..) => 2,
        CondKind::Not(_) => 3,
        _ => 4,
    }
}

/// Writes `c`, in parentheses if it binds less tightly than `at_least`.
fn operand(out: &mut String, c: &Cond, at_least: u8) {
    if power(c) < at_least {
        out.push('(');
        write_cond(out, c);
        out.push(')');
    } else {
        write_cond(out, c);
    }
}

fn write_cond(out: &mut String, c: &Cond) {
    match &c.kind {
        CondKind::Knows { chain, fact } => {
            for n in chain {
                let _ = write!(out, "{} knows ", n.text);
            }
            out.push_str(&term(fact));
        }
        CondKind::Exposed(n) => {
            let _ = write!(out, "{} is exposed", n.text);
        }
        CondKind::Mobilized(n) => {
            let _ = write!(out, "{} is mobilized", n.text);
        }
        CondKind::Common { fact, among } => {
            let _ = write!(
                out,
                "{} is common knowledge among {}",
                term(fact),
                names(among)
            );
        }
        CondKind::LostAccess(n) => {
            let _ = write!(out, "{} lost access", n.text);
        }
        CondKind::Holds { party, text } => {
            let _ = write!(out, "{} holds {}", party.text, term(text));
        }
        CondKind::Compare {
            metric, op, value, ..
        } => {
            let _ = match metric {
                Metric::Credibility(n) => write!(out, "credibility of {}", n.text),
                Metric::Mobilization(n) => write!(out, "mobilization of {}", n.text),
                Metric::Trust(a, b) => write!(out, "trust between {}, {}", a.text, b.text),
            };
            let _ = write!(out, " {} {}", op.as_str(), decimal(*value));
        }
        // `not` binds tightest: its operand needs parentheses unless it is another
        // `not` or a predicate.
        CondKind::Not(inner) => {
            out.push_str("not ");
            operand(out, inner, 3);
        }
        // Left-associative: the right operand of `a and b` needs parentheses when it
        // is itself an `and` (or anything looser).
        CondKind::And(a, b) => {
            operand(out, a, 2);
            out.push_str(" and ");
            operand(out, b, 3);
        }
        CondKind::Or(a, b) => {
            operand(out, a, 1);
            out.push_str(" or ");
            operand(out, b, 2);
        }
        CondKind::Error => out.push_str("\"?\" is exposed"),
    }
}

/// A finite number as a decimal literal the lexer reads back to the same `f64`
/// (Rust prints the shortest such digits, never with an exponent).
fn decimal(value: f64) -> String {
    let text = format!("{value}");
    if text.contains('.') {
        text
    } else {
        format!("{text}.0")
    }
}
