//! The REPL's backend: a session of a negotiation, fed one input at a time,
//! knowing nothing of terminals.
//!
//! A [`Session`] is a [`Run`] that grows: its source map registers every input as
//! `repl:N` (N counts the inputs, so an error points at the input it is in), its
//! [`Checker`] keeps the names declared so far and its [`Interp`] the state. The
//! inputs that ran are kept, in order, as the session's *accepted inputs*.
//!
//! Every input is a transaction: it is checked and run on copies of the checker
//! and the state, which replace the session's only when everything went well. An
//! input that does not parse, check or run — or that trips a bug in `neg` —
//! leaves the session exactly as it was. `:undo` replays the accepted inputs but
//! the last on a fresh state; `:save` writes them out as a script that, run,
//! gives the same state.
//!
//! Everything the session says goes to the writer each call is given.

use super::command::{COMMANDS, Command, CommandError};
use super::{input, show, why};
use crate::check::Checker;
use crate::codes::Code;
use crate::diagnostic::{Diagnostic, render};
use crate::driver::{self, Run};
use crate::interp::{Entry, Interp, cond};
use crate::ir::{Cond, Decls};
use crate::parser;
use crate::report::{self, item_text};
use crate::source::{SourceId, Span};
use std::fmt::Write as _;
use std::io::{self, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};

/// What became of one input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// A blank input: nothing to do.
    Empty,
    /// Items ran (or `:load`, `:undo`, `:reset` changed the session).
    Accepted,
    /// It did not parse, check or run, or a command failed: nothing changed.
    Rejected,
    /// A condition or a command that answered without changing anything.
    Answered,
    /// `:quit`.
    Quit,
}

/// One accepted input: its source, and the file it came from if `:load`ed.
#[derive(Clone, Debug)]
struct Accepted {
    src: SourceId,
    loaded: Option<String>,
}

/// A session: the state of a negotiation built up input by input.
pub struct Session {
    run: Run,
    accepted: Vec<Accepted>,
    /// Inputs seen so far, blank ones aside: the N of `repl:N`.
    inputs: usize,
    color: bool,
    /// Name every item in what an input did, even one just typed (for output read
    /// without the input beside it).
    echo: bool,
    /// The files `:save` created: the only ones it replaces.
    saved: Vec<String>,
}

impl Session {
    /// An empty session. `color`: ANSI colour in what it writes.
    pub fn new(color: bool) -> Self {
        let mut sources = crate::source::SourceMap::new();
        let src = sources.add("repl", "");
        Session {
            run: Run {
                sources,
                src,
                checker: Checker::new(),
                interp: Interp::new(true),
                static_diagnostics: Vec::new(),
                ran: true,
                stopped: false,
            },
            accepted: Vec::new(),
            inputs: 0,
            color,
            saved: Vec::new(),
            echo: false,
        }
    }

    /// A session whose output names every item it shows, for when the inputs are
    /// not on the screen above it (standard input that is not a terminal).
    pub fn with_echo(mut self, echo: bool) -> Self {
        self.echo = echo;
        self
    }

    /// The session as a finished run, for reports.
    pub fn run(&self) -> &Run {
        &self.run
    }

    /// How many inputs are accepted (and would be saved).
    pub fn accepted(&self) -> usize {
        self.accepted.len()
    }

    /// Every declared name, sorted: for completion and highlighting.
    pub fn names(&self) -> Vec<String> {
        let mut names: Vec<String> = self.run.checker.names().map(str::to_string).collect();
        names.sort_unstable();
        names
    }

    /// Every channel name, sorted: for completion after `on`.
    pub fn channels(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .run
            .checker
            .decls
            .channels
            .iter()
            .map(|c| c.name.clone())
            .collect();
        names.sort_unstable();
        names
    }

    /// Handles one input given as bytes, as a pipe sends it: text that is not
    /// UTF-8 is an error pointing at the first bad byte.
    pub fn handle_bytes(&mut self, bytes: &[u8], out: &mut dyn Write) -> io::Result<Outcome> {
        match std::str::from_utf8(bytes) {
            Ok(text) => self.handle(text, out),
            Err(e) => {
                let at = e.valid_up_to();
                let src = self.register(&String::from_utf8_lossy(bytes));
                let d = Diagnostic::error(
                    Code::NotUtf8,
                    // In the lossy text the bad byte is U+FFFD, three bytes long.
                    Span::new(src, at..at + char::REPLACEMENT_CHARACTER.len_utf8()),
                    format!("this input is not valid UTF-8 (at byte {at})"),
                )
                .with_label_message("invalid byte here");
                self.show(&[d], out)?;
                Ok(Outcome::Rejected)
            }
        }
    }

