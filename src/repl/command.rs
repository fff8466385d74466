//! The REPL's `:commands`, parsed from an input line into a [`Command`] by `FromStr`.
//!
//! A command is `:` and its name, then its argument (the rest of the line). A
//! unique prefix of a name is enough (`:st` is `:state`); `:q` and `:h` are
//! short for `:quit` and `:help` even though other names share their letter. A
//! path may be quoted, to keep spaces at its ends; `~/` starts it at home.

use std::ops::Range;
use std::str::FromStr;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    Help,
    /// Run a script into the session.
    Load(String),
    /// The summary of the state.
    State,
    /// Why a condition holds or not: the events behind it. The argument keeps
    /// its offset in the line, so errors can point into it.
    Why {
        condition: String,
        offset: usize,
    },
    /// Take back the last accepted input.
    Undo,
    /// Forget everything.
    Reset,
    /// Write the accepted inputs as a script.
    Save(String),
    /// The state as JSON.
    Json,
    Quit,
}

/// What each command is called, takes, and does: for `:help`, completion and hints.
pub const COMMANDS: &[(&str, &str, &str)] = &[
    ("help", "", "what you can type"),
    ("load", "FILE", "run a script into the session"),
    (
        "state",
        "",
        "the summary: channels, who knows what, positions, numbers",
    ),
    (
        "why",
        "CONDITION",
        "the events that make a condition true, or why it is false",
    ),
    ("undo", "", "take back the last accepted input"),
    ("reset", "", "start again from nothing"),
    (
        "save",
        "FILE",
        "write the accepted inputs as a script that replays the session",
    ),
    ("json", "", "the state as JSON"),
    ("quit", "", "leave (Ctrl-D does too)"),
];

/// A command line that is not a command: what is wrong, and where in the line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommandError {
    pub message: String,
    pub label: String,
    pub help: Option<String>,
    /// Byte range in the line given to `from_str`.
    pub at: Range<usize>,
}

impl FromStr for Command {
    type Err = CommandError;

    fn from_str(line: &str) -> Result<Command, CommandError> {
        let start = line.len() - line.trim_start().len();
        let rest = &line[start..];
        let Some(after_colon) = rest.strip_prefix(':') else {
            return Err(CommandError {
                message: "a command starts with `:`".into(),
                label: "not a command".into(),
                help: Some("`:help` lists the commands".into()),
                at: start..line.trim_end().len().max(start),
            });
        };
        let name_len = after_colon
            .find(char::is_whitespace)
            .unwrap_or(after_colon.len());
        let name = &after_colon[..name_len];
        let name_at = start..start + 1 + name_len;
        let arg_start = start + 1 + name_len;
        let arg_raw = &line[arg_start..];
        let arg = arg_raw.trim();
        let arg_offset = arg_start + (arg_raw.len() - arg_raw.trim_start().len());
        let arg_at = arg_offset..arg_offset + arg.len();

        let full = resolve(name).map_err(|(message, help)| CommandError {
            message,
            label: "not a command".into(),
            help,
            at: name_at.clone(),
        })?;
        let usage = COMMANDS
            .iter()
            .find(|(n, ..)| *n == full)
            .map_or("", |(_, usage, _)| *usage);
        if usage.is_empty() && !arg.is_empty() {
            return Err(CommandError {
                message: format!("`:{full}` takes no argument"),
                label: "not expected".into(),
                help: Some(format!("write `:{full}` alone")),
                at: arg_at,
            });
        }
        if !usage.is_empty() && arg.is_empty() {
            return Err(CommandError {
                message: format!("`:{full}` needs {}", article(usage)),
                label: format!("{usage} missing"),
                help: Some(format!("write `:{full} {usage}`")),
                at: name_at.end..name_at.end,
            });
        }
        Ok(match full {
            "help" => Command::Help,
            "load" => Command::Load(unquote(arg)),
            "state" => Command::State,
            "why" => Command::Why {
                condition: arg.to_string(),
                offset: arg_offset,
            },
            "undo" => Command::Undo,
            "reset" => Command::Reset,
            "save" => Command::Save(unquote(arg)),
            "json" => Command::Json,
            _ => Command::Quit,
        })
    }
}

