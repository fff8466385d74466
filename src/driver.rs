//! The library's front door: read a script, parse, check and run it, and say how it
//! went. The CLI, the tests and the benchmarks all come through here.

use crate::ast::Item;
use crate::check::{Checker, Declared};
use crate::codes::Code;
use crate::diagnostic::Diagnostic;
use crate::interp::Interp;
use crate::ir::{Op, Progress};
use crate::numbering::{Indexes, New, Numbering};
use crate::parser;
use crate::source::{SourceId, SourceMap, Span};
use crate::stats::Stats;
use std::time::{Duration, Instant};

/// Scripts larger than this are refused rather than read. A million-event script is
/// some 70 MB; a run takes about 4 bytes of memory per byte of script, and so does
/// reading a script again for its mistakes, in pieces (`read_again`). Read again
/// whole (`read_whole`: after an unmatched brace or nesting past the bounds), which
/// holds its tokens and tree, it takes 10 to 25 (up to 50 for a file of
/// one-character tokens), so this keeps the worst case within a few GB.
pub const MAX_INPUT: usize = 128 * 1024 * 1024;

/// Everything about one script: its source, what was declared, the state after the
/// run, and every diagnostic.
#[derive(Clone, Debug)]
pub struct Run {
    pub sources: SourceMap,
    pub src: SourceId,
    pub checker: Checker,
    pub interp: Interp,
    /// Problems found before running: reading, syntax, static checks.
    pub static_diagnostics: Vec<Diagnostic>,
    /// Whether the script was run (it is not when static errors were found).
    pub ran: bool,
    /// Whether a run-time error stopped the run.
    pub stopped: bool,
}

impl Run {
    fn new(sources: SourceMap, src: SourceId, record: bool) -> Self {
        Run {
            sources,
            src,
            checker: Checker::new(),
            interp: Interp::new(record),
            static_diagnostics: Vec::new(),
            ran: false,
            stopped: false,
        }
    }

    /// Every diagnostic: static ones first, then those of the run in order.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        let mut all = self.static_diagnostics.clone();
        all.extend(self.interp.diagnostics.iter().cloned());
        all
    }

    pub fn has_static_errors(&self) -> bool {
        self.static_diagnostics.iter().any(Diagnostic::is_error)
    }

    /// 0: ran and every expectation held; 1: an expectation failed or a run-time
    /// error stopped it; 2: it did not read, parse or check.
    pub fn exit_code(&self) -> i32 {
        if self.has_static_errors() {
            2
        } else if self.stopped || self.interp.expectations.iter().any(|e| !e.passed) {
            1
        } else {
            0
        }
    }
}

/// The text of a script file, or a diagnostic saying why it cannot be read. The
/// source is registered either way, so the diagnostic can point into it.
///
/// Every way of failing is one clear error (exit status 2): a missing or unreadable
/// file, a directory, a file over [`MAX_INPUT`], a file that changed while it was
/// being read, and bytes that are not UTF-8 (pointing at the first bad byte).
pub fn read_script(sources: &mut SourceMap, path: &str) -> (SourceId, Option<Diagnostic>) {
    let bytes = if path == "-" {
        read_stdin()
    } else {
        read_path(path)
    };
    let path = if path == "-" { "<stdin>" } else { path };
    match bytes {
        Err((code, why)) => {
            let id = sources.add(path, "");
            let d = Diagnostic::error(
                code,
                Span::new(id, 0..0),
                format!("cannot read `{path}`: {why}"),
            );
            (id, Some(d))
        }
        Ok(bytes) => decode(sources, path, bytes),
    }
}

/// Registers a script given as bytes: its text, or a diagnostic if the bytes are not
/// UTF-8 (then the source holds them decoded lossily, so the diagnostic can point at
/// the first bad byte). A leading byte-order mark is dropped.
pub fn decode(
    sources: &mut SourceMap,
    name: &str,
    bytes: Vec<u8>,
) -> (SourceId, Option<Diagnostic>) {
    if bytes.len() > MAX_INPUT {
        let id = sources.add(name, "");
        return (id, Some(too_large(id, name, bytes.len())));
    }
    match String::from_utf8(bytes) {
        Ok(text) => (sources.add(name, strip_bom(text)), None),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let id = sources.add(name, text);
            let d = Diagnostic::error(
                Code::NotUtf8,
                // In the lossy text the bad byte is U+FFFD, three bytes long.
                Span::new(id, at..at + char::REPLACEMENT_CHARACTER.len_utf8()),
                format!("`{name}` is not valid UTF-8 (at byte {at})"),
            )
            .with_label_message(format!("invalid byte at offset {at}"))
            .with_help("save the script as UTF-8");
            (id, Some(d))
        }
    }
}

