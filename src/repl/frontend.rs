//! The REPL at a terminal, on rustyline: prompts, multi-line input, completion,
//! hints, highlighting and history, in front of a [`Session`].
//!
//! Multi-line input: Enter on an input that needs more (see [`input`]) starts a
//! continuation line instead of running it. rustyline has no continuation prompt,
//! so the new line begins with [`PAD`] — blanks as wide as the prompt, drawn as
//! `...> ` by the highlighter — and two spaces per open brace. The [`Validator`]
//! applies the same rule when Enter comes with the cursor inside the input. An
//! empty continuation line runs the input as it is, to show what is wrong with it;
//! Ctrl-C drops it.
//!
//! Colour only when standard output is a terminal and `NO_COLOR` is not set
//! (rustyline does not highlight otherwise). History lives in
//! `$XDG_DATA_HOME/neg/history` (by default `~/.local/share/neg/history`).

use super::command::COMMANDS;
use super::input;
use super::session::{Outcome, Session};
use crate::lexer::{Kw, Token, lex};
use rustyline::completion::{Completer, FilenameCompleter, Pair};
use rustyline::error::ReadlineError;
use rustyline::highlight::{CmdKind, Highlighter};
use rustyline::hint::{Hint, Hinter};
use rustyline::history::FileHistory;
use rustyline::validate::{ValidationContext, ValidationResult, Validator};
use rustyline::{
    Cmd, CompletionType, ConditionalEventHandler, Config, Context, Editor, Event, EventContext,
    EventHandler, Helper, KeyCode, KeyEvent, Modifiers, Movement, RepeatCount,
};
use std::borrow::Cow;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

const PROMPT: &str = "neg> ";
const STYLED_PROMPT: &str = "\x1b[1;36mneg>\x1b[0m ";
/// Starts each continuation line: as wide as the prompt, drawn as `CONTINUATION`.
pub const PAD: &str = "     ";
const CONTINUATION: &str = "...> ";
/// Indentation per open brace on a continuation line.
const INDENT: &str = "  ";

/// Runs the REPL at the terminal; returns the exit status.
pub fn run() -> i32 {
    let color = std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let mut session = Session::new(color);
    let mut editor = match editor() {
        Ok(e) => e,
        Err(e) => {
            eprintln!("note: no line editor ({e}); reading plain lines");
            let stdin = std::io::stdin();
            return super::lines::run(&mut stdin.lock(), &mut std::io::stdout().lock());
        }
    };
    let history = history_file();
    if let Some(path) = &history
        && path.exists()
        && let Err(e) = editor.load_history(path)
    {
        eprintln!("note: cannot read the history in {}: {e}", path.display());
    }
    let mut history_broken = false;
    println!(
        "neg {} — type declarations, events or a condition; :help for help, Ctrl-D to leave",
        env!("CARGO_PKG_VERSION")
    );
    let mut stdout = std::io::stdout();
    loop {
        let line = match editor.readline(&(PROMPT, STYLED_PROMPT)) {
            Ok(line) => line,
            Err(ReadlineError::Interrupted) => continue,
            Err(ReadlineError::Eof) => break,
            Err(e) => {
                eprintln!("error: {e}");
                return 1;
            }
        };
        if !line.trim().is_empty() {
            let _ = editor.add_history_entry(line.trim_end());
            if let (Some(path), false) = (&history, history_broken)
                && let Err(e) = save_history(&mut editor, path)
            {
                eprintln!(
                    "note: the history will not be kept: cannot write {}: {e}",
                    path.display()
                );
                history_broken = true;
            }
        }
        let outcome = session.handle(&line, &mut stdout);
        let _ = stdout.flush();
        match outcome {
            Ok(Outcome::Quit) => break,
            Ok(_) => {}
            Err(e) => {
                eprintln!("error: {e}");
                return 1;
            }
        }
        if let Some(helper) = editor.helper_mut() {
            helper.names = session.names();
            helper.channels = session.channels();
        }
    }
    0
}

