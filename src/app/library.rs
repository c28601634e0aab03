//! Scenario files as Bevy assets: the RON loader (reusing the core's parser and checker), and the
//! `Library` that Home lists, with a Problems list for files that fail.

use crate::diagnostic::Diagnostic;
use crate::scenario::catalog::{check_scenario_file, content_hash};
use crate::scenario::check::check_guidelines;
use crate::scenario::load::FileKind;
use crate::scenario::{CatalogEntry, GuidelineSet, SourceFile};
use bevy::asset::io::Reader;
use bevy::asset::{AssetLoadFailedEvent, AssetLoader, LoadContext, LoadedFolder};
use bevy::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub fn plugin(app: &mut App) {
    app.init_asset::<ScenarioFile>()
        .register_asset_loader(ScenarioLoader)
        .init_resource::<Library>()
        .add_systems(Startup, load_scenarios_folder)
        .add_systems(PreUpdate, (record_failures, rebuild_library).chain());
}

/// One RON file from the scenarios folder, checked.
#[derive(Asset, TypePath, Debug, Clone)]
pub enum ScenarioFile {
    Scenario {
        entry: CatalogEntry,
        warnings: Vec<String>,
    },
    Guidelines {
        set: Arc<GuidelineSet>,
        warnings: Vec<String>,
    },
}

/// Why a file could not be loaded: every problem, already formatted as `check` prints it.
#[derive(Debug, thiserror::Error)]
#[error("{}", .0.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n\n"))]
pub struct ScenarioLoadError(pub Vec<Diagnostic>);