fn too_large(id: SourceId, name: &str, len: usize) -> Diagnostic {
    Diagnostic::error(
        Code::TooLarge,
        Span::new(id, 0..0),
        format!("cannot read `{name}`: it is {len} bytes; the limit is {MAX_INPUT} bytes"),
    )
    .with_help("split the script into smaller ones")
}

/// What can be known of a file without reading it: enough to tell whether it
/// changed while it was being read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FileStamp {
    pub len: u64,
    pub modified: Option<std::time::SystemTime>,
}

impl FileStamp {
    pub fn of(meta: &std::fs::Metadata) -> Self {
        FileStamp {
            len: meta.len(),
            modified: meta.modified().ok(),
        }
    }
}

/// Why a regular file read as `read` bytes between the stamps `before` and `after`
/// cannot be trusted to be one version of it, if it cannot. Files whose size the
/// system does not know (it says 0, as for `/proc`) are only compared by time.
pub fn changed_while_read(before: FileStamp, after: FileStamp, read: usize) -> Option<String> {
    let why = if before.len != after.len {
        format!("its size went from {} to {} bytes", before.len, after.len)
    } else if before.modified != after.modified {
        "it was modified".to_string()
    } else if after.len != 0 && read as u64 != after.len {
        format!("{read} of its {} bytes could be read", after.len)
    } else {
        return None;
    };
    Some(format!(
        "it changed while being read ({why}); run again once it is saved"
    ))
}

/// The bytes of a file, refusing directories, files over [`MAX_INPUT`] and files that
/// change while they are read. Never reads more than the limit, so `/dev/zero` is
/// refused too.
fn read_path(path: &str) -> Result<Vec<u8>, (Code, String)> {
    use std::io::Read;
    let cannot = |e: std::io::Error| (Code::CannotRead, e.to_string());
    let meta = std::fs::metadata(path).map_err(cannot)?;
    if meta.is_dir() {
        return Err((Code::CannotRead, "it is a directory".to_string()));
    }
    let too_large = |len: u64| {
        (
            Code::TooLarge,
            format!("it is {len} bytes; the limit is {MAX_INPUT} bytes"),
        )
    };
    if meta.len() > MAX_INPUT as u64 {
        return Err(too_large(meta.len()));
    }
    let mut file = std::fs::File::open(path).map_err(cannot)?;
    let before = file.metadata().map_err(cannot)?;
    let mut bytes = Vec::with_capacity(before.len() as usize);
    (&mut file)
        .take(MAX_INPUT as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    if bytes.len() > MAX_INPUT {
        return Err((
            Code::TooLarge,
            format!("it is over {MAX_INPUT} bytes, the limit"),
        ));
    }
    let after = file.metadata().map_err(cannot)?;
    if before.is_file()
        && let Some(why) =
            changed_while_read(FileStamp::of(&before), FileStamp::of(&after), bytes.len())
    {
        return Err((Code::CannotRead, why));
    }
    Ok(bytes)
}

/// Standard input, for `neg run -`.
fn read_stdin() -> Result<Vec<u8>, (Code, String)> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::io::stdin()
        .take(MAX_INPUT as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| (Code::CannotRead, e.to_string()))?;
    if bytes.len() > MAX_INPUT {
        return Err((
            Code::TooLarge,
            format!("it is over {MAX_INPUT} bytes, the limit"),
        ));
    }
    Ok(bytes)
}

/// A leading byte-order mark is not part of the script.
fn strip_bom(text: String) -> String {
    match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    }
}

