//! Names: declaring them in the one namespace, resolving each use to a declaration
//! of the right sort, and what is said when that fails (unknown, used before its
//! declaration, of the wrong sort, with "did you mean" where a name is close).

use super::*;

/// The one namespace: every name declared, numbered, and what each stands for. The
/// names are kept end to end and found through a table of eight bytes a name (a
/// [`Texts`]), and what they stand for in a table by number: a script with half a
/// million labels needs a fraction of the memory a map of names to declarations
/// would, and so fewer cache misses to find one.
///
/// When a script's parser has a thread of its own, the names that may be labels
/// (those declared, and those used as a fact or a text) come numbered from where
/// they were parsed ([`crate::numbering`]), so that finding a label costs the
/// checker no search, and the table of names itself comes at the end. The other uses
/// (speakers, channels, audiences, …) are found among the declared names that are
/// not labels, which are few.
#[derive(Clone, Debug, Default)]
pub(super) struct Scope {
    names: Texts,
    /// By name number: what the name stands for and where it was declared, if it is.
    symbols: Vec<Option<(Symbol, Span)>>,
    /// The declared names that are not labels, if short: where most uses are found.
    short: Short,
    /// While names come numbered (and `names` is empty until the numbering's table
    /// is adopted): the other declared names that are not labels, with their
    /// numbers.
    unlabelled: Option<Long>,
}

/// Long declared names that are not labels, numbered among themselves, and the
/// number each has among all names.
#[derive(Clone, Debug, Default)]
struct Long {
    names: Texts,
    ids: Vec<TextId>,
}

/// Names of up to 11 bytes, each kept whole beside what it stands for, so that
/// finding one reads nothing but the table. Finding a name in a [`Texts`] hashes its
/// text, reads its place and then the declaration in the script, and what it stands
/// for in [`Scope::symbols`]: where a script declares thousands of actors, each of
/// those is a cache miss. With this table, checking a script of 10⁵ events took 4%
/// fewer instructions.
#[derive(Clone, Debug, Default)]
struct Short {
    symbols: hashbrown::HashTable<ShortName>,
    hasher: foldhash::fast::RandomState,
}

/// A name's bytes, padded with zeros, its length in the last byte, and what it
/// stands for ([`Symbol::packed`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct ShortName {
    low: u64,
    high: u32,
    symbol: u32,
}

impl Short {
    /// `name` as the key of an entry for `symbol`, if it is short enough.
    fn entry(name: &str, symbol: u32) -> Option<ShortName> {
        let bytes = name.as_bytes();
        let mut padded = [0u8; 12];
        padded
            .get_mut(..bytes.len())
            .filter(|_| bytes.len() < 12)?
            .copy_from_slice(bytes);
        padded[11] = bytes.len() as u8;
        let [a, b, c, d, e, f, g, h, i, j, k, l] = padded;
        Some(ShortName {
            low: u64::from_le_bytes([a, b, c, d, e, f, g, h]),
            high: u32::from_le_bytes([i, j, k, l]),
            symbol,
        })
    }

    fn hash(hasher: &foldhash::fast::RandomState, entry: &ShortName) -> u64 {
        use std::hash::BuildHasher;
        hasher.hash_one(u128::from(entry.low) | u128::from(entry.high) << 64)
    }

    fn find(&self, name: &str) -> Option<Symbol> {
        let key = Self::entry(name, 0)?;
        let same = |e: &ShortName| (e.low, e.high) == (key.low, key.high);
        let found = self.symbols.find(Self::hash(&self.hasher, &key), same);
        found.map(|e| Symbol::unpacked(e.symbol))
    }

    /// Adds `name`, standing for `symbol`, if it is short enough (and the symbol
    /// fits in 32 bits); whether it was.
    fn add(&mut self, name: &str, symbol: Symbol) -> bool {
        let Some(entry) = symbol.packed().and_then(|s| Self::entry(name, s)) else {
            return false;
        };
        let hasher = &self.hasher;
        let hash = Self::hash(hasher, &entry);
        self.symbols
            .insert_unique(hash, entry, |e| Self::hash(hasher, e));
        true
    }
}

