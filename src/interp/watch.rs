//! Which `when` rules may have become ready, so that checking the rules after an
//! event costs what changed, not how many rules wait.
//!
//! A condition reads a few pieces of state — its *dependencies* ([`Dep`]): who knows
//! one fact, whether one channel is exposed, one actor's credibility, … A rule that
//! was false when last evaluated stays false until one of its dependencies changes.
//! So the interpreter reports every change to what a rule reads ([`Watch::changed`];
//! for knowledge, only of the facts [`Watch::declare`] returned); a rule watching it
//! becomes a *candidate* again; and "the first ready rule in declaration order"
//! (LANGUAGE.md §7.13) is the first candidate, in rule-id order, whose condition
//! holds. Rules are declared in id order, so id order is declaration order.

use crate::ir::{ActorId, ChannelId, Cond, CondKind, Fact, Metric, PartyId, RuleId, TextId};
use crate::{HashMap, HashSet};
use smallvec::SmallVec;
use std::collections::BTreeSet;

/// One piece of state a condition reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Dep {
    /// Who knows a fact (and who observed it).
    Knows(Fact),
    Exposed(ChannelId),
    Credibility(ActorId),
    Mobilization(ActorId),
    LostAccess(ActorId),
    /// Trust between two parties, the smaller id first.
    Trust(PartyId, PartyId),
    Holds(PartyId, TextId),
}

impl Dep {
    pub fn trust(a: PartyId, b: PartyId) -> Dep {
        Dep::Trust(a.min(b), a.max(b))
    }
}

/// Everything a condition reads.
fn deps(c: &Cond, out: &mut Vec<Dep>) {
    match &c.kind {
        CondKind::Knows { fact, .. } | CondKind::Common { fact, .. } => out.push(Dep::Knows(*fact)),
        CondKind::Exposed(ch) => out.push(Dep::Exposed(*ch)),
        CondKind::Mobilized(a) => out.push(Dep::Mobilization(*a)),
        CondKind::LostAccess(a) => out.push(Dep::LostAccess(*a)),
        CondKind::Holds { party, text } => out.push(Dep::Holds(*party, *text)),
        CondKind::Compare { metric, .. } => out.push(match *metric {
            Metric::Credibility(a) => Dep::Credibility(a),
            Metric::Mobilization(a) => Dep::Mobilization(a),
            Metric::Trust(a, b) => Dep::trust(a, b),
        }),
        CondKind::Not(inner) => deps(inner, out),
        CondKind::And(a, b) | CondKind::Or(a, b) => {
            deps(a, out);
            deps(b, out);
        }
    }
}

/// The declared rules, what each watches, and which may be ready.
#[derive(Clone, Debug, Default)]
pub struct Watch {
    /// Per dependency, the rules not yet fired that read it: mostly one or two, kept
    /// in place rather than in an allocation each (a script of 10⁵ events with
    /// 19,000 rules peaked at 3.98 times its size rather than 4.01).
    watchers: HashMap<Dep, SmallVec<[RuleId; 2]>>,
    /// Rules that may hold: declared or touched since last found false.
    candidates: BTreeSet<RuleId>,
    fired: HashSet<RuleId>,
}

impl Watch {
    /// A rule is declared: it is checked at once, then whenever what it reads changes.
    /// Returns the facts it reads, whose teaching the interpreter must report.
    pub fn declare(&mut self, rule: RuleId, cond: &Cond) -> Vec<Fact> {
        let mut list = Vec::new();
        deps(cond, &mut list);
        let mut facts = Vec::new();
        for dep in list {
            if let Dep::Knows(fact) = dep {
                facts.push(fact);
            }
            let rules = self.watchers.entry(dep).or_default();
            if rules.last() != Some(&rule) {
                rules.push(rule);
            }
        }
        self.candidates.insert(rule);
        facts
    }

    /// Some state changed: the rules reading it may now hold.
    #[inline]
    pub fn changed(&mut self, dep: Dep) {
        if self.watchers.is_empty() {
            return;
        }
        if let Some(rules) = self.watchers.get_mut(&dep) {
            rules.retain(|r| !self.fired.contains(r));
            self.candidates.extend(rules.iter().copied());
            if rules.is_empty() {
                self.watchers.remove(&dep);
            }
        }
    }

    /// The first candidate in declaration order, taken out of the candidates: the
    /// caller evaluates it, and it stays out until what it reads changes.
    pub fn next_candidate(&mut self) -> Option<RuleId> {
        self.candidates.pop_first()
    }

    /// A rule fired: it never fires again.
    pub fn fired(&mut self, rule: RuleId) {
        self.fired.insert(rule);
    }

    pub fn has_fired(&self, rule: RuleId) -> bool {
        self.fired.contains(&rule)
    }
}
