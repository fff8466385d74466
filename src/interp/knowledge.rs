//! Who knows what, and who knows that who knows.
//!
//! Every event teaches some facts to its *learners* and is seen by its *observers*
//! (LANGUAGE.md §4.1). Rather than storing one entry per actor and fact, each fact
//! keeps the few distinct (learners, observers) *groups* that taught it. A group is
//! "everyone declared so far", the insiders or content learners of a channel, or an
//! explicit sorted list (a leak's audience). So an event costs O(facts taught), not
//! O(learners × facts); `A knows F` is a membership test in each of F's groups;
//! `A knows B knows F` looks for one group pair covering the chain.
//!
//! Revealing an agreement teaches every concession made on its channel up to it
//! (§4.4): a long channel would make each such revelation cost its whole history. So
//! a channel's concessions are kept in order (`Concessions`), and a revelation of
//! them records only how far it went, once per way of teaching (learners,
//! observers); a concession's or a conceded text's teachings include those that
//! reach it. The interpreter applies the rules only to the concessions that
//! something waits for or that a spoiler newly hears.

use crate::ir::{ActorId, ChannelId, Decls, Fact, Grow, Maybe, StmtId, TextId, lengthen};
use crate::{HashMap, HashSet};
use std::collections::BTreeSet;
use std::num::NonZeroU8;

/// Index of an executed event in the run's trace.
pub type EventId = u32;

/// A set of actors, named without listing it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Group {
    /// Actors `0..n`: everyone declared when the event happened.
    Everyone(u32),
    /// A channel's insiders (members, `via`, authorizers).
    Insiders(ChannelId),
    /// A channel's content learners.
    Content(ChannelId),
    /// An explicit list, by index into [`Knowledge::lists`].
    List(u32),
}

impl Group {
    /// Which kind of group it is (0 to 3), and its number.
    fn parts(self) -> (u8, u32) {
        match self {
            Group::Everyone(n) => (0, n),
            Group::Insiders(c) => (1, c),
            Group::Content(c) => (2, c),
            Group::List(i) => (3, i),
        }
    }

    fn from_parts(kind: u8, n: u32) -> Group {
        match kind & 3 {
            0 => Group::Everyone(n),
            1 => Group::Insiders(n),
            2 => Group::Content(n),
            _ => Group::List(n),
        }
    }
}

/// One way a fact was taught: to these learners, seen by these observers.
#[derive(Clone, Copy, Debug)]
pub struct Teaching {
    pub learners: Group,
    pub observers: Group,
    /// The first event that taught it this way.
    pub event: EventId,
}

/// A [`Teaching`] as the tables keep it: the kinds of both groups in one byte, so it
/// takes 16 bytes rather than 20, and a fact's slot 28 rather than 32 (at 10⁵ events
/// the slots and the teachings after the first took 6 MB).
#[derive(Clone, Copy, Debug)]
struct Stored {
    /// One more than the learners' kind, plus four times the observers' kind: never
    /// zero, so that an `Option<Stored>` is no larger.
    kinds: NonZeroU8,
    learners: u32,
    observers: u32,
    event: EventId,
}

impl From<Teaching> for Stored {
    fn from(t: Teaching) -> Stored {
        let (l, learners) = t.learners.parts();
        let (o, observers) = t.observers.parts();
        Stored {
            kinds: NonZeroU8::MIN.saturating_add(l | o << 2),
            learners,
            observers,
            event: t.event,
        }
    }
}

impl Stored {
    fn get(self) -> Teaching {
        let kinds = self.kinds.get() - 1;
        Teaching {
            learners: Group::from_parts(kinds, self.learners),
            observers: Group::from_parts(kinds >> 2, self.observers),
            event: self.event,
        }
    }

    /// Its learners and observers.
    fn way(self) -> (Group, Group) {
        let t = self.get();
        (t.learners, t.observers)
    }

    /// Whether it taught the same learners, seen by the same observers, as `t`.
    fn same_way(self, t: Stored) -> bool {
        (self.kinds, self.learners, self.observers) == (t.kinds, t.learners, t.observers)
    }
}

