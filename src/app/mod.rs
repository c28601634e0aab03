//! The desk app: Bevy plugins for each screen, composed in one place.

use crate::cli::{AppArgs, Failure};
use std::process::ExitCode;

pub fn run(_args: AppArgs, _scenario: Option<String>) -> Result<ExitCode, Failure> {
    Err(Failure::Message("the desk app is not built yet".into()))
}
