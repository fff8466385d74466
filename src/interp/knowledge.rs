//! Who knows what, and who knows that who knows.
//!
//! Every event teaches some facts to its *learners* and is seen by its *observers*
//! (LANGUAGE.md §4.1). Rather than storing one entry per actor and fact, each fact
//! keeps the few distinct (learners, observers) *groups* that taught it. A group is
//! "everyone declared so far", the insiders or content learners of a channel, or an
//! explicit sorted list (a leak's audience). So an event costs O(facts taught), not
//! O(learners × facts); `A knows F` is a membership test in each of F's groups;
//! `A knows B knows F` looks for one group pair covering the chain.

use crate::ir::{ActorId, ChannelId, Decls, Fact};
use crate::{HashMap, HashSet};

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

/// One way a fact was taught: to these learners, seen by these observers.
#[derive(Clone, Copy, Debug)]
pub struct Teaching {
    pub learners: Group,
    pub observers: Group,
    /// The first event that taught it this way.
    pub event: EventId,
}

#[derive(Clone, Debug, Default)]
struct Known {
    /// Taught to everyone among actors `0..everyone` (learners = observers).
    everyone: u32,
    everyone_event: EventId,
    /// Whether something waits for this fact to be taught (see [`Knowledge::watch`]).
    watched: bool,
    /// The first other teaching, kept inline: most facts are taught one way.
    first: Option<Teaching>,
    /// The others, if any: most facts never have a second teaching, so they do not
    /// pay for an empty `Vec` in their slot.
    more: Option<Box<More>>,
}

/// The teachings of a fact after its first, in order.
#[derive(Clone, Debug, Default)]
struct More {
    teachings: Vec<Teaching>,
    /// The (learners, observers) of every teaching, once there are [`More::INDEXED`]:
    /// a channel or a common text taught to many audiences finds a repeated
    /// teaching without a scan.
    index: HashSet<(Group, Group)>,
}

impl More {
    const INDEXED: usize = 16;

    /// Adds `t` unless a teaching with its learners and observers is there already
    /// (`first` is the fact's first teaching).
    fn add(&mut self, first: Teaching, t: Teaching) {
        let key = (t.learners, t.observers);
        if self.index.is_empty() {
            if self
                .teachings
                .iter()
                .any(|x| (x.learners, x.observers) == key)
            {
                return;
            }
            self.teachings.push(t);
            if self.teachings.len() >= Self::INDEXED {
                let all = std::iter::once(first).chain(self.teachings.iter().copied());
                self.index = all.map(|x| (x.learners, x.observers)).collect();
            }
        } else if self.index.insert(key) {
            self.teachings.push(t);
        }
    }
}

impl Known {
    fn teachings(&self) -> impl Iterator<Item = Teaching> + '_ {
        let more = self.more.as_deref().map(|m| m.teachings.as_slice());
        self.first
            .into_iter()
            .chain(more.unwrap_or_default().iter().copied())
    }
}

/// The knowledge of every actor, per fact.
#[derive(Clone, Debug, Default)]
pub struct Knowledge {
    channels: Vec<Known>,
    stmts: Vec<Known>,
    texts: Vec<Known>,
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
        if table.len() <= i {
            table.resize_with(i + 1, Known::default);
        }
        &mut table[i]
    }

    /// Makes room for every fact `decls` can teach, so that the tables do not grow
    /// (and copy themselves) during a run.
    pub fn reserve(&mut self, decls: &Decls) {
        for (table, n) in [
            (&mut self.channels, decls.channels.len()),
            (&mut self.stmts, decls.stmts.len()),
            (&mut self.texts, decls.texts.len()),
        ] {
            table.reserve_exact(n.saturating_sub(table.len()));
        }
    }

    /// Marks a fact that something waits for (a `when` rule's condition, a denial
    /// that may be exposed), so that teaching it is worth a closer look.
    pub fn watch(&mut self, fact: Fact) {
        self.slot_mut(fact).watched = true;
    }

    /// Whether [`Knowledge::watch`] marked this fact.
    pub fn watched(&self, fact: Fact) -> bool {
        self.slot(fact).is_some_and(|k| k.watched)
    }

    /// Registers an explicit group, or finds it registered; `actors` must be sorted and
    /// without duplicates.
    pub fn list(&mut self, actors: Vec<ActorId>) -> Group {
        if let Some(&id) = self.list_ids.get(&actors) {
            return Group::List(id);
        }
        let id = self.lists.len() as u32;
        self.list_ids.insert(actors.clone(), id);
        self.lists.push(actors);
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
        let teaching = Teaching {
            learners,
            observers,
            event,
        };
        match known.first {
            None => known.first = Some(teaching),
            Some(first) if (first.learners, first.observers) == (learners, observers) => {}
            Some(first) => known.more.get_or_insert_default().add(first, teaching),
        }
    }

    /// The ways a fact was taught, with "everyone" as a teaching of its own.
    pub fn teachings(&self, fact: Fact) -> impl Iterator<Item = Teaching> + '_ {
        let known = self.slot(fact);
        let everyone = known.filter(|k| k.everyone > 0).map(|k| Teaching {
            learners: Group::Everyone(k.everyone),
            observers: Group::Everyone(k.everyone),
            event: k.everyone_event,
        });
        everyone
            .into_iter()
            .chain(known.into_iter().flat_map(Known::teachings))
    }

    /// `A knows F`.
    pub fn knows(&self, decls: &Decls, actor: ActorId, fact: Fact) -> bool {
        self.first_teaching(decls, actor, fact).is_some()
    }

    /// The first way `actor` learned `fact`, if it did.
    pub fn first_teaching(&self, decls: &Decls, actor: ActorId, fact: Fact) -> Option<Teaching> {
        self.teachings(fact)
            .find(|t| self.contains(decls, t.learners, actor))
    }

    /// One teaching whose observers include all of `observers` and whose learners
    /// include all of `learners`: the test behind `A knows B knows F` and
    /// `F is common knowledge among G`.
    pub fn covering(
        &self,
        decls: &Decls,
        fact: Fact,
        observers: &[ActorId],
        learners: &[ActorId],
    ) -> Option<Teaching> {
        self.teachings(fact).find(|t| {
            observers
                .iter()
                .all(|a| self.contains(decls, t.observers, *a))
                && learners
                    .iter()
                    .all(|a| self.contains(decls, t.learners, *a))
        })
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
