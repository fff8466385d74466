//! Numbering texts and names as they are parsed. When a script is read in one go,
//! the texts of each parsed item (its strings, `let` texts and what statements are
//! `about`) get their ids on the parser's thread rather than from the checker: the
//! checker's thread is the busier of the two, and finding a text among a million
//! others is mostly waiting for memory. The checker then only appends each batch's
//! new texts to its table ([`Texts::push_numbered`]), and takes this index once the
//! script is read ([`Texts::adopt`]).
//!
//! Texts are numbered in the order they are written, which is the order the checker
//! meets them in, so they get the ids the checker would give them.
//!
//! When the parser has a thread of its own, the names that may be labels are
//! numbered there too: every declared name and every name used as a fact or a text.
//! The checker then finds a label's declaration by its number (see
//! `check::names::Scope`); a name's number only says where the checker keeps its
//! declaration. The other names (speakers, channels, audiences) are the declared
//! names that are not labels, and the checker finds them itself. The checker keeps
//! no table of the names while the script is read: it takes the numbering's whole
//! table (the names' places in the script and their index) at the end.
//!
//! [`Texts::push_numbered`]: crate::ir::Texts::push_numbered
//! [`Texts::adopt`]: crate::ir::Texts::adopt

use crate::ast::*;
use crate::ir::{Maybe, Places, Progress, TextIndex};
use std::borrow::Cow;

/// The texts and names of one source numbered so far.
pub struct Numbering<'a> {
    texts: Table<'a>,
    /// The names, if they are numbered too.
    names: Option<Table<'a>>,
    /// How far the items numbered reach into the source.
    progress: Progress,
}

/// The strings of one kind numbered so far.
struct Table<'a> {
    source: &'a str,
    index: TextIndex,
    places: Places,
    /// The strings numbered since [`Numbering::take_new`] was last called, in order,
    /// if they are kept (texts only: the checker takes the names' table whole at the
    /// end).
    new: Option<Vec<Cow<'a, str>>>,
}

/// What [`Numbering`] numbered since it was last asked, for the checker's tables.
#[derive(Default)]
pub struct New<'a> {
    pub texts: Vec<Cow<'a, str>>,
    /// Whether names are numbered (the checker takes their table at the end, with
    /// [`Indexes::names`]).
    pub names: bool,
}

/// The indexes of everything numbered, for the checker: of the texts, and, if
/// names were numbered, the names' whole table (the place of each in the source,
/// and their index), which the checker does not keep while the script is read.
pub struct Indexes {
    pub texts: TextIndex,
    pub names: Option<(Places, TextIndex)>,
}

impl<'a> Numbering<'a> {
    /// A numbering of the texts of `source`, and of its names if `names`, from 0:
    /// the checker's tables must be empty.
    pub fn new(source: &'a str, names: bool) -> Self {
        Numbering {
            texts: Table::new(source, true),
            names: names.then(|| Table::new(source, false)),
            progress: Progress::default(),
        }
    }

