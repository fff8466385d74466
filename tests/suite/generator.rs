//! The benchmark script generator (`benches/scriptgen.rs`) makes valid scripts that
//! run green: every expectation holds and nothing stops the run. If it did not, the
//! benchmarks would measure error paths instead of work.

#[path = "../../benches/scriptgen.rs"]
pub mod scriptgen;

use negscript::diagnostic::render;
use negscript::driver;
use scriptgen::{Mix, Shape, generate};

fn runs_green(shape: Shape) {
    let text = generate(&shape);
    assert_eq!(text, generate(&shape), "the generator is deterministic");
    let run = driver::run_text("generated.neg", &text, true, false);
    let errors: Vec<_> = run
        .diagnostics()
        .into_iter()
        .filter(|d| d.is_error())
        .take(5)
        .collect();
    assert!(
        run.exit_code() == 0,
        "{shape:?} exits {}:\n{}",
        run.exit_code(),
        render(&errors, &run.sources, false)
    );
    assert!(run.ran && !run.stopped);
    assert!(
        shape.mix.expectations == 0 || run.interp.expectations_run > shape.events / 20,
        "{shape:?}: too few expectations ({})",
        run.interp.expectations_run
    );
}

#[test]
fn typical_scripts_run_green() {
    for seed in 1..=4 {
        runs_green(Shape::new(2_000, 10).with_seed(seed));
        runs_green(Shape::new(2_000, 200).with_seed(seed));
    }
}

#[test]
fn every_mix_runs_green() {
    runs_green(Shape::new(3_000, 60).with_mix(Mix::RULES));
    runs_green(Shape::new(1_000, 30).with_mix(Mix::TALK));
    runs_green(Shape::new(3_000, 1_000).with_channel_size(12));
    runs_green(Shape::new(1_000, 20).with_channel_size(2).with_parties(2));
}

#[test]
fn many_actors_run_green() {
    runs_green(Shape::new(5_000, 10_000));
}
