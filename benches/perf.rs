//! `cargo bench`: how fast `neg` is, measured against floors in the same process.
//!
//! Machines are noisy and absolute figures do not compare across runs, so every
//! figure here is a ratio of two things timed side by side, interleaved, each the
//! best of several rounds:
//!
//! - (a) lexing against a plain byte scan of the same bytes (counting newlines with
//!   memchr): the physical floor; and, for reference, the least a lexer reading one
//!   token at a time does (finding where tokens end) against the same floor;
//! - (b) lexing and parsing against serde_json deserialising the same syntax tree
//!   from JSON, typed;
//! - (c) the whole run (parse, check, interpret) against lexing and parsing, and
//!   how long each of the run's two threads was busy against the same floor;
//! - (d) scaling: time per event from 10³ to 10⁶ events and from 10 to 10⁴ actors,
//!   each run taking its memory fresh from the system, as `neg run` does,
//!   relative to the best of the series (whose cases are timed in turns too), and
//!   the peak heap memory of each run as a multiple of the script's size (a
//!   counting allocator);
//! - and how much longer a script with a syntax error takes (it is read twice), and
//!   its peak memory.
//!
//! Scripts come from `scriptgen.rs`. Options (after `cargo bench --bench perf --`):
//!
//! - `--quick`: sizes up to 10⁵ events only;
//! - `--write EVENTS ACTORS FILE [talk|rules]`: write a generated script (of the
//!   typical mix, or another), for `neg run --stats`, `perf` and `callgrind`;
//! - `--only STAGE FILE`: run one stage once on a script (`scan`, `bounds`, `lex`,
//!   `parse`, `json`, `run`), for `benches/callgrind.sh`, which counts instructions.

mod scriptgen;

use negscript::ast::Program;
use negscript::{driver, lexer, parser, stats};
use scriptgen::{Mix, Shape, generate};
use std::hint::black_box;
use std::time::{Duration, Instant};

#[global_allocator]
static ALLOC: stats::CountingAlloc = stats::CountingAlloc;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let flag = |name: &str| args.iter().position(|a| a == name);
    if let Some(i) = flag("--write") {
        let (events, actors, file) = (&args[i + 1], &args[i + 2], &args[i + 3]);
        let mix = match args.get(i + 4).map(String::as_str) {
            Some("talk") => Mix::TALK,
            Some("rules") => Mix::RULES,
            _ => Mix::TYPICAL,
        };
        let shape = Shape::new(number(events), number(actors)).with_mix(mix);
        std::fs::write(file, generate(&shape)).expect("the script is written");
        return;
    }
    if let Some(i) = flag("--only") {
        let text = std::fs::read_to_string(&args[i + 2]).expect("the script is read");
        return only(&args[i + 1], &text);
    }
    let quick = flag("--quick").is_some();
    println!("negscript benchmarks: ratios of times measured side by side (best of rounds)");
    println!();
    floors(&Shape::new(100_000, 100));
    scaling(quick);
}

fn number(s: &str) -> usize {
    s.replace('_', "").parse().expect("a number")
}

/// Runs one stage once, for instruction counts; the stage is `measured`.
fn only(stage: &str, text: &str) {
    let json = match stage {
        "json" => serde_json::to_string(&parse(text)).expect("JSON"),
        _ => String::new(),
    };
    measured(stage, text, &json);
}

/// The code whose instructions `callgrind.sh` counts (`--toggle-collect`).
#[inline(never)]
fn measured(stage: &str, text: &str, json: &str) {
    match stage {
        "scan" => drop(black_box(scan(text))),
        "bounds" => drop(black_box(bounds(text))),
        "lex" => drop(black_box(lex(text))),
        "parse" => drop(black_box(parse(text))),
        "json" => drop(black_box(from_json(json))),
        "run" => drop(black_box(driver::run_text("bench.neg", text, true, false))),
        other => panic!("no stage `{other}`"),
    }
}

/// The floor: one pass over the bytes, counting lines.
fn scan(text: &str) -> usize {
    memchr::memchr_iter(b'\n', text.as_bytes()).count()
}