fn editor() -> rustyline::Result<Editor<NegHelper, FileHistory>> {
    let config = Config::builder()
        .history_ignore_space(true)
        .history_ignore_dups(true)?
        .max_history_size(5000)?
        .auto_add_history(false)
        .completion_type(CompletionType::List)
        .build();
    let mut editor = Editor::with_config(config)?;
    editor.set_helper(Some(NegHelper::default()));
    editor.bind_sequence(
        KeyEvent(KeyCode::Enter, Modifiers::NONE),
        EventHandler::Conditional(Box::new(Enter)),
    );
    editor.bind_sequence(
        KeyEvent(KeyCode::Char('}'), Modifiers::NONE),
        EventHandler::Conditional(Box::new(CloseBrace)),
    );
    Ok(editor)
}

/// `$XDG_DATA_HOME/neg/history`, or the platform's data directory.
pub fn history_file() -> Option<PathBuf> {
    let xdg = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute());
    xdg.or_else(dirs::data_dir)
        .map(|dir| dir.join("neg").join("history"))
}

fn save_history(
    editor: &mut Editor<NegHelper, FileHistory>,
    path: &PathBuf,
) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    editor
        .append_history(path)
        .map_err(|e| std::io::Error::other(e.to_string()))
}

/// Does the input need another line? Not when its last line is blank: that is the
/// person asking to run it as it is.
pub fn needs_more(text: &str) -> bool {
    let last_line_blank = text
        .rsplit_once('\n')
        .is_some_and(|(_, last)| last.trim().is_empty());
    !last_line_blank && input::is_incomplete(text)
}

/// What Enter inserts to continue an input: a line break, [`PAD`], indentation.
pub fn continuation(text: &str) -> String {
    format!("\n{PAD}{}", INDENT.repeat(input::depth(text).min(20)))
}

/// Enter at the end of an input that needs more: a continuation line.
struct Enter;

impl ConditionalEventHandler for Enter {
    fn handle(&self, _: &Event, _: RepeatCount, _: bool, ctx: &EventContext) -> Option<Cmd> {
        let line = ctx.line();
        (ctx.pos() == line.len() && needs_more(line)).then(|| Cmd::Insert(1, continuation(line)))
    }
}

/// `}` typed on a fresh continuation line takes back one indentation step.
struct CloseBrace;

impl ConditionalEventHandler for CloseBrace {
    fn handle(&self, _: &Event, _: RepeatCount, _: bool, ctx: &EventContext) -> Option<Cmd> {
        let before = &ctx.line()[..ctx.pos()];
        let (_, current) = before.rsplit_once('\n')?;
        dedent(current).map(|line| Cmd::Replace(Movement::BeginningOfLine, Some(line)))
    }
}

/// A blank continuation line, one indentation step less, with `}`; `None` if
/// there is no step to take back.
pub fn dedent(current: &str) -> Option<String> {
    let indent = current.strip_prefix(PAD)?;
    (indent.ends_with(INDENT) && indent.trim().is_empty())
        .then(|| format!("{PAD}{}}}", &indent[INDENT.len()..]))
}

/// Completion, hints, highlighting and validation, from the names declared so far.
#[derive(Default)]
pub struct NegHelper {
    pub names: Vec<String>,
    pub channels: Vec<String>,
    files: FilenameCompleter,
}

impl Helper for NegHelper {}

impl Validator for NegHelper {
    fn validate(&self, ctx: &mut ValidationContext) -> rustyline::Result<ValidationResult> {
        Ok(if needs_more(ctx.input()) {
            ValidationResult::Incomplete
        } else {
            ValidationResult::Valid(None)
        })
    }
}

impl Completer for NegHelper {
    type Candidate = Pair;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        _: &Context<'_>,
    ) -> rustyline::Result<(usize, Vec<Pair>)> {
        if takes_file(&line[..pos]) {
            return self.files.complete_path(line, pos);
        }
        let (start, words) = completions(&line[..pos], &self.names, &self.channels);
        let pairs = words
            .into_iter()
            .map(|w| Pair {
                display: w.clone(),
                replacement: w,
            })
            .collect();
        Ok((start, pairs))
    }
}

