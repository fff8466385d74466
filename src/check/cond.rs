//! Conditions, lowered: every name resolved to an actor, party, channel, label or
//! text of the sort its place needs.

use super::*;

impl Pass<'_> {
    pub(super) fn cond(&mut self, c: &ast::Cond) -> Option<Cond> {
        use ast::CondKind as A;
        let kind = match &c.kind {
            A::Knows { chain, fact } => {
                let chain = match chain.as_slice() {
                    [one] => self.subject(one).map(Chain::One),
                    many => {
                        // Every name is resolved (and reported) before any is missed.
                        let subjects: Vec<Option<Subject>> =
                            many.iter().map(|n| self.subject(n)).collect();
                        subjects.into_iter().collect::<Option<_>>().map(Chain::Many)
                    }
                };
                let fact = self.fact(fact);
                CondKind::Knows {
                    chain: chain?,
                    fact: fact?,
                }
            }
            A::Exposed(n) => CondKind::Exposed(self.channel(n)?),
            A::Mobilized(n) => CondKind::Mobilized(self.spoiler(n)?),
            A::Common { fact, among } => {
                let fact = self.fact(fact);
                let among: Vec<Option<Subject>> = among.iter().map(|n| self.subject(n)).collect();
                CondKind::Common {
                    fact: fact?,
                    among: among.into_iter().collect::<Option<_>>()?,
                }
            }
            A::LostAccess(n) => CondKind::LostAccess(self.actor(n)?),
            A::Holds { party, text } => {
                let (p, t) = (self.party(party), self.text(text, true));
                CondKind::Holds {
                    party: p?,
                    text: t?,
                }
            }
            A::Compare {
                metric, op, value, ..
            } => {
                let metric = match metric {
                    ast::Metric::Credibility(n) => Metric::Credibility(self.actor(n)?),
                    ast::Metric::Mobilization(n) => Metric::Mobilization(self.spoiler(n)?),
                    ast::Metric::Trust(a, b) => {
                        let (pa, pb) = (self.party(a), self.party(b));
                        Metric::Trust(pa?, pb?)
                    }
                };
                CondKind::Compare {
                    metric,
                    op: *op,
                    value: *value,
                }
            }
            A::Not(inner) => CondKind::Not(Box::new(self.cond(inner)?)),
            A::And(a, b) => {
                let (a, b) = (self.cond(a), self.cond(b));
                CondKind::And(Box::new(a?), Box::new(b?))
            }
            A::Or(a, b) => {
                let (a, b) = (self.cond(a), self.cond(b));
                CondKind::Or(Box::new(a?), Box::new(b?))
            }
            A::Error => return None,
        };
        Some(Cond { kind, span: c.span })
    }
}
