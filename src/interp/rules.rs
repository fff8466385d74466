//! The rules of the channel model (LANGUAGE.md §4), one function each, named after
//! the rule, with the rule's sentence as its doc comment.

use super::knowledge::{EventId, Group};
use super::watch::Dep;
use super::{Consequence, Interp, Stopped};
use crate::ast::{ChannelKind, Verb};
use crate::codes::Code;
use crate::diagnostic::Diagnostic;
use crate::ir::*;
use crate::model;
use crate::source::Span;

impl Interp {
    /// §4.2 Exposure: a back channel or informal channel is *exposed* once its
    /// existence is known to any actor with role `public`, `press` or `spoiler`.
    pub(super) fn exposure(&mut self, decls: &Decls, c: ChannelId, learners: Group, ev: EventId) {
        let i = c as usize;
        if !model::rules(decls.channels[i].kind).deniable
            || self.exposed.get(i).is_none_or(|e| e.is_some())
        {
            return;
        }
        let watcher = self
            .knowledge
            .members(decls, learners)
            .any(|a| decls.actors[a as usize].role.exposes());
        if watcher {
            self.exposed[i] = Some(ev);
            self.watch.changed(Dep::Exposed(c));
            self.consequence(ev, Consequence::Exposed { channel: c });
        }
    }

    /// §4.3 Exposed denial: if D denied fact F and F later reaches someone who heard
    /// that denial (and did not already know F), D's credibility drops by 1 (once per
    /// denial). The hearers are the denial's learners other than the denier (§7.6).
    pub(super) fn exposed_denial(
        &mut self,
        decls: &Decls,
        fact: Fact,
        learners: Group,
        ev: EventId,
    ) {
        let Some(pending) = self.pending_denials.get(&fact) else {
            return;
        };
        // A group that already knows F has no hearer left to expose a denial of it:
        // skip asking each of its members (a fact taught again and again to a large
        // group would otherwise cost the group's size every time).
        if self.knowledge.taught_to_all(fact, learners) {
            return;
        }
        let mut exposed = Vec::new();
        for &d in pending {
            let denial = &self.denials[d];
            if denial.exposed {
                continue;
            }
            let k = &self.knowledge;
            let (small, large) = if k.size(decls, learners) <= k.size(decls, denial.hearers) {
                (learners, denial.hearers)
            } else {
                (denial.hearers, learners)
            };
            let hearer = k.members(decls, small).find(|h| {
                *h != denial.denier && k.contains(decls, large, *h) && !k.knows(decls, *h, fact)
            });
            if let Some(h) = hearer {
                exposed.push((d, h));
            }
        }
        for (d, hearer) in exposed {
            self.denials[d].exposed = true;
            let denier = self.denials[d].denier;
            let before = self.credibility[denier as usize];
            self.credibility[denier as usize] = before - 1;
            self.watch.changed(Dep::Credibility(denier));
            self.consequence(
                ev,
                Consequence::DenialExposed {
                    denier,
                    hearer,
                    before,
                    after: before - 1,
                },
            );
        }
    }

    /// §4.4 Spoiler mobilisation: when a spoiler of party P learns a concession made
    /// by an actor of P on a channel the spoiler was not an insider of, its
    /// mobilisation rises by 1 — by 2 if the channel was off the record. A
    /// concession made in public counts as on record (§7.7).
    pub(super) fn spoiler_mobilisation(
        &mut self,
        decls: &Decls,
        fact: Fact,
        learners: Group,
        ev: EventId,
    ) {
        let Fact::Stmt(s) = fact else { return };
        let stmt = &decls.stmts[s as usize];
        let StmtKind::Said {
            speaker,
            verb: Verb::Concedes,
            ..
        } = stmt.what
        else {
            return;
        };
        let party = &decls.parties[decls.actors[speaker as usize].party as usize];
        let channel = stmt.channel.get().map(|c| &decls.channels[c as usize]);
        let by = if channel.is_some_and(|ch| !model::rules(ch.kind).on_record) {
            2
        } else {
            1
        };
        for &spoiler in &party.spoilers {
            if spoiler == speaker
                || channel.is_some_and(|ch| ch.is_insider(spoiler))
                || !self.knowledge.contains(decls, learners, spoiler)
                || self.knowledge.knows(decls, spoiler, fact)
            {
                continue;
            }
            let total = self.mobilization[spoiler as usize] + by;
            self.mobilization[spoiler as usize] = total;
            self.watch.changed(Dep::Mobilization(spoiler));
            self.consequence(ev, Consequence::Mobilized { spoiler, by, total });
        }
    }