    /// Handles one input: items, a bare condition or a `:command`.
    pub fn handle(&mut self, text: &str, out: &mut dyn Write) -> io::Result<Outcome> {
        if text.trim().is_empty() {
            return Ok(Outcome::Empty);
        }
        if text.len() > input::MAX_INPUT {
            let src = self.register("");
            let d = Diagnostic::error(
                Code::TooLarge,
                Span::new(src, 0..0),
                format!(
                    "this input is {} bytes; the limit is {}",
                    text.len(),
                    input::MAX_INPUT
                ),
            )
            .with_help("put it in a file and `:load` it");
            self.show(&[d], out)?;
            return Ok(Outcome::Rejected);
        }
        // Trailing blanks (an empty continuation line) are no part of the input: an
        // error at its end then points just after its last word.
        let text = text.trim_end();
        let src = self.register(text);
        let mut buf = Vec::new();
        // A bug must not end the session: every change is made on copies and
        // committed last, so after a panic the session is as it was.
        let result = catch_unwind(AssertUnwindSafe(|| self.dispatch(src, text, &mut buf)));
        out.write_all(&buf)?;
        match result {
            Ok(outcome) => outcome,
            Err(_) => {
                writeln!(
                    out,
                    "internal error: `neg` failed on this input (a bug; please report it). The session is unchanged."
                )?;
                Ok(Outcome::Rejected)
            }
        }
    }

    fn register(&mut self, text: &str) -> SourceId {
        self.inputs += 1;
        self.run.sources.add(format!("repl:{}", self.inputs), text)
    }

    fn dispatch(&mut self, src: SourceId, text: &str, out: &mut dyn Write) -> io::Result<Outcome> {
        if input::is_command(text) {
            return match text.parse::<Command>() {
                Ok(command) => self.command(src, command, out),
                Err(e) => {
                    self.show(&[command_error(src, e)], out)?;
                    Ok(Outcome::Rejected)
                }
            };
        }
        self.evaluate(src, text, out)
    }

    /// Items or a bare condition, from a registered source.
    fn evaluate(&mut self, src: SourceId, text: &str, out: &mut dyn Write) -> io::Result<Outcome> {
        if let Some(hint) = input::habit(text)
            && !self.run.checker.names().any(|n| n == text.trim())
        {
            writeln!(out, "{hint}")?;
            return Ok(Outcome::Answered);
        }
        let cond_errors = match parser::parse_condition(src, text) {
            Ok(c) => return self.query(&c, out),
            Err(errors) => errors,
        };
        let (program, mut diags) = parser::parse(src, text);
        if diags.iter().any(Diagnostic::is_error) {
            // Say what went wrong with what the input was meant to be: the reading
            // that got further before its first error.
            let first = |ds: &[Diagnostic]| ds.iter().map(|d| d.span().start).min();
            if first(&cond_errors) > first(&diags) {
                diags = cond_errors;
            }
            self.show(&diags, out)?;
            return Ok(Outcome::Rejected);
        }
        let Some(marks) = self.transaction(&program, Accepted { src, loaded: None }, out)? else {
            return Ok(Outcome::Rejected);
        };
        let st = &self.run.interp;
        let shown: Vec<Entry> = st.entries[marks.entries..]
            .iter()
            .filter(|e| match e {
                // Shown below, drawn with their source.
                Entry::Diagnostic(_) => false,
                Entry::Expect(i) => st.expectations[*i].passed,
                _ => true,
            })
            .cloned()
            .collect();
        let typed = (!self.echo).then_some(src);
        let mut text = show::entries(&self.run, &shown, typed, self.color);
        text.push_str(&self.raised(marks));
        if text.is_empty() {
            // A `let` or a `when` rule does nothing yet: say it was taken.
            text = format!("  {}\n", self.dim("ok"));
        }
        out.write_all(text.as_bytes())?;
        Ok(Outcome::Accepted)
    }

