//! Scenario files as Bevy assets: the RON loader (reusing the core's parser and checker), and the
//! `Library` that Home lists, with a Problems list for files that fail.

use crate::diagnostic::Diagnostic;
use crate::scenario::catalog::{check_scenario_file, content_hash, version_hash};
use crate::scenario::check::check_guidelines;
use crate::scenario::load::FileKind;
use crate::scenario::{CatalogEntry, GuidelineSet, SourceFile};
use bevy::asset::io::Reader;
use bevy::asset::{AssetLoadFailedEvent, AssetLoader, LoadContext};
use bevy::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The scenario library: a loader per file, then the core's one assembly step.
pub struct LibraryPlugin {
    /// The scenarios folder as the user named it, so messages match `replydesk check`.
    pub shown_root: PathBuf,
}

impl Plugin for LibraryPlugin {
    fn build(&self, app: &mut App) {
        app.init_asset::<ScenarioFile>()
            .register_asset_loader(ScenarioLoader {
                shown_root: self.shown_root.clone(),
            })
            .init_resource::<Library>()
            .add_systems(Startup, scan_folder)
            .add_systems(
                PreUpdate,
                (rescan_when_watching, record_failures, rebuild_library).chain(),
            );
    }
}

/// One RON file from the scenarios folder, checked.
#[derive(Asset, TypePath, Debug, Clone)]
pub enum ScenarioFile {
    Scenario {
        entry: CatalogEntry,
        warnings: Vec<Diagnostic>,
    },
    Guidelines {
        set: Arc<GuidelineSet>,
        warnings: Vec<Diagnostic>,
    },
    /// The onboarding path: parsed when the library is assembled, against its scenarios.
    Path(SourceFile),
}

/// Why a file could not be loaded: every problem, already formatted as `check` prints it.
#[derive(Debug, thiserror::Error)]
#[error("{}", .0.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n\n"))]
pub struct ScenarioLoadError(pub Vec<Diagnostic>);

/// Loads `.ron` files with the core's parser and checker.
#[derive(Default, TypePath)]
pub struct ScenarioLoader {
    /// The scenarios folder as the user named it, so messages match `replydesk check`.
    shown_root: PathBuf,
}

impl AssetLoader for ScenarioLoader {
    type Asset = ScenarioFile;
    type Settings = ();
    type Error = ScenarioLoadError;

    async fn load(
        &self,
        reader: &mut dyn Reader,
        _settings: &(),
        load_context: &mut LoadContext<'_>,
    ) -> Result<ScenarioFile, ScenarioLoadError> {
        let shown = self.shown_root.join(load_context.path().path());
        let mut bytes = Vec::new();
        reader.read_to_end(&mut bytes).await.map_err(|e| {
            ScenarioLoadError(vec![Diagnostic::file_error(
                &shown,
                format!("cannot read it: {e}"),
            )])
        })?;
        let file = SourceFile::from_bytes(&shown, bytes).map_err(|d| ScenarioLoadError(vec![d]))?;
        if file.kind() == FileKind::Path {
            return Ok(ScenarioFile::Path(file));
        }
        if file.kind() == FileKind::Guidelines {
            let set = file.parse_guidelines().map_err(ScenarioLoadError)?;
            let (errors, warnings) = split(check_guidelines(&file, &set));
            if !errors.is_empty() {
                return Err(ScenarioLoadError(errors));
            }
            return Ok(ScenarioFile::Guidelines {
                set: Arc::new(set),
                warnings,
            });
        }

        // The guideline set beside the scenario; reading it through the context makes it a
        // dependency, so editing guidelines.ron reloads every scenario that uses it.
        let guidelines_path = load_context.path().path().with_file_name("guidelines.ron");
        let shown_guidelines = self.shown_root.join(&guidelines_path);
        let guidelines = match load_context.read_asset_bytes(guidelines_path.clone()).await {
            Ok(bytes) => SourceFile::from_bytes(&shown_guidelines, bytes)
                .ok()
                .and_then(|f| Some((f.parse_guidelines().ok()?, f.text))),
            Err(_) => None,
        };
        let Some((guidelines, guidelines_text)) = guidelines else {
            return Err(ScenarioLoadError(vec![Diagnostic::file_error(
                &shown,
                format!(
                    "no usable guideline set to score it by: {} is missing or has errors",
                    shown_guidelines.display()
                ),
            )]));
        };
        let checked = check_scenario_file(&file, Some(&guidelines));
        let (errors, warnings) = split(checked.problems);
        match checked.scenario {
            Some(scenario) if errors.is_empty() => Ok(ScenarioFile::Scenario {
                entry: CatalogEntry {
                    path: shown,
                    content_hash: version_hash(&file.text, &guidelines_text),
                    file_hash: content_hash(file.text.as_bytes()),
                    scenario: Arc::new(scenario),
                    guidelines: Arc::new(guidelines),
                },
                warnings,
            }),
            _ => Err(ScenarioLoadError(errors)),
        }
    }

