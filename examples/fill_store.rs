//! Fills a progress store with simulated practice sessions, for benchmarks:
//! `fill_store DATA_DIR SCENARIOS_DIR SESSIONS [TRAINEES]`. Each session plays the folder's first
//! scenario with a seed of its own, answering every post with a seeded random option when it
//! arrives, and is recorded as `play --answers --profile` records it.

use rand::{Rng, SeedableRng};
use replydesk::record::Mode;
use replydesk::session::Session;
use replydesk::store::Store;
use std::path::PathBuf;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(data), Some(scenarios), Some(count)) = (args.first(), args.get(1), args.get(2))
    else {
        eprintln!("usage: fill_store DATA_DIR SCENARIOS_DIR SESSIONS [TRAINEES]");
        std::process::exit(2);
    };
    let count: u64 = count.parse().expect("SESSIONS is a number");
    let trainees: u64 = args
        .get(3)
        .map_or(200, |t| t.parse().expect("TRAINEES is a number"));
    let catalog = replydesk::scenario::catalog::load(&[PathBuf::from(scenarios)], None);
    let entry = catalog.scenarios.first().expect("a playable scenario");
    let (mut store, _) = Store::open(std::path::Path::new(data)).expect("the store opens");
    let mut statements = 0;
    for i in 0..count {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(i);
        let mut session = Session::new(entry.scenario.clone(), entry.guidelines.clone(), i)
            .expect("the scenario plays");
        while let Some(t) = session.next_arrival_at() {
            for post in session.advance_to(t + 5.0) {
                let options = session.options_shown(&post);
                let pick = options[rng.random_range(0..options.len())].1.id.clone();
                session
                    .answer(&post, &pick)
                    .expect("an arrived post takes an answer");
                statements += 1;
            }
        }
        session.end();
        let result = session.result();
        let profile = store
            .profile(&format!("Trainee {}", i % trainees))
            .expect("a profile");
        store
            .record_run(
                &profile,
                &entry.scenario.id,
                &entry.content_hash,
                Mode::Scripted,
                &result,
            )
            .expect("the session is recorded");
        statements += 1;
    }
    println!("{count} sessions, {statements} statements");
}
