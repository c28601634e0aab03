//! replydesk: a training simulator for library staff who answer the public on social media.
//!
//! The core (formats, checker, scoring, session engine, progress store) is plain Rust and never
//! touches Bevy; the desk app sits on top behind the `gui` feature.

pub mod answers;
pub mod certificate;
pub mod cli;
pub mod coaching;
pub mod desk;
pub mod diagnostic;
pub mod files;
pub mod item_analysis;
pub mod onboarding;
pub mod record;
pub mod report;
pub mod roster;
pub mod scenario;
pub mod scoring;
pub mod session;
pub mod stats;
pub mod store;
pub mod xapi;

#[cfg(feature = "gui")]
pub mod app;
