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

/// One registered text with its name (a path, or `repl:7`) and an index of its lines.
#[derive(Debug, Clone)]
pub struct Source {
    pub name: String,
    pub text: String,
    /// Where every [`LINES_PER_MARK`]th line starts (lines 0, 16, 32, …), found the
    /// first time a line is asked for: a script without diagnostics never needs
    /// them. A line is found from the mark before it, in at most 15 line breaks; the
    /// index of a million-line script is 300 KB. Offsets fit in `u32`, as in every
    /// [`Span`].
    marks: std::sync::OnceLock<Vec<u32>>,
}

/// Lines from one mark of a [`Source`]'s line index to the next.
const LINES_PER_MARK: usize = 16;

impl Source {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        Source {
            name: name.into(),
            text: text.into(),
            marks: std::sync::OnceLock::new(),
        }
    }

    fn marks(&self) -> &[u32] {
        self.marks.get_or_init(|| {
            let breaks = memchr::memchr_iter(b'\n', self.text.as_bytes());
            std::iter::once(0)
                .chain(
                    breaks
                        .skip(LINES_PER_MARK - 1)
                        .step_by(LINES_PER_MARK)
                        .map(|i| i as u32 + 1),
                )
                .collect()
        })
    }

    /// Where 0-based line `i` starts, if there is such a line.
    fn line_start(&self, i: usize) -> Option<usize> {
        let mut start = *self.marks().get(i / LINES_PER_MARK)? as usize;
        for _ in 0..i % LINES_PER_MARK {
            start += memchr::memchr(b'\n', &self.text.as_bytes()[start..])? + 1;
        }
        Some(start)
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let marks = self.marks();
        let mark = marks.partition_point(|&s| s as usize <= offset) - 1;
        let (mut line, mut start) = (mark * LINES_PER_MARK, marks[mark] as usize);
        let from = start;
        for i in memchr::memchr_iter(b'\n', &self.text.as_bytes()[from..offset]) {
            line += 1;
            start = from + i + 1;
        }
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
        let end = self.line_start(line).unwrap_or(self.text.len()).max(start);
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Lines and columns found the slow way: every line start.
    fn naive(text: &str, offset: usize) -> (usize, usize) {
        let before = &text[..offset];
        let start = before.rfind('\n').map_or(0, |i| i + 1);
        (
            before.matches('\n').count() + 1,
            text[start..offset].chars().count() + 1,
        )
    }

    #[test]
    fn lines_are_found_from_the_marks() {
        // Lines of varied lengths (some empty, some not ASCII), across several marks.
        let text: String = (0..100)
            .map(|i| format!("{}é{}\n", "x".repeat(i % 7), "\n".repeat(i % 3)))
            .collect();
        for text in [text.as_str(), "", "\n", "a", "a\n", "\n\n\nb"] {
            let source = Source::new("t", text);
            for offset in (0..=text.len()).filter(|&o| text.is_char_boundary(o)) {
                assert_eq!(
                    source.line_col(offset),
                    naive(text, offset),
                    "{offset} in {text:?}"
                );
            }
            let lines: Vec<&str> = text.split('\n').collect();
            for (i, line) in lines.iter().enumerate() {
                assert_eq!(source.line_text(i + 1), *line, "line {} of {text:?}", i + 1);
            }
            assert_eq!(source.line_text(lines.len() + 1), "");
            assert_eq!(source.line_text(0), "");
        }
    }
}