/// What is known of one fact, in 28 bytes: a large script has a million facts.
#[derive(Clone, Debug, Default)]
struct Known {
    /// Taught to everyone among actors `0..everyone` (learners = observers).
    everyone: u32,
    everyone_event: EventId,
    /// The first other teaching, kept inline: most facts are taught one way.
    first: Option<Stored>,
    /// The others, if any, in [`Knowledge::more`]: most facts never have a second
    /// teaching, so they do not pay for an empty `Vec` in their slot.
    more: Maybe,
}

/// The teachings of a fact after its first, in order.
#[derive(Clone, Debug, Default)]
struct More {
    teachings: Vec<Stored>,
    /// The (learners, observers) of every teaching, once there are [`More::INDEXED`]:
    /// a channel or a common text taught to many audiences finds a repeated
    /// teaching without a scan. Boxed, as few facts ever need it.
    index: Option<Box<HashSet<(Group, Group)>>>,
}

impl More {
    const INDEXED: usize = 16;

    /// Adds `t` unless a teaching with its learners and observers is there already
    /// (`first` is the fact's first teaching).
    fn add(&mut self, first: Stored, t: Stored) {
        let Some(index) = &mut self.index else {
            if self.teachings.iter().any(|x| x.same_way(t)) {
                return;
            }
            // Most facts taught a second way are taught no third: room for one
            // rather than the four a `Vec` starts with (at 10⁴ events that took the
            // peak from 4.23 to 4.04 times the script).
            if self.teachings.capacity() == 0 {
                self.teachings.reserve_exact(1);
            }
            self.teachings.push(t);
            if self.teachings.len() >= Self::INDEXED {
                let all = std::iter::once(first).chain(self.teachings.iter().copied());
                self.index = Some(Box::new(all.map(Stored::way).collect()));
            }
            return;
        };
        if index.insert(t.way()) {
            self.teachings.push(t);
        }
    }
}

impl Known {
    /// Its teachings; `more` is [`Knowledge::more`].
    fn teachings<'a>(&'a self, more: &'a [More]) -> impl Iterator<Item = Teaching> + 'a {
        let more = self
            .more
            .get()
            .map(|i| more[i as usize].teachings.as_slice());
        self.first
            .into_iter()
            .chain(more.unwrap_or_default().iter().copied())
            .map(Stored::get)
    }
}

/// The concessions made on one channel, in order, and how far revelations of its
/// agreements taught them.
#[derive(Clone, Debug, Default)]
struct Concessions {
    stmts: Vec<StmtId>,
    /// Positions of the concessions whose statement or text is watched.
    watched: BTreeSet<u32>,
    /// Per way of teaching, in the order they first happened.
    reveals: Vec<ConcessionsTaught>,
    /// Where each way of teaching is in `reveals`.
    ways: HashMap<(Group, Group), usize>,
}

/// A channel's concessions taught one way by revelations of its agreements: each
/// step taught, at its event, those before its end not yet taught this way.
#[derive(Clone, Debug)]
struct ConcessionsTaught {
    learners: Group,
    observers: Group,
    /// (end, event), ends increasing.
    steps: Vec<(u32, EventId)>,
}

impl ConcessionsTaught {
    fn end(&self) -> u32 {
        self.steps.last().map_or(0, |s| s.0)
    }

    /// The event that taught the concession at position `i` this way, if any.
    fn event(&self, i: u32) -> Option<EventId> {
        let k = self.steps.partition_point(|s| s.0 <= i);
        self.steps.get(k).map(|s| s.1)
    }
}

/// A set of facts, one bit a fact: whether something waits for a fact is asked at
/// every teaching. (At 10⁶ events, probing a hash set of the facts for it missed the
/// cache so often that `Interp::before_learning`, which asks, had 4.8% of the samples
/// of `perf record`; with these bits it has 2.0%.)
#[derive(Clone, Debug, Default)]
struct Watched {
    /// Per kind of fact (channels, statements, texts), 64 facts a word.
    words: [Vec<u64>; 3],
}

