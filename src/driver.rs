//! The library's front door: read a script, parse, check and run it, and say how it
//! went. The CLI, the tests and the benchmarks all come through here.

use crate::check::Checker;
use crate::codes::Code;
use crate::diagnostic::Diagnostic;
use crate::interp::Interp;
use crate::ir::Op;
use crate::parser;
use crate::source::{SourceId, SourceMap, Span};

/// Scripts larger than this are refused rather than read.
pub const MAX_INPUT: usize = 256 * 1024 * 1024;

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
pub fn read_script(sources: &mut SourceMap, path: &str) -> (SourceId, Option<Diagnostic>) {
    let bytes = if path == "-" {
        read_stdin()
    } else {
        read_path(path)
    };
    let path = if path == "-" { "<stdin>" } else { path };
    match bytes {
        Err(why) => {
            let id = sources.add(path, "");
            let code = if why.contains("the limit") {
                Code::TooLarge
            } else {
                Code::CannotRead
            };
            let d = Diagnostic::error(
                code,
                Span::new(id, 0..0),
                format!("cannot read `{path}`: {why}"),
            );
            (id, Some(d))
        }
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => (sources.add(path, strip_bom(text)), None),
            Err(e) => {
                let at = e.utf8_error().valid_up_to();
                let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
                let id = sources.add(path, text);
                // In the lossy text the bad byte is U+FFFD, three bytes long.
                let d = Diagnostic::error(
                    Code::NotUtf8,
                    Span::new(id, at..at + char::REPLACEMENT_CHARACTER.len_utf8()),
                    format!("`{path}` is not valid UTF-8 (at byte {at})"),
                )
                .with_label_message(format!("invalid byte at offset {at}"))
                .with_help("save the script as UTF-8");
                (id, Some(d))
            }
        },
    }
}

/// The bytes of a file, refusing directories and files over [`MAX_INPUT`].
fn read_path(path: &str) -> Result<Vec<u8>, String> {
    let meta = std::fs::metadata(path).map_err(|e| e.to_string())?;
    if meta.is_dir() {
        return Err("it is a directory".to_string());
    }
    if meta.len() as usize > MAX_INPUT {
        return Err(format!(
            "it is {} bytes; the limit is {MAX_INPUT} bytes",
            meta.len()
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    if bytes.len() > MAX_INPUT {
        return Err(format!(
            "it grew to {} bytes while being read; the limit is {MAX_INPUT} bytes",
            bytes.len()
        ));
    }
    Ok(bytes)
}

/// Standard input, for `neg run -`.
fn read_stdin() -> Result<Vec<u8>, String> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::io::stdin()
        .take(MAX_INPUT as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    if bytes.len() > MAX_INPUT {
        return Err(format!("it is over {MAX_INPUT} bytes, the limit"));
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

/// Parses and checks one registered source; returns the ops if there were no errors.
fn front(run: &mut Run) -> Option<Vec<Op>> {
    let text = run.sources.get(run.src).text.clone();
    let (program, mut diags) = parser::parse(run.src, &text);
    let (ops, check_diags) = run.checker.check(&program);
    diags.extend(check_diags);
    diags.sort_by_key(|d| (d.span().src, d.span().start));
    run.static_diagnostics.extend(diags);
    (!run.has_static_errors()).then_some(ops)
}

/// Parses and checks a script file without running it.
pub fn check_file(path: &str) -> Run {
    load(path, false, false)
}

/// Parses, checks and runs a script file. `record` keeps the transcript.
pub fn run_file(path: &str, record: bool) -> Run {
    load(path, true, record)
}

fn load(path: &str, execute: bool, record: bool) -> Run {
    let mut sources = SourceMap::new();
    let (src, problem) = read_script(&mut sources, path);
    let mut run = Run::new(sources, src, record);
    match problem {
        Some(d) => run.static_diagnostics.push(d),
        None => go(&mut run, execute),
    }
    run
}

/// Parses, checks and (if `execute`) runs a script given as text.
pub fn run_text(name: &str, text: &str, execute: bool, record: bool) -> Run {
    let mut sources = SourceMap::new();
    let src = sources.add(name, text);
    let mut run = Run::new(sources, src, record);
    go(&mut run, execute);
    run
}

fn go(run: &mut Run, execute: bool) {
    let Some(ops) = front(run) else { return };
    if execute {
        run.ran = true;
        run.stopped = run.interp.run(&run.checker.decls, &ops).is_err();
    }
}
