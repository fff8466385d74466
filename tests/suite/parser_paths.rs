//! A script is read in two ways (see `driver::go`): a streaming pass — the
//! hand-written fast path of the parser for the common items, chumsky for the others,
//! each item checked as soon as it is parsed — and, at the first mistake, the
//! reference: chumsky over the whole script, then the checker over the whole tree.
//! For a script without mistakes they must give the same tree (spans included), the
//! same ops, declarations and warnings; for a script with a mistake the streaming
//! pass must give up, so that the reference reports it. This is checked on every
//! example, conformance script and generated script, and on broken variants of them.
//! The streaming pass also runs each batch of items as soon as it is checked; that
//! must be the same as running the whole script at once. And a script with mistakes
//! is read again in pieces where it can be (`parser::parse_each`, checked one item at
//! a time): that must report what reading it whole reports.

use crate::generator::scriptgen::{Mix, Shape, generate};
use negscript::ast::{Item, ItemKind};
use negscript::check::Checker;
use negscript::diagnostic::Diagnostic;
use negscript::driver::{self, Run};
use negscript::interp::Interp;
use negscript::parser::{parse, parse_each, parse_items, parse_with_chumsky};
use negscript::report::{json, text};
use negscript::source::SourceMap;
use negscript::stats::Stats;
use std::path::Path;

fn scripts() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut dirs = vec![root.join("examples"), root.join("tests/errors")];
    for kind in ["pass", "fail", "expect", "warn"] {
        dirs.push(root.join("../shared/conformance").join(kind));
    }
    let mut out = Vec::new();
    for dir in dirs {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut paths: Vec<_> = entries.flatten().map(|e| e.path()).collect();
        paths.sort();
        for path in paths {
            // (Some error scripts are not UTF-8 on purpose.)
            if path.extension().is_some_and(|e| e == "neg")
                && let Ok(text) = std::fs::read_to_string(&path)
            {
                out.push((path.display().to_string(), text));
            }
        }
    }
    out.push(("conditions".to_string(), CONDITIONS.to_string()));
    for (i, mix) in [Mix::TYPICAL, Mix::TALK, Mix::RULES]
        .into_iter()
        .enumerate()
    {
        let shape = Shape::new(400, 30).with_mix(mix).with_seed(i as u64);
        out.push((format!("generated {i}"), generate(&shape)));
    }
    out
}

/// Conditions that mix every operator, with and without parentheses, so the fast
/// path's binding powers and spans are held to the Pratt parser's.
const CONDITIONS: &str = r#"
party A { leader Al  envoy Ann }
party B { leader Bo  spoiler Hard }
channel c: backchannel between Ann, Bo
Ann proposes "x" on c as offer
expect Al knows "x" and Bo knows "x" or Hard knows offer
expect Al knows "x" or Bo knows "x" and Hard knows offer
expect not Al knows "x" and not not Bo knows offer or c is exposed
expect (Al knows "x" or Bo knows "x") and not (Hard is mobilized or Ann lost access)
expect not (Al knows Bo knows "x") or "x" is common knowledge among Al, Bo and A holds "x"
expect credibility of Ann == -1 or mobilization of Hard >= 2 and trust between A, B < 0.5
when c is exposed and (Al knows offer or Bo knows offer) { Ann denies offer }
if Al knows "x" { expect Bo knows "x" } else if Bo knows "x" or Hard knows "x" { show state } else { expect Ann knows "x" }
"#;

/// The streaming pass: its items, and whether it got through the script.
fn streamed_items(text: &str) -> (Vec<Item<'_>>, bool) {
    let mut items = Vec::new();
    let done = parse_items(0, text, &mut items, |_| true);
    (items, done)
}

