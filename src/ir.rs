//! The checked program: what `check` hands the interpreter.
//!
//! Names are resolved to dense ids (`ActorId`, `PartyId`, …) that index the tables of
//! [`Decls`]; texts are interned. Every statement and agreement has a [`StmtId`]:
//! no item runs more than once (a `when` rule fires at most once), so the id is also
//! the fact "this was said". Ops keep their spans for the transcript and diagnostics.

use crate::ast::{ChannelKind, CmpOp, RevealKind, Role, Verb};
use crate::source::Span;
use std::hash::BuildHasher;
use std::sync::Arc;

pub type ActorId = u32;
pub type PartyId = u32;
pub type ChannelId = u32;
pub type StmtId = u32;
pub type TextId = u32;
pub type RuleId = u32;
pub type LabelId = u32;

#[derive(Clone, Debug)]
pub struct Actor {
    pub name: String,
    pub party: PartyId,
    pub role: Role,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct Party {
    pub name: String,
    pub actors: Vec<ActorId>,
    pub spoilers: Vec<ActorId>,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct Channel {
    pub name: String,
    pub kind: ChannelKind,
    pub members: Vec<ActorId>,
    pub via: Vec<ActorId>,
    pub authorized: Vec<ActorId>,
    /// Members ∪ via ∪ authorizers, sorted.
    pub insiders: Vec<ActorId>,
    /// Who learns what is said here when that is not everyone, sorted.
    pub content: Vec<ActorId>,
    /// Parties with an insider here, sorted.
    pub parties: Vec<PartyId>,
    /// Threshold of the endless-game warning, in sessions.
    pub endless_after: u32,
    pub span: Span,
}

impl Channel {
    pub fn is_insider(&self, a: ActorId) -> bool {
        self.insiders.binary_search(&a).is_ok()
    }
}

/// A statement, a denial or an agreement. (A large script has hundreds of thousands,
/// so a statement is kept to 40 bytes: optional ids are [`Maybe`]s, and an
/// agreement's parties are in [`Decls::agreements`].)
#[derive(Clone, Debug)]
pub struct Stmt {
    pub what: StmtKind,
    pub text: Maybe,
    pub channel: Maybe,
    /// Its label, in [`Decls::labels`].
    pub label: Maybe,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub enum StmtKind {
    Said {
        speaker: ActorId,
        verb: Verb,
        recipient: Maybe,
        /// What it is `about`, interned with the texts.
        issue: Maybe,
    },
    Denied {
        speaker: ActorId,
        fact: Fact,
    },
    Agreed {
        /// Its parties, in [`Decls::agreements`].
        parties: u32,
    },
}

/// An id that may be missing, in four bytes rather than the eight of an
/// `Option<u32>`: `u32::MAX` stands for none (a script never has 2³² of anything).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Maybe(u32);

impl Maybe {
    pub const NONE: Maybe = Maybe(u32::MAX);

    pub fn get(self) -> Option<u32> {
        (self.0 != u32::MAX).then_some(self.0)
    }
}

impl Default for Maybe {
    fn default() -> Self {
        Maybe::NONE
    }
}

impl From<Option<u32>> for Maybe {
    fn from(id: Option<u32>) -> Self {
        Maybe(id.unwrap_or(u32::MAX))
    }
}

impl std::fmt::Debug for Maybe {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.get().fmt(f)
    }
}

/// Something that can be known.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Fact {
    /// That a channel exists.
    Channel(ChannelId),
    /// A statement, denial or agreement.
    Stmt(StmtId),
    /// A proposition: known to whoever learned anything with exactly this text.
    Text(TextId),
}

/// Everything declared so far: the static world the interpreter runs in.
#[derive(Clone, Debug, Default)]
pub struct Decls {
    pub actors: Vec<Actor>,
    pub parties: Vec<Party>,
    pub channels: Vec<Channel>,
    pub stmts: Vec<Stmt>,
    pub texts: Texts,
    /// The labels of statements (`as offer`), one after the other.
    pub labels: Arena,
    /// The parties to each agreement.
    pub agreements: Vec<Box<[PartyId]>>,
    pub rules: Vec<Rule>,
    /// How far the script being read in batches has got, if it is, for the tables
    /// that grow with it.
    pub progress: Progress,
}

/// Room for more in a table that grows with the script (statements, texts, what is
/// known of them): a quarter more at a time rather than double, so that a table of a
/// million entries wastes at most a quarter of itself. (A large block grows by
/// moving its pages, so growing more often costs little.)
///
/// Where the table's final length can be foreseen ([`Progress`]), a growth stops
/// there rather than passing it by up to a quarter.
pub trait Grow {
    fn grow(&mut self, extra: usize) {
        self.grow_foreseen(extra, Progress::default());
    }

