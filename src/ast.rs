//! The syntax tree, exactly as written: names are still names, nothing is resolved.
//!
//! Every node carries the [`Span`] of the text it came from. Places where the parser
//! recovered from a mistake hold an `Error` node, so later stages can keep checking
//! the rest and skip what is broken without reporting it twice.
//!
//! Naming: a *term* is what can stand for a fact or a text (a name or a string);
//! an *item* is one top-level line of a script (a declaration or an event).
//!
//! A name's text is a slice of the script, never a copy. The tree can also be read
//! from JSON (the benchmark does, to compare the parser with `serde_json`); names then
//! borrow from the JSON, so each type that holds one is read only from JSON that
//! outlives it (`'de: 'a`).

use crate::ir::Maybe;
use crate::source::Span;
use serde::{Deserialize, Serialize};
use smallvec::SmallVec;
use std::borrow::Cow;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(bound(deserialize = "'de: 'a"))]
pub struct Program<'a> {
    pub items: Vec<Item<'a>>,
}

/// An identifier as written.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(bound(deserialize = "'de: 'a"))]
pub struct Name<'a> {
    /// Always a slice of the script: a name has no escapes.
    #[serde(borrow)]
    pub text: &'a str,
    pub span: Span,
    /// The name's number, where names were numbered as they were parsed
    /// ([`crate::numbering`]); otherwise the checker numbers it.
    #[serde(skip)]
    pub id: Maybe,
}

/// A name or a string: a fact, or a text of a statement.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(bound(deserialize = "'de: 'a"))]
pub enum Term<'a> {
    Name(Name<'a>),
    Str {
        text: Cow<'a, str>,
        span: Span,
        /// The text's id, where the texts were numbered as they were parsed
        /// ([`crate::numbering`]); otherwise the checker interns the text.
        #[serde(skip)]
        id: Maybe,
    },
    /// Where the lexer or parser found a mistake.
    Error(Span),
}

impl Term<'_> {
    pub fn span(&self) -> Span {
        match self {
            Term::Name(n) => n.span,
            Term::Str { span, .. } | Term::Error(span) => *span,
        }
    }
}

/// What a revelation or a `show who knows` is about.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(bound(deserialize = "'de: 'a"))]
pub enum Fact<'a> {
    Term(Term<'a>),
    /// `everything on C`
    Everything {
        channel: Name<'a>,
        span: Span,
    },
}