/// A reference for (a): the least a lexer reading one token at a time does. It only
/// finds where each token ends, by classes of bytes (a word, a string found with
/// memchr as the lexer finds it, a mark), with no keywords, values or spans.
fn bounds(text: &str) -> usize {
    let b = text.as_bytes();
    let word = |c: u8| c.is_ascii_alphanumeric() || c == b'_' || c == b'.' || c == b'-';
    let (mut i, mut tokens) = (0, 0);
    while let Some(&c) = b.get(i) {
        let (len, token) = match c {
            b' ' | b'\t' | b'\r' | b'\n' => (1, false),
            b'#' => (memchr::memchr(b'\n', &b[i..]).unwrap_or(b.len() - i), false),
            b'"' => (
                2 + memchr::memchr3(b'"', b'\\', b'\n', &b[i + 1..]).unwrap_or(b.len()),
                true,
            ),
            c if word(c) => (
                1 + b[i + 1..].iter().take_while(|c| word(**c)).count(),
                true,
            ),
            _ => (1, true),
        };
        i += len;
        tokens += usize::from(token);
    }
    tokens
}

/// Every token, as the parser reads them (one at a time, as it needs them).
fn lex(text: &str) -> usize {
    lexer::Tokens::new(0, text).count()
}

/// The whole tree, as a run's streaming parse reads it (`parser::parse_items`).
fn parse(text: &str) -> Program<'_> {
    let mut items = Vec::new();
    let clean = parser::parse_items(0, text, &mut items, |_| true);
    assert!(clean, "generated scripts parse");
    Program { items }
}

fn from_json(json: &str) -> Program<'_> {
    serde_json::from_str(json).expect("the tree reads back")
}

/// How long `f` takes, not counting the freeing of what it made: `neg` exits without
/// freeing a run (a 10⁶-event run takes 60–90 ms to free).
fn time<T>(f: &mut impl FnMut() -> T) -> Duration {
    let start = Instant::now();
    let made = black_box(f());
    let took = start.elapsed();
    drop(made);
    took
}

/// Times `a` and `b` in alternation; the best time of each.
fn side_by_side<A, B>(
    rounds: usize,
    mut a: impl FnMut() -> A,
    mut b: impl FnMut() -> B,
) -> (Duration, Duration) {
    let (mut ta, mut tb) = (Duration::MAX, Duration::MAX);
    for _ in 0..rounds {
        ta = ta.min(time(&mut a));
        tb = tb.min(time(&mut b));
    }
    (ta, tb)
}

/// Rounds so that one side takes about `budget` in all.
fn rounds_for(one: Duration, budget: Duration) -> usize {
    (budget.as_secs_f64() / one.as_secs_f64().max(1e-9)).clamp(3.0, 500.0) as usize
}

fn mib(bytes: usize) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

/// (a), (b) and (c) on one script.
fn floors(shape: &Shape) {
    let text = generate(shape);
    let run = driver::run_text("bench.neg", text.as_str(), true, false);
    assert_eq!(run.exit_code(), 0, "generated scripts run green");
    let program = parse(&text);
    let json = serde_json::to_string(&program).expect("JSON");
    drop(program);
    let tokens = lex(&text);
    println!(
        "script: {} events, {} actors, {:.1} MiB, {} tokens, {} lines; its tree as JSON: {:.1} MiB",
        shape.events,
        shape.actors,
        mib(text.len()),
        tokens,
        scan(&text),
        mib(json.len())
    );
    let budget = Duration::from_secs(2);
    let rounds = rounds_for(time(&mut || lex(&text)), budget);
    let (lexing, scanning) = side_by_side(rounds, || lex(&text), || scan(&text));
    let (bounding, scanning2) = side_by_side(rounds, || bounds(&text), || scan(&text));
    let rounds = rounds_for(time(&mut || parse(&text)), budget);
    let (parsing, json_time) = side_by_side(rounds, || parse(&text), || from_json(&json));
    let whole = || driver::run_text("bench.neg", text.as_str(), true, false);
    let rounds = rounds_for(time(&mut { whole }), budget);
    let (running, parsing2) = side_by_side(rounds, whole, || parse(&text));
    let busy = busy_threads(&text, rounds);
    println!();
    println!(
        "{:<44} {:>10} {:>10} {:>8} {:>8}",
        "comparison", "time", "floor", "ratio", "target"
    );
    let row = |what: &str, t: Duration, floor: Duration, target: Option<f64>| {
        let ratio = t.as_secs_f64() / floor.as_secs_f64();
        println!(
            "{what:<44} {:>10} {:>10} {ratio:>8.2} {:>8}",
            ms(t),
            ms(floor),
            target.map_or("-".into(), |t| format!("≤ {t}")),
        );
    };
    row(
        "(a) lex / memchr newline count",
        lexing,
        scanning,
        Some(12.0),
    );
    row("    token bounds only / memchr", bounding, scanning2, None);
    row(
        "(b) lex+parse / serde_json typed AST",
        parsing,
        json_time,
        Some(1.3),
    );
    row("(c) whole run / lex+parse", running, parsing2, Some(1.5));
    for (thread, t) in busy {
        row(&format!("    {thread} busy / lex+parse"), t, parsing2, None);
    }
    println!();
}

