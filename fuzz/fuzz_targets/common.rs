//! What every fuzz target checks of one input: the whole pipeline runs and draws
//! without a panic, every diagnostic points inside the input, and a script that
//! parses without errors prints back to the same tree, and the parser's streaming
//! pass reads exactly the scripts the reference parser reads without errors, to the
//! same tree, `parser::parse` and `parser::parse_each` give what chumsky alone
//! gives, and a script with mistakes, read again in pieces, reports what it would
//! read whole.

use negscript::diagnostic::{Diagnostic, render};
use negscript::driver::{Run, run_bytes};
use negscript::{parser, print, report};

/// Runs the bytes as a script through everything `neg run` and `neg check` do.
pub fn pipeline(bytes: &[u8]) -> Run {
    let run = run_bytes("fuzz.neg", bytes.to_vec(), true, true);
    let text = run.sources.get(run.src).text.clone();
    let diagnostics = run.diagnostics();
    for d in &diagnostics {
        for l in &d.labels {
            let (s, e) = (l.span.start as usize, l.span.end as usize);
            assert!(
                s <= e && e <= text.len(),
                "{d}: {s}..{e} outside {}",
                text.len()
            );
            assert!(
                text.is_char_boundary(s) && text.is_char_boundary(e),
                "{d}: {s}..{e}"
            );
        }
        d.to_json(&run.sources);
    }
    render(&diagnostics, &run.sources, false);
    render(&diagnostics, &run.sources, true);
    report::text::transcript(&run, false);
    report::text::tally(&run, false);
    serde_json::to_string(&report::json::document(&run)).expect("JSON");
    round_trip(&text);
    both_parsers(&text);
    read_again(&run, &text);
    run
}

/// A script with static errors is read again, in pieces where it can be: that must
/// report what reading it whole with chumsky and checking the tree reports.
pub fn read_again(run: &Run, text: &str) {
    use negscript::codes::Code;
    let unread = |d: &Diagnostic| matches!(d.code, Code::NotUtf8 | Code::TooLarge);
    if !run.has_static_errors() || run.static_diagnostics.iter().any(unread) {
        return;
    }
    let (program, mut whole) = parser::parse_with_chumsky(run.src, text);
    whole.extend(negscript::check::Checker::new().check(&program).1);
    whole.sort_by_key(|d| (d.span().src, d.span().start));
    assert_eq!(
        format!("{:?}", run.static_diagnostics),
        format!("{whole:?}"),
        "read again, the script reports otherwise than read whole"
    );
}

/// The streaming pass (`parser::parse_items`) gets through a text exactly when the
/// reference parser finds no syntax error, and then builds the same tree; and
/// `parser::parse`, the fast path with chumsky around each mistake, gives the
/// reference's tree and diagnostics, as does `parser::parse_each` where it reads
/// the text.
pub fn both_parsers(text: &str) {
    let (program, diags) = parser::parse_with_chumsky(0, text);
    let (mixed, mixed_diags) = parser::parse(0, text);
    assert_eq!(mixed, program, "parse builds another tree than chumsky alone");
    assert_eq!(
        format!("{mixed_diags:?}"),
        format!("{diags:?}"),
        "parse reports otherwise than chumsky alone"
    );
    let mut each = Vec::new();
    if let Some(each_diags) = parser::parse_each(0, text, |read| each.extend_from_slice(read)) {
        assert_eq!(each, program.items, "parse_each builds another tree");
        assert_eq!(
            format!("{each_diags:?}"),
            format!("{diags:?}"),
            "parse_each reports otherwise than chumsky alone"
        );
    }
    let mut items = Vec::new();
    let streamed = parser::parse_items(0, text, &mut items, |_| true);
    assert_eq!(streamed, diags.is_empty(), "the parsers disagree on whether it parses");
    if streamed {
        assert_eq!(items, program.items, "the parsers build different trees");
    }
}

/// A text without syntax errors prints back to the same tree (spans aside).
pub fn round_trip(text: &str) {
    let (program, diags) = parser::parse(0, text);
    if !diags.is_empty() {
        return;
    }
    let printed = print::program(&program);
    let (again, diags) = parser::parse(0, &printed);
    assert!(diags.is_empty(), "the print does not parse:\n{printed}");
    assert_eq!(
        without_spans(serde_json::to_value(&program).unwrap()),
        without_spans(serde_json::to_value(&again).unwrap()),
        "the print parses to another tree:\n{printed}"
    );
    assert_eq!(print::program(&again), printed, "printing is not stable");
}

fn without_spans(mut v: serde_json::Value) -> serde_json::Value {
    fn erase(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Object(map) => {
                if map.len() == 3 && ["src", "start", "end"].iter().all(|k| map.contains_key(*k)) {
                    *v = serde_json::Value::Null;
                } else {
                    map.values_mut().for_each(erase);
                }
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(erase),
            _ => {}
        }
    }
    erase(&mut v);
    v
}