    /// Checks and runs a program on copies of the checker and the state, and
    /// commits them, accepting the input, if nothing failed; else writes the errors.
    fn transaction(
        &mut self,
        program: &crate::ast::Program,
        accepted: Accepted,
        out: &mut dyn Write,
    ) -> io::Result<Option<Marks>> {
        let mut checker = self.run.checker.clone();
        let (ops, warnings) = checker.check(program);
        if warnings.iter().any(Diagnostic::is_error) {
            self.show(&warnings, out)?;
            return Ok(None);
        }
        let mut interp = self.run.interp.clone();
        let marks = Marks {
            entries: interp.entries.len(),
            events: interp.events.len(),
            diagnostics: interp.diagnostics.len(),
            expectations: interp.expectations.len(),
            warnings,
        };
        if interp.run(&checker.decls, &ops).is_err() {
            let errors: Vec<Diagnostic> = interp.diagnostics[marks.diagnostics..]
                .iter()
                .filter(|d| d.is_error() && d.code != Code::ExpectationFailed)
                .cloned()
                .collect();
            self.show(&errors, out)?;
            return Ok(None);
        }
        self.run.checker = checker;
        self.run.interp = interp;
        self.accepted.push(accepted);
        Ok(Some(marks))
    }

    /// The warnings and failed expectations an accepted input raised, drawn.
    fn raised(&self, marks: Marks) -> String {
        let mut raised = marks.warnings;
        raised.extend(
            self.run.interp.diagnostics[marks.diagnostics..]
                .iter()
                .cloned(),
        );
        render(&raised, &self.run.sources, self.color)
    }

    /// A bare condition: true or false, and why.
    fn query(&mut self, c: &crate::ast::Cond, out: &mut dyn Write) -> io::Result<Outcome> {
        let Some((checker, cond)) = self.lower(c, out)? else {
            return Ok(Outcome::Rejected);
        };
        let st = &self.run.interp;
        let decls = &checker.decls;
        let mut text = self.verdict(st, decls, &cond);
        for ev in why::taught_by(st, decls, &cond) {
            let span = st.events[ev as usize].span;
            let _ = writeln!(
                text,
                "  {} {}  {}",
                self.dim("taught by"),
                self.location(span),
                item_text(&self.run.sources, span, 60)
            );
        }
        out.write_all(text.as_bytes())?;
        Ok(Outcome::Answered)
    }

    /// Checks a condition against a copy of the checker (a string in it must not
    /// stay interned), writing its errors.
    fn lower(
        &self,
        c: &crate::ast::Cond,
        out: &mut dyn Write,
    ) -> io::Result<Option<(Checker, Cond)>> {
        let mut checker = self.run.checker.clone();
        let (cond, diags) = checker.check_condition(c);
        match cond {
            Some(cond) if !diags.iter().any(Diagnostic::is_error) => Ok(Some((checker, cond))),
            _ => {
                self.show(&diags, out)?;
                Ok(None)
            }
        }
    }

    fn command(
        &mut self,
        src: SourceId,
        command: Command,
        out: &mut dyn Write,
    ) -> io::Result<Outcome> {
        match command {
            Command::Help => {
                out.write_all(help().as_bytes())?;
                Ok(Outcome::Answered)
            }
            Command::Quit => Ok(Outcome::Quit),
            Command::State => {
                let text =
                    report::text::summary(&self.run.interp, &self.run.checker.decls, self.color);
                out.write_all(text.as_bytes())?;
                Ok(Outcome::Answered)
            }
            Command::Json => {
                let doc = report::json::document(&self.run);
                let text = serde_json::to_string_pretty(&doc)
                    .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
                writeln!(out, "{text}")?;
                Ok(Outcome::Answered)
            }
            Command::Why { condition, offset } => self.why(src, &condition, offset, out),
            Command::Undo => self.undo(out),
            Command::Reset => {
                self.run.checker = Checker::new();
                self.run.interp = Interp::new(true);
                self.accepted.clear();
                writeln!(out, "the session is empty again")?;
                Ok(Outcome::Accepted)
            }
            Command::Save(path) => self.save(src, &path, out),
            Command::Load(path) => self.load(&path, out),
        }
    }