/// Is the cursor in the file argument of `:load` or `:save`?
fn takes_file(before: &str) -> bool {
    let t = before.trim_start();
    let Some((name, _)) = t
        .strip_prefix(':')
        .and_then(|c| c.split_once(char::is_whitespace))
    else {
        return false;
    };
    ["load", "save"]
        .iter()
        .any(|c| !name.is_empty() && c.starts_with(name) && !"s".eq(name))
}

/// Keywords that only one or a few words can follow.
const FOLLOWS: &[(&str, &[&str])] = &[
    ("is", &["exposed", "mobilized", "common"]),
    ("common", &["knowledge"]),
    ("lost", &["access"]),
    ("authorized", &["by"]),
    ("endless", &["after"]),
    ("credibility", &["of"]),
    ("mobilization", &["of"]),
    ("trust", &["between"]),
    ("everything", &["on"]),
    ("who", &["knows"]),
    ("at", &["day", "round"]),
];

/// Where the word being typed starts, and what could complete it: commands at the
/// start of a `:` line; after a word that only certain keywords follow, those;
/// after `on`, channels; else names, then keywords.
pub fn completions(before: &str, names: &[String], channels: &[String]) -> (usize, Vec<String>) {
    let start = before
        .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .map_or(0, |i| i + 1);
    let prefix = &before[start..];
    let head = before[..start].trim_start();
    if head == ":" {
        let words = COMMANDS
            .iter()
            .filter(|(n, ..)| n.starts_with(prefix))
            .map(|(n, ..)| format!(":{n}"))
            .collect();
        return (start - 1, words);
    }
    let previous = before[..start].split_whitespace().last();
    if let Some((_, next)) = FOLLOWS.iter().find(|(word, _)| Some(*word) == previous) {
        let words = next
            .iter()
            .filter(|k| k.starts_with(prefix))
            .map(|k| k.to_string())
            .collect();
        return (start, words);
    }
    let mut words: Vec<String> = if previous == Some("on") {
        channels
            .iter()
            .filter(|n| n.starts_with(prefix))
            .cloned()
            .collect()
    } else {
        names
            .iter()
            .filter(|n| n.starts_with(prefix))
            .cloned()
            .collect()
    };
    if previous != Some("on") {
        let keywords: Vec<String> = Kw::ALL
            .iter()
            .map(|k| k.as_str())
            .filter(|k| k.starts_with(prefix) && !words.iter().any(|w| w == k))
            .map(str::to_string)
            .collect();
        words.extend(keywords);
    }
    (start, words)
}

/// A hint: what is shown after the cursor, and what Right arrow inserts.
pub struct NegHint {
    display: String,
    completion: Option<String>,
}

impl Hint for NegHint {
    fn display(&self) -> &str {
        &self.display
    }
    fn completion(&self) -> Option<&str> {
        self.completion.as_deref()
    }
}

impl Hinter for NegHelper {
    type Hint = NegHint;

    fn hint(&self, line: &str, pos: usize, _: &Context<'_>) -> Option<NegHint> {
        if pos < line.len() {
            return None;
        }
        hint(line, &self.names, &self.channels).map(|(display, completion)| NegHint {
            display,
            completion,
        })
    }
}