/// How long each of the run's two threads was busy (`neg run --stats`), in the
/// fastest of `rounds` runs: what (c) is made of, the run being as slow as the
/// busier of the two.
fn busy_threads(text: &str, rounds: usize) -> Vec<(&'static str, Duration)> {
    let mut fastest: Option<stats::Stats> = None;
    for _ in 0..rounds {
        let mut run = stats::Stats::new();
        drop(driver::run_text_with_stats(
            "bench.neg",
            text,
            true,
            false,
            &mut run,
        ));
        if fastest
            .as_ref()
            .is_none_or(|f| run.total_time() < f.total_time())
        {
            fastest = Some(run);
        }
    }
    let parts = fastest.map(|f| f.stages).unwrap_or_default();
    let parts = parts.into_iter().filter(|stage| stage.part);
    parts.map(|stage| (stage.name, stage.time)).collect()
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}

/// One row of (d): time per event and peak memory.
struct Case {
    label: String,
    events: usize,
    bytes: usize,
    /// Best time of a whole run.
    time: Duration,
    peak: usize,
}

impl Case {
    fn ns_per_event(&self) -> f64 {
        self.time.as_secs_f64() * 1e9 / self.events as f64
    }

    /// Peak memory as a multiple of the script's size.
    fn times_script(&self) -> f64 {
        self.peak as f64 / self.bytes as f64
    }
}

/// One case of a table: its script, and its peak memory from a first run (counting its
/// own copy of the script, as `neg run` has).
fn case(label: String, shape: Shape) -> (Case, String) {
    let mut text = generate(&shape);
    text.shrink_to_fit();
    let bytes = text.len();
    // Memory is counted in this run only: counting slows the runs that are timed.
    stats::start_counting();
    stats::reset_peak();
    let before = stats::current();
    let run = driver::run_text("bench.neg", &text, true, false);
    let peak = stats::peak() - before;
    assert_eq!(run.exit_code(), 0, "generated scripts run green");
    drop(run);
    stats::stop_counting();
    let case = Case {
        label,
        events: shape.events,
        bytes,
        time: Duration::MAX,
        peak,
    };
    (case, text)
}

/// The cases of one table, timed in turns, round after round, so that a busy spell of
/// the machine falls on all of them alike: each round runs each case for about
/// `TURN` (at least once), and a case's time is its best run.
///
/// Each run takes its memory fresh from the system, as `neg run` does: see
/// [`give_back_memory`].
fn timed(mut cases: Vec<(Case, String)>) -> Vec<Case> {
    const ROUNDS: usize = 8;
    const TURN: Duration = Duration::from_millis(150);
    for _ in 0..ROUNDS {
        for (case, text) in &mut cases {
            let mut whole = || driver::run_text("bench.neg", text.as_str(), true, false);
            let start = Instant::now();
            while start.elapsed() < TURN || case.time == Duration::MAX {
                give_back_memory();
                case.time = case.time.min(time(&mut whole));
            }
        }
    }
    cases.into_iter().map(|(case, _)| case).collect()
}

/// Returns the memory freed so far to the system, so that the next run touches its
/// memory for the first time, page by page, as a `neg run` process does.
///
/// Without it the cases of (d) were not measured alike: glibc keeps freed blocks of
/// up to 32 MiB for reuse, so a run of 10⁵ events took its memory already mapped
/// (a few hundred page faults, against 7,400 in a process), while a run of 10⁶
/// events, whose tables are larger, faulted in all of its 240 MiB every time
/// (45,000–65,000 faults). A page fault costs some 1.7 µs on the machine these
/// figures come from, so that alone made 10⁶ events look 10–20% slower per event
/// than the cases below it.
fn give_back_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `malloc_trim` only returns free memory to the system.
    unsafe {
        malloc_trim(0);
    }
}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
unsafe extern "C" {
    /// glibc: returns free memory at the heap's top and in whole free pages.
    fn malloc_trim(pad: usize) -> std::ffi::c_int;
}