    /// `:why CONDITION`: the answer, then the events behind it.
    fn why(
        &mut self,
        src: SourceId,
        condition: &str,
        offset: usize,
        out: &mut dyn Write,
    ) -> io::Result<Outcome> {
        // Parse the condition where it stands in the line, so errors point into it.
        let padded = format!("{}{condition}", " ".repeat(offset));
        let c = match parser::parse_condition(src, &padded) {
            Ok(c) => c,
            Err(diags) => {
                self.show(&diags, out)?;
                return Ok(Outcome::Rejected);
            }
        };
        let Some((checker, cond)) = self.lower(&c, out)? else {
            return Ok(Outcome::Rejected);
        };
        let st = &self.run.interp;
        let decls = &checker.decls;
        let mut text = self.verdict(st, decls, &cond);
        let because = why::because(st, decls, &cond);
        if because.is_empty() {
            let _ = writeln!(
                text,
                "  {}",
                self.dim("no event bears on it: this is how the session started")
            );
        } else {
            let _ = writeln!(text, "{}", self.dim("the events:"));
        }
        for (ev, notes) in because {
            let span = st.events[ev as usize].span;
            let _ = writeln!(
                text,
                "  {}  {}",
                self.location(span),
                item_text(&self.run.sources, span, 64)
            );
            for n in notes {
                let _ = writeln!(text, "      {}", self.dim(&n));
            }
        }
        out.write_all(text.as_bytes())?;
        Ok(Outcome::Answered)
    }

    /// `:undo`: the session as it was before the last accepted input.
    fn undo(&mut self, out: &mut dyn Write) -> io::Result<Outcome> {
        let Some(last) = self.accepted.last().cloned() else {
            writeln!(out, "nothing to undo")?;
            return Ok(Outcome::Answered);
        };
        let keep = &self.accepted[..self.accepted.len() - 1];
        match self.replay(keep) {
            Ok((checker, interp)) => {
                self.run.checker = checker;
                self.run.interp = interp;
                self.accepted.pop();
                let source = self.run.sources.get(last.src);
                writeln!(
                    out,
                    "took back {}: {}",
                    source.name,
                    item_text(
                        &self.run.sources,
                        Span::new(last.src, 0..source.text.len()),
                        60
                    )
                )?;
                Ok(Outcome::Accepted)
            }
            Err(d) => {
                self.show(&[d], out)?;
                Ok(Outcome::Rejected)
            }
        }
    }

    /// Runs accepted inputs again on a fresh state. They ran before, so they run
    /// again; if one does not, that is a bug, reported rather than hidden.
    fn replay(&self, inputs: &[Accepted]) -> Result<(Checker, Interp), Diagnostic> {
        let mut checker = Checker::new();
        let mut interp = Interp::new(true);
        for a in inputs {
            let text = &self.run.sources.get(a.src).text;
            let (program, mut diags) = parser::parse(a.src, text);
            let (ops, check_diags) = checker.check(&program);
            diags.extend(check_diags);
            let failed = diags.into_iter().find(Diagnostic::is_error);
            let failed = match failed {
                Some(d) => Some(d),
                None => interp
                    .run(&checker.decls, &ops)
                    .err()
                    .and_then(|_| interp.diagnostics.last().cloned()),
            };
            if let Some(d) = failed {
                return Err(d.with_note(
                    "this input ran before but not when replayed for `:undo` (a bug; please report it); the session is unchanged",
                ));
            }
        }
        Ok((checker, interp))
    }