impl Watched {
    /// The table of `fact`'s kind, its word there and its bit in the word.
    fn place(fact: Fact) -> (usize, usize, u64) {
        let (kind, i) = match fact {
            Fact::Channel(i) => (0, i),
            Fact::Stmt(i) => (1, i),
            Fact::Text(i) => (2, i),
        };
        (kind, i as usize / 64, 1 << (i % 64))
    }

    fn insert(&mut self, fact: Fact) {
        let (kind, word, bit) = Watched::place(fact);
        let words = &mut self.words[kind];
        lengthen(words, word + 1, Default::default);
        words[word] |= bit;
    }

    fn contains(&self, fact: Fact) -> bool {
        let (kind, word, bit) = Watched::place(fact);
        self.words[kind].get(word).is_some_and(|w| w & bit != 0)
    }
}

/// The knowledge of every actor, per fact.
#[derive(Clone, Debug, Default)]
pub struct Knowledge {
    channels: Vec<Known>,
    stmts: Vec<Known>,
    texts: Vec<Known>,
    /// The teachings of facts taught more than one way, after their first.
    more: Vec<More>,
    /// The facts something waits for (see [`Knowledge::watch`]).
    watched: Watched,
    /// Per channel, its concessions.
    concessions: Vec<Concessions>,
    /// Each concession's channel and position there.
    conceded: HashMap<StmtId, (ChannelId, u32)>,
    /// Per conceded text, where it was first conceded on each channel (channel,
    /// position).
    conceded_texts: HashMap<TextId, Vec<(ChannelId, u32)>>,
    /// Explicit groups, each sorted, each once.
    pub lists: Vec<Vec<ActorId>>,
    /// Each explicit group once: a leak to the same audience again is the same group,
    /// so it adds no new way of knowing to every fact it teaches.
    list_ids: HashMap<Vec<ActorId>, u32>,
}

impl Knowledge {
    fn slot(&self, fact: Fact) -> Option<&Known> {
        match fact {
            Fact::Channel(i) => self.channels.get(i as usize),
            Fact::Stmt(i) => self.stmts.get(i as usize),
            Fact::Text(i) => self.texts.get(i as usize),
        }
    }

    fn slot_mut(&mut self, fact: Fact) -> &mut Known {
        let (table, i) = match fact {
            Fact::Channel(i) => (&mut self.channels, i),
            Fact::Stmt(i) => (&mut self.stmts, i),
            Fact::Text(i) => (&mut self.texts, i),
        };
        let i = i as usize;
        lengthen(table, i + 1, Known::default);
        &mut table[i]
    }

    /// Makes room for every fact `decls` can teach, so that the tables do not grow
    /// one fact at a time during a run (a script read in batches calls it before
    /// each batch).
    pub fn reserve(&mut self, decls: &Decls) {
        for (table, n) in [
            (&mut self.channels, decls.channels.len()),
            (&mut self.stmts, decls.stmts.len()),
            (&mut self.texts, decls.texts.len()),
        ] {
            table.grow_foreseen(n.saturating_sub(table.len()), decls.progress);
        }
    }

    /// Marks a fact that something waits for (a `when` rule's condition, a denial
    /// that may be exposed), so that teaching it is worth a closer look.
    pub fn watch(&mut self, decls: &Decls, fact: Fact) {
        self.watched.insert(fact);
        for (c, first) in self.conceded_at(fact).to_vec() {
            let k = &mut self.concessions[c as usize];
            for (i, x) in k.stmts.iter().enumerate().skip(first as usize) {
                if Fact::Stmt(*x) == fact
                    || decls.stmts[*x as usize].text.get().map(Fact::Text) == Some(fact)
                {
                    k.watched.insert(i as u32);
                }
            }
        }
    }