    /// §4.5 Breach of confidence, the test: a `leak` by an insider of an off-record
    /// channel that newly teaches someone the channel's existence or anything said or
    /// agreed on it (§7.8).
    pub(super) fn is_breach(
        &self,
        decls: &Decls,
        leaker: ActorId,
        c: ChannelId,
        learners: Group,
        facts: &[Fact],
    ) -> bool {
        let ch = &decls.channels[c as usize];
        if !model::rules(ch.kind).deniable || !ch.is_insider(leaker) {
            return false;
        }
        facts.iter().any(|f| {
            let on_c = match *f {
                Fact::Channel(x) => x == c,
                Fact::Stmt(s) => decls.stmts[s as usize].channel.get() == Some(c),
                Fact::Text(_) => false,
            };
            on_c && self.knowledge.someone_new(decls, learners, *f)
        })
    }

    /// §4.5 Breach of confidence, the cost: the leaker *loses access* — they may no
    /// longer speak on any off-record channel — and trust between the leaker's party
    /// and every other party with insiders on that channel drops by 1.
    pub(super) fn breach_of_confidence(
        &mut self,
        decls: &Decls,
        leaker: ActorId,
        c: ChannelId,
        span: Span,
        ev: EventId,
    ) {
        if self.lost_access[leaker as usize].is_none() {
            self.lost_access[leaker as usize] = Some(span);
            self.watch.changed(Dep::LostAccess(leaker));
        }
        self.consequence(ev, Consequence::Breach { leaker, channel: c });
        let own = decls.actors[leaker as usize].party;
        for &other in &decls.channels[c as usize].parties {
            if other != own {
                let before = self.trust(own, other);
                self.set_trust(own, other, before - 1);
                self.consequence(
                    ev,
                    Consequence::Trust {
                        a: own,
                        b: other,
                        before,
                        after: before - 1,
                    },
                );
            }
        }
    }

    /// §4.5 Lost access, enforced: one who breached a confidence may no longer speak on
    /// any off-record channel; the error points at the breach.
    pub(super) fn lost_access(
        &mut self,
        decls: &Decls,
        speaker: ActorId,
        channel: Option<ChannelId>,
        span: Span,
    ) -> Result<(), Stopped> {
        let Some(c) = channel else { return Ok(()) };
        let ch = &decls.channels[c as usize];
        let Some(breach) = self.lost_access[speaker as usize] else {
            return Ok(());
        };
        if model::rules(ch.kind).on_record {
            return Ok(());
        }
        let name = decls.actor_name(speaker);
        Err(self.fail(
            Diagnostic::error(Code::LostAccess, span, format!("`{name}` lost access and can no longer speak on `{}`", ch.name))
                .with_label_message(format!("{name} speaks off the record here"))
                .with_label(breach, format!("{name} lost access by leaking here"))
                .with_help("a diplomat who leaks an off-the-record exchange is not trusted with another; speak on the record, or let someone else carry the channel"),
        ))
    }

    /// §4.6 Preconditions: while a precondition of P is unmet, a statement on a
    /// `formal` channel with insiders from P and from another party is an error.
    /// Checked before the event takes effect (§7.9).
    pub(super) fn preconditions(
        &mut self,
        decls: &Decls,
        channel: Option<ChannelId>,
        span: Span,
    ) -> Result<(), Stopped> {
        let Some(c) = channel else { return Ok(()) };
        let ch = &decls.channels[c as usize];
        if ch.kind != ChannelKind::Formal
            || ch.parties.len() < 2
            || !ch.parties.iter().any(|p| self.unmet.contains_key(p))
        {
            return Ok(());
        }
        let Some(p) = self
            .preconditions
            .iter()
            .find(|p| !p.met && ch.parties.contains(&p.party))
        else {
            return Ok(());
        };
        let (party, text, declared) = (
            decls.party_name(p.party),
            &decls.texts[p.text as usize],
            p.span,
        );
        let others: Vec<&str> = ch
            .parties
            .iter()
            .filter(|x| **x != p.party)
            .map(|x| decls.party_name(*x))
            .collect();
        Err(self.fail(
            Diagnostic::error(
                Code::Precondition,
                span,
                format!("formal talks on `{}` are blocked: {party} requires {text:?}, which is not met", ch.name),
            )
            .with_label_message("a statement on a formal channel")
            .with_label(declared, "the precondition")
            .with_help(format!(
                "it is met when {} concedes or accepts {text:?} on the record, or it is announced; until then, talk on a back channel, which has no preconditions",
                others.join(" or ")
            )),
        ))
    }

