//! The REPL from the outside: the real binary, under a pseudo-terminal (as a
//! person uses it) and with standard input piped (as a script uses it).

use rexpect::session::{Options, PtySession, spawn_with_options};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// A fresh directory for one test's history.
fn data_home(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("neg-suite-{test}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a temp dir");
    dir
}

/// `neg` with no arguments on a pseudo-terminal, colour escapes stripped.
fn spawn(data_home: &Path) -> PtySession {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_neg"));
    cmd.env("XDG_DATA_HOME", data_home)
        .env("TERM", "xterm")
        .env_remove("NO_COLOR");
    let options = Options::new()
        .timeout_ms(Some(20_000))
        .strip_ansi_escape_codes(true);
    let mut p = spawn_with_options(cmd, options).expect("neg starts on a pty");
    p.exp_string("neg> ").expect("a prompt");
    p
}

/// Types text followed by Enter (a carriage return, as a terminal sends it).
fn enter(p: &mut PtySession, text: &str) {
    p.send(text).expect("sent");
    p.send("\r").expect("sent");
    p.flush().expect("flushed");
}

fn expect(p: &mut PtySession, what: &str) {
    if let Err(e) = p.exp_string(what) {
        panic!("expected {what:?}: {e}");
    }
}

#[test]
fn a_session_at_the_terminal() {
    let home = data_home("terminal");
    let mut p = spawn(&home);

    // An open brace continues the input on a line with a continuation prompt.
    enter(&mut p, "party Israel {");
    expect(&mut p, "...> ");
    enter(&mut p, "leader Rabin  envoy Hirschfeld, Pundak");
    expect(&mut p, "...> ");
    enter(&mut p, "spoiler Likud }");
    expect(
        &mut p,
        "Israel: leader Rabin, envoy Hirschfeld, envoy Pundak, spoiler Likud",
    );
    expect(&mut p, "neg> ");

    // Tab completes a declared name: `Hirs` is not one, `Hirschfeld` is.
    p.send("channel oslo: backchannel { members Hirs")
        .expect("sent");
    p.send("\t").expect("sent");
    enter(&mut p, ", Pundak }");
    expect(&mut p, "known to: Hirschfeld, Pundak");
    expect(&mut p, "neg> ");

    // An input with an error changes nothing, even its items that were fine:
    // `PLO` stays free to declare.
    enter(
        &mut p,
        "party PLO { leader Arafat }  Arafat says \"x\" on osloo",
    );
    expect(&mut p, "E0301");
    expect(&mut p, "repl:3");
    expect(&mut p, "did you mean `oslo`?");
    expect(&mut p, "neg> ");
    enter(&mut p, "Arafat knows oslo");
    expect(&mut p, "unknown name `Arafat`");
    expect(&mut p, "neg> ");
    enter(&mut p, "party PLO { leader Arafat }");
    expect(&mut p, "PLO: leader Arafat");
    expect(&mut p, "neg> ");

    // :undo takes it back.
    enter(&mut p, ":undo");
    expect(&mut p, "took back repl:5");
    expect(&mut p, "neg> ");
    enter(&mut p, "Arafat knows oslo");
    expect(&mut p, "unknown name `Arafat`");
    expect(&mut p, "neg> ");

    // Ctrl-C drops an unfinished input.
    enter(&mut p, "party Egypt {");
    expect(&mut p, "...> ");
    p.send_control('c').expect("sent");
    expect(&mut p, "neg> ");
    enter(&mut p, "Hirschfeld knows oslo");
    expect(&mut p, "true");
    expect(&mut p, "neg> ");

    // Ctrl-D leaves.
    p.send_control('d').expect("sent");
    p.exp_eof().expect("neg ends");

    // The history survives a restart: Up brings back the last input.
    let history = home.join("neg").join("history");
    let kept = std::fs::read_to_string(&history).expect("a history file");
    assert!(kept.contains("Hirschfeld knows oslo"), "{kept}");
    let mut p = spawn(&home);
    p.send("\x1b[A").expect("sent"); // Up
    enter(&mut p, "");
    // The state did not survive, only the history: the name is unknown now.
    expect(&mut p, "unknown name `Hirschfeld`");
    expect(&mut p, "neg> ");
    enter(&mut p, ":quit");
    p.exp_eof().expect("neg ends");
    let _ = std::fs::remove_dir_all(&home);
}

/// Runs `neg` with `input` on a pipe; returns the exit status and the output.
fn piped(args: &[&str], input: &str) -> (i32, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_neg"))
        .args(args)
        .env(
            "XDG_DATA_HOME",
            std::env::temp_dir().join("neg-suite-never-written"),
        )
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("neg starts");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("written");
    let out = child.wait_with_output().expect("neg ends");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn piped_input_is_one_session_without_prompts_or_colour() {
    let input = "party Israel { leader Rabin  envoy Hirschfeld  spoiler Likud }\n\
                 channel oslo: backchannel {\n  members Hirschfeld\n}\n\
                 Hirschfeld concedes \"x\" on oslo as partner\n\
                 Likud knows partner\n\
                 leak partner to Likud\n\
                 :why Likud knows partner\n";
    for args in [&[][..], &["repl"][..]] {
        let (code, out) = piped(args, input);
        assert_eq!(code, 0, "{out}");
        assert!(!out.contains("neg> ") && !out.contains('\x1b'), "{out}");
        assert!(
            out.contains("false\n  Likud does not know partner"),
            "{out}"
        );
        assert!(out.contains("→ Likud mobilises"), "{out}");
        assert!(out.contains("repl:5  leak partner to Likud"), "{out}");
    }
    let never = std::env::temp_dir().join("neg-suite-never-written");
    assert!(!never.exists(), "no history is kept for piped input");
}

#[test]
fn piped_errors_are_drawn_and_set_the_status() {
    let (code, out) = piped(&[], "party P { leader A }\nA says \"x\" on nowhere\n");
    assert_eq!(code, 1);
    assert!(out.contains("[E0301] Error"), "{out}");
    assert!(out.contains("repl:2"), "{out}");
}
