//! The one diagnostic type of `neg`, and its one renderer.
//!
//! Every stage reports problems as [`Diagnostic`]s: a severity, a stable [`Code`],
//! a message in plain words, labelled spans (the first is the primary one), notes and
//! an optional help line. The type knows nothing about terminals; [`render`] turns a
//! list of them into text with ariadne, and [`Diagnostic::to_json`] into the JSON form
//! documented in `docs/json.md`.

use crate::codes::Code;
use crate::source::{SourceId, SourceMap, Span};
use ariadne::{Color, Config, IndexType, Label as ALabel, Report, ReportKind};
use serde::Serialize;
use std::collections::HashMap;
use std::fmt;

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

/// Hands ariadne the sources it asks for, each built once per render.
struct Cache<'a> {
    map: &'a SourceMap,
    built: HashMap<SourceId, ariadne::Source<&'a str>>,
}

impl<'a> ariadne::Cache<SourceId> for Cache<'a> {
    type Storage = &'a str;

    fn fetch(&mut self, id: &SourceId) -> Result<&ariadne::Source<&'a str>, impl fmt::Debug> {
        let map = self.map;
        if (*id as usize) >= map.len() {
            return Err(format!("no source {id}"));
        }
        Ok::<_, String>(
            self.built
                .entry(*id)
                .or_insert_with(|| ariadne::Source::from(map.get(*id).text.as_str())),
        )
    }

    fn display<'b>(&self, id: &'b SourceId) -> Option<impl fmt::Display + 'b> {
        Some(self.map.get(*id).name.clone())
    }
}

/// At most this many diagnostics are drawn; the rest are counted in one line.
pub const MAX_SHOWN: usize = 50;

/// Renders diagnostics as a person reads them: the code, the message, the source
/// line with the span underlined, labels, notes and help. No colour unless asked.
pub fn render(diagnostics: &[Diagnostic], sources: &SourceMap, color: bool) -> String {
    let mut cache = Cache {
        map: sources,
        built: HashMap::new(),
    };
    let mut out = Vec::new();
    for d in diagnostics.iter().take(MAX_SHOWN) {
        render_one(d, &mut cache, color, &mut out);
    }
    let mut text = String::from_utf8_lossy(&out).into_owned();
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

fn render_one(d: &Diagnostic, cache: &mut Cache<'_>, color: bool, out: &mut Vec<u8>) {
    let (kind, paint) = match d.severity {
        Severity::Error => (ReportKind::Error, Color::Red),
        Severity::Warning => (ReportKind::Warning, Color::Yellow),
    };
    let span = d.span();
    let mut report = Report::build(kind, (span.src, clamp(span, cache.map)))
        .with_config(
            Config::new()
                .with_index_type(IndexType::Byte)
                .with_color(color),
        )
        .with_code(d.code)
        .with_message(&d.message);
    for (i, label) in d.labels.iter().enumerate() {
        let mut l = ALabel::new((label.span.src, clamp(label.span, cache.map)));
        if !label.message.is_empty() {
            l = l.with_message(&label.message);
        }
        if color {
            l = l.with_color(if i == 0 { paint } else { Color::Blue });
        }
        report = report.with_label(l.with_order(i as i32));
    }
    for note in &d.notes {
        report = report.with_note(note);
    }
    if let Some(help) = &d.help {
        report = report.with_help(help);
    }
    // Writing into a Vec cannot fail; a failure to draw must not lose the message.
    if report.finish().write(&mut *cache, &mut *out).is_err() {
        out.extend_from_slice(format!("{kind:?} [{}]: {}\n", d.code, d.message).as_bytes());
    }
}

/// Keeps a span inside its source so that ariadne never sees an impossible range.
/// Its ends are moved out to character boundaries (a span from byte offsets in a file
/// that was not UTF-8 can fall inside the replacement character).
fn clamp(span: Span, sources: &SourceMap) -> std::ops::Range<usize> {
    let text = &sources.get(span.src).text;
    let len = text.len();
    let mut start = (span.start as usize).min(len);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (span.end as usize).clamp(start, len);
    while !text.is_char_boundary(end) {
        end += 1;
    }
    start..end
}
