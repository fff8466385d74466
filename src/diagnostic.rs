//! The one diagnostic type of `neg`, and its one renderer.
//!
//! Every stage reports problems as [`Diagnostic`]s: a severity, a stable [`Code`],
//! a message in plain words, labelled spans (the first is the primary one), notes and
//! an optional help line. The type knows nothing about terminals; [`render`] turns a
//! list of them into text with ariadne, and [`Diagnostic::to_json`] into the JSON form
//! documented in `docs/json.md`.

mod view;

use crate::codes::Code;
use crate::source::{SourceId, SourceMap, Span};
use ariadne::{Color, Config, IndexType, Label as ALabel, Report, ReportKind};
use serde::Serialize;
use std::collections::HashMap;
use std::fmt;
use view::View;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// A span with a message; the first label of a diagnostic is where it happened.
#[derive(Clone, Debug, PartialEq)]
pub struct Label {
    pub span: Span,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: Code,
    pub message: String,
    pub labels: Vec<Label>,
    pub notes: Vec<String>,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(code: Code, span: Span, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, code, span, message)
    }

    pub fn warning(code: Code, span: Span, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, code, span, message)
    }

    fn new(severity: Severity, code: Code, span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            code,
            message: message.into(),
            labels: vec![Label {
                span,
                message: String::new(),
            }],
            notes: Vec::new(),
            help: None,
        }
    }

    /// Sets the message under the primary span.
    pub fn with_label_message(mut self, message: impl Into<String>) -> Self {
        self.labels[0].message = message.into();
        self
    }

    /// Adds a secondary span, such as the earlier declaration of a duplicate.
    pub fn with_label(mut self, span: Span, message: impl Into<String>) -> Self {
        self.labels.push(Label {
            span,
            message: message.into(),
        });
        self
    }

    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn span(&self) -> Span {
        self.labels[0].span
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The JSON form: severity, code, file, 1-based line and column (in characters)
    /// of the start and end of the primary span, message, help, notes.
    pub fn to_json(&self, sources: &SourceMap) -> JsonDiagnostic {
        let span = self.span();
        let (line, column) = sources.line_col(span);
        let end = Span {
            start: span.end,
            ..span
        };
        let (end_line, end_column) = sources.line_col(end);
        JsonDiagnostic {
            severity: self.severity,
            code: self.code,
            file: sources.get(span.src).name.clone(),
            line,
            column,
            end_line,
            end_column,
            message: self.message.clone(),
            help: self.help.clone(),
            notes: self.notes.clone(),
        }
    }
}

/// A diagnostic as it appears in `--format json` output.
#[derive(Clone, Debug, Serialize)]
pub struct JsonDiagnostic {
    pub severity: Severity,
    pub code: Code,
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub message: String,
    pub help: Option<String>,
    pub notes: Vec<String>,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[{}] {}", self.code, self.message)
    }
}

/// Hands ariadne the views of the sources (see [`view`]), each built once per render
/// for the diagnostics it draws.
struct Cache<'a> {
    map: &'a SourceMap,
    views: HashMap<SourceId, (View, ariadne::Source<String>)>,
}

impl Cache<'_> {
    /// Builds the view of every source the diagnostics point into.
    fn prepare(&mut self, diagnostics: &[Diagnostic]) {
        let mut spans: HashMap<SourceId, Vec<std::ops::Range<usize>>> = HashMap::new();
        for label in diagnostics.iter().flat_map(|d| &d.labels) {
            if (label.span.src as usize) < self.map.len() {
                spans
                    .entry(label.span.src)
                    .or_default()
                    .push(clamp(label.span, self.map));
            }
        }
        for (id, spans) in spans {
            let view = View::new(&self.map.get(id).text, &spans);
            let source = ariadne::Source::from(view.text.clone());
            self.views.insert(id, (view, source));
        }
    }

    /// A span of a source as a range of its view.
    fn range(&self, span: Span) -> std::ops::Range<usize> {
        let r = clamp(span, self.map);
        match self.views.get(&span.src) {
            Some((view, _)) => view.to_view(r.start)..view.to_view(r.end),
            None => r,
        }
    }
}

