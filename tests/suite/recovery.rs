//! One mistake gives one error: independent mistakes are each reported once, and
//! nothing is reported again because of an earlier mistake.

use negscript::driver::run_text;

fn error_lines(script: &str) -> Vec<(usize, &'static str)> {
    let run = run_text("recovery.neg", script, true, false);
    run.diagnostics()
        .iter()
        .map(|d| (run.sources.line_col(d.span()).0, d.code.as_str()))
        .collect()
}

#[test]
fn broken_declarations_do_not_make_their_names_unknown() {
    let script = r#"party Israel { leader Rabin envoy Hirschfeld, }
party PLO { envoy Qurei }
channel oslo backchannel between Hirschfeld, Qurei
Hirschfeld floats "x" on oslo
Rabin says "y"
expect Qurei knows oslo
Qurei floats "z" on olso
Qurei floats "z" on olso
"#;
    assert_eq!(
        error_lines(script),
        [(1, "E0201"), (3, "E0201"), (7, "E0301")]
    );
}

#[test]
fn a_misspelt_name_is_reported_at_its_first_use_only() {
    let script = r#"party A { envoy Ari }
Ary says "a"
Ary says "b"
expect Ary lost access
"#;
    assert_eq!(error_lines(script), [(2, "E0301")]);
}

#[test]
fn mistakes_inside_rule_bodies_and_after_them_are_each_reported() {
    let script = r#"party A { envoy Ari }
when Ari knows "x" { Ari sayz "y" }
Ari says "z" on
if Ari lost access { Ari says "w" } else { Bob says "v" }
"#;
    assert_eq!(
        error_lines(script),
        [(2, "E0201"), (3, "E0201"), (4, "E0301")]
    );
}

#[test]
fn a_lexical_mistake_is_not_reported_again_by_the_parser() {
    let script =
        "party A { envoy Ari }\nAri says \"a\" § on\nAri says \"unclosed\nAri says \"fine\"\n";
    assert_eq!(error_lines(script), [(2, "E0101"), (3, "E0102")]);
}

#[test]
fn a_keyword_used_as_a_name_is_one_error_with_a_suggestion() {
    let script = "party round { envoy Ari }\nchannel at: backchannel between Ari\nchannel leak: informal between Ari\n";
    assert_eq!(
        error_lines(script),
        [(1, "E0201"), (2, "E0201"), (3, "E0201")]
    );
    let run = run_text("keywords.neg", script, false, false);
    assert!(
        run.diagnostics()[0]
            .help
            .as_deref()
            .unwrap()
            .contains("`round` is a reserved word")
    );
}

#[test]
fn a_condition_too_long_or_too_deep_is_one_clear_error() {
    let long = format!(
        "party A {{ envoy Ari }}\nexpect {}\n",
        vec!["Ari knows \"x\""; 202].join(" and ")
    );
    assert_eq!(error_lines(&long), [(2, "E0202")]);
    let within = format!(
        "party A {{ envoy Ari }}\nexpect {}\n",
        vec!["not Ari lost access"; 201].join(" or ")
    );
    assert_eq!(run_text("long.neg", &within, true, false).exit_code(), 0);
    let nots = format!(
        "party A {{ envoy Ari }}\nexpect {}Ari lost access\n",
        "not ".repeat(50_000)
    );
    assert_eq!(error_lines(&nots), [(2, "E0202")]);
}

#[test]
fn an_unknown_name_says_what_sort_was_wanted() {
    let run = run_text(
        "u.neg",
        "party A { envoy Ari }\nexpect Bob knows Ari\n",
        false,
        false,
    );
    assert_eq!(
        run.diagnostics()[0].message,
        "unknown name `Bob`: no party or actor of that name is declared"
    );
}

#[test]
fn a_string_in_typographic_quotes_is_one_error_and_still_a_string() {
    let script = "party A { leader Rabin }\nRabin says “peace”\nRabin says ‘calm’\nexpect Rabin knows \"peace\"\n";
    assert_eq!(error_lines(script), [(2, "E0101"), (3, "E0101")]);
}

#[test]
fn a_clause_that_fails_is_one_error_in_its_own_item() {
    // Each broken clause once made two errors: the item ended before the clause
    // keyword (and `floats` with no text was reported), then the keyword failed as an
    // item of its own.
    let script = r#"party A { leader Ari }
party B { leader Bo }
channel c: formal { members Ari, Bo }
Ari floats on on c
Ari says "a" on "c"
Bo says "b" on c as on
agree "deal" between A, B on on c
Bo says "fine" on c
"#;
    assert_eq!(
        error_lines(script),
        [(4, "E0201"), (5, "E0201"), (6, "E0201"), (7, "E0201")]
    );
    let run = run_text("clauses.neg", script, false, false);
    assert_eq!(
        run.diagnostics()[0].message,
        "expected a channel name, found `on`"
    );
}