/// The hint at the end of `line`: the rest of a command and what it takes, or the
/// rest of the only name or keyword the last word can become.
pub fn hint(line: &str, names: &[String], channels: &[String]) -> Option<(String, Option<String>)> {
    let t = line.trim_start();
    if let Some(typed) = t.strip_prefix(':') {
        let (name, arg) = match typed.split_once(' ') {
            Some((n, a)) => (n, Some(a)),
            None => (typed, None),
        };
        let found: Vec<_> = COMMANDS
            .iter()
            .filter(|(n, ..)| !name.is_empty() && n.starts_with(name))
            .collect();
        let [(full, usage, _)] = found.as_slice() else {
            return None;
        };
        return match arg {
            None => {
                let rest = &full[name.len()..];
                let display = match *usage {
                    "" => rest.to_string(),
                    usage => format!("{rest} {usage}"),
                };
                let completion = (!rest.is_empty()).then(|| rest.to_string());
                (!display.is_empty()).then_some((display, completion))
            }
            Some("") if !usage.is_empty() => Some((usage.to_string(), None)),
            Some(_) => None,
        };
    }
    let (_, words) = completions(line, names, channels);
    let start = line
        .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .map_or(0, |i| i + 1);
    let prefix = &line[start..];
    match words.as_slice() {
        [only] if !prefix.is_empty() && only.len() > prefix.len() => {
            let rest = only[prefix.len()..].to_string();
            Some((rest.clone(), Some(rest)))
        }
        _ => None,
    }
}

impl Highlighter for NegHelper {
    fn highlight<'l>(&self, line: &'l str, _: usize) -> Cow<'l, str> {
        Cow::Owned(highlight(line, &self.names))
    }

    fn highlight_hint<'h>(&self, hint: &'h str) -> Cow<'h, str> {
        Cow::Owned(format!("\x1b[2m{hint}\x1b[0m"))
    }

    fn highlight_char(&self, _: &str, _: usize, kind: CmdKind) -> bool {
        kind != CmdKind::MoveCursor
    }
}

fn paint(out: &mut String, style: &str, text: &str) {
    if text.is_empty() {
        return;
    }
    out.push_str("\x1b[");
    out.push_str(style);
    out.push('m');
    out.push_str(text);
    out.push_str("\x1b[0m");
}

/// The input with ANSI colours: keywords bold, declared names cyan, strings
/// green, numbers magenta, comments and the continuation prompt dim, commands
/// yellow, mistakes red. Only escapes are added: the visible text stays as wide.
pub fn highlight(line: &str, names: &[String]) -> String {
    let mut out = String::with_capacity(line.len() * 2);
    let trimmed = line.trim_start();
    if let Some(command) = trimmed.strip_prefix(':') {
        let lead = line.len() - trimmed.len();
        let end = lead + 1 + command.find(char::is_whitespace).unwrap_or(command.len());
        out.push_str(&line[..lead]);
        paint(&mut out, "1;33", &line[lead..end]);
        // The condition of `:why` is highlighted as code; other arguments are not.
        if "why".starts_with(&line[lead + 1..end]) && end > lead + 1 {
            code(&mut out, line, end, names);
        } else {
            out.push_str(&line[end..]);
        }
        return out;
    }
    code(&mut out, line, 0, names);
    out
}

/// Highlights `line[from..]` as `.neg` text.
fn code(out: &mut String, line: &str, from: usize, names: &[String]) {
    let (tokens, _) = lex(0, &line[from..]);
    let mut at = from;
    for (token, span) in tokens {
        let (start, end) = (from + span.start as usize, from + span.end as usize);
        gap(out, &line[at..start]);
        let text = &line[start..end];
        let style = match token {
            Token::Kw(_) => Some("1"),
            Token::Ident(name) if names.binary_search_by(|n| n.as_str().cmp(name)).is_ok() => {
                Some("36")
            }
            Token::Ident(_) | Token::Punct(_) => None,
            Token::Str(_) => Some("32"),
            Token::Int(_) | Token::Decimal(_) | Token::Date(..) => Some("35"),
            Token::Error => Some("31"),
        };
        match style {
            Some(s) => paint(out, s, text),
            None => out.push_str(text),
        }
        at = end;
    }
    gap(out, &line[at..]);
}

