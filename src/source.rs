//! Sources: every text `neg` reads — a script file, a REPL input — is registered
//! here under a [`SourceId`], and every span in the program points into one of them.
//!
//! A [`Span`] is a source id plus a byte range. Byte offsets are what the lexer
//! produces and what the renderer hands to ariadne; lines and columns (1-based,
//! columns counted in characters) are computed only when a diagnostic is shown.

use serde::{Deserialize, Serialize};
use std::ops::Range;

/// Index of a source in a [`SourceMap`].
pub type SourceId = u32;

/// A byte range inside one source.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Span {
    pub src: SourceId,
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(src: SourceId, range: Range<usize>) -> Self {
        Span {
            src,
            start: range.start as u32,
            end: range.end as u32,
        }
    }

    pub fn range(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }

    /// The smallest span covering both.
    pub fn join(self, other: Span) -> Span {
        Span {
            src: self.src,
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
}

impl chumsky::span::Span for Span {
    type Context = SourceId;
    type Offset = u32;

    fn new(src: SourceId, range: Range<u32>) -> Self {
        Span {
            src,
            start: range.start,
            end: range.end,
        }
    }
    fn context(&self) -> SourceId {
        self.src
    }
    fn start(&self) -> u32 {
        self.start
    }
    fn end(&self) -> u32 {
        self.end
    }
}

/// One registered text with its name (a path, or `repl:7`) and line starts.
#[derive(Debug, Clone)]
pub struct Source {
    pub name: String,
    pub text: String,
    /// Found the first time a line is asked for: a script without diagnostics never
    /// needs them. Offsets fit in `u32`, as in every [`Span`].
    line_starts: std::sync::OnceLock<Vec<u32>>,
}

impl Source {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        Source {
            name: name.into(),
            text: text.into(),
            line_starts: std::sync::OnceLock::new(),
        }
    }

    fn line_starts(&self) -> &[u32] {
        self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(self.text.match_indices('\n').map(|(i, _)| i as u32 + 1))
                .collect()
        })
    }

    /// Where 0-based line `i` starts, if there is such a line.
    fn line_start(&self, i: usize) -> Option<usize> {
        self.line_starts().get(i).map(|&s| s as usize)
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self
            .line_starts()
            .partition_point(|&s| s as usize <= offset)
            - 1;
        let start = self.line_start(line).unwrap_or_default();
        let mut end = offset;
        while !self.text.is_char_boundary(end) {
            end -= 1;
        }
        (line + 1, self.text[start..end].chars().count() + 1)
    }

    /// The text of 1-based line `line`, without its line break.
    pub fn line_text(&self, line: usize) -> &str {
        let start = self
            .line_start(line.wrapping_sub(1))
            .unwrap_or(self.text.len());
        let end = self.line_start(line).unwrap_or(self.text.len());
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }
}

/// Every source `neg` has read in this process, by id.
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    sources: Vec<Source>,
}

impl SourceMap {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add(&mut self, name: impl Into<String>, text: impl Into<String>) -> SourceId {
        self.sources.push(Source::new(name, text));
        (self.sources.len() - 1) as SourceId
    }

    pub fn get(&self, id: SourceId) -> &Source {
        &self.sources[id as usize]
    }

    pub fn len(&self) -> usize {
        self.sources.len()
    }

    pub fn is_empty(&self) -> bool {
        self.sources.is_empty()
    }

    /// Forgets every source from `len` on (the REPL's undo).
    pub fn truncate(&mut self, len: usize) {
        self.sources.truncate(len);
    }

    /// 1-based (line, column) of a span's start.
    pub fn line_col(&self, span: Span) -> (usize, usize) {
        self.get(span.src).line_col(span.start as usize)
    }
}