    /// [`Grow::grow`], not past the length that `progress` foresees for the table.
    fn grow_foreseen(&mut self, extra: usize, progress: Progress);
}

/// How much more to reserve, if there is not room for `extra` more: at least a
/// quarter of the capacity, but no more than to `expected` if that is enough, and at
/// least `least` entries, so a small table does not grow by ones.
fn grown(
    len: usize,
    capacity: usize,
    extra: usize,
    expected: usize,
    least: usize,
) -> Option<usize> {
    let need = len + extra;
    let quarter = capacity + capacity / 4;
    let target = if expected >= need {
        quarter.min(expected)
    } else {
        quarter
    };
    (need > capacity).then(|| need.max(target).max(least) - len)
}

/// [`grown`], with the length `progress` foresees (only worked out if the table must
/// grow), for a table of entries of `size` bytes: its first room is for 64 entries,
/// or 4 KiB of them if they are large, but at least 4. (The channels, of 192 bytes,
/// took 12 KiB for 64 of them; a script of 1,000 events declares 25.)
fn grown_foreseen(
    len: usize,
    capacity: usize,
    extra: usize,
    progress: Progress,
    size: usize,
) -> Option<usize> {
    let need = len + extra;
    let least = (4096 / size.max(1)).clamp(4, 64);
    (need > capacity)
        .then(|| grown(len, capacity, extra, progress.forecast(need), least))
        .flatten()
}

impl<T> Grow for Vec<T> {
    fn grow_foreseen(&mut self, extra: usize, progress: Progress) {
        let size = std::mem::size_of::<T>();
        if let Some(more) = grown_foreseen(self.len(), self.capacity(), extra, progress, size) {
            self.reserve_exact(more);
        }
    }
}

/// How far into a script reading has got: the tables that grow with the script
/// (statements, texts, what is known of them) foresee from it how long they will
/// be, so that they end with little room to spare. With growth by a quarter alone,
/// a script of 10⁵ talk-only events ended with 1.7 MB of such room, a quarter of its
/// own size.
#[derive(Clone, Copy, Debug, Default)]
pub struct Progress {
    read: usize,
    len: usize,
}

impl Progress {
    /// `read` bytes of a script of `len` bytes.
    pub fn new(read: usize, len: usize) -> Self {
        Progress { read, len }
    }

