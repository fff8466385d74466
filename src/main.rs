//! `neg`: the command line. It parses arguments and calls the library; nothing else.

/// Writes to standard output or error, ignoring a closed pipe (`neg run … | head`):
/// the reader has gone, which is not an error of the script.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stdout().lock(), $($arg)*);
    }};
}
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout().lock(), $($arg)*);
    }};
}
macro_rules! err {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stderr().lock(), $($arg)*);
    }};
}
macro_rules! errln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr().lock(), $($arg)*);
    }};
}

use clap::{Parser, Subcommand, ValueEnum};
use negscript::{codes::Code, diagnostic::render, driver, report, stats};
use std::io::IsTerminal;
use std::process::ExitCode;

/// Counts heap bytes for `--stats` (only then: see `stats::start_counting`).
#[global_allocator]
static ALLOC: stats::CountingAlloc = stats::CountingAlloc;

#[derive(Parser)]
#[command(
    name = "neg",
    version,
    about = "Run .neg scripts: diplomatic negotiations, their channels, and who learns what"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Run a script: a transcript session by session, then a summary.
    Run {
        file: String,
        #[arg(long, value_enum, default_value_t = RunFormat::Text)]
        format: RunFormat,
        /// Only diagnostics and the expectation tally (for large scripts).
        #[arg(long, short)]
        quiet: bool,
        /// Print the time and peak memory of each stage to stderr.
        #[arg(long)]
        stats: bool,
    },
    /// Parse and check scripts without running them.
    Check {
        #[arg(required = true)]
        files: Vec<String>,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Print the syntax tree of a script as JSON, for tools.
    Parse { file: String },
    /// Explain a diagnostic code, such as E0301 (or list them all).
    Explain { code: Option<String> },
    /// Try out a negotiation step by step (also `neg` with no arguments).
    Repl,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Text,
    Json,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum RunFormat {
    Text,
    Json,
    /// A Mermaid sequence diagram of the run (diagnostics go to stderr).
    Mermaid,
}

/// Colour only on a terminal, and never with NO_COLOR set.
fn color() -> bool {
    std::io::stdout().is_terminal() && no_color_unset()
}

fn no_color_unset() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// The stack of the thread that does the work: reserved, not used, so that the
/// recursive stages never run short on conditions and bodies within the limits.
const STACK: usize = 256 * 1024 * 1024;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let work = std::thread::Builder::new()
        .stack_size(STACK)
        .spawn(move || command(cli));
    match work.map(|w| w.join()) {
        Ok(Ok(code)) => ExitCode::from(code as u8),
        Ok(Err(_)) => ExitCode::from(101),
        Err(e) => {
            errln!("error: cannot start: {e}");
            ExitCode::from(2)
        }
    }
}

/// Runs one command; returns the exit status.
fn command(cli: Cli) -> i32 {
    match cli.command {
        None | Some(Command::Repl) => negscript::repl::main(),
        Some(Command::Run {
            file,
            format,
            quiet,
            stats,
        }) => {
            if stats {
                stats::start_counting();
            }
            let mut measured = stats::Stats::new();
            let run = driver::run_file_with_stats(
                &file,
                !quiet || format != RunFormat::Text,
                &mut measured,
            );
            measured.measure("report", || match format {
                RunFormat::Json => write_json(&report::json::document(&run)),
                RunFormat::Mermaid => {
                    let diags = run.diagnostics();
                    let stderr_color = std::io::stderr().is_terminal() && no_color_unset();
                    err!("{}", render(&diags, &run.sources, stderr_color));
                    out!("{}", report::mermaid::diagram(&run));
                }
                RunFormat::Text if quiet => {
                    let diags = run.diagnostics();
                    out!("{}", render(&diags, &run.sources, color()));
                    out!("{}", report::text::tally(&run, color()));
                }
                RunFormat::Text => out!("{}", report::text::transcript(&run, color())),
            });
            if stats {
                err!("{}", measured.render());
            }
            let code = run.exit_code();
            // The process ends now: freeing a large run piece by piece would only
            // cost time (half a second for a million events).
            std::mem::forget(run);
            code
        }
        Some(Command::Check { files, format }) => {
            let runs: Vec<driver::Run> = files.iter().map(|f| driver::check_file(f)).collect();
            let code = runs.iter().map(driver::Run::exit_code).max().unwrap_or(0);
            match format {
                Format::Json => {
                    let diagnostics: Vec<_> = runs
                        .iter()
                        .flat_map(|r| {
                            r.diagnostics()
                                .iter()
                                .map(|d| d.to_json(&r.sources))
                                .collect::<Vec<_>>()
                        })
                        .collect();
                    let doc = serde_json::json!({
                        "files": files,
                        "exit_code": code,
                        "diagnostics": diagnostics,
                        "expectations": [],
                    });
                    write_json(&doc);
                }
                Format::Text => {
                    for (file, run) in files.iter().zip(&runs) {
                        let diags = run.diagnostics();
                        err!(
                            "{}",
                            render(
                                &diags,
                                &run.sources,
                                std::io::stderr().is_terminal() && color()
                            )
                        );
                        if !run.has_static_errors() {
                            outln!("{file}: ok");
                        }
                    }
                }
            }
            // As for `run`: the process ends, the system frees it all at once.
            std::mem::forget(runs);
            code
        }
        Some(Command::Parse { file }) => {
            let mut sources = negscript::source::SourceMap::new();
            let (id, problem) = driver::read_script(&mut sources, &file);
            let text = sources.get(id).text.clone();
            let (program, mut diags) = negscript::parser::parse(id, &text);
            diags.extend(problem);
            let json_diags: Vec<_> = diags.iter().map(|d| d.to_json(&sources)).collect();
            write_json(&serde_json::json!({ "program": program, "diagnostics": json_diags }));
            if diags.iter().any(|d| d.is_error()) {
                2
            } else {
                0
            }
        }
        Some(Command::Explain { code }) => explain(code.as_deref()),
    }
}

/// Writes a JSON document to standard output as it is made: the document of a large
/// run is never held whole. (A closed pipe ends it early; there is no one to tell.)
fn write_json<T: serde::Serialize>(value: &T) {
    use std::io::Write as _;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let _ = serde_json::to_writer_pretty(&mut out, value)
        .map_err(std::io::Error::from)
        .and_then(|()| writeln!(out))
        .and_then(|()| out.flush());
}

fn explain(code: Option<&str>) -> i32 {
    match code {
        None => {
            outln!("The diagnostic codes of neg; `neg explain CODE` explains one.\n");
            for c in Code::ALL {
                outln!("{}  {}", c.as_str(), c.title());
            }
            0
        }
        Some(text) => match Code::parse(text) {
            Some(c) => {
                out!("{}", c.explanation());
                0
            }
            None => {
                errln!("error: `{text}` is not a diagnostic code; `neg explain` lists them");
                2
            }
        },
    }
}