    fn extensions(&self) -> &[&str] {
        &["ron"]
    }
}

fn split(problems: Vec<Diagnostic>) -> (Vec<Diagnostic>, Vec<Diagnostic>) {
    problems.into_iter().partition(|d| d.is_error())
}

/// Every playable scenario and every problem, kept current as files load, fail and change.
#[derive(Resource, Default, Debug)]
pub struct Library {
    pub entries: Vec<CatalogEntry>,
    /// Files that cannot be played, with every error. A file here is not listed even if an
    /// older version of it is still loaded.
    pub load_errors: BTreeMap<PathBuf, Vec<Diagnostic>>,
    /// Warnings of files that loaded.
    pub warnings: BTreeMap<PathBuf, Vec<Diagnostic>>,
    /// Every `.ron` file of the folder, by its path in the folder; holding the handle keeps it loaded.
    pub files: BTreeMap<PathBuf, Handle<ScenarioFile>>,
    /// The folder as the user named it, for messages.
    pub shown_root: PathBuf,
    /// Whether every file has loaded or failed once (Home shows "loading" until then).
    pub ready: bool,
    /// The onboarding path, when the folder has a clean `path.ron`.
    pub path: Option<crate::onboarding::LoadedPath>,
    /// The path file's errors, found when the library is assembled.
    pub path_errors: BTreeMap<PathBuf, Vec<Diagnostic>>,
}

impl Library {
    pub fn find(&self, id: &str) -> Option<&CatalogEntry> {
        self.entries.iter().find(|e| e.scenario.id == id)
    }

    /// Every problem, errors first (one entry per file), each as `check` prints it.
    pub fn problems(&self) -> Vec<String> {
        self.load_errors
            .values()
            .chain(self.path_errors.values())
            .map(|ds| {
                ds.iter()
                    .map(|d| d.to_string())
                    .collect::<Vec<_>>()
                    .join("\n\n")
            })
            .chain(self.warnings.values().flatten().map(|d| d.to_string()))
            .collect()
    }

    /// Files that cannot be played, and errors among loaded files (a duplicate id).
    pub fn error_count(&self) -> usize {
        self.load_errors.len()
            + self.path_errors.len()
            + self
                .warnings
                .values()
                .flatten()
                .filter(|d| d.is_error())
                .count()
    }

    pub fn warning_count(&self) -> usize {
        self.warnings
            .values()
            .flatten()
            .filter(|d| !d.is_error())
            .count()
    }
}

/// Loads every `.ron` file in the folder, one asset each, so one broken file cannot hide the others.
fn scan_folder(
    asset_server: Res<AssetServer>,
    mut library: ResMut<Library>,
    launch: Option<Res<super::LaunchOptions>>,
) {
    let Some(launch) = launch else { return };
    library.shown_root = launch.scenarios_shown.clone();
    if let Some(problem) = &launch.folder_problem {
        let d = Diagnostic::file_error(&launch.scenarios_shown, problem);
        library
            .load_errors
            .insert(launch.scenarios_shown.clone(), vec![d]);
        library.ready = true;
        return;
    }
    let found = match crate::scenario::load::ron_files(&launch.scenarios_dir) {
        Ok(found) => found,
        Err(d) => {
            library
                .load_errors
                .insert(launch.scenarios_shown.clone(), vec![d]);
            library.ready = true;
            return;
        }
    };
    let relative: Vec<PathBuf> = found
        .iter()
        .filter_map(|p| {
            p.strip_prefix(&launch.scenarios_dir)
                .ok()
                .map(Path::to_path_buf)
        })
        .collect();
    // Files that are gone: forget them (their scenarios leave the list).
    let gone: Vec<PathBuf> = library
        .files
        .keys()
        .filter(|k| !relative.contains(k))
        .cloned()
        .collect();
    for path in gone {
        library.files.remove(&path);
        let shown = launch.scenarios_shown.join(&path);
        library.load_errors.remove(&shown);
        library.warnings.remove(&shown);
        library.entries.retain(|e| e.path != shown);
    }
    for path in relative {
        if !library.files.contains_key(&path) {
            let handle = asset_server.load::<ScenarioFile>(path.clone());
            library.files.insert(path, handle);
        }
    }
    if library.files.is_empty() {
        let d = Diagnostic::file_error(&launch.scenarios_shown, "no .ron files in this folder");
        library
            .load_errors
            .insert(launch.scenarios_shown.clone(), vec![d]);
        library.ready = true;
    }
}