impl Scope {
    /// What a name stands for, if it is declared.
    pub(super) fn get(&self, name: &ast::Name) -> Option<Symbol> {
        if name.id.get().is_none()
            && let Some(symbol) = self.short.find(name.text)
        {
            return Some(symbol);
        }
        self.declaration(name).map(|(symbol, _)| symbol)
    }

    /// What a name stands for and where it was declared, if it is.
    pub(super) fn declaration(&self, name: &ast::Name) -> Option<(Symbol, Span)> {
        let found = || match &self.unlabelled {
            Some(long) => long.names.find(name.text).map(|i| long.ids[i as usize]),
            None => self.names.find(name.text),
        };
        let id = name.id.get().or_else(found)?;
        self.symbols.get(id as usize).copied().flatten()
    }

    /// Declares a name; where it was declared before, if it was.
    fn declare(&mut self, name: &ast::Name, symbol: Symbol) -> Result<(), Span> {
        debug_assert!(
            self.unlabelled.is_none() || name.id.get().is_some(),
            "a declared name comes numbered"
        );
        let id = name
            .id
            .get()
            .unwrap_or_else(|| self.names.intern(name.text)) as usize;
        lengthen(&mut self.symbols, id + 1, || None);
        if let Some((_, first)) = self.symbols[id] {
            return Err(first);
        }
        self.symbols[id] = Some((symbol, name.span));
        if matches!(symbol, Symbol::Label(_)) {
            return Ok(());
        }
        if self.short.add(name.text, symbol) {
            return Ok(());
        }
        if let Some(long) = &mut self.unlabelled
            && long.names.intern(name.text) as usize == long.ids.len()
        {
            long.ids.push(id as TextId);
        }
        Ok(())
    }

    /// Names come numbered where they were parsed from now on; the numbering's table
    /// of them comes at the end ([`Scope::adopt`]).
    pub(super) fn numbered(&mut self) {
        let names = &self.names;
        self.unlabelled.get_or_insert_with(|| Long {
            names: names.empty_like(),
            ids: Vec::new(),
        });
    }

    /// See [`Checker::read_from`].
    pub(super) fn read_from(&mut self, script: &std::sync::Arc<String>) {
        self.names.read_from(script);
    }

    /// Takes the table of every name numbered where it was parsed.
    pub(super) fn adopt(&mut self, places: Places, index: TextIndex) {
        self.names.adopt_places(places, index);
        self.unlabelled = None;
    }

    /// Every declared name whose text is known, with what it stands for. (While
    /// names come numbered, only their numbers are known.)
    pub(super) fn declared(&self) -> impl Iterator<Item = (&str, Symbol)> {
        let symbols = self.symbols.iter().enumerate();
        symbols.filter_map(|(id, s)| Some((self.names.get(id as TextId)?, s.as_ref()?.0)))
    }
}

/// The sorts in words, with articles: "a party or an actor".
pub(super) fn describe(sorts: u8) -> String {
    join_sorts(
        sorts,
        &[
            "a party",
            "an actor",
            "a channel",
            "a label",
            "a `let` text",
        ],
    )
}

/// The sorts in words, without articles: "party or actor".
pub(super) fn describe_bare(sorts: u8) -> String {
    join_sorts(sorts, &["party", "actor", "channel", "label", "`let` text"])
}