    /// `:save FILE`: the accepted inputs as a script, in a new file or one this
    /// session saved before. A file it did not create is left alone, so `:save` never
    /// loses someone's work.
    fn save(&mut self, src: SourceId, path: &str, out: &mut dyn Write) -> io::Result<Outcome> {
        let script = self.script();
        let ours = self.saved.iter().any(|p| p == path);
        let opened = std::fs::OpenOptions::new()
            .write(true)
            .truncate(true)
            .create(ours)
            .create_new(!ours)
            .open(path);
        if opened.is_ok() && !ours {
            // Created here: a later `:save` may replace it, even if this write fails.
            self.saved.push(path.to_string());
        }
        let written = opened.and_then(|mut file| file.write_all(script.as_bytes()));
        let (why, help) = match written {
            Ok(()) => {
                writeln!(
                    out,
                    "saved {} input(s) to {path}; `neg run {path}` replays them",
                    self.accepted.len()
                )?;
                return Ok(Outcome::Answered);
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => (
                "it exists, and `:save` replaces only files it wrote".to_string(),
                Some("save under another name, or move the file away first"),
            ),
            Err(e) => (e.to_string(), None),
        };
        let line = &self.run.sources.get(src).text;
        let at = line.find(path).map_or(0..line.len(), |i| i..i + path.len());
        let mut d = Diagnostic::error(
            Code::CannotWrite,
            Span::new(src, at),
            format!("cannot write `{path}`: {why}"),
        )
        .with_label_message("this file");
        if let Some(help) = help {
            d = d.with_help(help);
        }
        self.show(&[d], out)?;
        Ok(Outcome::Rejected)
    }

    /// The accepted inputs, one after the other, as one script.
    pub fn script(&self) -> String {
        let mut script = String::from(
            "# A neg session, saved by `:save`: running this script gives the session's state.\n",
        );
        for a in &self.accepted {
            let text = &self.run.sources.get(a.src).text;
            if let Some(path) = &a.loaded {
                let _ = writeln!(script, "\n# :load {path}");
            }
            script.push_str(text.trim_end());
            script.push('\n');
            if a.loaded.is_some() {
                script.push('\n');
            }
        }
        script
    }

    /// `:load FILE`: the script runs into the session as one input.
    fn load(&mut self, path: &str, out: &mut dyn Write) -> io::Result<Outcome> {
        let (src, problem) = driver::read_script(&mut self.run.sources, path);
        if let Some(d) = problem {
            self.show(&[d], out)?;
            return Ok(Outcome::Rejected);
        }
        let text = self.run.sources.get(src).text.clone();
        let (program, diags) = parser::parse(src, &text);
        if diags.iter().any(Diagnostic::is_error) {
            self.show(&diags, out)?;
            return Ok(Outcome::Rejected);
        }
        let accepted = Accepted {
            src,
            loaded: Some(path.to_string()),
        };
        let Some(marks) = self.transaction(&program, accepted, out)? else {
            return Ok(Outcome::Rejected);
        };
        let st = &self.run.interp;
        let exps = &st.expectations[marks.expectations..];
        let mut text = format!(
            "loaded {path}: {} item(s), {} event(s); {} expectation(s), {} failed\n",
            program.items.len(),
            st.events.len() - marks.events,
            exps.len(),
            exps.iter().filter(|e| !e.passed).count()
        );
        text.push_str(&self.raised(marks));
        out.write_all(text.as_bytes())?;
        Ok(Outcome::Accepted)
    }

    fn show(&self, diags: &[Diagnostic], out: &mut dyn Write) -> io::Result<()> {
        out.write_all(render(diags, &self.run.sources, self.color).as_bytes())
    }

    /// `true` or `false`, and on the next line why.
    fn verdict(&self, st: &Interp, decls: &Decls, cond: &Cond) -> String {
        let word = match cond::eval(st, decls, cond) {
            true => show::Paint(self.color).wrap("1;32", "true"),
            false => show::Paint(self.color).wrap("1;31", "false"),
        };
        format!("{word}\n  {}\n", cond::explain(st, decls, cond))
    }

    fn dim(&self, text: &str) -> String {
        show::Paint(self.color).dim(text)
    }

    fn location(&self, span: Span) -> String {
        show::location(&self.run.sources, span)
    }
}

/// Where the entries and diagnostics of the state stood before a transaction.
#[derive(Debug)]
struct Marks {
    entries: usize,
    events: usize,
    diagnostics: usize,
    expectations: usize,
    /// What the checker warned about.
    warnings: Vec<Diagnostic>,
}

/// A command line that is not a command, as a diagnostic pointing into it.
fn command_error(src: SourceId, e: CommandError) -> Diagnostic {
    let d = Diagnostic::error(Code::ReplCommand, Span::new(src, e.at), e.message)
        .with_label_message(e.label);
    match e.help {
        Some(help) => d.with_help(help),
        None => d,
    }
}

/// What `:help` says.
fn help() -> String {
    let mut text = String::from(
        "Type items of the language, one or many (they run at once), or a condition to\n\
         ask whether it holds. An unfinished item continues on the next line; an empty\n\
         line runs it as it is (to see what is wrong), Ctrl-C drops it.\n\n\
         \x20 party Israel { leader Rabin  envoy Hirschfeld  spoiler Likud }\n\
         \x20 Rabin knows oslo                    a condition: true or false, and why\n\
         \x20 credibility of Peres < 0\n\n\
         Commands (a unique prefix is enough):\n",
    );
    for (name, usage, what) in COMMANDS {
        let call = format!(":{name} {usage}");
        let _ = writeln!(text, "  {call:<18}  {what}");
    }
    text.push_str("Tab completes names, keywords and commands; Ctrl-D leaves.\n");
    text
}