/// Parses and checks one registered source and, if `execute` and there are no
/// errors, runs it.
///
/// A script is first read in one streaming pass: each item is checked and lowered as
/// soon as it is parsed (see [`parser::parse_items`]), and run as soon as its batch
/// is checked, so the script is never held as tokens, as a tree or as ops. At the
/// first mistake that pass stops, its run is thrown away, and the script is read
/// again, as two measured stages, so that every mistake is reported with the
/// context of the whole script: in pieces where it can be ([`read_again`]), else
/// whole ([`read_whole`]).
fn go(run: &mut Run, execute: bool, stats: &mut Stats) {
    let text = &run.sources.get(run.src).text;
    run.checker.read_from(text);
    let (src, checker) = (run.src, &mut run.checker);
    let interp = execute.then_some(&mut run.interp);
    let (stage, checking) = if execute {
        ("parse+check+run", "check+run")
    } else {
        ("parse+check", "check")
    };
    let mut diags = match stats.measure(stage, || streamed(src, text, checker, interp)) {
        Some(read) => {
            if let Some(busy) = read.busy {
                stats.part("parse", busy.parser);
                stats.part(checking, busy.checker);
            }
            run.ran = execute;
            run.stopped = read.stopped;
            read.warnings
        }
        None => {
            run.checker = Checker::new();
            run.checker.read_from(text);
            run.interp = Interp::new(run.interp.record);
            let (ops, diags) = match read_again(src, text, &mut run.checker, stats) {
                Some(read) => read,
                None => {
                    run.checker = Checker::new();
                    run.checker.read_from(text);
                    read_whole(src, text, &mut run.checker, stats)
                }
            };
            if execute && !diags.iter().any(Diagnostic::is_error) {
                run.ran = true;
                let (interp, decls) = (&mut run.interp, &run.checker.decls);
                run.stopped = stats.measure("run", || interp.run(decls, &ops).is_err());
            }
            diags
        }
    };
    diags.sort_by_key(|d| (d.span().src, d.span().start));
    run.static_diagnostics.extend(diags);
    stats.events = run.interp.event_count;
}

/// A script with a mistake read again in two passes, its items handed on a few at a
/// time ([`parser::parse_each`]) so that neither its tokens nor its tree are held
/// whole: the first finds its syntax errors and what it declares, the second checks
/// it. The ops, if there is no error (which the streaming pass would have run), and
/// every diagnostic; `None` if the script must be read whole ([`read_whole`]), on a
/// fresh checker.
fn read_again(
    src: SourceId,
    text: &str,
    checker: &mut Checker,
    stats: &mut Stats,
) -> Option<(Vec<Op>, Vec<Diagnostic>)> {
    let mut declared = Declared::default();
    let mut diags = stats.measure("lex+parse", || {
        parser::parse_each(src, text, |items| declared.add(items))
    })?;
    let (ops, checked) = stats.measure("parse again+check", || {
        let mut items = checker.check_each(declared);
        let mut ops = Vec::new();
        // Ops are kept only while there is no error.
        let mut keep = !diags.iter().any(Diagnostic::is_error);
        // (The text reads as it did the first time.)
        parser::parse_each(src, text, |read| {
            for item in read {
                let op = items.item(item);
                keep &= !items.failed();
                if keep {
                    ops.extend(op);
                }
            }
        })?;
        if !keep {
            ops = Vec::new();
        }
        Some((ops, items.finish()))
    })?;
    diags.extend(checked);
    Some((ops, diags))
}

/// A script with a mistake read again whole, as one tree: its ops (meaningful if
/// there is no error) and every diagnostic.
fn read_whole(
    src: SourceId,
    text: &str,
    checker: &mut Checker,
    stats: &mut Stats,
) -> (Vec<Op>, Vec<Diagnostic>) {
    let (program, mut diags) = stats.measure("lex+parse", || parser::parse(src, text));
    let (ops, check_diags) = stats.measure("check", || {
        let checked = checker.check(&program);
        drop(program);
        checked
    });
    diags.extend(check_diags);
    (ops, diags)
}

/// Items checked, and then run, at a time.
const BATCH: usize = 1024;
/// The size of the parser's thread's first and smallest batches (see [`next_size`]),
/// and of every batch of a script read on one thread.
const FIRST_BATCH: usize = 32;
/// The parser's thread's batches are at most [`BATCH`] items, and at most one item
/// for this many bytes of the script, but may always reach 128 items.
const BYTES_PER_BATCHED_ITEM: usize = 32 * 1024;
/// ... unless the script is small: a batch never holds more than one item for this
/// many bytes of it (see [`next_size`]).
const BYTES_PER_ITEM_OF_SMALL_BATCH: usize = 2 * 1024;

