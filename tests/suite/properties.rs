//! Property tests (proptest): for random inputs of every kind — bytes, token
//! sequences, generated valid scripts ([`script_gen`](crate::script_gen)) and those scripts slightly
//! broken — `neg` never panics, every diagnostic points inside the input, printing a
//! tree and parsing it back gives the same tree, and the answers of a run do not
//! depend on what they should not: the names chosen, the order of independent
//! declarations, or line endings.

use crate::script_gen::{Choices, Names, Script, mutate};
use negscript::ast::Program;
use negscript::diagnostic::render;
use negscript::driver::{Run, run_bytes, run_text};
use negscript::lexer::Kw;
use negscript::{parser, print, report};
use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

/// `cases` per property, or `PROPTEST_CASES` for a longer hunt.
fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(cases),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Draws everything a run can show; a panic anywhere fails the property.
fn show_all(run: &Run) {
    render(&run.diagnostics(), &run.sources, false);
    report::text::transcript(run, false);
    serde_json::to_string(&report::json::document(run)).expect("JSON");
}

/// Every label of every diagnostic lies inside the text, on character boundaries.
fn spans_inside(run: &Run) -> Result<(), TestCaseError> {
    let text = &run.sources.get(run.src).text;
    for d in run.diagnostics() {
        for l in &d.labels {
            let (s, e) = (l.span.start as usize, l.span.end as usize);
            prop_assert!(s <= e && e <= text.len(), "{d}: {s}..{e} of {}", text.len());
            prop_assert!(
                text.is_char_boundary(s) && text.is_char_boundary(e),
                "{d}: {s}..{e} splits a character"
            );
        }
    }
    Ok(())
}

/// Each diagnostic drawn alone says, in its header, the line and column that its JSON
/// form says (however the drawn line was cut or its characters replaced).
fn headers_match_json(run: &Run) -> Result<(), TestCaseError> {
    let name = &run.sources.get(run.src).name;
    for d in run.diagnostics().iter().take(20) {
        let drawn = render(std::slice::from_ref(d), &run.sources, false);
        let json = d.to_json(&run.sources);
        let Some(header) = drawn.lines().find(|l| l.contains("─[ ")) else {
            // Nothing to point into: an empty source.
            prop_assert!(run.sources.get(run.src).text.is_empty(), "{drawn}");
            continue;
        };
        let expected = format!("[ {name}:{}:{} ]", json.line, json.column);
        prop_assert!(
            header.contains(&expected),
            "{header} is not {expected}\n{drawn}"
        );
    }
    Ok(())
}

/// The tree as JSON with every span (`{src, start, end}`) blanked.
fn without_spans(program: &Program) -> serde_json::Value {
    fn erase(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Object(map) => {
                let is_span =
                    map.len() == 3 && ["src", "start", "end"].iter().all(|k| map.contains_key(*k));
                if is_span {
                    *v = serde_json::Value::Null;
                } else {
                    map.values_mut().for_each(erase);
                }
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(erase),
            _ => {}
        }
    }
    let mut v = serde_json::to_value(program).expect("the tree serialises");
    erase(&mut v);
    v
}

/// For a text that parses without errors: printing the tree and parsing the print
/// gives the same tree (spans aside), and printing is stable.
fn round_trips(text: &str) -> Result<bool, TestCaseError> {
    let (program, diags) = parser::parse(0, text);
    if !diags.is_empty() {
        return Ok(false);
    }
    let printed = print::program(&program);
    let (again, diags) = parser::parse(0, &printed);
    prop_assert!(
        diags.is_empty(),
        "the print does not parse: {:?}\n{printed}",
        diags.iter().map(|d| d.to_string()).collect::<Vec<_>>()
    );
    prop_assert_eq!(
        without_spans(&program),
        without_spans(&again),
        "{}",
        printed
    );
    let reprinted = print::program(&again);
    prop_assert_eq!(&reprinted, &printed);
    Ok(true)
}

/// What a run answers, in names of the plain naming (see [`Names::plain`]).
#[derive(Debug, PartialEq)]
struct Answers {
    exit: i32,
    expectations: Vec<bool>,
    codes: Vec<&'static str>,
    credibility: BTreeMap<String, i64>,
    mobilization: BTreeMap<String, i64>,
    trust: BTreeMap<(String, String), i64>,
    exposed: BTreeSet<String>,
    lost_access: BTreeSet<String>,
    positions: BTreeSet<(String, String)>,
    agreements: usize,
}

