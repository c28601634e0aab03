//! Any bytes as a scenario file: parse, check, and when it is clean, play it through.
#![no_main]

use libfuzzer_sys::fuzz_target;
use replydesk::scenario::{GuidelineSet, SourceFile, catalog::check_scenario_file};
use std::path::Path;
use std::sync::{Arc, OnceLock};

fn guidelines() -> &'static GuidelineSet {
    static SET: OnceLock<GuidelineSet> = OnceLock::new();
    SET.get_or_init(|| {
        let text = include_str!("../../tests/fixtures/guidelines.ron");
        SourceFile::from_bytes(Path::new("guidelines.ron"), text.as_bytes().to_vec())
            .unwrap()
            .parse_guidelines()
            .unwrap()
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(file) = SourceFile::from_bytes(Path::new("fuzz.ron"), data.to_vec()) else {
        return;
    };
    let _ = file.kind();
    let checked = check_scenario_file(&file, Some(guidelines()));
    for p in &checked.problems {
        let _ = p.to_string();
    }
    if let Some(scenario) = checked.scenario {
        let entry = replydesk::scenario::CatalogEntry {
            path: "fuzz.ron".into(),
            scenario: Arc::new(scenario),
            guidelines: Arc::new(guidelines().clone()),
            content_hash: String::new(),
        };
        let _ = replydesk::stats::play(&entry, 1, replydesk::stats::Strategy::Random);
    }
});