/// The size of the parser's thread's next batch, after `items` items ending at byte
/// `read` of a text of `len` bytes, the last batch holding `last`.
///
/// Each batch is twice as large as the last, so that checking starts soon, up to a
/// largest size that grows with the script: 128 items up to 4 MiB (some 60,000
/// events), [`BATCH`] from 32 MiB. Small batches keep the two threads closer in step,
/// and fewer items are waiting in the queue between them: at 10³ and 10⁴ events,
/// batches of 128 rather than 1,024 made the run 4–10% faster (trials differed) and
/// took 0.6 MiB off the peak at 10⁴. But each batch taken from a full queue wakes
/// the parser's thread, which costs the checking thread a system call, and at 10⁶
/// events, where that thread is the one waited for, batches of 128 were 10% slower.
///
/// Below 256 KiB a batch holds at most one item for every 2 KiB of the script (33
/// items at 1,000 events), as up to six batches are alive at once (four in the queue,
/// one being filled and one being checked) and each item is 192 bytes. On a script
/// of 1,000 events, batches of up to 128 items made the peak 5.3–6.5 times the
/// script (medians of 31 runs, three rounds), and of up to 33 items 4.9–5.1 times,
/// in the same time. (A queue of one batch also kept that peak at 4.9 times, but
/// made the run some 10% slower.)
///
/// A batch also holds no more than a quarter of the items still to come (guessed from
/// the bytes an item has taken so far), so that little is left to check once the
/// parser is done. On a script of 1,000 events a last batch of 512 items kept the
/// checker busy for a quarter of the run after the parser had finished.
fn next_size(last: usize, items: usize, read: usize, len: usize) -> usize {
    let largest = (len / BYTES_PER_BATCHED_ITEM)
        .clamp(128, BATCH)
        .min(len / BYTES_PER_ITEM_OF_SMALL_BATCH) as u64;
    let to_come = (len - read.min(len)) as u64 * items as u64 / read.max(1) as u64;
    let quarter = (to_come / 4).min(largest) as usize;
    (last * 2).min(quarter).max(FIRST_BATCH)
}

/// The parser's thread's stack: it parses nesting up to [`parser::MAX_DEPTH`], which
/// took under 1 MiB even in a debug build (a test runs that nesting on this thread;
/// with 256 KiB it overflows). glibc keeps a finished thread's stack of up to 40 MiB
/// for the next thread, so a program that reads many scripts does not map and unmap
/// one each time: on a script of 1,000 events that saved 7% (690 → 640 µs) against
/// 64 MiB.
const PARSER_STACK: usize = 16 * 1024 * 1024;

/// What the streaming pass of [`go`] found in a script without mistakes.
struct Streamed {
    warnings: Vec<Diagnostic>,
    /// Whether a run-time error stopped the run.
    stopped: bool,
    /// How long each thread was busy, if the parser had a thread of its own.
    busy: Option<Busy>,
}

/// How long each of the two threads of a streaming pass was busy: its time less the
/// time it waited for the other (`neg run --stats`). The busier of the two is the
/// one that sets the pace.
#[derive(Clone, Copy, Debug, Default)]
struct Busy {
    parser: Duration,
    checker: Duration,
}

/// The streaming pass of [`go`]: the warnings of a script without mistakes, or
/// `None` at the first mistake. With an interpreter, each checked batch is run at
/// once and its ops dropped.
///
/// A batch can be run as soon as it is checked: running a script's ops in pieces is
/// running them whole (the REPL relies on it), since every rule a top-level op sets
/// off has fired before the next op runs.
fn streamed(
    src: SourceId,
    text: &str,
    checker: &mut Checker,
    mut interp: Option<&mut Interp>,
) -> Option<Streamed> {
    let mut ops = Vec::new();
    let mut stopped = false;
    let mut items = checker.items();
    // Checks and runs one batch; false at a mistake.
    let take = |batch: &Batch| {
        let read = batch.items.last().map_or(0, |item| item.span.end as usize);
        items.numbered(&batch.new, Progress::new(read, text.len()));
        for item in &batch.items {
            ops.extend(items.item(item));
        }
        if items.failed() {
            return false;
        }
        if let Some(interp) = interp.as_deref_mut() {
            stopped = stopped || interp.run(items.decls(), &ops).is_err();
        }
        ops.clear();
        true
    };
    let (numbered, busy) = if text.len() <= ONE_THREAD {
        (on_this_thread(src, text, take), None)
    } else {
        let (numbered, busy) = on_a_parser_thread(src, text, take);
        (numbered, Some(busy))
    };
    let failed = items.failed();
    let warnings = items.finish();
    checker.adopt(numbered?);
    (!failed && !warnings.iter().any(Diagnostic::is_error)).then_some(Streamed {
        warnings,
        stopped,
        busy,
    })
}