impl ariadne::Cache<SourceId> for Cache<'_> {
    type Storage = String;

    fn fetch(&mut self, id: &SourceId) -> Result<&ariadne::Source<String>, impl fmt::Debug> {
        match self.views.get(id) {
            Some((_, source)) => Ok(source),
            None => Err(format!("no source {id}")),
        }
    }

    fn display<'b>(&self, id: &'b SourceId) -> Option<impl fmt::Display + 'b> {
        Some(self.map.get(*id).name.clone())
    }
}

/// At most this many diagnostics are drawn; the rest are counted in one line.
pub const MAX_SHOWN: usize = 50;

/// At most this many diagnostics are kept from one stage (lexer, braces, parser,
/// checker); past it they are only counted ([`LeftOut`]), so that a file of millions of
/// mistakes cannot take gigabytes to describe.
pub const MAX_KEPT: usize = 100_000;

/// The diagnostics of one stage past [`MAX_KEPT`]: how many, and the first of them.
#[derive(Debug, Default)]
pub struct LeftOut {
    count: usize,
    first: Option<(Code, Span)>,
}

impl LeftOut {
    /// Moves the diagnostics past the limit out of `diags`, counting them.
    pub fn trim(&mut self, diags: &mut Vec<Diagnostic>) {
        if diags.len() <= MAX_KEPT {
            return;
        }
        if self.first.is_none() {
            let d = &diags[MAX_KEPT];
            self.first = Some((d.code, d.span()));
        }
        self.count += diags.len() - MAX_KEPT;
        diags.truncate(MAX_KEPT);
    }

    /// Counts one diagnostic left out without building it.
    pub fn count(&mut self, code: Code, span: Span) {
        self.first.get_or_insert((code, span));
        self.count += 1;
    }

    /// One diagnostic saying how many were left out, at the first of them; none if
    /// none were.
    pub fn summary(self) -> Option<Diagnostic> {
        let (code, span) = self.first?;
        Some(
            Diagnostic::error(
                code,
                span,
                format!(
                    "{} more problems from here on are not listed: at most {MAX_KEPT} are kept",
                    self.count
                ),
            )
            .with_label_message("the first of them")
            .with_help("fix the problems above first; is this file a .neg script?"),
        )
    }
}

/// Renders diagnostics as a person reads them: the code, the message, the source
/// line with the span underlined, labels, notes and help. No colour unless asked.
///
/// What is drawn is bounded whatever the input: at most [`MAX_SHOWN`] diagnostics,
/// long source lines cut to windows around the spans (`view`), and long words and
/// texts in messages shortened ([`shorten`]).
pub fn render(diagnostics: &[Diagnostic], sources: &SourceMap, color: bool) -> String {
    let shown = &diagnostics[..diagnostics.len().min(MAX_SHOWN)];
    let mut cache = Cache {
        map: sources,
        views: HashMap::new(),
    };
    cache.prepare(shown);
    let mut text = String::new();
    for d in shown {
        text.push_str(&render_one(d, &mut cache, color));
    }
    if diagnostics.len() > MAX_SHOWN {
        let errors = diagnostics[MAX_SHOWN..]
            .iter()
            .filter(|d| d.is_error())
            .count();
        let warnings = diagnostics.len() - MAX_SHOWN - errors;
        text.push_str(&format!(
            "... and {errors} more error(s) and {warnings} more warning(s) not shown\n"
        ));
    }
    text
}

