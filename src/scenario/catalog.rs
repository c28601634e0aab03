//! A folder of scenarios and its guideline set, loaded and checked together: what Home lists and `check` prints.

use super::check::{check_guidelines, check_scenario};
use super::facts;
use super::load::{FileKind, SourceFile, ron_files};
use super::model::{GuidelineSet, Scenario};
use crate::diagnostic::Diagnostic;
use sha2::{Digest, Sha256};
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A scenario that passed the checker, with the guideline set it is scored by.
#[derive(Debug, Clone)]
pub struct CatalogEntry {
    pub path: PathBuf,
    pub scenario: Arc<Scenario>,
    pub guidelines: Arc<GuidelineSet>,
    /// The version a session is played from: [`version_hash`] of the scenario file and the
    /// guideline set it is scored by, so editing either makes a new version.
    pub content_hash: String,
    /// SHA-256 of the scenario file alone, as replydesk before 0.2 stored it: older sessions
    /// are compared by this.
    pub file_hash: String,
}

impl CatalogEntry {
    /// Whether a session stored with `hash` was played from this version of the scenario.
    pub fn played_from(&self, hash: &str) -> bool {
        if hash.starts_with(VERSION_PREFIX) {
            hash == self.content_hash
        } else {
            !hash.is_empty() && hash == self.file_hash
        }
    }
}

const VERSION_PREFIX: &str = "v2:";

/// The version of a scenario as played: SHA-256 over the scenario file and its guideline set
/// (each length-prefixed), marked `v2:`.
pub fn version_hash(scenario: &str, guidelines: &str) -> String {
    let mut h = Sha256::new();
    for part in [scenario, guidelines] {
        h.update((part.len() as u64).to_le_bytes());
        h.update(part.as_bytes());
    }
    format!("{VERSION_PREFIX}{}", hex(&h.finalize()))
}

/// Everything found under some paths: the playable scenarios and every problem.
#[derive(Debug, Default, Clone)]
pub struct Catalog {
    pub scenarios: Vec<CatalogEntry>,
    /// The onboarding path (`path.ron`), when the folder has one and it is clean.
    pub path: Option<crate::onboarding::LoadedPath>,
    pub diagnostics: Vec<Diagnostic>,
    /// Warnings that posts' `allow:` accepted: not shown, counted by `check --stats`.
    pub allowed: Vec<Diagnostic>,
    pub files_read: usize,
}

impl Catalog {
    pub fn error_count(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.diagnostics.len() - self.error_count()
    }

    pub fn find(&self, id: &str) -> Option<&CatalogEntry> {
        self.scenarios.iter().find(|e| e.scenario.id == id)
    }
}

/// The one assembly step, after each file was loaded and checked on its own: scenarios in path
/// order, the first file with an id keeps it and every later one is an error at its file.
/// Returns the playable entries and those errors. Used by `check`/`play`/`report` and the app.
pub fn assemble(mut candidates: Vec<CatalogEntry>) -> (Vec<CatalogEntry>, Vec<Diagnostic>) {
    candidates.sort_by(|a, b| a.path.cmp(&b.path));
    let mut entries: Vec<CatalogEntry> = Vec::new();
    let mut problems = Vec::new();
    for entry in candidates {
        match entries.iter().find(|e| e.scenario.id == entry.scenario.id) {
            Some(first) => problems.push(Diagnostic::file_error(
                &entry.path,
                format!(
                    "scenario id `{}` is already used by {}: ids must be unique",
                    entry.scenario.id,
                    first.path.display()
                ),
            )),
            None => entries.push(entry),
        }
    }
    (entries, problems)
}