/// Items parsed, with the texts they were the first to have, and whether names come
/// numbered (see [`Numbering`]).
struct Batch<'a> {
    items: Vec<Item<'a>>,
    new: New<'a>,
}

impl<'a> Batch<'a> {
    /// The items read so far, with the texts numbered since the last batch.
    fn seal(items: Vec<Item<'a>>, numbering: &mut Numbering<'a>) -> Self {
        Batch {
            items,
            new: numbering.take_new(),
        }
    }
}

/// Scripts up to this size (some 600 events) are parsed on the thread that checks
/// them: a thread of its own would cost more than it saves.
const ONE_THREAD: usize = 48 * 1024;

/// Parses `text`, numbering its texts and names, and hands its items to `take` in
/// batches, in order, until `take` says stop. The indexes of the texts and names, if
/// the whole script was parsed and taken.
///
/// On one thread a batch costs no more than a call, so batches are small: few items
/// are alive at a time. With batches of 1,024 a script of 44 KB peaked at 12.2 times
/// its size, with batches of 32 at 5.8, and ran 10% faster (0.655 → 0.59 ms).
fn on_this_thread<'a>(
    src: SourceId,
    text: &'a str,
    mut take: impl FnMut(&Batch<'a>) -> bool,
) -> Option<Indexes> {
    let mut numbering = Numbering::new(text, false);
    let mut items = Vec::with_capacity(FIRST_BATCH);
    let parsed = parser::parse_items(src, text, &mut items, |items| {
        numbering.last(items);
        items.len() < FIRST_BATCH || {
            let batch = Batch::seal(std::mem::take(items), &mut numbering);
            let taken = take(&batch);
            *items = batch.items;
            items.clear();
            taken
        }
    });
    let batch = Batch::seal(items, &mut numbering);
    (parsed && take(&batch)).then(|| numbering.finish())
}

/// [`on_this_thread`], with the parser on a thread of its own: parsing and checking
/// take about as long as each other. A mistake on either side stops both. Also how
/// long each thread was busy.
fn on_a_parser_thread<'a>(
    src: SourceId,
    text: &'a str,
    mut take: impl FnMut(&Batch<'a>) -> bool,
) -> (Option<Indexes>, Busy) {
    std::thread::scope(|scope| {
        let start = Instant::now();
        let (batches, received) = std::sync::mpsc::sync_channel::<Batch>(4);
        // Checked batches go back to be freed where they were allocated: freeing
        // another thread's memory costs a lock on it.
        let (checked, spent) = std::sync::mpsc::channel::<Batch>();
        let spawned = std::thread::Builder::new()
            .name("parser".into())
            .stack_size(PARSER_STACK)
            .spawn_scoped(scope, move || {
                let start = Instant::now();
                let mut waited = Duration::ZERO;
                let mut send = |batch| {
                    let asked = Instant::now();
                    let sent = batches.send(batch).is_ok();
                    waited += asked.elapsed();
                    sent
                };
                // With a thread of its own, the parser numbers names too: the checker
                // then finds a label by its number and keeps no table of names while
                // it reads (see `docs/choices.md`, "How a script is read").
                let mut numbering = Numbering::new(text, true);
                let (mut size, mut sent) = (FIRST_BATCH, 0);
                let mut items = Vec::with_capacity(size);
                let parsed = parser::parse_items(src, text, &mut items, |items| {
                    let read = numbering.last(items);
                    if items.len() < size {
                        return true;
                    }
                    spent.try_iter().for_each(drop);
                    sent += size;
                    size = next_size(size, sent, read, text.len());
                    let full = std::mem::replace(items, Vec::with_capacity(size));
                    send(Batch::seal(full, &mut numbering))
                });
                let last = Batch::seal(items, &mut numbering);
                let indexes = (parsed && send(last)).then(|| numbering.finish());
                (indexes, start.elapsed().saturating_sub(waited))
            });
        let Ok(parser) = spawned else {
            return (None, Busy::default());
        };
        let mut waited = Duration::ZERO;
        let mut taken = true;
        while taken {
            let asked = Instant::now();
            let Ok(batch) = received.recv() else { break };
            waited += asked.elapsed();
            taken = take(&batch);
            // Once the parser is done, nobody frees what is sent back: free it here.
            if let Err(e) = checked.send(batch) {
                drop(e.0);
            }
        }
        let checker = start.elapsed().saturating_sub(waited);
        // The parser stops at its next batch if it is still going.
        drop(received);
        let (indexes, parser) = parser.join().unwrap_or((None, Duration::ZERO));
        (indexes.filter(|_| taken), Busy { parser, checker })
    })
}

