//! Numbering texts as they are parsed. When a script is read in one go, the texts of
//! each parsed item (its strings, `let` texts and what statements are `about`) get
//! their ids on the parser's thread rather than from the checker: the checker's
//! thread is the busier of the two, and finding a text among a million others is
//! mostly waiting for memory. The checker then only appends each batch's new texts
//! to its table ([`Texts::push_numbered`]), and takes this index once the script is
//! read ([`Texts::adopt`]).
//!
//! Texts are numbered in the order they are written, which is the order the checker
//! meets them in, so they get the ids the checker would give them.
//!
//! [`Texts::push_numbered`]: crate::ir::Texts::push_numbered
//! [`Texts::adopt`]: crate::ir::Texts::adopt

use crate::ast::*;
use crate::ir::{Arena, Grow, Maybe, TextId, TextIndex};
use std::borrow::Cow;

/// The texts of one source numbered so far.
pub struct Numbering<'a> {
    source: &'a str,
    index: TextIndex,
    /// Where each text is, by id: `(start, len)` in the source or, for a text that
    /// is not a slice of it (a string with escapes), `(i, OWNED)`, the `i`th of
    /// `owned`. Eight bytes a text, where a copy would cost its length.
    places: Vec<(u32, u32)>,
    owned: Arena,
    /// The texts numbered since [`Numbering::take_new`] was last called, in order.
    new: Vec<Cow<'a, str>>,
}

/// The length that marks a text kept in [`Numbering::owned`].
const OWNED: u32 = u32::MAX;

impl<'a> Numbering<'a> {
    /// A numbering of the texts of `source`, from id 0: the checker's table of texts
    /// must be empty.
    pub fn new(source: &'a str) -> Self {
        Numbering {
            source,
            index: TextIndex::default(),
            places: Vec::new(),
            owned: Arena::default(),
            new: Vec::new(),
        }
    }

    /// Numbers every text in `item`, in the order they are written.
    pub fn item(&mut self, item: &mut Item<'a>) {
        match &mut item.kind {
            ItemKind::Requires { text, .. } => self.term(text),
            ItemKind::Let { text, id, .. } => *id = self.number(text),
            ItemKind::Statement(s) => {
                s.operands.iter_mut().for_each(|t| self.term(t));
                if let Some(about) = &s.about {
                    s.about_id = self.number(&about.text);
                }
            }
            ItemKind::Agree(a) => self.term(&mut a.text),
            ItemKind::Reveal(r) => match &mut r.fact {
                Fact::Term(t) => self.term(t),
                Fact::Everything { .. } => {}
            },
            ItemKind::Expect(c) => self.cond(c),
            ItemKind::Show(Show::WhoKnows(t)) => self.term(t),
            ItemKind::Show(Show::KnowledgeOf(_) | Show::Name(_) | Show::State) => {}
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
            ItemKind::Party(_)
            | ItemKind::Relations { .. }
            | ItemKind::Channel(_)
            | ItemKind::At(_)
            | ItemKind::Error { .. } => {}
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
        if let Term::Str { text, id, .. } = term {
            *id = self.number(text);
        }
    }

    /// The id of `text`, given it one if it is new. (A new text is kept as the `Cow`
    /// it is, so that one borrowed from the source is not copied.)
    #[allow(clippy::ptr_arg)]
    fn number(&mut self, text: &Cow<'a, str>) -> Maybe {
        let Numbering {
            source,
            index,
            places,
            owned,
            new,
        } = self;
        let next = places.len() as TextId;
        let get = |id: TextId| match places[id as usize] {
            (i, OWNED) => owned.get(i),
            (start, len) => &source[start as usize..(start + len) as usize],
        };
        if let Some(id) = index.find_or_add(text, next, get) {
            return Some(id).into();
        }
        places.grow(1);
        places.push(match in_source(source, text) {
            Some(start) => (start as u32, text.len() as u32),
            None => (owned.push(text), OWNED),
        });
        new.push(text.clone());
        Some(next).into()
    }

    /// The texts numbered since the last call, in order of their ids.
    pub fn take_new(&mut self) -> Vec<Cow<'a, str>> {
        std::mem::take(&mut self.new)
    }

    /// The index of every text numbered, for the checker's table.
    pub fn finish(self) -> TextIndex {
        self.index
    }
}

/// Where `text` starts in `source`, if it is a slice of it.
fn in_source(source: &str, text: &str) -> Option<usize> {
    let start = (text.as_ptr() as usize).checked_sub(source.as_ptr() as usize)?;
    (start + text.len() <= source.len()).then_some(start)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Checker;
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

    #[test]
    fn texts_get_the_ids_the_checker_would_give_them() {
        let script = r#"
party A { leader Al  envoy Ann }
party B { leader Bo  public Pub }
A requires "a ceasefire"
let offer = "the \"final\" offer"
channel c: backchannel between Ann, Bo
Ann proposes Bo "a ceasefire" about borders on c as s1
Bo says "the \"final\" offer" about water
Ann floats "fresh" about fisheries
leak "a ceasefire" to Pub
expect Bo knows "talks" or not (Pub knows "x" and Pub knows "borders")
when Pub knows "a ceasefire" {
  Bo denies "leaks"
  if Ann knows "y" { Ann says "z" } else { Ann says "borders" }
}
agree "the deal" between A, B on c
show who knows "x"
"#;
        let (mut program, _) = parser::parse(0, script);
        let mut numbering = Numbering::new(script);
        program.items.iter_mut().for_each(|i| numbering.item(i));
        let numbered: Vec<String> = numbering.take_new().iter().map(|t| t.to_string()).collect();
        assert_eq!(numbered, interned(script));
        assert!(numbered.contains(&r#"the "final" offer"#.to_string()));

        // The checker takes the numbers as they are.
        let mut checker = Checker::new();
        let mut items = checker.items();
        items.numbered(
            &numbered
                .iter()
                .map(|t| Cow::from(t.as_str()))
                .collect::<Vec<_>>(),
        );
        for item in &program.items {
            items.item(item);
        }
        assert!(!items.failed());
        drop(items.finish());
        // And with the numbering's index, finds every text again, escaped or not.
        checker.decls.texts.adopt(numbering.finish());
        let texts = &mut checker.decls.texts;
        for (id, text) in numbered.iter().enumerate() {
            assert_eq!(texts.intern(text), id as TextId, "{text}");
        }
        assert_eq!(texts.intern("new"), numbered.len() as TextId);
    }
}