fn render_one(d: &Diagnostic, cache: &mut Cache<'_>, color: bool) -> String {
    let (kind, paint) = match d.severity {
        Severity::Error => (ReportKind::Error, Color::Red),
        Severity::Warning => (ReportKind::Warning, Color::Yellow),
    };
    let span = d.span();
    let message = shorten(&d.message);
    let readable = (span.src as usize) < cache.map.len();
    if !readable || cache.map.get(span.src).text.is_empty() {
        // Nothing to point into (a file that could not be read): the message alone.
        let mut text = format!("[{}] {kind:?}: {message}\n", d.code);
        if let Some(help) = &d.help {
            text.push_str(&format!("  Help: {}\n", shorten(help)));
        }
        return text;
    }
    let mut report = Report::build(kind, (span.src, cache.range(span)))
        .with_config(
            Config::new()
                .with_index_type(IndexType::Byte)
                .with_color(color),
        )
        .with_code(d.code)
        .with_message(&message);
    let known = |l: &&Label| (l.span.src as usize) < cache.map.len();
    for (i, label) in d.labels.iter().enumerate().filter(|(_, l)| known(l)) {
        let mut l = ALabel::new((label.span.src, cache.range(label.span)));
        if !label.message.is_empty() {
            l = l.with_message(shorten(&label.message));
        }
        if color {
            l = l.with_color(if i == 0 { paint } else { Color::Blue });
        }
        report = report.with_label(l.with_order(i as i32));
    }
    for note in &d.notes {
        report = report.with_note(shorten(note));
    }
    if let Some(help) = &d.help {
        report = report.with_help(shorten(help));
    }
    let mut out = Vec::new();
    // Writing into a Vec cannot fail; a failure to draw must not lose the message.
    if report.finish().write(&mut *cache, &mut out).is_err() {
        return format!("{kind:?} [{}]: {message}\n", d.code);
    }
    let text = String::from_utf8_lossy(&out);
    text.lines().map(|line| true_location(line, cache)).fold(
        String::with_capacity(text.len()),
        |mut all, line| {
            all.push_str(&line);
            all.push('\n');
            all
        },
    )
}

/// ariadne's header (`╭─[ file:LINE:COLUMN ]`) gives the column in the view; where
/// the view differs from the source before that point, puts the source's column back.
fn true_location(line: &str, cache: &Cache<'_>) -> String {
    let header = line.trim_start().starts_with(['╭', '├'])
        || line.trim_start().starts_with("\x1b[") && line.contains(['╭', '├']);
    if !header {
        return line.to_string();
    }
    for (id, (view, _)) in &cache.views {
        let source = cache.map.get(*id);
        let Some(at) = line.find(&format!(" {}:", source.name)) else {
            continue;
        };
        let numbers_at = at + source.name.len() + 2;
        let Some((numbers, after)) = line[numbers_at..].split_once(' ') else {
            continue;
        };
        let Some((l, c)) = numbers.split_once(':') else {
            continue;
        };
        let (Ok(l), Ok(c)) = (l.parse::<usize>(), c.parse::<usize>()) else {
            continue;
        };
        let Some(offset) = view.offset_of(l, c) else {
            continue;
        };
        let (l, c) = source.line_col(view.to_original(offset));
        return format!("{}{l}:{c} {after}", &line[..numbers_at]);
    }
    line.to_string()
}

/// A word longer than this (in characters) is shortened in messages.
const LONG_WORD: usize = 60;
/// A message longer than this (in characters) is shortened.
const LONG_TEXT: usize = 1_000;

/// Shortens what a message quotes from the script: each very long word keeps its
/// start and end around `…`, and a very long message keeps its start and end.
pub fn shorten(text: &str) -> String {
    fn cut(s: &str, head: usize, tail: usize) -> String {
        let n = s.chars().count();
        let start: String = s.chars().take(head).collect();
        let end: String = s.chars().skip(n - tail).collect();
        format!("{start}…{end}")
    }
    if text.len() <= LONG_WORD {
        return text.to_string();
    }
    let words: String = text
        .split(' ')
        .map(|w| {
            if w.chars().count() > LONG_WORD {
                cut(w, LONG_WORD * 2 / 3, LONG_WORD / 6)
            } else {
                w.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ");
    if words.chars().count() > LONG_TEXT {
        cut(&words, LONG_TEXT * 4 / 5, LONG_TEXT / 10)
    } else {
        words
    }
}

/// Keeps a span inside its source and on character boundaries, so that ariadne
/// never sees an impossible range.
fn clamp(span: Span, sources: &SourceMap) -> std::ops::Range<usize> {
    let text = &sources.get(span.src).text;
    let mut start = (span.start as usize).min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (span.end as usize).clamp(start, text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    start..end
}