/// Parses and checks a script file without running it.
pub fn check_file(path: &str) -> Run {
    load(path, false, false, &mut Stats::new())
}

/// Parses, checks and runs a script file. `record` keeps the transcript.
pub fn run_file(path: &str, record: bool) -> Run {
    load(path, true, record, &mut Stats::new())
}

/// [`run_file`], measuring each stage (`neg run --stats`).
pub fn run_file_with_stats(path: &str, record: bool, stats: &mut Stats) -> Run {
    load(path, true, record, stats)
}

fn load(path: &str, execute: bool, record: bool, stats: &mut Stats) -> Run {
    let mut sources = SourceMap::new();
    let (src, problem) = stats.measure("read", || read_script(&mut sources, path));
    stats.input_bytes = sources.get(src).text.len();
    let mut run = Run::new(sources, src, record);
    match problem {
        Some(d) => run.static_diagnostics.push(d),
        None => go(&mut run, execute, stats),
    }
    run
}

/// Parses, checks and (if `execute`) runs a script given as text.
pub fn run_text(name: &str, text: &str, execute: bool, record: bool) -> Run {
    run_text_with_stats(name, text, execute, record, &mut Stats::new())
}

/// [`run_text`], measuring each stage.
pub fn run_text_with_stats(
    name: &str,
    text: &str,
    execute: bool,
    record: bool,
    stats: &mut Stats,
) -> Run {
    let mut sources = SourceMap::new();
    if text.len() > MAX_INPUT {
        let src = sources.add(name, "");
        let mut run = Run::new(sources, src, record);
        run.static_diagnostics
            .push(too_large(src, name, text.len()));
        return run;
    }
    let src = sources.add(name, text);
    stats.input_bytes = sources.get(src).text.len();
    let mut run = Run::new(sources, src, record);
    go(&mut run, execute, stats);
    run
}

/// Parses, checks and (if `execute`) runs a script given as bytes, as if read from a
/// file of that name (see [`decode`]).
pub fn run_bytes(name: &str, bytes: Vec<u8>, execute: bool, record: bool) -> Run {
    let mut sources = SourceMap::new();
    let (src, problem) = decode(&mut sources, name, bytes);
    let mut run = Run::new(sources, src, record);
    match problem {
        Some(d) => run.static_diagnostics.push(d),
        None => go(&mut run, execute, &mut Stats::new()),
    }
    run
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batches_double_up_to_the_largest() {
        let far = 100_000_000;
        assert_eq!(next_size(FIRST_BATCH, 32, 2_000, far), 2 * FIRST_BATCH);
        assert_eq!(next_size(512, 992, 60_000, far), BATCH);
        assert_eq!(next_size(BATCH, 50_000, 3_000_000, far), BATCH);
    }

    #[test]
    fn small_scripts_have_small_batches() {
        // 10,000 events (650 KB): 128 at most.
        assert_eq!(next_size(64, 96, 6_000, 650_000), 128);
        assert_eq!(next_size(128, 224, 14_000, 650_000), 128);
        // 100,000 events (6.5 MB): one item for every 32 KiB.
        assert_eq!(next_size(128, 352, 22_000, 6_500_000), 198);
        assert_eq!(next_size(198, 550, 34_000, 6_500_000), 198);
    }

    #[test]
    fn a_small_script_has_an_item_in_a_batch_for_every_2_kib() {
        // 1,000 events (69 KB): 33 items at most.
        assert_eq!(next_size(64, 96, 6_000, 69_000), 33);
        // 200 KB: 97.
        assert_eq!(next_size(64, 96, 6_000, 200_000), 97);
        // From 256 KiB on, 128 as before.
        assert_eq!(next_size(128, 224, 14_000, 262_144), 128);
    }

    #[test]
    fn batches_shrink_to_a_quarter_of_what_is_left() {
        // 4,000 items in 260,000 bytes, 20,000 bytes left: some 300 items to come.
        assert_eq!(next_size(128, 4_000, 260_000, 280_000), 76);
        // Never below the first batch's size, even at the very end.
        assert_eq!(next_size(64, 1_100, 68_990, 69_000), FIRST_BATCH);
        assert_eq!(next_size(64, 1_100, 69_000, 69_000), FIRST_BATCH);
    }
}
