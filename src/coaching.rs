//! What a trainee should practise next: the weakest guideline lately, and the scenario that
//! trains it most.

use crate::scenario::CatalogEntry;
use std::collections::BTreeMap;

/// The weakest guideline and where to practise it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recommendation {
    /// The guideline's title, as the trainee reads it.
    pub guideline: String,
    /// The id of the scenario whose options spread that guideline's points the most.
    pub scenario: String,
}

/// From a trainee's guideline history ((session, guideline, percent), oldest first): the
/// guideline with the lowest mean over its last five sessions, and the scenario among `entries`
/// whose options spread its points the most. `None` without history or scenarios.
pub fn recommend(
    history: &[(i64, String, u32)],
    entries: &[CatalogEntry],
) -> Option<Recommendation> {
    let mut by_guideline: BTreeMap<&str, Vec<u32>> = BTreeMap::new();
    for (_, g, p) in history {
        by_guideline.entry(g.as_str()).or_default().push(*p);
    }
    let (weakest, _) = by_guideline
        .iter()
        .map(|(g, ps)| {
            let recent: Vec<u32> = ps.iter().rev().take(5).copied().collect();
            (*g, recent.iter().sum::<u32>() as f64 / recent.len() as f64)
        })
        .min_by(|a, b| a.1.total_cmp(&b.1))?;
    let scenario = entries.iter().max_by_key(|e| {
        e.scenario
            .all_posts()
            .iter()
            .map(|(p, _)| {
                let pts: Vec<i32> = p.options.iter().map(|o| o.points(weakest)).collect();
                pts.iter().max().unwrap_or(&0) - pts.iter().min().unwrap_or(&0)
            })
            .sum::<i32>()
    })?;
    let guideline = scenario
        .guidelines
        .get(weakest)
        .map_or(weakest.to_string(), |g| g.title.clone());
    Some(Recommendation {
        guideline,
        scenario: scenario.scenario.id.clone(),
    })
}
