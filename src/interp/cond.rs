//! Conditions (LANGUAGE.md §5, §7.12): evaluating them, saying why they hold or
//! not, and printing them back as a script would write them.

use super::Interp;
use crate::ir::*;
use crate::model;

/// The actors a subject stands for.
pub fn actors(decls: &Decls, s: Subject) -> Vec<ActorId> {
    match s {
        Subject::Actor(a) => vec![a],
        Subject::Party(p) => decls.parties[p as usize].actors.clone(),
    }
}

/// The actors a subject stands for, borrowed: no allocation for a condition checked
/// after every event.
fn members<'a>(decls: &'a Decls, s: &'a Subject) -> &'a [ActorId] {
    match s {
        Subject::Actor(a) => std::slice::from_ref(a),
        Subject::Party(p) => &decls.parties[*p as usize].actors,
    }
}

fn subject_name(decls: &Decls, s: Subject) -> &str {
    match s {
        Subject::Actor(a) => decls.actor_name(a),
        Subject::Party(p) => decls.party_name(p),
    }
}

pub fn metric_value(st: &Interp, m: Metric) -> i64 {
    match m {
        Metric::Credibility(a) => st.credibility.get(a as usize).copied().unwrap_or(0),
        Metric::Mobilization(a) => st.mobilization.get(a as usize).copied().unwrap_or(0),
        Metric::Trust(a, b) => st.trust(a, b),
    }
}

/// `chain` as observers and its last subject as learners, covered by one event.
fn chain_holds(st: &Interp, decls: &Decls, chain: &[Subject], fact: Fact) -> bool {
    match chain {
        [] => false,
        [one] => st.knowledge.all_know(decls, members(decls, one), fact),
        [.., last] => {
            let observers = chain.iter().flat_map(|s| members(decls, s)).copied();
            let learners = members(decls, last).iter().copied();
            st.knowledge.covered(decls, fact, observers, learners)
        }
    }
}

pub fn eval(st: &Interp, decls: &Decls, c: &Cond) -> bool {
    match &c.kind {
        CondKind::Knows { chain, fact } => chain_holds(st, decls, chain, *fact),
        CondKind::Exposed(ch) => st.exposed.get(*ch as usize).is_some_and(|e| e.is_some()),
        CondKind::Mobilized(a) => st.mobilization.get(*a as usize).is_some_and(|m| *m > 0),
        CondKind::Common { fact, among } => {
            let all = among.iter().flat_map(|s| members(decls, s)).copied();
            st.knowledge.covered(decls, *fact, all.clone(), all)
        }
        CondKind::LostAccess(a) => st.lost_access.get(*a as usize).is_some_and(|l| l.is_some()),
        CondKind::Holds { party, text } => st.holds(*party, *text),
        CondKind::Compare { metric, op, value } => {
            op.holds(metric_value(st, *metric) as f64, *value)
        }
        CondKind::Not(inner) => !eval(st, decls, inner),
        CondKind::And(a, b) => eval(st, decls, a) && eval(st, decls, b),
        CondKind::Or(a, b) => eval(st, decls, a) || eval(st, decls, b),
    }
}

/// Names of a list, shortened past `max`.
pub fn name_list<'a>(names: impl Iterator<Item = &'a str>, max: usize) -> String {
    let all: Vec<&str> = names.collect();
    if all.len() > max {
        format!("{} and {} more", all[..max].join(", "), all.len() - max)
    } else {
        all.join(", ")
    }
}

fn knowers(st: &Interp, decls: &Decls, fact: Fact) -> String {
    let names = (0..st.actors)
        .filter(|a| st.knows(decls, *a, fact))
        .map(|a| decls.actor_name(a));
    let list = name_list(names, 10);
    if list.is_empty() {
        format!("nobody knows {}", decls.fact_name(fact))
    } else {
        format!("it is known to {list}")
    }
}

