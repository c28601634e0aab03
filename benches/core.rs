//! Criterion benchmarks of the core: parse, check, score, and whole random sessions.

use criterion::{Criterion, criterion_group, criterion_main};
use replydesk::scenario::{SourceFile, catalog, check};
use replydesk::stats::{Strategy, play};
use std::hint::black_box;
use std::path::Path;

fn core(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let path = root.join("scenarios/saturday-rush.ron");
    let file = SourceFile::read(&path).unwrap();
    let entry = catalog::load(&[path.clone()], None).scenarios.remove(0);
    let scenario = file.parse_scenario().unwrap();

    c.bench_function("parse saturday-rush", |b| {
        b.iter(|| black_box(file.parse_scenario().unwrap()))
    });
    c.bench_function("check saturday-rush", |b| {
        b.iter(|| {
            black_box(check::check_scenario(
                &file,
                &scenario,
                Some(&entry.guidelines),
            ))
        })
    });
    let run =
        replydesk::answers::play_scripted(entry.scenario.clone(), entry.guidelines.clone(), 7, &[])
            .unwrap();
    c.bench_function("score saturday-rush session", |b| {
        b.iter(|| black_box(run.session.result()))
    });
    let mut seed = 0u64;
    c.bench_function("random session saturday-rush", |b| {
        b.iter(|| {
            seed += 1;
            black_box(play(&entry, seed, Strategy::Random))
        })
    });
}

criterion_group!(benches, core);
criterion_main!(benches);