    /// §4.6, how a precondition is met: an actor of another party concedes or accepts
    /// exactly its text on an on-record channel or in public (`by` that party), or it
    /// is announced (`by` = `None`).
    pub(super) fn meet_preconditions(&mut self, text: TextId, by: Option<PartyId>, ev: EventId) {
        if self.unmet.is_empty() {
            return;
        }
        let mut met = Vec::new();
        for p in self.preconditions.iter_mut() {
            if !p.met && p.text == text && by != Some(p.party) {
                p.met = true;
                met.push(p.party);
            }
        }
        for party in met {
            if let Some(n) = self.unmet.get_mut(&party) {
                *n -= 1;
                if *n == 0 {
                    self.unmet.remove(&party);
                }
            }
            self.consequence(ev, Consequence::PreconditionMet { party, text });
        }
    }

    /// §2 Official positions: proposals, demands, concessions and acceptances made on
    /// record (or in public) by a party's government become its official positions.
    /// Concessions and acceptances on record also meet other parties' preconditions.
    pub(super) fn official_position(&mut self, decls: &Decls, s: StmtId, verb: Verb, ev: EventId) {
        let stmt = &decls.stmts[s as usize];
        let (Some(text), StmtKind::Said { speaker, .. }) = (stmt.text.get(), &stmt.what) else {
            return;
        };
        let on_record = stmt
            .channel
            .get()
            .is_none_or(|c| model::rules(decls.channels[c as usize].kind).on_record);
        if !on_record {
            return;
        }
        let actor = &decls.actors[*speaker as usize];
        if matches!(verb, Verb::Concedes | Verb::Accepts) {
            let parties = self.accepted_on_record.entry(text).or_default();
            if !parties.contains(&actor.party) {
                parties.push(actor.party);
            }
            self.meet_preconditions(text, Some(actor.party), ev);
        }
        if verb.takes_position()
            && actor.role.is_government()
            && self.position_set.insert((actor.party, text))
        {
            self.watch.changed(Dep::Holds(actor.party, text));
            self.positions.push((actor.party, text));
            self.consequence(
                ev,
                Consequence::Position {
                    party: actor.party,
                    text,
                },
            );
        }
    }

    /// §3 The one who leaks or reveals must know the fact (§7.4: the `by` actor, for
    /// `announce` too; for `everything on C`, that C exists).
    pub(super) fn must_know(
        &mut self,
        decls: &Decls,
        by: ActorId,
        fact: Fact,
        r: &Reveal,
        span: Span,
    ) -> Result<(), Stopped> {
        if self.knows(decls, by, fact) {
            return Ok(());
        }
        let name = decls.actor_name(by);
        let what = decls.fact_name(fact);
        let knowers: Vec<&str> = (0..self.actors)
            .filter(|a| self.knows(decls, *a, fact))
            .map(|a| decls.actor_name(a))
            .take(8)
            .collect();
        let help = if knowers.is_empty() {
            format!("nobody knows {what} yet")
        } else {
            format!("{what} is known to {}", knowers.join(", "))
        };
        Err(self.fail(
            Diagnostic::error(
                Code::DoesNotKnow,
                span,
                format!(
                    "`{name}` cannot {} {what}: {name} does not know it",
                    r.kind.as_str()
                ),
            )
            .with_label_message(format!("{name} does not know {what}"))
            .with_help(format!(
                "only someone who knows a fact can reveal it; {help}"
            )),
        ))
    }

    /// §4.7 Endless game (warning): a back channel with statements in more sessions
    /// than its threshold and no agreement on it; warned once, at the first
    /// statement past the threshold (§7.11).
    pub(super) fn endless_game(&mut self, decls: &Decls, c: ChannelId, span: Span) {
        let ch = &decls.channels[c as usize];
        if ch.kind != ChannelKind::Backchannel {
            return;
        }
        let session = self.session;
        let talk = &mut self.talk[c as usize];
        if talk.last_session != Some(session) {
            talk.last_session = Some(session);
            talk.sessions += 1;
        }
        if talk.sessions > ch.endless_after && !talk.agreed && !talk.warned {
            talk.warned = true;
            let sessions = talk.sessions;
            self.warn(
                Diagnostic::warning(
                    Code::EndlessGame,
                    span,
                    format!("`{}` has talked in {sessions} sessions without an agreement: an endless game", ch.name),
                )
                .with_label_message(format!("session {sessions} of talks on `{}`", ch.name))
                .with_label(ch.span, format!("threshold: {} sessions", ch.endless_after))
                .with_help("a back channel that never reaches agreement can become a substitute for negotiating; aim it at an agreement, or raise `endless after N sessions`"),
            );
        }
    }