/// Why a condition holds or does not, in words.
pub fn explain(st: &Interp, decls: &Decls, c: &Cond) -> String {
    let holds = eval(st, decls, c);
    match &c.kind {
        CondKind::Knows { chain, fact } => {
            let f = decls.fact_name(*fact);
            match &**chain {
                [one] => {
                    let name = subject_name(decls, *one);
                    if holds {
                        return format!("{name} knows {f}");
                    }
                    let missing: Vec<&str> = actors(decls, *one)
                        .into_iter()
                        .filter(|a| !st.knows(decls, *a, *fact))
                        .map(|a| decls.actor_name(a))
                        .collect();
                    let who = match one {
                        Subject::Party(_) => format!(
                            "{} of {name} do not know {f}",
                            name_list(missing.into_iter(), 6)
                        ),
                        Subject::Actor(_) => format!("{name} does not know {f}"),
                    };
                    format!("{who}; {}", knowers(st, decls, *fact))
                }
                [.., last] => {
                    let last_name = subject_name(decls, *last);
                    let firsts = name_list(
                        chain[..chain.len() - 1]
                            .iter()
                            .map(|s| subject_name(decls, *s)),
                        6,
                    );
                    if holds {
                        format!("{firsts} observed an event that taught {f} to {last_name}")
                    } else if !chain_holds(st, decls, &chain[chain.len() - 1..], *fact) {
                        format!("{last_name} does not know {f}")
                    } else {
                        format!(
                            "{last_name} knows {f}, but no event that taught it was observed by {firsts}"
                        )
                    }
                }
                [] => String::new(),
            }
        }
        CondKind::Exposed(ch) => {
            let channel = &decls.channels[*ch as usize];
            if holds {
                format!(
                    "`{}` is known to exist by a public, press or spoiler actor",
                    channel.name
                )
            } else if model::rules(channel.kind).on_record {
                format!(
                    "`{}` is a {} channel: only back channels and informal channels can be exposed",
                    channel.name,
                    channel.kind.as_str()
                )
            } else {
                format!(
                    "no public, press or spoiler actor knows that `{}` exists",
                    channel.name
                )
            }
        }
        CondKind::Mobilized(a) => {
            format!(
                "mobilization of {} is {}",
                decls.actor_name(*a),
                metric_value(st, Metric::Mobilization(*a))
            )
        }
        CondKind::Common { fact, among } => {
            let names = name_list(among.iter().map(|s| subject_name(decls, *s)), 8);
            let f = decls.fact_name(*fact);
            if holds {
                format!("one event taught {f} to all of {names}, and all of them saw it")
            } else {
                format!("no single event taught {f} to all of {names} with all of them observing")
            }
        }
        CondKind::LostAccess(a) => {
            let name = decls.actor_name(*a);
            if holds {
                format!("{name} lost access by leaking")
            } else {
                format!("{name} has not lost access")
            }
        }
        CondKind::Holds { party, text } => {
            let name = decls.party_name(*party);
            let t = &decls.texts[*text as usize];
            if holds {
                return format!("{name} holds {t:?} on the record");
            }
            let positions: Vec<String> = st
                .positions
                .iter()
                .filter(|(p, _)| p == party)
                .map(|(_, t)| format!("{:?}", &decls.texts[*t as usize]))
                .collect();
            if positions.is_empty() {
                format!("{name} has no official positions")
            } else {
                format!(
                    "{name} does not hold {t:?}; its positions are {}",
                    positions.join(", ")
                )
            }
        }
        CondKind::Compare { metric, .. } => {
            let value = metric_value(st, *metric);
            match metric {
                Metric::Credibility(a) => {
                    format!("credibility of {} is {value}", decls.actor_name(*a))
                }
                Metric::Trust(a, b) => {
                    format!(
                        "trust between {}, {} is {value}",
                        decls.party_name(*a),
                        decls.party_name(*b)
                    )
                }
                Metric::Mobilization(a) => {
                    format!("mobilization of {} is {value}", decls.actor_name(*a))
                }
            }
        }
        CondKind::Not(inner) => explain(st, decls, inner),
        CondKind::And(a, b) => {
            if holds {
                format!("{}; {}", explain(st, decls, a), explain(st, decls, b))
            } else if !eval(st, decls, a) {
                explain(st, decls, a)
            } else {
                explain(st, decls, b)
            }
        }
        CondKind::Or(a, b) => {
            if !holds {
                format!("{}; {}", explain(st, decls, a), explain(st, decls, b))
            } else if eval(st, decls, a) {
                explain(st, decls, a)
            } else {
                explain(st, decls, b)
            }
        }
    }
}

/// Prints a condition as a script writes it.
pub fn print(decls: &Decls, c: &Cond) -> String {
    print_prec(decls, c, 0)
}

fn print_prec(decls: &Decls, c: &Cond, outer: u8) -> String {
    let subjects = |list: &[Subject]| {
        list.iter()
            .map(|s| subject_name(decls, *s))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let (text, prec) = match &c.kind {
        CondKind::Knows { chain, fact } => {
            let mut s = String::new();
            for subject in chain.iter() {
                s.push_str(subject_name(decls, *subject));
                s.push_str(" knows ");
            }
            s.push_str(&decls.fact_name(*fact));
            (s, 4)
        }
        CondKind::Exposed(ch) => (
            format!("{} is exposed", decls.channels[*ch as usize].name),
            4,
        ),
        CondKind::Mobilized(a) => (format!("{} is mobilized", decls.actor_name(*a)), 4),
        CondKind::Common { fact, among } => (
            format!(
                "{} is common knowledge among {}",
                decls.fact_name(*fact),
                subjects(among)
            ),
            4,
        ),
        CondKind::LostAccess(a) => (format!("{} lost access", decls.actor_name(*a)), 4),
        CondKind::Holds { party, text } => (
            format!(
                "{} holds {:?}",
                decls.party_name(*party),
                &decls.texts[*text as usize]
            ),
            4,
        ),
        CondKind::Compare { metric, op, value } => {
            let m = match metric {
                Metric::Credibility(a) => format!("credibility of {}", decls.actor_name(*a)),
                Metric::Mobilization(a) => format!("mobilization of {}", decls.actor_name(*a)),
                Metric::Trust(a, b) => format!(
                    "trust between {}, {}",
                    decls.party_name(*a),
                    decls.party_name(*b)
                ),
            };
            (format!("{m} {} {value}", op.as_str()), 4)
        }
        CondKind::Not(inner) => (format!("not {}", print_prec(decls, inner, 3)), 3),
        CondKind::And(a, b) => (
            format!(
                "{} and {}",
                print_prec(decls, a, 2),
                print_prec(decls, b, 3)
            ),
            2,
        ),
        CondKind::Or(a, b) => (
            format!("{} or {}", print_prec(decls, a, 1), print_prec(decls, b, 2)),
            1,
        ),
    };
    if prec < outer {
        format!("({text})")
    } else {
        text
    }
}