/// The hex SHA-256 of some bytes.
pub fn content_hash(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn hex(digest: &[u8]) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Reads and checks a guideline file, returning the set only when it has no errors.
pub fn load_guidelines(path: &Path) -> (Option<GuidelineSet>, Vec<Diagnostic>) {
    let (set, problems) = load_guidelines_file(path);
    (set.map(|(set, _)| set), problems)
}

/// [`load_guidelines`], keeping the file read (its text goes into version hashes, and unused
/// facts are reported at their place in it).
fn load_guidelines_file(path: &Path) -> (Option<(GuidelineSet, SourceFile)>, Vec<Diagnostic>) {
    let file = match SourceFile::read(path) {
        Ok(f) => f,
        Err(d) => return (None, vec![d]),
    };
    match file.parse_guidelines() {
        Ok(set) => {
            let problems = check_guidelines(&file, &set);
            let ok = problems.iter().all(|d| !d.is_error());
            (ok.then_some((set, file)), problems)
        }
        Err(problems) => (None, problems),
    }
}

/// A scenario file as the checker leaves it.
#[derive(Debug, Clone, Default)]
pub struct CheckedFile {
    /// The scenario with its `{fact}` placeholders filled in, when it has no errors.
    pub scenario: Option<Scenario>,
    /// Errors and warnings to show.
    pub problems: Vec<Diagnostic>,
    /// Warnings its posts' `allow:` accepted.
    pub allowed: Vec<Diagnostic>,
    /// The facts its texts use.
    pub facts_used: BTreeSet<String>,
}

/// Parses one scenario file, fills in its facts and checks it against a guideline set.
/// Gives the scenario when it has no errors, and every problem found either way.
pub fn check_scenario_file(file: &SourceFile, guidelines: Option<&GuidelineSet>) -> CheckedFile {
    match file.parse_scenario() {
        Ok(mut scenario) => {
            let mut out = CheckedFile::default();
            if let Some(set) = guidelines {
                out.problems.extend(facts::check_source(file, set));
                out.facts_used = facts::fill_scenario(&mut scenario, set);
            }
            let checked = check_scenario(file, &scenario, guidelines);
            out.problems.extend(checked.problems);
            out.allowed = checked.allowed;
            let ok = guidelines.is_some() && out.problems.iter().all(|d| !d.is_error());
            out.scenario = ok.then_some(scenario);
            out
        }
        Err(problems) => CheckedFile {
            problems,
            ..CheckedFile::default()
        },
    }
}

/// Loads files and folders. Scenarios are checked against `guidelines` when given, else against
/// the `guidelines.ron` in their own folder.
pub fn load(paths: &[PathBuf], guidelines: Option<&Path>) -> Catalog {
    load_with(paths, guidelines, true)
}

/// [`load`] for checking only: without the content hashes (a fifth of the time on a big folder),
/// which only recording a session needs. `content_hash` is left empty.
pub fn load_for_check(paths: &[PathBuf], guidelines: Option<&Path>) -> Catalog {
    load_with(paths, guidelines, false)
}

fn load_with(paths: &[PathBuf], guidelines: Option<&Path>, hash: bool) -> Catalog {
    let mut catalog = Catalog::default();
    let mut files = Vec::new();
    for path in paths {
        match ron_files(path) {
            Ok(found) if found.is_empty() => catalog
                .diagnostics
                .push(Diagnostic::file_error(path, "no .ron files in this folder")),
            Ok(found) => files.extend(found),
            Err(d) => catalog.diagnostics.push(d),
        }
    }
    // The same file named twice (`check sc/a.ron sc`) is one file, read once.
    let mut seen = std::collections::HashSet::new();
    files.retain(|f| seen.insert(f.canonicalize().unwrap_or_else(|_| f.clone())));

    // Guideline sets (with their file, for version hashes and unused facts) by the path they
    // were read from, read once each.
    type Set = Option<(Arc<GuidelineSet>, Arc<SourceFile>)>;
    let mut sets: HashMap<PathBuf, Set> = HashMap::new();
    let mut read_set = |path: &Path, catalog: &mut Catalog| -> Set {
        let key = path.to_path_buf();
        if let Some(set) = sets.get(&key) {
            return set.clone();
        }
        let (set, problems) = load_guidelines_file(path);
        catalog.files_read += 1;
        catalog.diagnostics.extend(problems);
        let set = set.map(|(s, file)| (Arc::new(s), Arc::new(file)));
        sets.insert(key, set.clone());
        set
    };

    if let Some(g) = guidelines {
        read_set(g, &mut catalog);
    }

    // Facts used, per guideline file, to warn of facts nothing uses.
    let mut facts_used: HashMap<PathBuf, BTreeSet<String>> = HashMap::new();
    let mut candidates = Vec::new();
    let mut path_files = Vec::new();
    for path in files {
        if guidelines.is_some_and(|g| g == path) {
            continue;
        }
        let file = match SourceFile::read(&path) {
            Ok(f) => f,
            Err(d) => {
                catalog.files_read += 1;
                catalog.diagnostics.push(d);
                continue;
            }
        };
        if file.kind() == FileKind::Guidelines {
            read_set(&path, &mut catalog);
            continue;
        }
        catalog.files_read += 1;
        if file.kind() == FileKind::Path {
            if path
                .file_name()
                .is_some_and(|n| n == crate::onboarding::FILE_NAME)
            {
                // Checked once every scenario it may name is in.
                path_files.push(file);
            } else {
                catalog.diagnostics.push(Diagnostic::file_error(
                    &path,
                    format!(
                        "this is an onboarding path, but only {} is read as the path: rename it, or move it out of the folder (a copy kept here is ignored)",
                        crate::onboarding::FILE_NAME
                    ),
                ).warning());
            }
            continue;
        }
        let set_path = match guidelines {
            Some(g) => g.to_path_buf(),
            None => path.with_file_name("guidelines.ron"),
        };
        let set = if set_path.exists() {
            // Read (and its problems reported) once, whatever it is.
            read_set(&set_path, &mut catalog)
        } else {
            catalog.diagnostics.push(Diagnostic::file_error(
                &path,
                format!(
                    "no guideline set to score it by: {} does not exist (put one there or pass --guidelines FILE)",
                    set_path.display()
                ),
            ));
            None
        };
        let checked = check_scenario_file(&file, set.as_ref().map(|(s, _)| &**s));
        catalog.diagnostics.extend(checked.problems);
        catalog.allowed.extend(checked.allowed);
        facts_used
            .entry(set_path.clone())
            .or_default()
            .extend(checked.facts_used);
        let (Some(scenario), Some((set, set_file))) = (checked.scenario, set) else {
            continue;
        };
        let (content_hash, file_hash) = if hash {
            (
                version_hash(&file.text, &set_file.text),
                self::content_hash(file.text.as_bytes()),
            )
        } else {
            (String::new(), String::new())
        };
        candidates.push(CatalogEntry {
            content_hash,
            file_hash,
            path,
            scenario: Arc::new(scenario),
            guidelines: set,
        });
    }
    let (entries, duplicates) = assemble(candidates);
    catalog.scenarios = entries;
    catalog.diagnostics.extend(duplicates);
    for file in path_files {
        let (path, problems) = crate::onboarding::check(&file, &catalog.scenarios);
        catalog.diagnostics.extend(problems);
        if let Some(path) = path {
            catalog.path = Some(crate::onboarding::LoadedPath {
                file: file.path.clone(),
                path,
            });
        }
    }
    // A fact is unused only if no scenario of its folder uses it: judged when whole folders
    // were loaded, never from one file.
    for dir in paths.iter().filter(|p| p.is_dir()) {
        let set_path = guidelines.map_or_else(|| dir.join("guidelines.ron"), Path::to_path_buf);
        if let Some(used) = facts_used.get(&set_path)
            && let Some(Some((set, file))) = sets.get(&set_path)
        {
            catalog.diagnostics.extend(facts::unused(file, set, used));
        }
    }
    catalog
}