fn answers(run: &Run, names: &Names) -> Answers {
    // Back to the plain names: the prefix of the naming, then the index.
    let plain = |name: &str| -> String {
        for (prefix, plain) in [
            (&names.party, "P"),
            (&names.actor, "A"),
            (&names.channel, "c"),
        ] {
            if let Some(i) = name.strip_prefix(prefix.as_str())
                && i.bytes().all(|b| b.is_ascii_digit())
            {
                return format!("{plain}{i}");
            }
        }
        panic!("`{name}` is not a name of the script")
    };
    let (st, decls) = (&run.interp, &run.checker.decls);
    let mut codes: Vec<&'static str> = run.diagnostics().iter().map(|d| d.code.as_str()).collect();
    codes.sort_unstable();
    let per_actor = |values: &[i64]| -> BTreeMap<String, i64> {
        values
            .iter()
            .enumerate()
            .map(|(a, v)| (plain(decls.actor_name(a as u32)), *v))
            .collect()
    };
    let pair = |a: &str, b: &str| {
        let (a, b) = (plain(a), plain(b));
        if a <= b { (a, b) } else { (b, a) }
    };
    Answers {
        exit: run.exit_code(),
        expectations: st.expectations.iter().map(|e| e.passed).collect(),
        codes,
        credibility: per_actor(&st.credibility),
        mobilization: per_actor(&st.mobilization),
        trust: st
            .trust_pairs()
            .into_iter()
            .map(|((a, b), v)| (pair(decls.party_name(a), decls.party_name(b)), v))
            .collect(),
        exposed: st
            .exposed
            .iter()
            .enumerate()
            .filter(|(_, e)| e.is_some())
            .map(|(c, _)| plain(&decls.channels[c].name))
            .collect(),
        lost_access: st
            .lost_access
            .iter()
            .enumerate()
            .filter(|(_, l)| l.is_some())
            .map(|(a, _)| plain(decls.actor_name(a as u32)))
            .collect(),
        positions: st
            .positions
            .iter()
            .map(|(p, t)| {
                (
                    plain(decls.party_name(*p)),
                    decls.texts[*t as usize].to_string(),
                )
            })
            .collect(),
        agreements: st.agreements.len(),
    }
}

/// (code, line) of every diagnostic, sorted.
fn located(run: &Run) -> Vec<(&'static str, usize)> {
    let mut all: Vec<_> = run
        .diagnostics()
        .iter()
        .map(|d| (d.code.as_str(), run.sources.line_col(d.span()).0))
        .collect();
    all.sort_unstable();
    all
}

fn script(bytes: &[u8]) -> Script {
    Script::generate(&mut Choices::new(bytes))
}

/// A permutation of `0..n` from the choices.
fn shuffled(n: usize, c: &mut Choices) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        order.swap(i, c.below(i + 1));
    }
    order
}