    /// How long a table of `n` entries now will be at the end of the script, if the
    /// rest is like what was read, plus a 32nd (so that a forecast a little short
    /// does not make the table grow by small steps); 0 (nothing foreseen) until a
    /// 16th of the script is read, as its start (declarations) may be unlike the rest.
    pub fn forecast(self, n: usize) -> usize {
        if self.read < self.len / 16 || self.read == 0 {
            return 0;
        }
        let at_end = (n as u128 * self.len as u128 / self.read as u128) as usize;
        at_end + at_end / 32
    }
}

/// Lengthens `v` to `len` with `f` if it is shorter, growing its capacity as
/// [`Grow`] does: for the tables by actor or channel that a declaration lengthens.
/// (A script of 1 MB declaring 10⁴ actors peaked at 6.9 times its size with these
/// tables and those of the declarations doubling, and at 6.1 growing by a quarter.)
pub fn lengthen<T>(v: &mut Vec<T>, len: usize, f: impl FnMut() -> T) {
    if let Some(extra) = len.checked_sub(v.len()) {
        v.grow(extra);
        v.resize_with(len, f);
    }
}

impl Grow for String {
    fn grow_foreseen(&mut self, extra: usize, progress: Progress) {
        if let Some(more) = grown_foreseen(self.len(), self.capacity(), extra, progress, 1) {
            self.reserve_exact(more);
        }
    }
}

/// Strings stored end to end in one buffer, so that many small ones (the labels of a
/// large script) cost no allocation each.
#[derive(Clone, Debug, Default)]
pub struct Arena {
    text: String,
    ends: Vec<u32>,
}

impl Arena {
    pub fn push(&mut self, s: &str) -> u32 {
        self.text.grow(s.len());
        self.text.push_str(s);
        self.ends.grow(1);
        self.ends.push(self.text.len() as u32);
        (self.ends.len() - 1) as u32
    }

    pub fn get(&self, i: u32) -> &str {
        let i = i as usize;
        let start = i.checked_sub(1).map_or(0, |j| self.ends[j] as usize);
        &self.text[start..self.ends[i] as usize]
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }
}

/// Strings by number, each kept as its place in a source it is a slice of (eight
/// bytes, where a copy would cost its length) or, if it is not one (a string with
/// escapes, a line typed at the REPL), copied into an [`Arena`].
#[derive(Clone, Debug, Default)]
pub struct Places {
    /// `(start, len)` in the source, or `(i, OWNED)` for the `i`th of `owned`.
    places: Vec<(u32, u32)>,
    owned: Arena,
}

/// The length that marks a string kept in [`Places::owned`].
const OWNED: u32 = u32::MAX;

impl Places {
    /// Adds `text` as the next number, by its place if it is a slice of `source`.
    pub fn push(&mut self, source: &str, text: &str) -> TextId {
        self.places.grow(1);
        self.places.push(match in_source(source, text) {
            Some(start) => (start as u32, text.len() as u32),
            None => (self.owned.push(text), OWNED),
        });
        (self.places.len() - 1) as TextId
    }

    /// The number of `text` if `index` finds it among these strings; otherwise the
    /// number it gets as the next one, indexed, and `true`: it is new.
    pub fn intern(&mut self, index: &mut TextIndex, source: &str, text: &str) -> (TextId, bool) {
        let next = self.len() as TextId;
        match index.find_or_add(text, next, |id| self.get(source, id)) {
            Some(id) => (id, false),
            None => (self.push(source, text), true),
        }
    }

    /// Room for `extra` more strings (see [`Grow::grow_foreseen`]).
    pub fn grow_foreseen(&mut self, extra: usize, progress: Progress) {
        self.places.grow_foreseen(extra, progress);
    }

    /// The string numbered `id`; `source` is the one given to [`Places::push`] (with
    /// another, what is at its place there, or nothing).
    pub fn get<'s>(&'s self, source: &'s str, id: TextId) -> &'s str {
        match self.places[id as usize] {
            (i, OWNED) => self.owned.get(i),
            (start, len) => {
                let (start, end) = (start as usize, start as usize + len as usize);
                source.get(start..end).unwrap_or_default()
            }
        }
    }

    pub fn len(&self) -> usize {
        self.places.len()
    }

