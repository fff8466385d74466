//! The channel model as data: what each kind of channel means.
//!
//! One row per kind, as in LANGUAGE.md §2: who learns that the channel exists, who
//! learns what is said on it, whether it is on the record (statements there are
//! attributable and can become official positions), and whether it is deniable
//! (off the record: can be exposed, and leaking it is a breach of confidence).

use crate::ast::ChannelKind;

/// Who, beyond the insiders, is reached.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reach {
    /// Every actor declared so far.
    Everyone,
    /// Members, intermediaries (`via`) and authorizers.
    Insiders,
    /// The insiders, and the leaders and bureaucracy of every member's party.
    InsidersAndGovernments,
}

/// What a kind of channel means.
#[derive(Clone, Copy, Debug)]
pub struct KindRules {
    pub existence: Reach,
    pub content: Reach,
    pub on_record: bool,
    pub deniable: bool,
}

/// The table of LANGUAGE.md §2.
pub fn rules(kind: ChannelKind) -> KindRules {
    use Reach::*;
    let (existence, content, on_record, deniable) = match kind {
        ChannelKind::Public => (Everyone, Everyone, true, false),
        ChannelKind::Formal => (Everyone, InsidersAndGovernments, true, false),
        ChannelKind::Hotline => (Everyone, Insiders, true, false),
        ChannelKind::Backchannel => (Insiders, Insiders, false, true),
        ChannelKind::Informal => (Insiders, Insiders, false, true),
    };
    KindRules {
        existence,
        content,
        on_record,
        deniable,
    }
}