    /// §4.8 Forum shopping (warning): one party proposes or demands on one ISSUE with
    /// different texts on two different channels; one warning per party and issue,
    /// at the second, conflicting statement (§7.11).
    pub(super) fn forum_shopping(&mut self, decls: &Decls, s: StmtId, span: Span) {
        let stmt = &decls.stmts[s as usize];
        let (
            StmtKind::Said {
                speaker,
                verb: Verb::Proposes | Verb::Demands,
                issue,
                ..
            },
            Some(c),
            Some(text),
        ) = (&stmt.what, stmt.channel.get(), stmt.text.get())
        else {
            return;
        };
        let Some(issue) = issue.get() else { return };
        let party = decls.actors[*speaker as usize].party;
        let key = (party, issue);
        // Warned once per party and issue: nothing more to look for (and scanning every
        // earlier offer again would make a long script quadratic).
        if self.forum_warned.contains(&key) {
            return;
        }
        let earlier = self.forum.entry(key).or_default();
        let conflict = earlier
            .iter()
            .find(|(c2, t2, _)| *c2 != c && *t2 != text)
            .copied();
        // Until the warning every two offers share a channel or a text, so only the
        // first offer and the first to differ from it in channel, or in text, can be a
        // later offer's first conflict: keep those three at most.
        let keep = match earlier.first() {
            None => true,
            Some(&(c1, t1, _)) => {
                (c != c1 && earlier.iter().all(|o| o.0 == c1))
                    || (text != t1 && earlier.iter().all(|o| o.1 == t1))
            }
        };
        if keep {
            earlier.push((c, text, span));
        }
        if let Some((c2, t2, first)) = conflict
            && self.forum_warned.insert(key)
        {
            let (p, issue, ch, ch2) = (
                decls.party_name(party),
                &decls.texts[issue as usize],
                &decls.channels[c as usize].name,
                &decls.channels[c2 as usize].name,
            );
            self.warn(
                Diagnostic::warning(Code::ForumShopping, span, format!("forum shopping: {p} says different things about `{issue}` on `{ch2}` and `{ch}`"))
                    .with_label_message(format!("{:?} on `{ch}`", &decls.texts[text as usize]))
                    .with_label(first, format!("{:?} on `{ch2}`", &decls.texts[t2 as usize]))
                    .with_help("parallel channels with different offers invite the other side to pick the better one and distrust both"),
            );
        }
    }

    /// §4.9 Parallel back channels (warning): a second back channel between the same
    /// set of parties, comparing the parties of members and authorizers, not `via`
    /// (§7.11); warned at the second channel's declaration.
    pub(super) fn parallel_back_channels(&mut self, decls: &Decls, c: ChannelId, span: Span) {
        let ch = &decls.channels[c as usize];
        if ch.kind != ChannelKind::Backchannel {
            return;
        }
        let mut parties: Vec<PartyId> = ch
            .members
            .iter()
            .chain(&ch.authorized)
            .map(|a| decls.actors[*a as usize].party)
            .collect();
        parties.sort_unstable();
        parties.dedup();
        if let Some(&first) = self.back_channels.get(&parties) {
            let names: Vec<&str> = parties.iter().map(|p| decls.party_name(*p)).collect();
            let first_ch = &decls.channels[first as usize];
            self.warn(
                Diagnostic::warning(
                    Code::ParallelBackChannels,
                    span,
                    format!("`{}` is a second back channel between {} (the first is `{}`)", ch.name, names.join(" and "), first_ch.name),
                )
                .with_label_message("a parallel back channel")
                .with_label(first_ch.span, "the first back channel")
                .with_help("parallel secret channels confuse who has agreed to what and invite forum shopping"),
            );
        } else {
            self.back_channels.insert(parties, c);
        }
    }
}

impl Group {
    /// Whether this group is everyone declared so far.
    pub fn is_everyone(self) -> bool {
        matches!(self, Group::Everyone(_))
    }
}