    /// A concession was made on `c`: it takes the next position there.
    pub fn concede(&mut self, c: ChannelId, s: StmtId, text: Option<TextId>) {
        let i = c as usize;
        lengthen(&mut self.concessions, i + 1, Concessions::default);
        let at = self.concessions[i].stmts.len() as u32;
        self.concessions[i].stmts.push(s);
        self.conceded.insert(s, (c, at));
        if let Some(t) = text {
            // A text's first concession on each channel: a revelation that reaches a
            // later one reaches it too.
            let places = self.conceded_texts.entry(t).or_default();
            if !places.iter().any(|p| p.0 == c) {
                places.push((c, at));
            }
        }
        if self.watched(Fact::Stmt(s)) || text.is_some_and(|t| self.watched(Fact::Text(t))) {
            self.concessions[i].watched.insert(at);
        }
    }

    /// The concessions made on `c` so far, in order.
    pub fn concessions(&self, c: ChannelId) -> &[StmtId] {
        self.concessions
            .get(c as usize)
            .map(|k| k.stmts.as_slice())
            .unwrap_or_default()
    }

    /// How many of `c`'s concessions were taught to `learners`, seen by `observers`,
    /// by revelations of its agreements.
    pub fn concessions_taught(&self, c: ChannelId, learners: Group, observers: Group) -> u32 {
        let Some(k) = self.concessions.get(c as usize) else {
            return 0;
        };
        k.ways
            .get(&(learners, observers))
            .map_or(0, |w| k.reveals[*w].end())
    }

    /// How many of `c`'s concessions revelations of its agreements taught `actor`.
    pub fn concessions_taught_to(&self, decls: &Decls, c: ChannelId, actor: ActorId) -> u32 {
        let Some(k) = self.concessions.get(c as usize) else {
            return 0;
        };
        k.reveals
            .iter()
            .filter(|r| self.contains(decls, r.learners, actor))
            .map(ConcessionsTaught::end)
            .max()
            .unwrap_or(0)
    }

    /// The positions among `c`'s concessions, from `from` to before `to`, of those
    /// whose statement or text is watched.
    pub fn watched_concessions(&self, c: ChannelId, from: u32, to: u32) -> Vec<u32> {
        match self.concessions.get(c as usize) {
            Some(k) if from < to => k.watched.range(from..to).copied().collect(),
            _ => Vec::new(),
        }
    }

    /// Records that an event taught `c`'s concessions before `end` to `learners`,
    /// seen by `observers` (those not taught that way before).
    pub fn teach_concessions(
        &mut self,
        c: ChannelId,
        end: u32,
        learners: Group,
        observers: Group,
        event: EventId,
    ) {
        let Some(k) = self.concessions.get_mut(c as usize) else {
            return;
        };
        let w = *k.ways.entry((learners, observers)).or_insert_with(|| {
            k.reveals.push(ConcessionsTaught {
                learners,
                observers,
                steps: Vec::new(),
            });
            k.reveals.len() - 1
        });
        let taught = &mut k.reveals[w];
        if end > taught.end() {
            taught.steps.push((end, event));
        }
    }

    /// Where a fact was conceded, if it is a concession or a conceded text (first on
    /// each channel).
    fn conceded_at(&self, fact: Fact) -> &[(ChannelId, u32)] {
        let places = match fact {
            Fact::Stmt(s) => self.conceded.get(&s).map(std::slice::from_ref),
            Fact::Text(t) => self.conceded_texts.get(&t).map(Vec::as_slice),
            Fact::Channel(_) => None,
        };
        places.unwrap_or_default()
    }

