//! Recovery from syntax errors, at item boundaries: an item that does not parse is
//! skipped up to the next token that can start an item (keeping `{ … }` groups
//! whole), and the names it seems to declare are kept so their uses are not
//! reported again.

use super::*;

/// The keywords that begin an item (and `at`, when a time follows it).
pub(super) const STARTS: [Kw; 12] = [
    Kw::Party,
    Kw::Relations,
    Kw::Let,
    Kw::Channel,
    Kw::Agree,
    Kw::Leak,
    Kw::Reveal,
    Kw::Announce,
    Kw::Expect,
    Kw::Show,
    Kw::When,
    Kw::If,
];

/// Whether [`item_start`] could match at this token: a starting keyword, `at`, a name
/// (a speaker), or `}`. Any other token is skipped by recovery without asking.
fn may_start(token: &Token<'_>) -> bool {
    match token {
        Token::Kw(k) => *k == Kw::At || STARTS.contains(k),
        Token::Ident(_) | Token::Punct("}") => true,
        _ => false,
    }
}

/// Tokens that can only begin an item: recovery stops before them.
fn item_start<'t, 'a: 't, I: TokenInput<'t, 'a>>() -> impl Parser<'t, I, (), Extra<'t, 'a>> + Clone
{
    // A keyword followed by `:`, `,`, `=`, `)`, `{` or `}` was meant as a name (as in
    // `party party {`): no start.
    let meant_as_name = one_of([":", ",", "=", ")", "{", "}"].map(Token::Punct)).ignored();
    let time = select! { Token::Date(..) => (), Token::Kw(Kw::Day) => (), Token::Kw(Kw::Round) => (), Token::Error => () };
    let at = kw(Kw::At).then(time).ignored();
    let keyword = one_of(STARTS.map(Token::Kw))
        .then(meant_as_name.not())
        .ignored()
        .or(at);
    let speaker = name()
        .then(verb().ignored().or(kw(Kw::Requires).ignored()))
        .ignored();
    choice((keyword, speaker, punct("}").ignored(), end())).rewind()
}

/// Skips a broken item: its first token, then everything up to the next item start,
/// with `{ … }` groups skipped whole so a broken rule's body is not read as items.
/// The names the item seems to declare are kept (see [`declared_names`]).
pub(super) fn skip_item<'t, 'a: 't, I: TokenInput<'t, 'a>>()
-> impl Parser<'t, I, ItemKind<'a>, Extra<'t, 'a>> + Clone {
    let token = any().map_with(|t: Token<'a>, e| (t, e.span()));
    let group = recursive(|group| {
        token
            .filter(|(t, _)| *t == Token::Punct("{"))
            .map(|t| vec![t])
            .foldl(
                group
                    .or(token
                        .filter(|(t, _)| *t != Token::Punct("}"))
                        .map(|t| vec![t]))
                    .repeated(),
                |mut a, b| {
                    a.extend(b);
                    a
                },
            )
            // Braces are balanced before parsing (see [`unmatched_braces`]), so the
            // `}` is always there; were it not, the group must still not fail: failing
            // out of nested unclosed groups would retry each of them, doubling the time
            // with every level.
            .then(token.filter(|(t, _)| *t == Token::Punct("}")).or_not())
            .map(|(mut a, close)| {
                a.extend(close);
                a
            })
    });
    let one = group.or(token
        .filter(|(t, _)| *t != Token::Punct("}"))
        .map(|t| vec![t]));
    // Most skipped tokens cannot start an item: take them without trying every way
    // an item starts (which costs a dozen failed alternatives a token).
    let plain = token
        .filter(|(t, _)| !may_start(t) && *t != Token::Punct("{"))
        .map(|t| vec![t]);
    one.clone()
        .foldl(
            plain.or(item_start().not().ignore_then(one)).repeated(),
            |mut a, b| {
                a.extend(b);
                a
            },
        )
        .map(|tokens| ItemKind::Error {
            declares: declared_names(&tokens),
        })
}

/// The names a broken item seems to declare: after `party`, `channel`, `let`, `as`,
/// and after a role inside a party's braces (and the commas that follow it).
fn declared_names<'a>(tokens: &[(Token<'a>, Span)]) -> Vec<Name<'a>> {
    let is_party = tokens
        .first()
        .is_some_and(|(t, _)| *t == Token::Kw(Kw::Party));
    let mut names = Vec::new();
    let mut in_role_list = false;
    for pair in tokens.windows(2) {
        let ((before, _), (token, span)) = (&pair[0], &pair[1]);
        let Token::Ident(text) = token else {
            in_role_list &= *token == Token::Punct(",");
            continue;
        };
        let declares = match before {
            Token::Kw(Kw::Party | Kw::Channel | Kw::Let | Kw::As) => true,
            Token::Kw(k) if is_party => Kw::ROLES.contains(k),
            Token::Punct(",") => in_role_list,
            _ => false,
        };
        if declares {
            names.push(Name {
                text,
                span: *span,
                id: Maybe::NONE,
            });
        }
        in_role_list = is_party && (declares || in_role_list);
        if matches!(
            before,
            Token::Kw(Kw::Party | Kw::Channel | Kw::Let | Kw::As)
        ) {
            in_role_list = false;
        }
    }
    names
}