impl Fact<'_> {
    pub fn span(&self) -> Span {
        match self {
            Fact::Term(t) => t.span(),
            Fact::Everything { span, .. } => *span,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(bound(deserialize = "'de: 'a"))]
pub struct Item<'a> {
    pub kind: ItemKind<'a>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(bound(deserialize = "'de: 'a"))]
pub enum ItemKind<'a> {
    Party(Party<'a>),
    /// `relations A, B: tense`
    Relations {
        a: Name<'a>,
        b: Name<'a>,
        level: Level,
        level_span: Span,
    },
    /// `Israel requires "PLO renounces terrorism"`
    Requires {
        party: Name<'a>,
        text: Term<'a>,
    },
    /// `let recognition = "mutual recognition"`
    Let {
        name: Name<'a>,
        text: Cow<'a, str>,
        text_span: Span,
        /// The text's id, as in [`Term::Str`].
        #[serde(skip)]
        id: Maybe,
    },
    Channel(Channel<'a>),
    /// `at 1993-01-20`, `at day 3`, `at round 2`
    At(Time),
    Statement(Statement<'a>),
    Agree(Agree<'a>),
    Reveal(Reveal<'a>),
    Expect(Cond<'a>),
    Show(Show<'a>),
    When {
        cond: Cond<'a>,
        body: Vec<Item<'a>>,
    },
    If {
        cond: Cond<'a>,
        then: Vec<Item<'a>>,
        otherwise: Option<Vec<Item<'a>>>,
    },
    /// An item that did not parse (already reported), with the names it seems to
    /// declare, so that their uses are not reported again.
    Error {
        declares: Vec<Name<'a>>,
    },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(bound(deserialize = "'de: 'a"))]
pub struct Party<'a> {
    pub name: Name<'a>,
    pub roles: Vec<RoleLine<'a>>,
}

/// `envoy Hirschfeld, Pundak` inside a party.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(bound(deserialize = "'de: 'a"))]
pub struct RoleLine<'a> {
    pub role: Role,
    pub role_span: Span,
    pub actors: Vec<Name<'a>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Leader,
    Minister,
    Envoy,
    Ambassador,
    Official,
    Bureaucracy,
    Intermediary,
    Public,
    Press,
    Spoiler,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Leader => "leader",
            Role::Minister => "minister",
            Role::Envoy => "envoy",
            Role::Ambassador => "ambassador",
            Role::Official => "official",
            Role::Bureaucracy => "bureaucracy",
            Role::Intermediary => "intermediary",
            Role::Public => "public",
            Role::Press => "press",
            Role::Spoiler => "spoiler",
        }
    }

    /// The party's government: what they say on the record becomes its position.
    pub fn is_government(self) -> bool {
        matches!(
            self,
            Role::Leader | Role::Minister | Role::Envoy | Role::Ambassador | Role::Official
        )
    }

    /// Those whose knowledge of a back channel exposes it.
    pub fn exposes(self) -> bool {
        matches!(self, Role::Public | Role::Press | Role::Spoiler)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    None,
    Hostile,
    Tense,
    Normal,
    Allied,
}

impl Level {
    /// The starting trust this level of relations sets.
    pub fn trust(self) -> i64 {
        match self {
            Level::None | Level::Hostile => -2,
            Level::Tense => -1,
            Level::Normal => 0,
            Level::Allied => 1,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChannelKind {
    Public,
    Formal,
    Hotline,
    Backchannel,
    Informal,
}

impl ChannelKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ChannelKind::Public => "public",
            ChannelKind::Formal => "formal",
            ChannelKind::Hotline => "hotline",
            ChannelKind::Backchannel => "backchannel",
            ChannelKind::Informal => "informal",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(bound(deserialize = "'de: 'a"))]
pub struct Channel<'a> {
    pub name: Name<'a>,
    pub kind: ChannelKind,
    pub kind_span: Span,
    /// `members` / `between`
    pub members: Vec<Name<'a>>,
    pub via: Vec<Name<'a>>,
    pub authorized: Vec<Name<'a>>,
    /// `endless after N sessions`
    pub endless_after: Option<(i64, Span)>,
}

impl<'a> Channel<'a> {
    /// A channel as declared before its clauses are read.
    pub fn new(name: Name<'a>, kind: ChannelKind, kind_span: Span) -> Self {
        Channel {
            name,
            kind,
            kind_span,
            members: Vec::new(),
            via: Vec::new(),
            authorized: Vec::new(),
            endless_after: None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub enum Time {
    Date {
        year: i32,
        month: u32,
        day: u32,
        span: Span,
    },
    Day {
        n: i64,
        span: Span,
    },
    Round {
        n: i64,
        span: Span,
    },
    /// A time that did not lex (already reported).
    Error,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verb {
    Proposes,
    Floats,
    Demands,
    Concedes,
    Accepts,
    Rejects,
    Signals,
    Says,
    Notifies,
    Denies,
}

impl Verb {
    pub fn as_str(self) -> &'static str {
        match self {
            Verb::Proposes => "proposes",
            Verb::Floats => "floats",
            Verb::Demands => "demands",
            Verb::Concedes => "concedes",
            Verb::Accepts => "accepts",
            Verb::Rejects => "rejects",
            Verb::Signals => "signals",
            Verb::Says => "says",
            Verb::Notifies => "notifies",
            Verb::Denies => "denies",
        }
    }

    /// Verbs whose on-record use by a government makes an official position.
    pub fn takes_position(self) -> bool {
        matches!(
            self,
            Verb::Proposes | Verb::Demands | Verb::Concedes | Verb::Accepts
        )
    }
}

/// `SPEAKER VERB [RECIPIENT] [TEXT] [about ISSUE] [on CHANNEL] [as LABEL]`.
///
/// The words after the verb are kept as written (`operands`): whether a lone name is
/// the recipient or the text is decided by name resolution in `check`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(bound(deserialize = "'de: 'a"))]
pub struct Statement<'a> {
    pub speaker: Name<'a>,
    pub verb: Verb,
    pub verb_span: Span,
    /// Inline when there is one: most statements have exactly one.
    pub operands: SmallVec<[Term<'a>; 1]>,
    /// Boxed: few statements have one, and held inline it would make every item
    /// larger.
    pub about: Option<Box<Name<'a>>>,
    /// The id of the text of `about`, as in [`Term::Str`].
    #[serde(skip)]
    pub about_id: Maybe,
    pub on: Option<Name<'a>>,
    pub label: Option<Name<'a>>,
}

/// `agree TEXT between P, Q [on CHANNEL] [as LABEL]`
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(bound(deserialize = "'de: 'a"))]
pub struct Agree<'a> {
    pub text: Term<'a>,
    pub parties: Vec<Name<'a>>,
    pub on: Option<Name<'a>>,
    pub label: Option<Name<'a>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RevealKind {
    Leak,
    Reveal,
    Announce,
}

impl RevealKind {
    pub fn as_str(self) -> &'static str {
        match self {
            RevealKind::Leak => "leak",
            RevealKind::Reveal => "reveal",
            RevealKind::Announce => "announce",
        }
    }
}

/// `leak FACT to AUDIENCE [by ACTOR]`, `reveal …`, `announce FACT [by ACTOR]`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(bound(deserialize = "'de: 'a"))]
pub struct Reveal<'a> {
    pub kind: RevealKind,
    pub fact: Fact<'a>,
    /// Empty for `announce`, which is to everyone. Inline up to two, as most are.
    pub audience: SmallVec<[Audience<'a>; 2]>,
    pub by: Option<Name<'a>>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(bound(deserialize = "'de: 'a"))]
pub enum Audience<'a> {
    /// `public`: everyone.
    Public(Span),
    /// An actor or a party.
    Name(Name<'a>),
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(bound(deserialize = "'de: 'a"))]
pub struct Cond<'a> {
    pub kind: CondKind<'a>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(bound(deserialize = "'de: 'a"))]
pub enum CondKind<'a> {
    /// `A knows B knows F`: the subjects, then the fact.
    Knows {
        /// Inline when there is one knower, as there mostly is.
        chain: SmallVec<[Name<'a>; 1]>,
        fact: Term<'a>,
    },
    /// `C is exposed`
    Exposed(Name<'a>),
    /// `S is mobilized`
    Mobilized(Name<'a>),
    /// `F is common knowledge among A, B`
    Common {
        fact: Term<'a>,
        among: Vec<Name<'a>>,
    },
    /// `A lost access`
    LostAccess(Name<'a>),
    /// `P holds TEXT`
    Holds {
        party: Name<'a>,
        text: Term<'a>,
    },
    /// `credibility of A == -1`
    Compare {
        metric: Metric<'a>,
        op: CmpOp,
        value: f64,
        value_span: Span,
    },
    Not(Box<Cond<'a>>),
    And(Box<Cond<'a>>, Box<Cond<'a>>),
    Or(Box<Cond<'a>>, Box<Cond<'a>>),
    /// Did not parse (already reported).
    Error,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(bound(deserialize = "'de: 'a"))]
pub enum Metric<'a> {
    Credibility(Name<'a>),
    Mobilization(Name<'a>),
    Trust(Name<'a>, Name<'a>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl CmpOp {
    pub fn as_str(self) -> &'static str {
        match self {
            CmpOp::Eq => "==",
            CmpOp::Ne => "!=",
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
        }
    }

    pub fn holds(self, a: f64, b: f64) -> bool {
        match self {
            CmpOp::Eq => a == b,
            CmpOp::Ne => a != b,
            CmpOp::Lt => a < b,
            CmpOp::Le => a <= b,
            CmpOp::Gt => a > b,
            CmpOp::Ge => a >= b,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(bound(deserialize = "'de: 'a"))]
pub enum Show<'a> {
    /// `show who knows F`
    WhoKnows(Term<'a>),
    /// `show knowledge of A`
    KnowledgeOf(Name<'a>),
    /// `show oslo`: a channel, actor, party or label
    Name(Name<'a>),
    /// `show state`
    State,
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::mem::size_of;

    /// Items wait in batches between the parser's thread and the checker's, so
    /// their size is memory at the peak of a small run, and bytes the parser copies.
    #[test]
    fn names_and_items_stay_small() {
        assert_eq!(size_of::<Name>(), 32);
        assert_eq!(size_of::<Term>(), 40);
        assert_eq!(size_of::<Item>(), 192);
    }
}