/// Compares both ways of reading `text`; returns whether the streaming pass got
/// through it.
fn same(name: &str, text: &str) -> bool {
    let (reference, diags) = parse_with_chumsky(0, text);
    let (items, done) = streamed_items(text);
    if !done {
        return false;
    }
    assert!(
        diags.is_empty(),
        "{name}: the streaming pass read a script with syntax errors: {diags:?}"
    );
    assert_eq!(items, reference.items, "{name}: the trees differ");

    let mut whole = Checker::new();
    let (ops, warnings) = whole.check(&reference);
    let mut one_by_one = Checker::new();
    let mut stream = one_by_one.items();
    let stream_ops: Vec<_> = items.iter().filter_map(|item| stream.item(item)).collect();
    let clean = !stream.failed();
    let stream_warnings = stream.finish();
    let errors = warnings.iter().any(|d| d.is_error());
    assert_eq!(
        !clean || stream_warnings.iter().any(|d| d.is_error()),
        errors,
        "{name}: the checks disagree on whether the script has errors"
    );
    if !errors {
        assert_eq!(
            format!("{ops:?}"),
            format!("{stream_ops:?}"),
            "{name}: ops differ"
        );
        assert_eq!(
            format!("{warnings:?}"),
            format!("{stream_warnings:?}"),
            "{name}: warnings differ"
        );
        // (The texts by id: their hash table differs between two checkers.)
        let decls = |c: &Checker| {
            let d = &c.decls;
            let texts: Vec<&str> = (0..d.texts.len()).map(|i| &d.texts[i]).collect();
            let all = (
                &d.actors,
                &d.parties,
                &d.channels,
                &d.stmts,
                texts,
                &d.labels,
                &d.agreements,
            );
            format!("{all:?} {:?}", d.rules)
        };
        assert_eq!(
            decls(&whole),
            decls(&one_by_one),
            "{name}: declarations differ"
        );
    }
    true
}

/// `parse` reads the items before a mistake with the fast path and the rest with
/// chumsky: it must give what chumsky gives reading the whole script, diagnostics
/// included; and so must `parse_each`, where it reads the script. Returns whether
/// the script has no syntax errors, and whether `parse_each` read it.
fn parse_is_chumsky(name: &str, text: &str) -> (bool, bool) {
    let (reference, expected) = parse_with_chumsky(0, text);
    let (program, diags) = parse(0, text);
    assert_eq!(program, reference, "{name}: the trees differ");
    assert_eq!(
        format!("{diags:#?}"),
        format!("{expected:#?}"),
        "{name}: the diagnostics differ"
    );
    let mut items = Vec::new();
    let each = parse_each(0, text, |read| items.extend_from_slice(read));
    if let Some(diags) = &each {
        assert_eq!(items, reference.items, "{name}: parse_each's trees differ");
        assert_eq!(
            format!("{diags:#?}"),
            format!("{expected:#?}"),
            "{name}: parse_each's diagnostics differ"
        );
    }
    (expected.is_empty(), each.is_some())
}

#[test]
fn both_ways_agree_on_every_script() {
    for (name, text) in scripts() {
        let (clean, _) = parse_is_chumsky(&name, &text);
        let streamed = same(&name, &text);
        // The streaming pass reads every script without syntax errors (else large
        // scripts would fall back to the slow path without anyone noticing).
        assert_eq!(streamed, clean, "{name}: the streaming pass gave up");
    }
}

/// The bound on `and`s and `or`s counts on across items until the next condition
/// starts, so a mistake after a long condition can pass it: `parse`, reading the
/// items before the mistake with the fast path, must count them too.
#[test]
fn parse_counts_the_operators_of_the_items_before_a_mistake() {
    let long = vec!["Al knows \"x\""; 151].join(" and ");
    let broken = vec!["and"; 60].join(" ");
    let text = format!("party A {{ leader Al }}\nexpect {long}\nAl says \"y\"\nAl says {broken}\n");
    parse_is_chumsky("operators", &text);
    let codes: Vec<_> = parse(0, &text).1.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["E0202"], "the bound is passed in the broken item");
}