    pub fn is_empty(&self) -> bool {
        self.places.is_empty()
    }
}

/// Where `text` starts in `source`, if it is a slice of it.
fn in_source(source: &str, text: &str) -> Option<usize> {
    let start = (text.as_ptr() as usize).checked_sub(source.as_ptr() as usize)?;
    (start + text.len() <= source.len()).then_some(start)
}

/// The texts of a script (or the names of its scope), each once, by id, found again
/// through a [`TextIndex`]. Those that are slices of the script being read (see
/// [`Texts::read_from`]) cost eight bytes each; others are copied. (At 10⁴ events,
/// copying them all made the run's peak memory 6% higher.)
#[derive(Clone, Debug, Default)]
pub struct Texts {
    /// The script whose slices are kept by their place in it, if there is one.
    script: Option<Arc<String>>,
    places: Places,
    index: TextIndex,
}

/// Which id each text has, by its hash: the ids of a table of texts kept elsewhere
/// (a [`Texts`]' arena, or the source a parser numbers texts in).
///
/// The table keeps 32 bits of each text's hash beside its id, so that growing the
/// table, or meeting another text in the same place, never has to look at the text.
#[derive(Clone, Debug, Default)]
pub struct TextIndex {
    /// (id, hash).
    ids: hashbrown::HashTable<(TextId, u32)>,
    hasher: foldhash::fast::RandomState,
}

/// The table's hash of a text, from the 32 bits kept: the multiplication spreads
/// them over the 64 bits the table reads (its low bits pick a place, its top bits
/// tell entries apart).
fn spread(hash: u32) -> u64 {
    u64::from(hash).wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

impl TextIndex {
    /// The id of `text`, if one of the texts indexed so far (found with `get`) is
    /// the same; otherwise it is indexed as id `next`, and `None` says it is new.
    pub fn find_or_add<'t>(
        &mut self,
        text: &str,
        next: TextId,
        get: impl Fn(TextId) -> &'t str,
    ) -> Option<TextId> {
        let hash = self.hasher.hash_one(text) as u32;
        if let Some(id) = self.find_hashed(text, hash, &get) {
            return Some(id);
        }
        self.ids
            .insert_unique(spread(hash), (next, hash), |&(_, h)| spread(h));
        None
    }

    /// Makes room now for as many texts as `progress` foresees, if there is not
    /// room: a table that grows while it is small costs less to grow, and does not
    /// hold its old and new rooms at once at the end of a script, when every other
    /// table is largest.
    pub fn reserve_foreseen(&mut self, progress: Progress) {
        let expected = progress.forecast(self.ids.len());
        if expected > self.ids.capacity() {
            self.ids
                .reserve(expected - self.ids.len(), |&(_, h)| spread(h));
        }
    }

    /// The id of `text`, if one of the texts indexed (found with `get`) is the same.
    pub fn find<'t>(&self, text: &str, get: impl Fn(TextId) -> &'t str) -> Option<TextId> {
        self.find_hashed(text, self.hasher.hash_one(text) as u32, &get)
    }

    fn find_hashed<'t>(
        &self,
        text: &str,
        hash: u32,
        get: &impl Fn(TextId) -> &'t str,
    ) -> Option<TextId> {
        let same = |&(id, h): &(TextId, u32)| h == hash && get(id) == text;
        self.ids.find(spread(hash), same).map(|&(id, _)| id)
    }
}

/// The script of a [`Texts`], or nothing.
fn script(script: &Option<Arc<String>>) -> &str {
    script.as_deref().map_or("", String::as_str)
}

impl Texts {
    /// Keeps the texts that are slices of `script` by their place in it, if there are
    /// no texts yet (those there are may be slices of something else).
    pub fn read_from(&mut self, script: &Arc<String>) {
        if self.places.is_empty() {
            self.script = Some(Arc::clone(script));
        }
    }

    /// The id of a text, given it one if it is new.
    pub fn intern(&mut self, text: &str) -> TextId {
        let script = script(&self.script);
        self.places.intern(&mut self.index, script, text).0
    }

    /// The id of a text, if it has one.
    pub fn find(&self, text: &str) -> Option<TextId> {
        self.index
            .find(text, |id| self.places.get(script(&self.script), id))
    }

    /// Room for `extra` more texts (see [`Grow::grow_foreseen`]).
    pub fn grow_foreseen(&mut self, extra: usize, progress: Progress) {
        self.places.grow_foreseen(extra, progress);
    }

