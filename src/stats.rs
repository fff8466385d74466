//! Time and memory of each stage of a run, for `neg run --stats` and the benchmarks.
//!
//! A *stage* is one step of [`driver`](crate::driver): reading the file, lexing and
//! parsing (one stage: the parser pulls tokens from the lexer as it goes), checking,
//! running, and writing the report. [`Stats::measure`] times a stage and records the
//! *peak memory* while it ran: the most bytes live on the heap at any moment of the
//! stage, counting what earlier stages left behind (the script text, the tree). A
//! stage whose work is shared by two threads working at once (the streaming pass:
//! parsing on one, checking and running on the other) also has *parts*
//! ([`Stats::part`]): how long each thread was busy, which tells which one set the
//! pace.
//!
//! Memory is counted by [`CountingAlloc`], a global allocator wrapping the system
//! one. Only a binary can choose its allocator, so the `neg` binary and the benchmark
//! install it; a program that does not gets times only ([`counting`] is false).
//!
//! It counts only between [`start_counting`] and [`stop_counting`], and what it counts
//! is the bytes allocated since it started and not yet freed. Counting costs: the
//! parser's thread and the checking thread allocate at the same time, and every count
//! moves the counter's cache line from one core to the other (about a tenth of a run's
//! time from 10³ to 10⁵ events). So `neg` counts only for `--stats`, and the benchmark
//! only in the run that measures a case's memory, not in the runs it times.

use std::alloc::{GlobalAlloc, Layout, System};
use std::fmt::Write;
use std::sync::atomic::{AtomicBool, AtomicIsize, Ordering::Relaxed};
use std::time::{Duration, Instant};

static COUNTING: AtomicBool = AtomicBool::new(false);
/// Bytes allocated since counting started, less those freed: below zero when more
/// was freed of what was there before.
static CURRENT: AtomicIsize = AtomicIsize::new(0);
static PEAK: AtomicIsize = AtomicIsize::new(0);
/// Whether [`CountingAlloc`] has counted anything: whether it is installed.
static COUNTED: AtomicBool = AtomicBool::new(false);

/// Counts heap bytes from now on (see the module's docs).
pub fn start_counting() {
    COUNTING.store(true, Relaxed);
}

/// Stops counting; [`current`] and [`peak`] keep their last values.
pub fn stop_counting() {
    COUNTING.store(false, Relaxed);
}

/// The system allocator, counting the bytes live and their peak.
///
/// Install it with `#[global_allocator] static A: CountingAlloc = CountingAlloc;`.
pub struct CountingAlloc;

impl CountingAlloc {
    #[inline]
    fn grew(size: usize) {
        if !COUNTING.load(Relaxed) {
            return;
        }
        let size = size as isize;
        let now = CURRENT.fetch_add(size, Relaxed) + size;
        if now > PEAK.load(Relaxed) {
            PEAK.fetch_max(now, Relaxed);
        }
        if !COUNTED.load(Relaxed) {
            COUNTED.store(true, Relaxed);
        }
    }

    #[inline]
    fn shrank(size: usize) {
        if COUNTING.load(Relaxed) {
            CURRENT.fetch_sub(size as isize, Relaxed);
        }
    }
}

// SAFETY: every call is passed straight to `System`; the counters only observe.
unsafe impl GlobalAlloc for CountingAlloc {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller upholds `GlobalAlloc::alloc`'s contract.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            Self::grew(layout.size());
        }
        p
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as for `alloc`.
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            Self::grew(layout.size());
        }
        p
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` was allocated by `System` with `layout`.
        unsafe { System.dealloc(ptr, layout) };
        Self::shrank(layout.size());
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: as for `dealloc` and `alloc`.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            if new_size >= layout.size() {
                Self::grew(new_size - layout.size());
            } else {
                Self::shrank(layout.size() - new_size);
            }
        }
        p
    }
}

/// Whether [`CountingAlloc`] is the global allocator and has counted: then
/// [`current`] and [`peak`] mean something.
pub fn counting() -> bool {
    COUNTED.load(Relaxed)
}

/// Bytes allocated since counting started and live now (0 without [`CountingAlloc`]).
pub fn current() -> usize {
    CURRENT.load(Relaxed).max(0) as usize
}

/// The most bytes [`current`] has been since the last [`reset_peak`].
pub fn peak() -> usize {
    PEAK.load(Relaxed).max(0) as usize
}

/// Starts a new peak from what is live now.
pub fn reset_peak() {
    PEAK.store(CURRENT.load(Relaxed), Relaxed);
}

/// One measured stage.
#[derive(Clone, Debug)]
pub struct Stage {
    pub name: &'static str,
    pub time: Duration,
    /// The most heap bytes live during the stage.
    pub peak: usize,
    /// Whether this is a part of the stage before it, run on a thread of its own
    /// beside the other parts (its time is the time that thread was busy).
    pub part: bool,
}

/// The stages of one run, in order, and the size of its input.
#[derive(Clone, Debug, Default)]
pub struct Stats {
    pub stages: Vec<Stage>,
    /// Bytes of the script.
    pub input_bytes: usize,
    /// Events the interpreter ran (statements, revelations, rules fired, …).
    pub events: usize,
}

impl Stats {
    pub fn new() -> Self {
        Self::default()
    }

    /// Runs `f` as the stage `name`, recording its time and peak memory.
    pub fn measure<T>(&mut self, name: &'static str, f: impl FnOnce() -> T) -> T {
        reset_peak();
        let start = Instant::now();
        let out = f();
        self.stages.push(Stage {
            name,
            time: start.elapsed(),
            peak: peak(),
            part: false,
        });
        out
    }

    /// Records a part of the last stage that ran beside its other parts on a thread
    /// of its own, busy for `time`.
    pub fn part(&mut self, name: &'static str, time: Duration) {
        self.stages.push(Stage {
            name,
            time,
            peak: 0,
            part: true,
        });
    }

    /// The stages that are not parts of another.
    fn whole(&self) -> impl Iterator<Item = &Stage> {
        self.stages.iter().filter(|s| !s.part)
    }

    pub fn total_time(&self) -> Duration {
        self.whole().map(|s| s.time).sum()
    }

    /// The table `neg run --stats` prints.
    pub fn render(&self) -> String {
        let memory = counting();
        let mut out = String::new();
        let _ = writeln!(out, "{:<20} {:>10} {:>14}", "stage", "time", "peak memory");
        for s in &self.stages {
            let name = if s.part {
                format!("  {} (busy)", s.name)
            } else {
                s.name.to_string()
            };
            let peak = if memory && !s.part {
                mib(s.peak)
            } else {
                "-".into()
            };
            let _ = writeln!(out, "{name:<20} {:>10} {peak:>14}", ms(s.time));
        }
        let total = self.total_time();
        let peak_bytes = self.whole().map(|s| s.peak).max().unwrap_or(0);
        let peak = if memory { mib(peak_bytes) } else { "-".into() };
        let _ = writeln!(out, "{:<20} {:>10} {:>14}", "total", ms(total), peak);
        let secs = total.as_secs_f64().max(1e-9);
        let _ = write!(
            out,
            "script: {} in {} events: {:.2} M events/s",
            mib(self.input_bytes),
            self.events,
            self.events as f64 / secs / 1e6
        );
        if memory && self.input_bytes > 0 {
            let _ = write!(
                out,
                "; peak memory {:.1}× the script",
                peak_bytes as f64 / self.input_bytes as f64
            );
        }
        out.push('\n');
        out
    }
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1e3)
}

fn mib(bytes: usize) -> String {
    format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
}
