//! Helpers shared by the integration tests: scenarios from inline RON, and the fixtures folder.
#![allow(dead_code)]

use replydesk::scenario::{GuidelineSet, Scenario, SourceFile};
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

pub fn scenario(ron: &str) -> Arc<Scenario> {
    let file = SourceFile::from_bytes(Path::new("inline.ron"), ron.as_bytes().to_vec()).unwrap();
    Arc::new(file.parse_scenario().unwrap_or_else(|d| panic!("{d:?}")))
}

pub fn guidelines(ron: &str) -> Arc<GuidelineSet> {
    let file = SourceFile::from_bytes(Path::new("inline.ron"), ron.as_bytes().to_vec()).unwrap();
    Arc::new(file.parse_guidelines().unwrap_or_else(|d| panic!("{d:?}")))
}

/// welcoming ×1, accurate ×2, privacy ×3 (critical); late answers lose 50%.
pub const GUIDELINES: &str = r#"GuidelineSet(
    library: "Test Library", account: "@TestLib", homepage: "https://test.example.org",
    late_penalty: 50,
    guidelines: [
        (id: "welcoming", title: "Be welcoming", weight: 1.0, text: "Warmly."),
        (id: "accurate", title: "Be accurate", weight: 2.0, text: "Precisely."),
        (id: "privacy", title: "Protect privacy", weight: 3.0, critical: true, text: "Never in public."),
    ],
)"#;

pub fn answer(post: &str, option: &str, delay: u32) -> replydesk::answers::ScriptedAnswer {
    replydesk::answers::ScriptedAnswer {
        post: post.into(),
        option: option.into(),
        delay,
    }
}
