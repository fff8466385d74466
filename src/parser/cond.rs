//! Conditions: knowledge chains, `is exposed`, `is mobilized`, `is common knowledge
//! among`, `lost access`, `holds`, metric comparisons, and `not`/`and`/`or` with
//! parentheses, by chumsky's pratt parser.

use super::*;

/// A condition. Binding powers, loosest first:
///
/// | operator | power | associativity |
/// |----------|-------|---------------|
/// | `or`     | 1     | left          |
/// | `and`    | 2     | left          |
/// | `not`    | 3     | prefix        |
pub fn cond<'t, 'a: 't, I: TokenInput<'t, 'a>>()
-> impl Parser<'t, I, Cond<'a>, Extra<'t, 'a>> + Clone {
    recursive(|cond| {
        let parens = cond.delimited_by(punct("("), punct(")").labelled("`)`"));
        let atom = parens.or(predicate()).labelled("a condition");
        atom.pratt((
            prefix(3, kw(Kw::Not), |_, c: Cond, e| Cond {
                kind: CondKind::Not(Box::new(c)),
                span: e.span(),
            }),
            infix(left(2), kw(Kw::And), |a: Cond, _, b: Cond, e| Cond {
                kind: CondKind::And(Box::new(a), Box::new(b)),
                span: e.span(),
            }),
            infix(left(1), kw(Kw::Or), |a: Cond, _, b: Cond, e| Cond {
                kind: CondKind::Or(Box::new(a), Box::new(b)),
                span: e.span(),
            }),
        ))
    })
}

fn predicate<'t, 'a: 't, I: TokenInput<'t, 'a>>()
-> impl Parser<'t, I, Cond<'a>, Extra<'t, 'a>> + Clone {
    let knows = name()
        .then_ignore(kw(Kw::Knows))
        .repeated()
        .at_least(1)
        .collect::<Vec<_>>()
        .map(SmallVec::from_vec)
        .then(term().labelled("a fact"))
        .map(|(chain, fact)| CondKind::Knows { chain, fact });
    let is = term()
        .then_ignore(kw(Kw::Is))
        .then(choice((
            kw(Kw::Exposed).to(0),
            kw(Kw::Mobilized).to(1),
            kw(Kw::Common).ignore_then(kw(Kw::Knowledge)).to(2),
        )))
        .then(kw(Kw::Among).ignore_then(names()).or_not())
        .try_map(
            |((subject, which), among), span| match (which, subject, among) {
                (0, Term::Name(n), None) => Ok(CondKind::Exposed(n)),
                (1, Term::Name(n), None) => Ok(CondKind::Mobilized(n)),
                (2, fact, Some(among)) => Ok(CondKind::Common { fact, among }),
                (2, _, None) => Err(Rich::custom(
                    span,
                    "expected `among` and the names sharing the knowledge",
                )),
                _ => Err(Rich::custom(
                    span,
                    "only a name can be exposed or mobilized",
                )),
            },
        );
    let lost = name()
        .then_ignore(kw(Kw::Lost))
        .then_ignore(kw(Kw::Access))
        .map(CondKind::LostAccess);
    let holds = name()
        .then_ignore(kw(Kw::Holds))
        .then(term().labelled("a text"))
        .map(|(party, text)| CondKind::Holds { party, text });
    let metric = choice((
        kw(Kw::Credibility)
            .ignore_then(kw(Kw::Of))
            .ignore_then(name())
            .map(Metric::Credibility),
        kw(Kw::Mobilization)
            .ignore_then(kw(Kw::Of))
            .ignore_then(name())
            .map(Metric::Mobilization),
        kw(Kw::Trust)
            .ignore_then(kw(Kw::Between))
            .ignore_then(name())
            .then_ignore(punct(","))
            .then(name())
            .map(|(a, b)| Metric::Trust(a, b)),
    ));
    let op = select! {
        Token::Punct("==") => CmpOp::Eq,
        Token::Punct("!=") => CmpOp::Ne,
        Token::Punct("<") => CmpOp::Lt,
        Token::Punct("<=") => CmpOp::Le,
        Token::Punct(">") => CmpOp::Gt,
        Token::Punct(">=") => CmpOp::Ge,
    }
    .labelled("a comparison (`==`, `!=`, `<`, `<=`, `>`, `>=`)");
    let number = select! {
        Token::Int(n) = e => (n as f64, e.span()),
        Token::Decimal(n) = e => (n, e.span()),
    }
    .labelled("a number");
    let compare = metric
        .then(op)
        .then(number)
        .map(|((metric, op), (value, value_span))| CondKind::Compare {
            metric,
            op,
            value,
            value_span,
        });
    choice((knows, is, lost, holds, compare)).map_with(|kind, e| Cond {
        kind,
        span: e.span(),
    })
}
