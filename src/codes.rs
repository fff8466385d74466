//! Stable diagnostic codes. A code never changes meaning once published; each
//! has a one-line title (shown in `neg explain` listings and in docs) and a longer
//! explanation printed by `neg explain CODE`, kept in `docs/codes/CODE.md` (see
//! `docs/codes.md`; a test runs every explanation's example).
//!
//! Numbering: `E00xx` reading input, `E01xx` lexical, `E02xx` syntax, `E03xx` names,
//! `E04xx` channels and statements, `E05xx` time, `E06xx` run-time rules,
//! `E07xx` expectations, `W08xx` the model's warnings, `E09xx` the REPL's commands.

use serde::Serialize;
use std::fmt;

macro_rules! codes {
    ($($variant:ident = $code:literal, $title:literal;)*) => {
        /// Every diagnostic code `neg` can report.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Code { $($variant),* }

        impl Code {
            /// Every code, in numeric order.
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            /// The stable code, such as `E0301`.
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $code),* }
            }

            /// A one-line description.
            pub fn title(self) -> &'static str {
                match self { $(Code::$variant => $title),* }
            }

            /// The longer explanation printed by `neg explain CODE`: what triggers
            /// it, an example, how to fix it and, for the model's rules, the idea
            /// behind it. Markdown, from `docs/codes/CODE.md`, built into the binary
            /// (a code without its file does not compile).
            pub fn explanation(self) -> &'static str {
                match self {
                    $(Code::$variant => include_str!(concat!("../docs/codes/", $code, ".md"))),*
                }
            }
        }
    };
}

codes! {
    CannotRead = "E0001", "the script cannot be read";
    NotUtf8 = "E0002", "the script is not valid UTF-8";
    TooLarge = "E0003", "the script is too large";
    UnexpectedChar = "E0101", "a character that is not part of the language";
    UnterminatedString = "E0102", "a string without its closing quote";
    UnknownEscape = "E0103", "an unknown escape in a string";
    BadDate = "E0104", "a date that is not on the calendar";
    NumberTooLarge = "E0105", "a number that does not fit in 64 bits";
    Syntax = "E0201", "the parser expected something else here";
    TooDeep = "E0202", "nesting too deep";
    RepeatedClause = "E0203", "a clause given twice";
    NotAnEvent = "E0204", "a declaration or `at` inside a rule body";
    UnknownName = "E0301", "a name that is never declared";
    DuplicateName = "E0302", "a name declared twice";
    UsedBeforeDeclared = "E0303", "a name used before its declaration";
    WrongSort = "E0304", "a name of the wrong sort";
    WrongRole = "E0305", "an actor without the role this needs";
    SpeakerNotInsider = "E0401", "the speaker is not an insider of the channel";
    RecipientNotInsider = "E0402", "the recipient is not an insider of the channel";
    MissingRecipient = "E0403", "`notifies` without a recipient";
    StatementShape = "E0404", "a statement missing its text, or with one it cannot take";
    NoRelations = "E0405", "a direct formal or hotline channel between parties without relations";
    AgreementOutsider = "E0406", "a party to an agreement without an insider on its channel";
    SelfRelation = "E0407", "relations or an agreement of a party with itself";
    TimeBackwards = "E0501", "time goes backwards";
    MixedTime = "E0502", "dates, days and rounds mixed in one script";
    DoesNotKnow = "E0601", "revealing a fact one does not know";
    LostAccess = "E0602", "speaking off the record after a breach of confidence";
    Precondition = "E0603", "formal talks blocked by an unmet precondition";
    RuleLimit = "E0604", "too many rules fired in one cascade";
    ExpectationFailed = "E0701", "an expectation that does not hold";
    EndlessGame = "W0801", "an endless game: a back channel that talks without agreeing";
    ForumShopping = "W0802", "forum shopping: different proposals on one issue in two channels";
    ParallelBackChannels = "W0803", "parallel back channels between the same parties";
    ReplCommand = "E0901", "a REPL command that does not exist or is missing its argument";
    CannotWrite = "E0902", "a file the REPL cannot write";
}

impl Code {
    /// Looks a code up by its text, ignoring case (`e0301` works too).
    pub fn parse(text: &str) -> Option<Code> {
        Code::ALL
            .iter()
            .copied()
            .find(|c| c.as_str().eq_ignore_ascii_case(text))
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}
