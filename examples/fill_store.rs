//! Fills a progress store with simulated sessions, for benchmarks and pictures:
//! `fill_store DATA_DIR SCENARIOS_DIR SESSIONS [TRAINEES] [--desk]`. Each session plays the
//! folder's first scenario with a seed of its own, answering every post with a seeded random
//! option when it arrives. Without `--desk` it is recorded as `play --answers --profile`
//! records it (scripted); with `--desk`, as practice at the desk, every fifth session an
//! assessment, started on a day spread over the last 60 days, as a library system's trainees
//! leave their records.

use rand::{Rng, SeedableRng};
use replydesk::record::Mode;
use replydesk::session::Session;
use replydesk::store::Store;
use std::path::{Path, PathBuf};

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let desk = args.iter().any(|a| a == "--desk");
    args.retain(|a| a != "--desk");
    let (Some(data), Some(scenarios), Some(count)) = (args.first(), args.get(1), args.get(2))
    else {
        eprintln!("usage: fill_store DATA_DIR SCENARIOS_DIR SESSIONS [TRAINEES] [--desk]");
        std::process::exit(2);
    };
    let count: u64 = count.parse().expect("SESSIONS is a number");
    let trainees: u64 = args
        .get(3)
        .map_or(200, |t| t.parse().expect("TRAINEES is a number"));
    let catalog = replydesk::scenario::catalog::load(&[PathBuf::from(scenarios)], None);
    let entry = catalog.scenarios.first().expect("a playable scenario");
    let (mut store, _) = Store::open(Path::new(data)).expect("the store opens");
    let mut statements = 0;
    let mut dates = Vec::new();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("the clock is after 1970")
        .as_secs() as i64;
    // Who plays each session: round the trainees in turn, or at the desk some far more than
    // others (a few keen, many occasional), as in a library system.
    let mut pick = rand_chacha::ChaCha8Rng::seed_from_u64(count ^ trainees);
    let owner: Vec<u64> = (0..count)
        .map(|i| {
            if desk {
                let u: f64 = pick.random();
                ((u.powf(1.8) * trainees as f64) as u64).min(trainees - 1)
            } else {
                i % trainees
            }
        })
        .collect();
    let mut total = vec![0u64; trainees as usize];
    for &t in &owner {
        total[t as usize] += 1;
    }
    let mut played = vec![0u64; trainees as usize];
    for (i, &trainee) in owner.iter().enumerate() {
        let i = i as u64;
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(i);
        let mut session = Session::new(entry.scenario.clone(), entry.guidelines.clone(), i)
            .expect("the scenario plays");
        // At the desk, trainees get better with practice.
        let n = played[trainee as usize];
        played[trainee as usize] += 1;
        let skill = (n as f64 / 40.0).min(1.0);
        while let Some(t) = session.next_arrival_at() {
            for post in session.advance_to(t + 5.0) {
                let options = session.options_shown(&post);
                let best = session
                    .post(&post)
                    .map(|p| {
                        let values = p.values(&entry.guidelines);
                        replydesk::scenario::items::best_indices(&values)[0]
                    })
                    .unwrap_or(0);
                let pick = if desk && rng.random_bool(0.2 + 0.55 * skill) {
                    options
                        .iter()
                        .find(|(i, _)| *i == best)
                        .map_or(options[0].1.id.clone(), |(_, o)| o.id.clone())
                } else {
                    options[rng.random_range(0..options.len())].1.id.clone()
                };
                session
                    .answer(&post, &pick)
                    .expect("an arrived post takes an answer");
                statements += 1;
            }
        }
        session.end();
        let result = session.result();
        let profile = store
            .profile(&format!("Trainee {}", trainee + 1))
            .expect("a profile");
        let mode = if !desk {
            Mode::Scripted
        } else if n >= 5 && rng.random_bool(0.15) {
            Mode::Assessment
        } else {
            Mode::Practice
        };
        let id = store
            .record_run(
                &profile,
                &entry.scenario.id,
                &entry.content_hash,
                mode,
                &result,
            )
            .expect("the session is recorded");
        if desk {
            // Each trainee started some days ago and played until a day of their own (today
            // for many, weeks ago for some), their sessions evenly between.
            let start = 30 + (trainee * 7919 % 31) as i64;
            let stopped = [0, 0, 1, 2, 5, 9, 20, 35][(trainee * 104_729 % 8) as usize];
            let of = total[trainee as usize].max(1) as i64;
            let day = start - (start - stopped) * (n as i64 + 1) / of;
            dates.push((id, now - day * 86_400 - (i as i64 % 3600) * 7));
        }
        statements += 1;
    }
    drop(store);
    if !dates.is_empty() {
        let mut conn =
            rusqlite::Connection::open(Path::new(data).join(replydesk::store::FILE_NAME))
                .expect("the store opens");
        let tx = conn.transaction().expect("a transaction");
        for (id, at) in dates {
            tx.execute(
                "UPDATE sessions SET started_at = ?2, finished_at = ?2 + 600 WHERE id = ?1",
                rusqlite::params![id, at],
            )
            .expect("the date is set");
        }
        tx.commit().expect("the dates are kept");
    }
    println!("{count} sessions, {statements} statements");
}