fn table(title: &str, cases: &[Case]) {
    let best = cases
        .iter()
        .map(Case::ns_per_event)
        .fold(f64::MAX, f64::min);
    let worst = cases.iter().map(Case::ns_per_event).fold(0.0, f64::max);
    println!("{title}");
    println!(
        "{:<22} {:>10} {:>12} {:>10} {:>10} {:>12} {:>10}",
        "case", "script", "ns/event", "× best", "M ev/s", "peak memory", "× script"
    );
    for c in cases {
        let ns = c.ns_per_event();
        println!(
            "{:<22} {:>6.1} MiB {ns:>12.0} {:>10.2} {:>10.2} {:>8.1} MiB {:>10.2}",
            c.label,
            mib(c.bytes),
            ns / best,
            1e3 / ns,
            mib(c.peak),
            c.times_script(),
        );
    }
    println!(
        "spread (worst / best time per event): {:.2} (target ≤ 1.3)",
        worst / best
    );
    let most = cases.iter().map(Case::times_script).fold(0.0, f64::max);
    println!("peak memory: at most {most:.2}× the script (target ≤ 4)");
    println!();
}

/// (d): scaling in events and in actors, and the mixes.
fn scaling(quick: bool) {
    let sizes: &[usize] = if quick {
        &[1_000, 10_000, 100_000]
    } else {
        &[1_000, 10_000, 100_000, 1_000_000]
    };
    let cases = sizes
        .iter()
        .map(|&n| case(format!("{n} events"), Shape::new(n, 100)))
        .collect();
    table(
        "(d) scaling in events (100 actors, typical mix)",
        &timed(cases),
    );
    let events = if quick { 10_000 } else { 100_000 };
    let cases = [10, 100, 1_000, 10_000]
        .iter()
        .map(|&a| case(format!("{a} actors"), Shape::new(events, a)))
        .collect();
    table(
        &format!("(d) scaling in actors ({events} events, typical mix)"),
        &timed(cases),
    );
    let mixes = [
        ("talk only", Mix::TALK),
        ("typical", Mix::TYPICAL),
        ("rule-heavy", Mix::RULES),
    ];
    let cases = mixes
        .iter()
        .map(|(name, mix)| case(name.to_string(), Shape::new(events, 100).with_mix(*mix)))
        .collect();
    table(
        &format!("mixes ({events} events, 100 actors)"),
        &timed(cases),
    );
    mistakes(events);
}

/// A script with a syntax error is read twice (the streaming pass stops at it, then
/// the script is read again to report every mistake): how long that takes and its
/// peak memory, against the same script without the mistake, the mistake near the
/// start (after the declarations) and near the end.
fn mistakes(events: usize) {
    let clean = generate(&Shape::new(events, 100));
    let lines: Vec<&str> = clean.lines().collect();
    let first_event = lines.iter().position(|l| l.starts_with("at ")).unwrap_or(0);
    let broken = |at: usize| {
        let mut lines = lines.clone();
        lines.insert(at, "Leader0 says on on");
        lines.join("\n") + "\n"
    };
    let scripts = [
        ("none", clean.clone()),
        ("near the start", broken(first_event + 1)),
        ("near the end", broken(lines.len() - 10)),
    ];
    let mut times = [Duration::MAX; 3];
    for _ in 0..3 {
        for (time_of, (_, text)) in times.iter_mut().zip(&scripts) {
            give_back_memory();
            let mut run = || driver::run_text("bench.neg", text.as_str(), true, false);
            *time_of = (*time_of).min(time(&mut run));
        }
    }
    println!("a syntax error ({events} events, 100 actors)");
    println!(
        "{:<22} {:>10} {:>10} {:>12} {:>10}",
        "where", "time", "× none", "peak memory", "× script"
    );
    for ((name, text), t) in scripts.iter().zip(times) {
        stats::start_counting();
        stats::reset_peak();
        let before = stats::current();
        let run = driver::run_text("bench.neg", text.as_str(), true, false);
        let peak = stats::peak() - before;
        stats::stop_counting();
        let errors = run.diagnostics().iter().filter(|d| d.is_error()).count();
        assert_eq!(errors, usize::from(*name != "none"), "{name}: one error");
        let ratio = t.as_secs_f64() / times[0].as_secs_f64();
        let times_script = peak as f64 / text.len() as f64;
        println!(
            "{name:<22} {:>10} {ratio:>10.2} {:>8.1} MiB {times_script:>10.2}",
            ms(t),
            mib(peak)
        );
    }
    println!();
}