    /// Adds a text numbered elsewhere ([`crate::numbering::Numbering`]) as the next
    /// id, without indexing it: the numbering's index comes with [`Texts::adopt`].
    pub fn push_numbered(&mut self, text: &str) -> TextId {
        self.places.push(script(&self.script), text)
    }

    /// Takes the index of a numbering that numbered every text here (as
    /// [`Texts::push_numbered`] added them), so that [`Texts::intern`] finds them.
    pub fn adopt(&mut self, index: TextIndex) {
        self.index = index;
    }

    /// Takes the whole table of a numbering that numbered every text of this table's
    /// script (which holds none yet): the places of the texts and their index. (The
    /// places are in the script given to [`Texts::read_from`].)
    pub fn adopt_places(&mut self, places: Places, index: TextIndex) {
        self.places = places;
        self.index = index;
    }

    /// An empty table that keeps the texts of the same script by their place.
    pub fn empty_like(&self) -> Texts {
        Texts {
            script: self.script.clone(),
            ..Texts::default()
        }
    }

    /// The text numbered `id`, if there is one.
    pub fn get(&self, id: TextId) -> Option<&str> {
        ((id as usize) < self.places.len()).then(|| &self[id as usize])
    }

    pub fn len(&self) -> usize {
        self.places.len()
    }

    pub fn is_empty(&self) -> bool {
        self.places.is_empty()
    }
}

impl std::ops::Index<usize> for Texts {
    type Output = str;

    fn index(&self, id: usize) -> &str {
        self.places.get(script(&self.script), id as TextId)
    }
}

impl Decls {
    pub fn intern(&mut self, text: &str) -> TextId {
        self.texts.intern(text)
    }

    /// A text's id: `id` if the text was numbered where it was parsed, or else its
    /// id once interned.
    pub fn text_id(&mut self, id: Maybe, text: &str) -> TextId {
        id.get().unwrap_or_else(|| self.intern(text))
    }

    /// How a fact is written in a script.
    pub fn fact_name(&self, fact: Fact) -> String {
        match fact {
            Fact::Channel(c) => self.channels[c as usize].name.clone(),
            Fact::Stmt(s) => self.stmt_name(s),
            Fact::Text(t) => format!("{:?}", &self.texts[t as usize]),
        }
    }

    /// A statement's label, or its text, or what it was.
    pub fn stmt_name(&self, s: StmtId) -> String {
        let stmt = &self.stmts[s as usize];
        match (stmt.label.get(), stmt.text.get(), &stmt.what) {
            (Some(l), ..) => self.labels.get(l).to_string(),
            (None, Some(t), _) => format!("{:?}", &self.texts[t as usize]),
            (None, None, StmtKind::Denied { speaker, fact }) => {
                format!(
                    "{}'s denial of {}",
                    self.actors[*speaker as usize].name,
                    self.fact_name(*fact)
                )
            }
            _ => format!("statement {s}"),
        }
    }

    /// A statement's label, if it has one.
    pub fn label(&self, s: StmtId) -> Option<&str> {
        self.stmts[s as usize]
            .label
            .get()
            .map(|l| self.labels.get(l))
    }

    pub fn actor_name(&self, a: ActorId) -> &str {
        &self.actors[a as usize].name
    }

    pub fn party_name(&self, p: PartyId) -> &str {
        &self.parties[p as usize].name
    }

    /// The names of the parties to an agreement (none for a statement).
    pub fn agreement_parties(&self, s: StmtId) -> Vec<&str> {
        match &self.stmts[s as usize].what {
            StmtKind::Agreed { parties } => self.agreements[*parties as usize]
                .iter()
                .map(|p| self.party_name(*p))
                .collect(),
            _ => Vec::new(),
        }
    }
}

/// A `when` rule.
#[derive(Clone, Debug)]
pub struct Rule {
    pub cond: Cond,
    pub body: Vec<Op>,
    pub span: Span,
}