/// With --watch, new and deleted files are noticed too (edits are reloaded by Bevy's watcher).
fn rescan_when_watching(
    time: Res<Time<Real>>,
    mut since: Local<f32>,
    asset_server: Res<AssetServer>,
    library: ResMut<Library>,
    launch: Option<Res<super::LaunchOptions>>,
) {
    let Some(launch) = launch else { return };
    if !launch.watch {
        return;
    }
    *since += time.delta_secs();
    if *since < 1.0 {
        return;
    }
    *since = 0.0;
    scan_folder(asset_server, library, Some(launch));
}

fn record_failures(
    mut failures: MessageReader<AssetLoadFailedEvent<ScenarioFile>>,
    mut library: ResMut<Library>,
) {
    for failure in failures.read() {
        let path = library.shown_root.join(failure.path.path());
        // Bevy boxes a loader's error: ours comes back out with its diagnostics typed.
        let problems = match &failure.error {
            bevy::asset::AssetLoadError::AssetLoaderError(e) => {
                match e.error().downcast_ref::<ScenarioLoadError>() {
                    Some(ours) => ours.0.clone(),
                    None => vec![Diagnostic::file_error(&path, e.error().to_string())],
                }
            }
            other => vec![Diagnostic::file_error(&path, other.to_string())],
        };
        library.load_errors.insert(path, problems);
    }
}

/// Rebuilds the list from the loaded assets whenever any of them loads, changes or fails.
fn rebuild_library(
    mut events: MessageReader<AssetEvent<ScenarioFile>>,
    files: Res<Assets<ScenarioFile>>,
    asset_server: Res<AssetServer>,
    mut library: ResMut<Library>,
) {
    let mut changed = library.is_changed();
    for event in events.read() {
        changed = true;
        if let AssetEvent::Added { id }
        | AssetEvent::Modified { id }
        | AssetEvent::LoadedWithDependencies { id } = event
            && let Some(path) = asset_server.get_path(*id)
        {
            let shown = library.shown_root.join(path.path());
            library.load_errors.remove(&shown);
        }
    }
    if !library.ready
        && !library.files.is_empty()
        && library.files.values().all(|h| {
            matches!(
                asset_server.get_load_state(h),
                Some(bevy::asset::LoadState::Loaded | bevy::asset::LoadState::Failed(_))
            )
        })
    {
        library.ready = true;
        changed = true;
    }
    if !changed {
        return;
    }
    let mut candidates: Vec<CatalogEntry> = Vec::new();
    let mut warnings: BTreeMap<PathBuf, Vec<Diagnostic>> = BTreeMap::new();
    let mut path_files = Vec::new();
    for (id, file) in files.iter() {
        let Some(path) = asset_server.get_path(id) else {
            continue;
        };
        let shown = library.shown_root.join(path.path());
        if library.load_errors.contains_key(&shown) {
            continue;
        }
        let file_warnings = match file {
            ScenarioFile::Scenario { entry, warnings } => {
                candidates.push(entry.clone());
                warnings
            }
            ScenarioFile::Guidelines { warnings, .. } => warnings,
            ScenarioFile::Path(file) => {
                path_files.push(file.clone());
                continue;
            }
        };
        if !file_warnings.is_empty() {
            warnings.insert(shown, file_warnings.clone());
        }
    }
    // The core's one assembly step: the same unique-id rule as `replydesk check`.
    let (mut entries, duplicates) = crate::scenario::catalog::assemble(candidates);
    for d in duplicates {
        warnings.entry(d.file.clone()).or_default().insert(0, d);
    }
    entries.sort_by(|a, b| {
        (a.scenario.difficulty, &a.scenario.title).cmp(&(b.scenario.difficulty, &b.scenario.title))
    });
    // The path, checked against the scenarios as they are now: its problems are the Problems
    // panel's like any file's, and a path with errors is not offered.
    let mut path = None;
    let mut path_errors = BTreeMap::new();
    for file in path_files {
        let (checked, problems) = crate::onboarding::check(&file, &entries);
        let (errors, file_warnings): (Vec<_>, Vec<_>) =
            problems.into_iter().partition(|d| d.is_error());
        if !errors.is_empty() {
            path_errors.insert(file.path.clone(), errors);
        }
        if !file_warnings.is_empty() {
            warnings.insert(file.path.clone(), file_warnings);
        }
        if let Some(p) = checked {
            path = Some(crate::onboarding::LoadedPath {
                file: file.path.clone(),
                path: p,
            });
        }
    }
    let library = library.bypass_change_detection();
    library.entries = entries;
    library.warnings = warnings;
    library.path = path;
    library.path_errors = path_errors;
}