/// The full name of a command from what was typed: itself, an alias, or a
/// unique prefix.
fn resolve(name: &str) -> Result<&'static str, (String, Option<String>)> {
    match name {
        "q" | "exit" => return Ok("quit"),
        "h" | "?" => return Ok("help"),
        "" => {
            return Err((
                "a command needs a name after `:`".into(),
                Some("`:help` lists the commands".into()),
            ));
        }
        _ => {}
    }
    let matches: Vec<&'static str> = COMMANDS
        .iter()
        .map(|(n, ..)| *n)
        .filter(|n| n.starts_with(name))
        .collect();
    match matches.as_slice() {
        [one] => Ok(one),
        [] => {
            let closest = COMMANDS
                .iter()
                .map(|(n, ..)| (strsim::damerau_levenshtein(n, name), *n))
                .min()
                .filter(|(d, _)| *d <= 2)
                .map(|(_, n)| format!("did you mean `:{n}`?"));
            Err((
                format!("unknown command `:{name}`"),
                closest.or_else(|| Some("`:help` lists the commands".into())),
            ))
        }
        many => Err((
            format!("`:{name}` could be several commands"),
            Some(format!(
                "say which: {}",
                many.iter()
                    .map(|n| format!("`:{n}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        )),
    }
}

fn article(usage: &str) -> String {
    match usage {
        "FILE" => "a file".into(),
        "CONDITION" => "a condition".into(),
        other => other.to_lowercase(),
    }
}

/// A path without the quotes around it, if it has a pair, and with a leading
/// `~/` standing for the home directory.
fn unquote(arg: &str) -> String {
    let mut path = arg;
    for q in ['"', '\''] {
        if let Some(inner) = arg.strip_prefix(q).and_then(|a| a.strip_suffix(q)) {
            path = inner;
        }
    }
    match (path.strip_prefix("~/"), dirs::home_dir()) {
        (Some(rest), Some(home)) => home.join(rest).to_string_lossy().into_owned(),
        _ => path.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(line: &str) -> Result<Command, CommandError> {
        line.parse()
    }

    #[test]
    fn names_aliases_and_prefixes() {
        assert_eq!(parse(":help"), Ok(Command::Help));
        assert_eq!(parse("  :quit  "), Ok(Command::Quit));
        assert_eq!(parse(":q"), Ok(Command::Quit));
        assert_eq!(parse(":h"), Ok(Command::Help));
        assert_eq!(parse(":st"), Ok(Command::State));
        assert_eq!(parse(":u"), Ok(Command::Undo));
        assert_eq!(parse(":json"), Ok(Command::Json));
    }

    #[test]
    fn arguments() {
        assert_eq!(
            parse(":load examples/oslo.neg"),
            Ok(Command::Load("examples/oslo.neg".into()))
        );
        assert_eq!(
            parse(":save \"my session.neg\""),
            Ok(Command::Save("my session.neg".into()))
        );
        assert_eq!(
            parse(":why  Rabin knows oslo "),
            Ok(Command::Why {
                condition: "Rabin knows oslo".into(),
                offset: 6
            })
        );
    }

    #[test]
    fn mistakes_say_where_and_what() {
        let e = parse(":lod x").unwrap_err();
        assert_eq!(e.at, 0..4);
        assert_eq!(e.help.as_deref(), Some("did you mean `:load`?"));
        let e = parse(":s").unwrap_err();
        assert!(e.message.contains("several"), "{e:?}");
        assert!(e.help.unwrap().contains("`:save`"));
        let e = parse(":load").unwrap_err();
        assert_eq!(e.message, "`:load` needs a file");
        let e = parse(":state now").unwrap_err();
        assert_eq!(e.at, 7..10);
        assert!(parse(":").is_err());
        assert!(parse("state").is_err());
    }
}