/// Small deterministic edits: drop, repeat or swap a word, cut the text short.
fn variants(text: &str, seed: u64) -> Vec<String> {
    let words: Vec<&str> = text.split(' ').collect();
    let mut out = Vec::new();
    let mut x = seed | 1;
    let mut next = |n: usize| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        (x % n.max(1) as u64) as usize
    };
    for _ in 0..12 {
        let i = next(words.len());
        let mut w = words.clone();
        match next(4) {
            0 => {
                w.remove(i);
            }
            1 => w.insert(i, words[next(words.len())]),
            2 => w.swap(i, next(words.len())),
            _ => w.truncate(i),
        }
        out.push(w.join(" "));
    }
    out
}

/// Each script broken by one edit, and by three.
fn broken_variants() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (i, (name, text)) in scripts().into_iter().enumerate() {
        let seed = i as u64 * 7919 + 1;
        for (j, variant) in variants(&text, seed).into_iter().enumerate() {
            let thrice = variants(&variant, seed + 1)
                .swap_remove(j)
                .split(' ')
                .collect::<Vec<_>>()
                .join(" ");
            let thrice = variants(&thrice, seed + 2).swap_remove(j);
            out.push((format!("{name}, variant {j}"), variant));
            out.push((format!("{name}, variant {j} and two more edits"), thrice));
        }
    }
    out
}

#[test]
fn both_ways_agree_on_broken_scripts() {
    let (mut streamed, mut each) = (0, 0);
    let variants = broken_variants();
    for (name, variant) in &variants {
        each += usize::from(parse_is_chumsky(name, variant).1);
        streamed += usize::from(same(name, variant));
    }
    let total = variants.len();
    // Some edits leave a valid script, which the streaming pass must then read.
    assert!(
        streamed > 0 && streamed < total,
        "{streamed} of {total} variants streamed"
    );
    // Most broken scripts can be read in pieces; those with a brace unmatched, for
    // one, cannot.
    assert!(
        each > total / 2 && each < total,
        "{each} of {total} read in pieces"
    );
}

/// What the driver reports of a script with mistakes, checked without running:
/// read again in pieces where it can be, it must report what reading it whole does.
#[test]
fn a_script_read_again_in_pieces_reports_what_it_would_whole() {
    let mut in_pieces = 0;
    let mut broken = 0;
    for (name, text) in broken_variants() {
        let mut stats = Stats::new();
        let run = driver::run_text_with_stats(&name, &text, false, false, &mut stats);
        if !run.has_static_errors() {
            continue;
        }
        broken += 1;
        in_pieces += usize::from(stats.stages.iter().any(|s| s.name == "parse again+check"));
        let (program, mut whole) = parse_with_chumsky(run.src, &text);
        whole.extend(Checker::new().check(&program).1);
        whole.sort_by_key(|d: &Diagnostic| (d.span().src, d.span().start));
        assert_eq!(
            format!("{:#?}", run.static_diagnostics),
            format!("{whole:#?}"),
            "{name}: the diagnostics differ"
        );
    }
    assert!(
        in_pieces > broken / 2 && in_pieces < broken,
        "{in_pieces} of {broken} read in pieces"
    );
}

/// The reference run of a script without errors: parsed and checked whole, then run
/// whole.
fn run_whole(name: &str, text: &str) -> Run {
    let (program, _) = parse_with_chumsky(0, text);
    let mut checker = Checker::new();
    let (ops, warnings) = checker.check(&program);
    let mut interp = Interp::new(true);
    let stopped = interp.run(&checker.decls, &ops).is_err();
    let mut sources = SourceMap::new();
    let src = sources.add(name, text);
    Run {
        sources,
        src,
        checker,
        interp,
        static_diagnostics: warnings,
        ran: true,
        stopped,
    }
}