/// Moments of a script, one kind per script.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeKind {
    Date,
    Day,
    Round,
}

#[derive(Clone, Debug)]
pub struct Time {
    pub kind: TimeKind,
    /// Days since 1970-01-01 for dates; N for `day N` and `round N`.
    pub value: i64,
    /// As written: `1993-08-20`, `day 3`, `round 2`.
    pub text: String,
}

#[derive(Clone, Debug)]
pub enum Audience {
    Everyone,
    /// Sorted, without duplicates.
    Actors(Vec<ActorId>),
}

#[derive(Clone, Debug)]
pub enum Revealed {
    Fact(Fact),
    Everything(ChannelId),
}

#[derive(Clone, Debug)]
pub struct Reveal {
    pub kind: RevealKind,
    pub what: Revealed,
    pub audience: Audience,
    pub by: Option<ActorId>,
}

#[derive(Clone, Debug)]
pub enum OpKind {
    /// A party and its actors come into being.
    Party(PartyId),
    Relations {
        a: PartyId,
        b: PartyId,
        trust: i64,
    },
    Requires {
        party: PartyId,
        text: TextId,
    },
    /// A channel opens.
    Channel(ChannelId),
    At(Time),
    Say(StmtId),
    Agree(StmtId),
    Reveal(Reveal),
    Expect(Cond),
    Show(Show),
    When(RuleId),
    /// Boxed: it is rare, and three times the size of the other ops.
    If(Box<Branch>),
}

/// `if COND { THEN } else { OTHERWISE }`.
#[derive(Clone, Debug)]
pub struct Branch {
    pub cond: Cond,
    pub then: Vec<Op>,
    pub otherwise: Vec<Op>,
}

/// One step of a checked program, with the span of the item it came from.
#[derive(Clone, Debug)]
pub struct Op {
    pub kind: OpKind,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Subject {
    Actor(ActorId),
    Party(PartyId),
}

#[derive(Clone, Debug)]
pub struct Cond {
    pub kind: CondKind,
    pub span: Span,
}

/// The subjects of `A knows B knows … F`, in order. Most chains are one subject,
/// kept inline, so the most common condition needs no allocation.
#[derive(Clone, Debug)]
pub enum Chain {
    One(Subject),
    Many(Box<[Subject]>),
}

impl std::ops::Deref for Chain {
    type Target = [Subject];

    fn deref(&self) -> &[Subject] {
        match self {
            Chain::One(subject) => std::slice::from_ref(subject),
            Chain::Many(subjects) => subjects,
        }
    }
}

#[derive(Clone, Debug)]
pub enum CondKind {
    Knows {
        chain: Chain,
        fact: Fact,
    },
    Exposed(ChannelId),
    Mobilized(ActorId),
    Common {
        fact: Fact,
        among: Vec<Subject>,
    },
    LostAccess(ActorId),
    Holds {
        party: PartyId,
        text: TextId,
    },
    Compare {
        metric: Metric,
        op: CmpOp,
        value: f64,
    },
    Not(Box<Cond>),
    And(Box<Cond>, Box<Cond>),
    Or(Box<Cond>, Box<Cond>),
}

#[derive(Clone, Copy, Debug)]
pub enum Metric {
    Credibility(ActorId),
    Mobilization(ActorId),
    Trust(PartyId, PartyId),
}

#[derive(Clone, Debug)]
pub enum Show {
    WhoKnows(Fact),
    KnowledgeOf(Subject),
    Channel(ChannelId),
    Subject(Subject),
    Stmt(StmtId),
    State,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_of_large_entries_starts_with_room_for_4_kib_of_them() {
        let mut channels: Vec<[u8; 192]> = Vec::new();
        channels.grow(1);
        assert_eq!(channels.capacity(), 4096 / 192);
        let mut huge: Vec<[u8; 5000]> = Vec::new();
        huge.grow(1);
        assert_eq!(huge.capacity(), 4, "but room for 4 at least");
        let mut small: Vec<u32> = Vec::new();
        small.grow(1);
        assert_eq!(small.capacity(), 64, "and for 64 at most");
    }

