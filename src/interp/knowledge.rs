//! Who knows what, and who knows that who knows.
//!
//! Every event teaches some facts to its *learners* and is seen by its *observers*
//! (LANGUAGE.md §4.1). Rather than storing one entry per actor and fact, each fact
//! keeps the few distinct (learners, observers) *groups* that taught it. A group is
//! "everyone declared so far", the insiders or content learners of a channel, or an
//! explicit sorted list (a leak's audience). So an event costs O(facts taught), not
//! O(learners × facts); `A knows F` is a membership test in each of F's groups;
//! `A knows B knows F` looks for one group pair covering the chain.

use crate::HashMap;
use crate::ir::{ActorId, ChannelId, Decls, Fact};

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
    teachings: Vec<Teaching>,
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
        if !known
            .teachings
            .iter()
            .any(|t| t.learners == learners && t.observers == observers)
        {
            known.teachings.push(Teaching {
                learners,
                observers,
                event,
            });
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
            .chain(known.into_iter().flat_map(|k| k.teachings.iter().copied()))
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