/// Words to build random token sequences from: every keyword and punctuation mark,
/// names, strings (good and bad), numbers, dates, stray and control characters, line
/// separators, and words long enough to be cut when drawn.
fn vocabulary() -> Vec<String> {
    let mut words: Vec<String> = Kw::ALL.iter().map(|k| k.as_str().to_string()).collect();
    words.extend(
        [
            "{",
            "}",
            "(",
            ")",
            ",",
            ":",
            "=",
            "==",
            "!=",
            "<",
            "<=",
            ">",
            ">=",
            "Rabin",
            "Arafat",
            "PLO",
            "Israel",
            "oslo",
            "x",
            "_",
            "\"text\"",
            "\"esc \\\" \\n\"",
            "\"unclosed",
            "\"bad \\q\"",
            "42",
            "-1",
            "0.25",
            "99999999999999999999",
            "1993-08-20",
            "1993-02-30",
            "#",
            "# comment\n",
            "\n",
            "\r\n",
            "\t",
            "§",
            "\0",
            "\u{feff}",
            "-",
            "!",
            "“",
            "é",
            "\x0c",
            "\r",
            "\u{2028}",
            "\u{85}",
            "\x1b",
            "\u{7f}",
        ]
        .map(String::from),
    );
    // Long enough to be cut when drawn.
    words.push("W".repeat(300));
    words.push(format!("\"{}\"", "s ".repeat(200)));
    words.push(format!("\"{}", "ü".repeat(200)));
    words
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn random_bytes_never_panic_and_spans_lie_inside(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        let run = run_bytes("bytes.neg", bytes, true, true);
        spans_inside(&run)?;
        headers_match_json(&run)?;
        show_all(&run);
    }

    #[test]
    fn random_token_sequences_never_panic_and_spans_lie_inside(
        picks in proptest::collection::vec(any::<proptest::sample::Index>(), 0..120),
        seps in proptest::collection::vec(0..3usize, 120),
    ) {
        let words = vocabulary();
        let mut text = String::new();
        for (i, pick) in picks.iter().enumerate() {
            text.push_str(pick.get::<String>(&words));
            text.push_str([" ", "\n", ""][seps[i]]);
        }
        let run = run_text("tokens.neg", &text, true, true);
        spans_inside(&run)?;
        headers_match_json(&run)?;
        show_all(&run);
        round_trips(&text)?;
    }

    #[test]
    fn generated_scripts_are_valid_and_run_without_panics(bytes in proptest::collection::vec(any::<u8>(), 0..1500)) {
        let s = script(&bytes);
        let text = s.render(&Names::plain(&s));
        let run = run_text("generated.neg", &text, true, true);
        prop_assert!(
            !run.has_static_errors(),
            "{}\n{}",
            text,
            render(&run.diagnostics(), &run.sources, false)
        );
        prop_assert!(run.ran);
        spans_inside(&run)?;
        show_all(&run);
    }

    #[test]
    fn slightly_broken_scripts_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..1500), cuts in proptest::collection::vec(any::<u8>(), 0..16)) {
        let s = script(&bytes);
        let text = mutate(&s.render(&Names::plain(&s)), &mut Choices::new(&cuts));
        let run = run_text("broken.neg", &text, true, true);
        spans_inside(&run)?;
        headers_match_json(&run)?;
        show_all(&run);
        round_trips(&text)?;
    }

    #[test]
    fn printing_and_parsing_again_gives_the_same_tree(bytes in proptest::collection::vec(any::<u8>(), 0..1500)) {
        let s = script(&bytes);
        prop_assert!(round_trips(&s.render(&Names::plain(&s)))?);
    }

    #[test]
    fn renaming_does_not_change_the_answers(bytes in proptest::collection::vec(any::<u8>(), 0..1500)) {
        let s = script(&bytes);
        let plain = Names::plain(&s);
        let renamed = Names {
            party: "Nation_".into(),
            actor: "Envoy".into(),
            channel: "line".into(),
            text: "txt".into(),
            label: "tag_".into(),
            ..plain.clone()
        };
        let a = run_text("a.neg", &s.render(&plain), true, false);
        let b = run_text("b.neg", &s.render(&renamed), true, false);
        prop_assert_eq!(answers(&a, &plain), answers(&b, &renamed));
        prop_assert_eq!(located(&a), located(&b));
    }

    #[test]
    fn reordering_independent_declarations_does_not_change_the_answers(
        bytes in proptest::collection::vec(any::<u8>(), 0..1500),
        order in proptest::collection::vec(any::<u8>(), 0..64),
    ) {
        let s = script(&bytes);
        let plain = Names::plain(&s);
        let c = &mut Choices::new(&order);
        let reordered = Names {
            party_order: shuffled(s.parties.len(), c),
            channel_order: shuffled(s.channels.len(), c),
            relation_order: shuffled(s.relations.len(), c),
            let_order: shuffled(s.lets.len(), c),
            ..plain.clone()
        };
        let a = run_text("a.neg", &s.render(&plain), true, false);
        let b = run_text("b.neg", &s.render(&reordered), true, false);
        prop_assert_eq!(answers(&a, &plain), answers(&b, &reordered));
    }

    #[test]
    fn line_endings_do_not_change_the_answers(bytes in proptest::collection::vec(any::<u8>(), 0..1500)) {
        let s = script(&bytes);
        let lf = Names::plain(&s);
        let crlf = Names { crlf: true, ..lf.clone() };
        let a = run_text("a.neg", &s.render(&lf), true, false);
        let b = run_text("b.neg", &s.render(&crlf), true, false);
        prop_assert_eq!(answers(&a, &lf), answers(&b, &crlf));
        prop_assert_eq!(located(&a), located(&b));
    }
}

/// The examples and every conformance script print and parse back to the same tree.
#[test]
fn every_example_round_trips_through_the_printer() {
    let mut checked = 0;
    for dir in [
        "examples",
        "../shared/conformance/pass",
        "../shared/conformance/expect",
    ] {
        let Ok(entries) = std::fs::read_dir(dir) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|x| x == "neg") {
                let text = std::fs::read_to_string(&path).unwrap();
                let ok = round_trips(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                assert!(ok, "{} parses without errors", path.display());
                checked += 1;
            }
        }
    }
    assert!(checked >= 10, "only {checked} scripts found");
}

/// Precedence: the printer puts parentheses exactly where the tree needs them.
#[test]
fn conditions_print_with_the_parentheses_they_need() {
    let cases = [
        (
            "not (A knows x and B knows y) or C knows z",
            "not (A knows x and B knows y) or C knows z",
        ),
        (
            "A knows x and (B knows y or C knows z)",
            "A knows x and (B knows y or C knows z)",
        ),
        (
            "(A knows x and B knows y) and C knows z",
            "A knows x and B knows y and C knows z",
        ),
        (
            "A knows x and (B knows y and C knows z)",
            "A knows x and (B knows y and C knows z)",
        ),
        ("not not ((A knows x))", "not not A knows x"),
        (
            "trust between P, Q >= -1 or credibility of A == 2",
            "trust between P, Q >= -1.0 or credibility of A == 2.0",
        ),
    ];
    for (text, printed) in cases {
        let cond = parser::parse_condition(0, text).expect(text);
        assert_eq!(print::cond(&cond), printed);
        let again = parser::parse_condition(0, printed).expect(printed);
        assert_eq!(print::cond(&again), printed);
    }
}