    #[test]
    fn tables_grow_by_a_quarter_and_at_least_64() {
        assert_eq!(grown(10, 20, 5, 0, 64), None, "room enough");
        assert_eq!(grown(0, 0, 1, 0, 64), Some(64));
        assert_eq!(grown(1000, 1000, 1, 0, 64), Some(250));
        assert_eq!(
            grown(1000, 1000, 600, 0, 64),
            Some(600),
            "more than a quarter asked"
        );
        let mut v: Vec<u8> = Vec::new();
        for i in 0..10_000u32 {
            v.grow(1);
            v.push(i as u8);
            assert!(v.capacity() <= (v.len() * 5 / 4).max(64) + 1);
        }
    }

    #[test]
    fn tables_grow_no_further_than_foreseen() {
        assert_eq!(
            grown(1000, 1000, 1, 1100, 64),
            Some(100),
            "stops at the forecast"
        );
        assert_eq!(
            grown(1000, 1000, 1, 1001, 64),
            Some(1),
            "even just past the need"
        );
        assert_eq!(
            grown(1000, 1000, 1, 5000, 64),
            Some(250),
            "a quarter at most"
        );
        assert_eq!(
            grown(1000, 1000, 1, 900, 64),
            Some(250),
            "a short forecast is ignored"
        );
        // A table foreseen to end at 10,000 entries ends with room for at most a
        // 32nd more, where growing by quarters would leave up to a quarter.
        let mut v: Vec<u32> = Vec::new();
        for i in 0..10_000usize {
            let progress = Progress::new((i + 1) * 64, 640_000);
            v.grow_foreseen(1, progress);
            v.push(i as u32);
        }
        assert!(v.capacity() <= 10_000 + 10_000 / 32, "{}", v.capacity());
    }

    #[test]
    fn a_forecast_scales_what_was_read_and_waits_for_a_sixteenth() {
        assert_eq!(Progress::default().forecast(100), 0, "nothing read");
        assert_eq!(
            Progress::new(50, 1000).forecast(100),
            0,
            "under a 16th read"
        );
        assert_eq!(Progress::new(250, 1000).forecast(100), 400 + 400 / 32);
        assert_eq!(Progress::new(1000, 1000).forecast(3200), 3300);
    }

    #[test]
    fn texts_keep_slices_of_the_script_by_their_place() {
        let script = Arc::new(String::from(r#"Ann says "a ceasefire" as s1"#));
        let mut texts = Texts::default();
        texts.read_from(&script);
        let ceasefire = texts.intern(&script[10..21]);
        let water = texts.intern(&String::from("water rights"));
        assert_eq!(texts.intern("a ceasefire"), ceasefire);
        assert_eq!(texts.find("water rights"), Some(water));
        assert_eq!((&texts[0], &texts[1]), ("a ceasefire", "water rights"));
        // Only the text that is not a slice of the script was copied.
        assert_eq!(texts.places.places[0], (10, 11));
        assert_eq!(texts.places.owned.len(), 1);
        // Once there are texts, they may be slices of something else: too late.
        let other = Arc::new(String::from("a ceasefire"));
        texts.read_from(&other);
        assert!(Arc::ptr_eq(texts.script.as_ref().unwrap(), &script));
    }

    #[test]
    fn a_maybe_is_an_option_in_four_bytes() {
        assert_eq!(std::mem::size_of::<Maybe>(), 4);
        assert_eq!(Maybe::from(Some(7)).get(), Some(7));
        assert_eq!(Maybe::from(Some(0)).get(), Some(0));
        assert_eq!(Maybe::from(None).get(), None);
        assert_eq!(Maybe::default(), Maybe::NONE);
        assert_eq!(format!("{:?}", Maybe::from(Some(7))), "Some(7)");
        assert_eq!(std::mem::size_of::<Stmt>(), 40);
    }
}