    /// Numbers the texts and names of the last of `items` (see [`Numbering::item`]);
    /// where it ends in the source.
    pub fn last(&mut self, items: &mut [Item<'a>]) -> usize {
        items.last_mut().map_or(0, |item| {
            self.item(item);
            item.span.end as usize
        })
    }

    /// Numbers the texts in `item`, in the order they are written, and the names it
    /// declares or uses as a fact or text (the names that may be labels).
    pub fn item(&mut self, item: &mut Item<'a>) {
        let len = self.texts.source.len();
        self.progress = Progress::new(item.span.end as usize, len);
        match &mut item.kind {
            ItemKind::Party(p) => {
                self.name(&mut p.name);
                p.roles
                    .iter_mut()
                    .flat_map(|r| &mut r.actors)
                    .for_each(|n| self.name(n));
            }
            ItemKind::Requires { text, .. } => self.term(text),
            ItemKind::Let { name, text, id, .. } => {
                self.name(name);
                *id = self.texts.number(text, self.progress);
            }
            ItemKind::Channel(c) => self.name(&mut c.name),
            ItemKind::Statement(s) => {
                s.operands.iter_mut().for_each(|t| self.term(t));
                if let Some(about) = &s.about {
                    s.about_id = self.texts.number(&Cow::Borrowed(about.text), self.progress);
                }
                s.label.iter_mut().for_each(|n| self.name(n));
            }
            ItemKind::Agree(a) => {
                self.term(&mut a.text);
                a.label.iter_mut().for_each(|n| self.name(n));
            }
            ItemKind::Reveal(r) => match &mut r.fact {
                Fact::Term(t) => self.term(t),
                Fact::Everything { .. } => {}
            },
            ItemKind::Expect(c) => self.cond(c),
            ItemKind::Show(Show::WhoKnows(t)) => self.term(t),
            ItemKind::Show(Show::Name(n)) => self.name(n),
            ItemKind::Show(Show::KnowledgeOf(_) | Show::State) => {}
            ItemKind::When { cond, body } => {
                self.cond(cond);
                body.iter_mut().for_each(|i| self.item(i));
            }
            ItemKind::If {
                cond,
                then,
                otherwise,
            } => {
                self.cond(cond);
                then.iter_mut().for_each(|i| self.item(i));
                otherwise.iter_mut().flatten().for_each(|i| self.item(i));
            }
            ItemKind::Relations { .. } | ItemKind::At(_) | ItemKind::Error { .. } => {}
        }
    }

    fn cond(&mut self, cond: &mut Cond<'a>) {
        match &mut cond.kind {
            CondKind::Knows { fact, .. } | CondKind::Common { fact, .. } => self.term(fact),
            CondKind::Holds { text, .. } => self.term(text),
            CondKind::Not(c) => self.cond(c),
            CondKind::And(a, b) | CondKind::Or(a, b) => {
                self.cond(a);
                self.cond(b);
            }
            CondKind::Exposed(_)
            | CondKind::Mobilized(_)
            | CondKind::LostAccess(_)
            | CondKind::Compare { .. }
            | CondKind::Error => {}
        }
    }

    fn term(&mut self, term: &mut Term<'a>) {
        match term {
            Term::Name(n) => self.name(n),
            Term::Str { text, id, .. } => *id = self.texts.number(text, self.progress),
            Term::Error(_) => {}
        }
    }

    fn name(&mut self, name: &mut Name<'a>) {
        if let Some(names) = &mut self.names {
            name.id = names.number(&Cow::Borrowed(name.text), Progress::default());
        }
    }

    /// The texts and names numbered since the last call, in order of their numbers.
    /// (Called once a batch, it also makes room in the index of texts for as many as
    /// are foreseen. Names are not foreseen: most are declared at the start.)
    pub fn take_new(&mut self) -> New<'a> {
        self.texts.index.reserve_foreseen(self.progress);
        New {
            // The next batch's list starts with room for as many as this one had,
            // so that it does not grow from nothing.
            texts: self.texts.new.as_mut().map_or_else(Vec::new, |kept| {
                std::mem::replace(kept, Vec::with_capacity(kept.len()))
            }),
            names: self.names.is_some(),
        }
    }

    /// The indexes of every text and name numbered, for the checker's tables.
    pub fn finish(self) -> Indexes {
        Indexes {
            texts: self.texts.index,
            names: self.names.map(|n| (n.places, n.index)),
        }
    }
}

impl<'a> Table<'a> {
    /// A table of the strings of `source`, which keeps those it numbers anew if
    /// `keep`.
    fn new(source: &'a str, keep: bool) -> Self {
        Table {
            source,
            index: TextIndex::default(),
            places: Places::default(),
            new: keep.then(Vec::new),
        }
    }