    /// The ways revelations of agreements taught a fact through its concessions,
    /// with their events (a way may come more than once).
    fn taught_as_concession(&self, fact: Fact) -> impl Iterator<Item = Teaching> + '_ {
        self.conceded_at(fact).iter().flat_map(move |&(c, i)| {
            self.concessions[c as usize]
                .reveals
                .iter()
                .filter_map(move |r| {
                    r.event(i).map(|event| Teaching {
                        learners: r.learners,
                        observers: r.observers,
                        event,
                    })
                })
        })
    }

    /// Whether a revelation of agreements taught `fact` to `actor` through its
    /// concessions.
    fn knows_as_concession(&self, decls: &Decls, actor: ActorId, fact: Fact) -> bool {
        self.conceded_at(fact).iter().any(|&(c, i)| {
            self.concessions[c as usize]
                .reveals
                .iter()
                .any(|r| r.end() > i && self.contains(decls, r.learners, actor))
        })
    }

    /// Whether [`Knowledge::watch`] marked this fact.
    pub fn watched(&self, fact: Fact) -> bool {
        self.watched.contains(fact)
    }

    /// Registers an explicit group, or finds it registered; `actors` must be sorted and
    /// without duplicates.
    pub fn list(&mut self, actors: &[ActorId]) -> Group {
        if let Some(&id) = self.list_ids.get(actors) {
            return Group::List(id);
        }
        let id = self.lists.len() as u32;
        self.list_ids.insert(actors.to_vec(), id);
        self.lists.push(actors.to_vec());
        Group::List(id)
    }

    pub fn contains(&self, decls: &Decls, group: Group, actor: ActorId) -> bool {
        match group {
            Group::Everyone(n) => actor < n,
            Group::Insiders(c) => decls.channels[c as usize]
                .insiders
                .binary_search(&actor)
                .is_ok(),
            Group::Content(c) => decls.channels[c as usize]
                .content
                .binary_search(&actor)
                .is_ok(),
            Group::List(i) => self.lists[i as usize].binary_search(&actor).is_ok(),
        }
    }

    /// The members of a group, in id order.
    pub fn members<'a>(
        &'a self,
        decls: &'a Decls,
        group: Group,
    ) -> Box<dyn Iterator<Item = ActorId> + 'a> {
        match group {
            Group::Everyone(n) => Box::new(0..n),
            Group::Insiders(c) => Box::new(decls.channels[c as usize].insiders.iter().copied()),
            Group::Content(c) => Box::new(decls.channels[c as usize].content.iter().copied()),
            Group::List(i) => Box::new(self.lists[i as usize].iter().copied()),
        }
    }

    pub fn size(&self, decls: &Decls, group: Group) -> usize {
        match group {
            Group::Everyone(n) => n as usize,
            Group::Insiders(c) => decls.channels[c as usize].insiders.len(),
            Group::Content(c) => decls.channels[c as usize].content.len(),
            Group::List(i) => self.lists[i as usize].len(),
        }
    }

    /// Records that an event taught `fact` to `learners`, seen by `observers`.
    pub fn learn(&mut self, fact: Fact, learners: Group, observers: Group, event: EventId) {
        let next_more = self.more.len();
        let known = self.slot_mut(fact);
        if let (Group::Everyone(n), Group::Everyone(m)) = (learners, observers)
            && n == m
        {
            if n > known.everyone {
                known.everyone = n;
                known.everyone_event = event;
            }
            return;
        }
        let teaching = Stored::from(Teaching {
            learners,
            observers,
            event,
        });
        let first = match known.first {
            None => {
                known.first = Some(teaching);
                return;
            }
            Some(first) if first.same_way(teaching) => return,
            Some(first) => first,
        };
        let i = known.more.get().map_or(next_more, |i| i as usize);
        known.more = Some(i as u32).into();
        if i == self.more.len() {
            self.more.grow(1);
            self.more.push(More::default());
        }
        self.more[i].add(first, teaching);
    }

    /// The ways a fact was taught, in order, each once, with "everyone" as a
    /// teaching of its own, first.
    pub fn teachings(&self, fact: Fact) -> impl Iterator<Item = Teaching> + '_ {
        let known = self.slot(fact);
        let revealed: Vec<_> = self.taught_as_concession(fact).collect();
        let merged = (!revealed.is_empty()).then(|| self.merge(known, revealed));
        let plain = merged.is_none().then(|| self.own_teachings(known));
        plain
            .into_iter()
            .flatten()
            .chain(merged.into_iter().flatten())
    }

    /// A fact's own teachings, not those through its concessions: "everyone" first,
    /// then the others in order.
    fn own_teachings<'k>(
        &'k self,
        known: Option<&'k Known>,
    ) -> impl Iterator<Item = Teaching> + 'k {
        let everyone = known.filter(|k| k.everyone > 0).map(|k| Teaching {
            learners: Group::Everyone(k.everyone),
            observers: Group::Everyone(k.everyone),
            event: k.everyone_event,
        });
        let others = known.into_iter().flat_map(|k| k.teachings(&self.more));
        everyone.into_iter().chain(others)
    }

    /// A fact's own teachings and those through its concessions, as [`learn`] would
    /// have kept them had each been taught one by one.
    ///
    /// [`learn`]: Knowledge::learn
    fn merge(&self, known: Option<&Known>, mut revealed: Vec<Teaching>) -> Vec<Teaching> {
        revealed.extend(self.own_teachings(known));
        revealed.sort_by_key(|t| t.event);
        let (mut everyone, mut event) = (0, 0);
        let mut seen = HashSet::default();
        let mut out = vec![];
        for t in revealed {
            match (t.learners, t.observers) {
                (Group::Everyone(n), Group::Everyone(m)) if n == m => {
                    if n > everyone {
                        (everyone, event) = (n, t.event);
                    }
                }
                key => {
                    if seen.insert(key) {
                        out.push(t);
                    }
                }
            }
        }
        if everyone > 0 {
            out.insert(
                0,
                Teaching {
                    learners: Group::Everyone(everyone),
                    observers: Group::Everyone(everyone),
                    event,
                },
            );
        }
        out
    }

    /// `A knows F`.
    pub fn knows(&self, decls: &Decls, actor: ActorId, fact: Fact) -> bool {
        let known = self.slot(fact);
        known.is_some_and(|k| {
            actor < k.everyone
                || k.teachings(&self.more)
                    .any(|t| self.contains(decls, t.learners, actor))
        }) || self.knows_as_concession(decls, actor, fact)
    }

    /// Does every one of `actors` know `fact`? (`P knows F` for a party P.) A fact
    /// taught to everyone is known without asking how each actor learned it.
    pub fn all_know(&self, decls: &Decls, actors: &[ActorId], fact: Fact) -> bool {
        let everyone = self.slot(fact).map_or(0, |k| k.everyone);
        actors
            .iter()
            .all(|&a| a < everyone || self.knows(decls, a, fact))
    }

    /// Whether every member of `learners` is known to know `fact` already, by a
    /// teaching to that very group (or to everyone, as many or more): then teaching
    /// it to them again teaches nobody anything. Only a fact's first teachings are
    /// looked at, so that the answer costs less than asking each member; `false`
    /// means "not known", not "no".
    pub fn taught_to_all(&self, fact: Fact, learners: Group) -> bool {
        let Some(known) = self.slot(fact) else {
            return false;
        };
        match learners {
            Group::Everyone(n) if n <= known.everyone => true,
            _ => known
                .teachings(&self.more)
                .take(More::INDEXED)
                .any(|t| t.learners == learners),
        }
    }

    /// The first way `actor` learned `fact`, if it did.
    pub fn first_teaching(&self, decls: &Decls, actor: ActorId, fact: Fact) -> Option<Teaching> {
        self.teachings(fact)
            .find(|t| self.contains(decls, t.learners, actor))
    }

    /// The first teaching whose observers include all of `observers` and whose
    /// learners include all of `learners`: the event behind `A knows B knows F` and
    /// `F is common knowledge among G`. The actors are walked once per teaching, so
    /// a caller can pass them without collecting them.
    pub fn covering(
        &self,
        decls: &Decls,
        fact: Fact,
        observers: impl Iterator<Item = ActorId> + Clone,
        learners: impl Iterator<Item = ActorId> + Clone,
    ) -> Option<Teaching> {
        self.teachings(fact)
            .find(|&t| self.covers(decls, t, observers.clone(), learners.clone()))
    }

    /// Whether some teaching covers `observers` and `learners`, as
    /// [`Knowledge::covering`] asks, without finding the first: the teachings are
    /// looked at as they are kept, not put in order and merged (for a concession
    /// revealed many times, that took nine tenths of the test's instructions).
    pub fn covered(
        &self,
        decls: &Decls,
        fact: Fact,
        observers: impl Iterator<Item = ActorId> + Clone,
        learners: impl Iterator<Item = ActorId> + Clone,
    ) -> bool {
        self.own_teachings(self.slot(fact))
            .chain(self.taught_as_concession(fact))
            .any(|t| self.covers(decls, t, observers.clone(), learners.clone()))
    }

    /// Whether `t`'s observers include all of `observers` and its learners all of
    /// `learners`.
    fn covers(
        &self,
        decls: &Decls,
        t: Teaching,
        mut observers: impl Iterator<Item = ActorId>,
        mut learners: impl Iterator<Item = ActorId>,
    ) -> bool {
        observers.all(|a| self.contains(decls, t.observers, a))
            && learners.all(|a| self.contains(decls, t.learners, a))
    }

    /// Does some member of `group` not know `fact` yet?
    pub fn someone_new(&self, decls: &Decls, group: Group, fact: Fact) -> bool {
        if let Group::Everyone(n) = group {
            let known = self.slot(fact);
            if known.is_some_and(|k| k.everyone >= n) {
                return false;
            }
            // Fewer knowers than actors: someone is new, without a scan.
            let knowers: usize = self
                .teachings(fact)
                .map(|t| self.size(decls, t.learners))
                .sum();
            if knowers < n as usize {
                return true;
            }
        }
        self.members(decls, group)
            .any(|a| !self.knows(decls, a, fact))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_teaching_is_stored_in_sixteen_bytes_and_read_back_whole() {
        assert_eq!(std::mem::size_of::<Option<Stored>>(), 16);
        assert_eq!(std::mem::size_of::<Known>(), 28);
        let groups = |n| {
            [
                Group::Everyone(n),
                Group::Insiders(n),
                Group::Content(n),
                Group::List(n),
            ]
        };
        for learners in groups(u32::MAX) {
            for observers in groups(7) {
                let t = Teaching {
                    learners,
                    observers,
                    event: 3,
                };
                let back = Stored::from(t).get();
                assert_eq!(
                    (back.learners, back.observers, back.event),
                    (learners, observers, 3)
                );
                assert_eq!(Stored::from(t).way(), (learners, observers));
            }
        }
        let a = Stored::from(Teaching {
            learners: Group::Content(1),
            observers: Group::Insiders(1),
            event: 1,
        });
        let b = Stored::from(Teaching {
            learners: Group::Insiders(1),
            observers: Group::Content(1),
            event: 1,
        });
        assert!(a.same_way(a) && !a.same_way(b));
    }

    #[test]
    fn covered_says_whether_covering_finds_a_teaching() {
        let decls = Decls::default();
        let mut k = Knowledge::default();
        let (envoys, press) = (k.list(&[1, 2]), k.list(&[1, 2, 5]));
        // Statement 4 is conceded on channel 0, then taught to actors 0..3, seen by
        // the envoys, and a revelation of the channel's agreements teaches it to
        // the envoys, seen by the press; statement 6 is taught to everyone.
        k.concede(0, 4, None);
        k.learn(Fact::Stmt(4), Group::Everyone(3), envoys, 1);
        k.teach_concessions(0, 1, envoys, press, 2);
        k.learn(Fact::Stmt(6), Group::Everyone(4), Group::Everyone(4), 3);
        let cases: [(&[ActorId], &[ActorId], Fact, bool); 6] = [
            (&[5], &[1, 2], Fact::Stmt(4), true),
            (&[1], &[0], Fact::Stmt(4), true),
            (&[5], &[0], Fact::Stmt(4), false),
            (&[0, 3], &[1], Fact::Stmt(6), true),
            (&[4], &[1], Fact::Stmt(6), false),
            (&[1], &[1], Fact::Stmt(7), false),
        ];
        for (observers, learners, fact, expected) in cases {
            let (o, l) = (observers.iter().copied(), learners.iter().copied());
            let first = k.covering(&decls, fact, o.clone(), l.clone());
            assert_eq!(first.is_some(), expected, "{observers:?} {learners:?}");
            assert_eq!(k.covered(&decls, fact, o, l), expected);
        }
    }
}