/// The driver runs each checked batch as soon as it is checked; that must be the
/// same as running the whole script at once: the same transcript, report and exit.
#[test]
fn running_batch_by_batch_is_running_whole() {
    let mut scripts = scripts();
    // Scripts of several batches, one with many rules set off between them.
    for (i, mix) in [Mix::TYPICAL, Mix::RULES].into_iter().enumerate() {
        let shape = Shape::new(6000, 30).with_mix(mix).with_seed(i as u64 + 11);
        scripts.push((format!("long {i}"), generate(&shape)));
    }
    scripts.push(("many names".into(), many_names()));
    let mut compared = 0;
    for (name, text) in scripts {
        let mut stats = Stats::new();
        let batches = driver::run_text_with_stats(&name, &text, true, true, &mut stats);
        if batches.has_static_errors() {
            continue;
        }
        // A script without mistakes is read once, in the streaming pass (whose
        // threads' parts are not stages of their own).
        let stages = stats.stages.iter().filter(|s| !s.part);
        let stages: Vec<&str> = stages.map(|s| s.name).collect();
        assert_eq!(stages, ["parse+check+run"], "{name}");
        compared += 1;
        let whole = run_whole(&name, &text);
        assert_eq!(
            text::transcript(&batches, false),
            text::transcript(&whole, false),
            "{name}: transcripts differ"
        );
        let json = |run: &Run| serde_json::to_string(&json::document(run)).unwrap_or_default();
        assert_eq!(json(&batches), json(&whole), "{name}: reports differ");
        assert_eq!(batches.exit_code(), whole.exit_code(), "{name}");
    }
    assert!(compared >= 30, "only {compared} scripts ran");
}

/// A script of several batches whose first 32 items declare over 1,024 names, for
/// the checker to find while they come numbered from the parser's thread.
fn many_names() -> String {
    let script = generate(&Shape::new(3000, 4000).with_seed(7));
    let mut items = Vec::new();
    parse_items(0, &script, &mut items, |items| items.len() < 32);
    let declared: usize = items
        .iter()
        .map(|item| match &item.kind {
            ItemKind::Party(p) => 1 + p.roles.iter().map(|r| r.actors.len()).sum::<usize>(),
            ItemKind::Channel(_) => 1,
            _ => 0,
        })
        .sum();
    drop(items);
    assert!(
        declared >= 1024 && script.len() > 48 * 1024,
        "{declared} names"
    );
    script
}

/// A mistake after many batches have run: the run so far is thrown away, and only
/// the mistake is reported. Once on a small script (read on one thread, with an
/// expectation that fails in the first batch) and once on a large one (read on two).
#[test]
fn a_late_mistake_discards_the_run_so_far() {
    let mut small = String::from(
        "party A { leader Al  envoy Ann }\nparty B { leader Bo }\n\
         channel c: backchannel between Ann, Bo\nexpect Al knows \"secret\"\n",
    );
    for i in 0..1500 {
        small.push_str(&format!("Ann proposes \"x{i}\" on c\n"));
    }
    assert!(small.len() < 48 * 1024, "{} bytes", small.len());
    let large = generate(&Shape::new(6000, 30).with_seed(5));
    // (The small script's expectation fails; the large ones' all hold.)
    for (script, exit) in [(small, 1), (large, 0), (many_names(), 0)] {
        let broken = format!("{script}\nexpect Nobody knows \"x\"\n");
        let run = driver::run_text("late", &broken, true, true);
        assert!(!run.ran && run.interp.event_count == 0);
        assert!(run.interp.expectations.is_empty() && run.interp.diagnostics.is_empty());
        let diags = run.diagnostics();
        assert_eq!(run.exit_code(), 2);
        assert!(
            diags.len() == 1 && diags[0].message.contains("Nobody"),
            "{diags:?}"
        );
        let whole = driver::run_text("whole", &script, true, true);
        assert!(whole.ran && whole.interp.event_count > 1000);
        assert_eq!(whole.exit_code(), exit);
    }
}