    /// The number of `text`, given it one if it is new. (A new string is kept, if the
    /// table keeps them, as the `Cow` it is, so that one borrowed from the source is
    /// not copied.)
    #[allow(clippy::ptr_arg)]
    fn number(&mut self, text: &Cow<'a, str>, progress: Progress) -> Maybe {
        self.places.grow_foreseen(1, progress);
        let (id, new) = self.places.intern(&mut self.index, self.source, text);
        if let (true, Some(kept)) = (new, &mut self.new) {
            kept.push(text.clone());
        }
        Some(id).into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Checker;
    use crate::ir::TextId;
    use crate::parser;

    /// Every text of a script, in the order of the ids the checker gives them.
    fn interned(text: &str) -> Vec<String> {
        let (program, diags) = parser::parse(0, text);
        assert!(diags.is_empty(), "{diags:?}");
        let mut checker = Checker::new();
        let (_, diags) = checker.check(&program);
        assert!(!diags.iter().any(|d| d.is_error()), "{diags:?}");
        let texts = &checker.decls.texts;
        (0..texts.len()).map(|i| texts[i].to_string()).collect()
    }

    /// Labels declared and used in every place a label can be, with actors, parties,
    /// channels and `let` names used around them.
    const SCRIPT: &str = r#"
party A { leader Al  envoy Ann }
party B { leader Bo  public Pub }
A requires "a ceasefire"
let offer = "the \"final\" offer"
channel c: backchannel between Ann, Bo
Ann proposes Bo "a ceasefire" about borders on c as s1
Bo says offer about water as s2
Ann floats "fresh" about fisheries
leak s1 to Pub
expect Bo knows "talks" or not (Pub knows s2 and Pub knows "borders")
when Pub knows "a ceasefire" {
  Bo denies s1 as d1
  if Ann knows "y" { Ann says "z" as s3 } else { Ann says "borders" }
}
agree "the deal" between A, B on c as deal
expect deal is common knowledge among A, Bo
show who knows "x"
show s2
show c
"#;

    /// The script checked item by item with its texts (and names, if `names`)
    /// numbered as the driver does, against the script checked whole: the same ops,
    /// declarations and diagnostics.
    fn check_numbered(script: &str, names: bool) -> (Checker, Vec<String>) {
        let (mut program, diags) = parser::parse(0, script);
        assert!(diags.is_empty(), "{diags:?}");
        let mut whole = Checker::new();
        let (ops, diags) = whole.check(&program);

        let mut numbering = Numbering::new(script, names);
        program.items.iter_mut().for_each(|i| numbering.item(i));
        let new = numbering.take_new();
        assert_eq!(new.names, names);
        let mut checker = Checker::new();
        checker.read_from(&std::sync::Arc::new(script.to_string()));
        let mut items = checker.items();
        items.numbered(&new, Progress::new(script.len(), script.len()));
        let numbered_ops: Vec<_> = program.items.iter().filter_map(|i| items.item(i)).collect();
        let numbered_diags = items.finish();
        checker.adopt(numbering.finish());

        assert_eq!(format!("{numbered_ops:?}"), format!("{ops:?}"));
        assert_eq!(format!("{numbered_diags:?}"), format!("{diags:?}"));
        let (a, b) = (&checker.decls, &whole.decls);
        assert_eq!(format!("{:?}", a.stmts), format!("{:?}", b.stmts));
        assert_eq!(format!("{:?}", a.actors), format!("{:?}", b.actors));
        assert_eq!(format!("{:?}", a.channels), format!("{:?}", b.channels));
        let mut declared: Vec<&str> = checker.names().collect();
        let mut expected: Vec<&str> = whole.names().collect();
        declared.sort();
        expected.sort();
        assert_eq!(declared, expected);
        let texts = new.texts.iter().map(|t| t.to_string()).collect();
        (checker, texts)
    }

    #[test]
    fn texts_get_the_ids_the_checker_would_give_them() {
        let (mut checker, numbered) = check_numbered(SCRIPT, false);
        assert_eq!(numbered, interned(SCRIPT));
        assert!(numbered.contains(&r#"the "final" offer"#.to_string()));
        // With the numbering's index, the checker finds every text again, escaped
        // or not.
        let texts = &mut checker.decls.texts;
        for (id, text) in numbered.iter().enumerate() {
            assert_eq!(texts.intern(text), id as TextId, "{text}");
        }
        assert_eq!(texts.intern("new"), numbered.len() as TextId);
    }

    #[test]
    fn with_names_numbered_too_the_checker_reads_the_script_as_it_would_alone() {
        let (checker, _) = check_numbered(SCRIPT, true);
        // With the numbering's index, names are found again by their text.
        assert!(checker.names().any(|n| n == "deal"));
        // A mistake is found as well: a label named like an actor, a label used as
        // a speaker, an unknown label.
        for wrong in [
            "Ann says \"q\" as Bo\n",
            "s1 says \"q\"\n",
            "leak nothing to Bo\n",
        ] {
            let script = format!("{SCRIPT}{wrong}");
            let (mut program, _) = parser::parse(0, &script);
            let mut numbering = Numbering::new(&script, true);
            program.items.iter_mut().for_each(|i| numbering.item(i));
            let mut checker = Checker::new();
            let mut items = checker.items();
            let read = Progress::new(script.len(), script.len());
            items.numbered(&numbering.take_new(), read);
            program.items.iter().for_each(|i| drop(items.item(i)));
            assert!(items.failed(), "{wrong}");
        }
    }
}
