//! Any bytes as an answers file for a fixed scenario: parse, check, and play.
#![no_main]

use libfuzzer_sys::fuzz_target;
use replydesk::answers::{parse_answers, play_scripted};
use replydesk::scenario::{GuidelineSet, Scenario, SourceFile};
use std::path::Path;
use std::sync::{Arc, OnceLock};

fn fixture() -> &'static (Arc<Scenario>, Arc<GuidelineSet>) {
    static F: OnceLock<(Arc<Scenario>, Arc<GuidelineSet>)> = OnceLock::new();
    F.get_or_init(|| {
        let g = include_str!("../../scenarios/guidelines.ron");
        let s = include_str!("../../scenarios/first-shift.ron");
        let g = SourceFile::from_bytes(Path::new("g.ron"), g.as_bytes().to_vec())
            .unwrap()
            .parse_guidelines()
            .unwrap();
        let s = SourceFile::from_bytes(Path::new("s.ron"), s.as_bytes().to_vec())
            .unwrap()
            .parse_scenario()
            .unwrap();
        (Arc::new(s), Arc::new(g))
    })
}

fuzz_target!(|data: &[u8]| {
    let (scenario, guidelines) = fixture();
    let Ok(file) = SourceFile::from_bytes(Path::new("answers.ron"), data.to_vec()) else {
        return;
    };
    if let Ok(answers) = parse_answers(&file, scenario) {
        let _ = play_scripted(scenario.clone(), guidelines.clone(), 3, &answers);
    }
});