fn join_sorts(sorts: u8, words: &[&str; 5]) -> String {
    let words: Vec<&str> = [PARTY, ACTOR, CHANNEL, LABEL, LET]
        .iter()
        .zip(words)
        .filter(|(s, _)| sorts & **s != 0)
        .map(|(_, w)| *w)
        .collect();
    match words.as_slice() {
        [one] => one.to_string(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
        [] => "nothing".into(),
    }
}

impl Pass<'_> {
    /// Declares a name; whether it was new (a name declared twice is reported).
    pub(super) fn declare(&mut self, name: &ast::Name, symbol: Symbol) -> bool {
        let Err(first) = self.c.scope.declare(name, symbol) else {
            return true;
        };
        self.error(
            Diagnostic::error(Code::DuplicateName, name.span, format!("`{}` is declared twice", name.text))
                .with_label_message("declared again here")
                .with_label(first, "first declared here")
                .with_help("parties, actors, channels, labels and `let` names share one namespace: give each its own name"),
        );
        false
    }

    /// Resolves a use of a name that must be of one of `sorts`.
    pub(super) fn resolve(&mut self, name: &ast::Name, sorts: u8) -> Option<Symbol> {
        match self.c.scope.get(name) {
            Some(symbol) if symbol.sort() & sorts != 0 => Some(symbol),
            Some(symbol) => {
                let declaration = self.c.scope.declaration(name);
                let declared = declaration.map_or(name.span, |(_, span)| span);
                self.error(
                    Diagnostic::error(
                        Code::WrongSort,
                        name.span,
                        format!(
                            "`{}` is {}, but {} is needed here",
                            name.text,
                            describe(symbol.sort()),
                            describe(sorts)
                        ),
                    )
                    .with_label_message(format!("expected {}", describe(sorts)))
                    .with_label(declared, format!("`{}` is declared here", name.text)),
                );
                None
            }
            None if self.broken.contains(name.text)
                || !self.reported.insert(name.text.to_string()) =>
            {
                None
            }
            None => {
                if let Some(&declared) = self.later.get(name.text) {
                    self.error(
                        Diagnostic::error(
                            Code::UsedBeforeDeclared,
                            name.span,
                            format!("`{}` is used before it is declared", name.text),
                        )
                        .with_label_message("used here")
                        .with_label(declared, "declared here, later")
                        .with_help(
                            "scripts run in order: move the declaration above its first use",
                        ),
                    );
                } else {
                    let mut d = Diagnostic::error(
                        Code::UnknownName,
                        name.span,
                        format!(
                            "unknown name `{}`: no {} of that name is declared",
                            name.text,
                            describe_bare(sorts)
                        ),
                    )
                    .with_label_message("not declared");
                    if let Some(best) = self.suggest(name.text, sorts) {
                        d = d.with_help(format!("did you mean `{best}`?"));
                    }
                    self.error(d);
                }
                None
            }
        }
    }

    /// The declared name of a fitting sort closest to `text`, if one is close.
    pub(super) fn suggest(&self, text: &str, sorts: u8) -> Option<String> {
        let len = text.chars().count();
        if len > MAX_SUGGESTED_LEN || self.reported.len() > MAX_SUGGESTIONS {
            return None;
        }
        let lower = text.to_lowercase();
        self.c
            .scope
            .declared()
            .filter(|(_, s)| s.sort() & sorts != 0)
            .filter_map(|(n, _)| {
                let n_len = n.chars().count();
                let limit = (n_len.max(len) / 3).max(1);
                // The distance is at least the difference in length: skip the far ones.
                if n_len.abs_diff(len) > limit {
                    return None;
                }
                let d = strsim::damerau_levenshtein(&n.to_lowercase(), &lower);
                (d <= limit).then_some((d, n))
            })
            .min()
            .map(|(_, n)| n.to_string())
    }

    pub(super) fn actor(&mut self, name: &ast::Name) -> Option<ActorId> {
        match self.resolve(name, ACTOR)? {
            Symbol::Actor(a) => Some(a),
            _ => None,
        }
    }

    pub(super) fn party(&mut self, name: &ast::Name) -> Option<PartyId> {
        match self.resolve(name, PARTY)? {
            Symbol::Party(p) => Some(p),
            _ => None,
        }
    }

    pub(super) fn channel(&mut self, name: &ast::Name) -> Option<ChannelId> {
        match self.resolve(name, CHANNEL)? {
            Symbol::Channel(c) => Some(c),
            _ => None,
        }
    }

    pub(super) fn subject(&mut self, name: &ast::Name) -> Option<Subject> {
        match self.resolve(name, ACTOR | PARTY)? {
            Symbol::Actor(a) => Some(Subject::Actor(a)),
            Symbol::Party(p) => Some(Subject::Party(p)),
            _ => None,
        }
    }

    /// A spoiler, for `is mobilized` and `mobilization of`.
    pub(super) fn spoiler(&mut self, name: &ast::Name) -> Option<ActorId> {
        let a = self.actor(name)?;
        let role = self.c.decls.actors[a as usize].role;
        if role != Role::Spoiler {
            self.error(
                Diagnostic::error(
                    Code::WrongRole,
                    name.span,
                    format!("`{}` is a {}, not a spoiler", name.text, role.as_str()),
                )
                .with_label_message("only spoilers mobilise")
                .with_help("declare the actor with the role `spoiler` in its party"),
            );
            return None;
        }
        Some(a)
    }

    /// A text: a string or a `let` name (or, where `labels` is set, a label's text).
    pub(super) fn text(&mut self, term: &Term, labels: bool) -> Option<TextId> {
        match term {
            Term::Str { text, id, .. } => Some(self.c.decls.text_id(*id, text)),
            Term::Error(_) => None,
            Term::Name(n) => match self.resolve(n, if labels { LET | LABEL } else { LET })? {
                Symbol::Let(t) => Some(t),
                Symbol::Label(BROKEN) => None,
                Symbol::Label(s) => self.c.decls.stmts[s as usize].text.get(),
                _ => None,
            },
        }
    }

    /// A fact: a channel, a label, a string or a `let` name.
    pub(super) fn fact(&mut self, term: &Term) -> Option<Fact> {
        match term {
            Term::Str { text, id, .. } => Some(Fact::Text(self.c.decls.text_id(*id, text))),
            Term::Error(_) => None,
            Term::Name(n) => match self.resolve(n, CHANNEL | LABEL | LET)? {
                Symbol::Channel(c) => Some(Fact::Channel(c)),
                Symbol::Label(s) => Some(Fact::Stmt(s)),
                Symbol::Let(t) => Some(Fact::Text(t)),
                _ => None,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_names_are_found_whole_and_others_are_left_out() {
        let mut short = Short::default();
        assert!(short.add("Hirschfeld", Symbol::Actor(0)));
        assert!(
            short.add("Hirschfeld1", Symbol::Actor(1)),
            "eleven bytes fit"
        );
        assert!(
            !short.add("Hirschfeld12", Symbol::Actor(2)),
            "twelve do not"
        );
        assert!(short.add("Ann", Symbol::Channel(4)));
        assert_eq!(short.find("Hirschfeld"), Some(Symbol::Actor(0)));
        assert_eq!(short.find("Hirschfeld1"), Some(Symbol::Actor(1)));
        assert_eq!(short.find("Hirschfeld12"), None);
        assert_eq!(short.find("Ann"), Some(Symbol::Channel(4)));
        assert_eq!(short.find("An"), None);
        assert_eq!(
            short.find("Ann\0"),
            None,
            "padding is told from a zero byte"
        );
        assert_eq!(short.find(""), None);
    }

    #[test]
    fn symbols_fit_in_32_bits_with_their_sort() {
        let largest = (1 << 29) - 1;
        for symbol in [
            Symbol::Party(0),
            Symbol::Actor(largest),
            Symbol::Channel(7),
            Symbol::Label(largest),
            Symbol::Let(12345),
        ] {
            let bits = symbol.packed().expect("fits");
            assert_eq!(Symbol::unpacked(bits), symbol);
        }
        // A number too large is left out of the table, not cut short.
        assert_eq!(Symbol::Actor(1 << 29).packed(), None);
        let mut short = Short::default();
        assert!(!short.add("Ann", Symbol::Actor(1 << 29)));
        assert_eq!(short.find("Ann"), None);
    }
}