/// Text between tokens: blanks, line breaks with their continuation pad, comments.
fn gap(out: &mut String, text: &str) {
    for (i, piece) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let mut rest = piece;
        if i > 0
            && let Some(after) = rest.strip_prefix(PAD)
        {
            paint(out, "2", CONTINUATION);
            rest = after;
        }
        match rest.find('#') {
            Some(hash) => {
                out.push_str(&rest[..hash]);
                paint(out, "2", &rest[hash..]);
            }
            None => out.push_str(rest),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strip(text: &str) -> String {
        let mut out = String::new();
        let mut chars = text.chars();
        while let Some(c) = chars.next() {
            if c == '\x1b' {
                for c in chars.by_ref() {
                    if c == 'm' {
                        break;
                    }
                }
            } else {
                out.push(c);
            }
        }
        out
    }

    #[test]
    fn highlighting_adds_colour_only() {
        let names = vec!["Rabin".to_string(), "oslo".to_string()];
        for line in [
            "Rabin knows oslo # a comment",
            "party P {\n       leader Rabin\n     }",
            ":why Rabin knows \"x\" and credibility of Peres < -1",
            ":load some file.neg",
            "A says \"unterminated",
            "at 1993-08-20 @ é",
        ] {
            let painted = highlight(line, &names);
            let plain = strip(&painted).replace(CONTINUATION, PAD);
            assert_eq!(plain, line, "{painted:?}");
        }
    }

    #[test]
    fn highlighting_marks_keywords_names_strings_and_the_pad() {
        let names = vec!["Rabin".to_string()];
        let painted = highlight("Rabin says \"hi\"\n     Peres", &names);
        assert!(painted.contains("\x1b[36mRabin\x1b[0m"), "{painted:?}");
        assert!(painted.contains("\x1b[1msays\x1b[0m"), "{painted:?}");
        assert!(painted.contains("\x1b[32m\"hi\"\x1b[0m"), "{painted:?}");
        assert!(painted.contains("\x1b[2m...> \x1b[0mPeres"), "{painted:?}");
    }

    #[test]
    fn completion_offers_names_keywords_channels_and_commands() {
        let names = vec![
            "Hirschfeld".to_string(),
            "oslo".to_string(),
            "other".to_string(),
        ];
        let channels = vec!["oslo".to_string()];
        assert_eq!(
            completions("Hir", &names, &channels),
            (0, vec!["Hirschfeld".to_string()])
        );
        let (start, words) = completions("Hirschfeld floats \"x\" on o", &names, &channels);
        assert_eq!((start, words), (25, vec!["oslo".to_string()]));
        let (_, words) = completions("leak oslo to o", &names, &channels);
        assert_eq!(words, ["oslo", "other", "official", "on", "or", "of"]);
        assert_eq!(
            completions(":lo", &names, &channels),
            (0, vec![":load".to_string()])
        );
        assert_eq!(completions(":s", &names, &channels).1, [":state", ":save"]);
    }

    #[test]
    fn hints_finish_the_only_candidate() {
        let names = vec!["Hirschfeld".to_string()];
        assert_eq!(
            hint("Hirs", &names, &[]),
            Some(("chfeld".to_string(), Some("chfeld".to_string())))
        );
        assert_eq!(
            hint(":lo", &names, &[]),
            Some(("ad FILE".to_string(), Some("ad".to_string())))
        );
        assert_eq!(
            hint(":load ", &names, &[]),
            Some(("FILE".to_string(), None))
        );
        assert_eq!(hint(":s", &names, &[]), None, "ambiguous");
        assert_eq!(hint("Hirschfeld ", &names, &[]), None);
    }

    #[test]
    fn continuation_rules() {
        assert!(needs_more("party P {"));
        assert!(needs_more("party P {\n     leader A"));
        assert!(!needs_more("party P {\n     "), "an empty line runs it");
        assert!(!needs_more("party P { leader A }"));
        assert_eq!(continuation("party P {"), format!("\n{PAD}{INDENT}"));
        assert_eq!(dedent("       "), Some("     }".to_string()));
        assert_eq!(dedent("         "), Some("       }".to_string()));
        assert_eq!(dedent("     "), None, "nothing to take back");
        assert_eq!(dedent("       x"), None, "not on a fresh line");
        assert!(takes_file(":load ex"));
        assert!(takes_file(":sa "));
        assert!(!takes_file(":why "));
        assert!(!takes_file(":load"));
    }
}