/// Loads `.ron` files with the core's parser and checker.
#[derive(Default, TypePath)]
pub struct ScenarioLoader;

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
        let shown = display_path(load_context.path().path());
        let mut bytes = Vec::new();
        reader
            .read_to_end(&mut bytes)
            .await
            .map_err(|e| ScenarioLoadError(vec![Diagnostic::file_error(&shown, format!("cannot read it: {e}"))]))?;
        let file = SourceFile::from_bytes(&shown, bytes).map_err(|d| ScenarioLoadError(vec![d]))?;
        if file.kind() == FileKind::Guidelines {
            let set = file.parse_guidelines().map_err(|d| ScenarioLoadError(vec![d]))?;
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
        let shown_guidelines = display_path(&guidelines_path);
        let guidelines = match load_context.read_asset_bytes(guidelines_path.clone()).await {
            Ok(bytes) => SourceFile::from_bytes(&shown_guidelines, bytes)
                .and_then(|f| f.parse_guidelines())
                .ok(),
            Err(_) => None,
        };
        let Some(guidelines) = guidelines else {
            return Err(ScenarioLoadError(vec![Diagnostic::file_error(
                &shown,
                format!(
                    "no usable guideline set to score it by: {} is missing or has errors",
                    shown_guidelines.display()
                ),
            )]));
        };
        let (scenario, problems) = check_scenario_file(&file, Some(&guidelines));
        let (errors, warnings) = split(problems);
        match scenario {
            Some(scenario) if errors.is_empty() => Ok(ScenarioFile::Scenario {
                entry: CatalogEntry {
                    path: shown,
                    content_hash: content_hash(file.text.as_bytes()),
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

fn split(problems: Vec<Diagnostic>) -> (Vec<Diagnostic>, Vec<String>) {
    let (errors, warnings): (Vec<_>, Vec<_>) = problems.into_iter().partition(|d| d.is_error());
    (errors, warnings.iter().map(|d| d.to_string()).collect())
}

/// The path as `check` shows it: under the scenarios folder the user named.
fn display_path(asset_path: &Path) -> PathBuf {
    SCENARIOS_SHOWN_AS
        .get()
        .map_or_else(|| asset_path.to_path_buf(), |root| root.join(asset_path))
}

/// How the scenarios folder is named in messages (as the user typed it), set once at launch.
pub static SCENARIOS_SHOWN_AS: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();

/// Every playable scenario and every problem, kept current as files load, fail and change.
#[derive(Resource, Default, Debug)]
pub struct Library {
    pub entries: Vec<CatalogEntry>,
    /// Files that failed to load, with every error as `check` prints it. A file here is not
    /// listed even if an older version of it is still loaded.
    pub load_errors: BTreeMap<PathBuf, String>,
    /// Warnings of files that loaded.
    pub warnings: BTreeMap<PathBuf, Vec<String>>,
    /// The folder handle; kept so the folder and its files stay loaded.
    pub folder: Option<Handle<LoadedFolder>>,
    /// Whether the first load of the folder has finished (Home shows "loading" until then).
    pub ready: bool,
}

impl Library {
    pub fn find(&self, id: &str) -> Option<&CatalogEntry> {
        self.entries.iter().find(|e| e.scenario.id == id)
    }

    /// Every problem, errors first, each as `check` prints it.
    pub fn problems(&self) -> Vec<&str> {
        self.load_errors
            .values()
            .map(String::as_str)
            .chain(self.warnings.values().flatten().map(String::as_str))
            .collect()
    }

    pub fn error_count(&self) -> usize {
        self.load_errors.len()
    }
}

fn load_scenarios_folder(
    asset_server: Res<AssetServer>,
    mut library: ResMut<Library>,
    launch: Option<Res<super::LaunchOptions>>,
) {
    if let Some(launch) = launch
        && let Some(problem) = &launch.folder_problem
    {
        library
            .load_errors
            .insert(launch.scenarios_shown.clone(), problem.clone());
        library.ready = true;
        return;
    }
    library.folder = Some(asset_server.load_folder(""));
}

fn record_failures(mut failures: MessageReader<AssetLoadFailedEvent<ScenarioFile>>, mut library: ResMut<Library>) {
    for failure in failures.read() {
        let path = display_path(failure.path.path());
        let text = match &failure.error {
            bevy::asset::AssetLoadError::AssetLoaderError(e) => e.error().to_string(),
            other => format!("{}: error: {other}", path.display()),
        };
        library.load_errors.insert(path, text);
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
        if let AssetEvent::Added { id } | AssetEvent::Modified { id } | AssetEvent::LoadedWithDependencies { id } = event
            && let Some(path) = asset_server.get_path(*id)
        {
            library.load_errors.remove(&display_path(path.path()));
        }
    }
    if !library.ready
        && let Some(folder) = &library.folder
    {
        match asset_server.get_load_state(folder) {
            Some(bevy::asset::LoadState::Loaded) if asset_server.is_loaded_with_dependencies(folder) => {
                library.ready = true;
                changed = true;
            }
            Some(bevy::asset::LoadState::Failed(e)) => {
                let shown = SCENARIOS_SHOWN_AS.get().cloned().unwrap_or_default();
                library
                    .load_errors
                    .insert(shown.clone(), format!("{}: error: cannot read the scenarios folder: {e}", shown.display()));
                library.ready = true;
            }
            _ => {}
        }
    }
    if !changed {
        return;
    }
    let mut entries: Vec<CatalogEntry> = Vec::new();
    let mut warnings: BTreeMap<PathBuf, Vec<String>> = BTreeMap::new();
    let mut sorted: Vec<_> = files
        .iter()
        .filter_map(|(id, file)| Some((display_path(asset_server.get_path(id)?.path()), file)))
        .filter(|(path, _)| !library.load_errors.contains_key(path))
        .collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    for (shown, file) in sorted {
        let file_warnings = match file {
            ScenarioFile::Scenario { entry, warnings } => {
                if let Some(other) = entries.iter().find(|e| e.scenario.id == entry.scenario.id) {
                    let mut all = warnings.clone();
                    all.push(format!(
                        "{}: error: scenario id `{}` is already used by {}: ids must be unique",
                        shown.display(),
                        entry.scenario.id,
                        other.path.display()
                    ));
                    all
                } else {
                    entries.push(entry.clone());
                    warnings.clone()
                }
            }
            ScenarioFile::Guidelines { warnings, .. } => warnings.clone(),
        };
        if !file_warnings.is_empty() {
            warnings.insert(shown, file_warnings);
        }
    }
    entries.sort_by(|a, b| {
        (a.scenario.difficulty, &a.scenario.title).cmp(&(b.scenario.difficulty, &b.scenario.title))
    });
    let library = library.bypass_change_detection();
    library.entries = entries;
    library.warnings = warnings;
}
