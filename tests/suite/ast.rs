//! The syntax tree of representative valid inputs: snapshots of `neg parse` output
//! (source and tree together), and the precedence of conditions asserted directly.

use negscript::ast::{CondKind, ItemKind};
use negscript::parser::parse;

fn tree(source: &str) -> String {
    let (program, diags) = parse(0, source);
    assert!(diags.is_empty(), "{diags:?}");
    format!(
        "{source}\n──── tree ────\n{}",
        serde_json::to_string_pretty(&program).unwrap()
    )
}

#[test]
fn declarations() {
    insta::assert_snapshot!(tree(
        r#"party Israel { leader Rabin  envoy Hirschfeld, Pundak  spoiler Likud }
relations Israel, PLO: none
Israel requires "PLO renounces terrorism"
let recognition = "mutual \"recognition\""
channel oslo: backchannel { members Hirschfeld  via Larsen  authorized by Peres, Arafat  endless after 6 sessions }
channel corridor: informal between Kerry, Zarif
"#
    ));
}

#[test]
fn statements_and_revelations() {
    insta::assert_snapshot!(tree(
        r#"at 1993-01-20
Hirschfeld floats recognition on oslo
Qurei proposes "Gaza and Jericho first" about territory on oslo as gaza_first
Sullivan notifies Patrushev "the President travels to Kyiv" on hotline_dc
Peres denies oslo
agree "Declaration of Principles" between Israel, PLO on oslo as dop
leak everything on oslo to public
reveal oslo to ForeignMinistry, Likud by Peres
announce dop by Rabin
"#
    ));
}

#[test]
fn conditions_rules_and_show() {
    insta::assert_snapshot!(tree(
        r#"expect Rabin knows Arafat knows dop
expect "Declaration of Principles" is common knowledge among Rabin, Arafat
expect mobilization of Likud >= 2 or trust between Israel, PLO < 0.5
when Likud knows partner { Likud demands "halt the talks" }
if Likud is mobilized { Rabin says "no" } else { Rabin signals "calm" }
show who knows oslo
show knowledge of Rabin
show state
"#
    ));
}

#[test]
fn not_binds_tighter_than_and_tighter_than_or() {
    let (program, diags) = parse(
        0,
        "expect not A lost access and B lost access or C lost access",
    );
    assert!(diags.is_empty());
    let ItemKind::Expect(cond) = &program.items[0].kind else {
        panic!("an expect")
    };
    let CondKind::Or(left, right) = &cond.kind else {
        panic!("or at the top: {cond:?}")
    };
    assert!(matches!(right.kind, CondKind::LostAccess(ref n) if n.text == "C"));
    let CondKind::And(not_a, b) = &left.kind else {
        panic!("and under or")
    };
    assert!(matches!(not_a.kind, CondKind::Not(_)));
    assert!(matches!(b.kind, CondKind::LostAccess(ref n) if n.text == "B"));
}

#[test]
fn parentheses_group() {
    let (program, _) = parse(0, "expect not (A lost access or B lost access)");
    let ItemKind::Expect(cond) = &program.items[0].kind else {
        panic!()
    };
    let CondKind::Not(inner) = &cond.kind else {
        panic!("not at the top")
    };
    assert!(matches!(inner.kind, CondKind::Or(..)));
}
