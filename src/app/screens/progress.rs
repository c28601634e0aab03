//! Progress: the trainee's scores and guideline percentages over time, the weakest guideline
//! with the scenario that trains it most, and every session with its debrief.

use super::page::{self, HOME_KEYS};
use super::{Requests, Screen, Senders};
use crate::app::library::Library;
use crate::app::progress::{ProfileAction, Progress};
use crate::app::shift::Navigate;
use crate::app::theme;
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};
use egui_plot::{Line, Plot, PlotPoints, Points};
use std::collections::BTreeMap;

pub fn plugin(app: &mut App) {
    app.add_systems(
        EguiPrimaryContextPass,
        draw.run_if(in_state(Screen::Progress)),
    );
}

fn draw(
    mut contexts: EguiContexts,
    progress: Res<Progress>,
    library: Res<Library>,
    mut senders: Senders,
) -> Result {
    senders.send(show(contexts.ctx_mut()?, &progress, &library));
    Ok(())
}

/// The trainee's progress: charts with their numbers, and every session.
pub fn show(ctx: &egui::Context, progress: &Progress, library: &Library) -> Requests {
    let mut out = Requests::default();
    let mut root = page::root(ctx);
    if !page::pressed(ctx, HOME_KEYS).is_empty() {
        out.push(Navigate::Home);
    }
    let name = progress.profile.as_ref().map_or("", |p| p.name.as_str());
    if page::top_bar_with_home(&mut root, "progress", format!("Progress — {name}"), |_| {}) {
        out.push(Navigate::Home);
    }
    page::key_bar(&mut root, "progress", HOME_KEYS);
    egui::CentralPanel::default().show(&mut root, |ui| {
        let finished: Vec<_> = progress
            .sessions
            .iter()
            // Charts show the trainee at the desk: scripted runs are listed below, not plotted.
            .filter(|s| s.score.is_some() && s.mode.at_desk())
            .collect();
        if finished.is_empty() {
            ui.label("No finished sessions yet. Play a scenario and your scores appear here.");
            return;
        }
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show(ui, |ui| {
                if let Some(r) = &progress.recommendation {
                    let guideline = &r.guideline;
                    let title = library
                        .find(&r.scenario)
                        .map_or(r.scenario.clone(), |e| e.scenario.title.clone());
                    theme::card(theme::notice_fill()).show(ui, |ui| {
                        ui.set_width(ui.available_width());
                        ui.label(
                            egui::RichText::new(format!("Weakest guideline lately: {guideline}"))
                                .strong(),
                        );
                        ui.label(format!(
                            "Recommended next: “{title}”, which trains it most."
                        ));
                    });
                }
                ui.add_space(6.0);
                for id in history(ui, library, &progress.sessions, &progress.guideline_history) {
                    out.push(ProfileAction::OpenStored(id));
                }
            });
    });
    out
}

/// A trainee's scores and guidelines over time, and every session with a Debrief button: on
/// My progress and on the supervisor's page of a trainee. Gives the sessions whose debrief was
/// asked for.
pub fn history(
    ui: &mut egui::Ui,
    library: &Library,
    sessions: &[crate::store::StoredSession],
    guideline_history: &[(i64, String, u32)],
) -> Vec<i64> {
    let mut debriefs = Vec::new();
    // Charts show the trainee at the desk: scripted runs are listed below, not plotted.
    let finished: Vec<_> = sessions
        .iter()
        .filter(|s| s.score.is_some() && s.mode.at_desk())
        .collect();
    page::two_columns(
        ui,
        700.0,
        |ui| {
            ui.label(egui::RichText::new("Session scores, by scenario").strong());
            let mut lines: BTreeMap<&str, Vec<[f64; 2]>> = BTreeMap::new();
            for (i, s) in finished.iter().enumerate() {
                lines
                    .entry(s.scenario_id.as_str())
                    .or_default()
                    .push([i as f64 + 1.0, f64::from(s.score.unwrap_or(0))]);
            }
            let series = lines
                .into_iter()
                .map(|(id, points)| {
                    let name = library
                        .find(id)
                        .map_or(id.to_string(), |e| e.scenario.title.clone());
                    (name, points)
                })
                .collect();
            percent_chart(
                ui,
                "scores",
                "session scores, by scenario",
                finished.len(),
                series,
            );
        },
        |ui| {
            ui.label(egui::RichText::new("Guidelines over time (percent)").strong());
            let order: Vec<i64> = finished.iter().map(|s| s.id).collect();
            let mut glines: BTreeMap<&str, Vec<[f64; 2]>> = BTreeMap::new();
            for (session, g, p) in guideline_history {
                if let Some(x) = order.iter().position(|id| id == session) {
                    glines
                        .entry(g.as_str())
                        .or_default()
                        .push([x as f64 + 1.0, f64::from(*p)]);
                }
            }
            let series = glines
                .into_iter()
                .map(|(g, points)| {
                    let name = library
                        .entries
                        .first()
                        .and_then(|e| e.guidelines.get(g).map(|x| x.title.clone()))
                        .unwrap_or_else(|| g.to_string());
                    (name, points)
                })
                .collect();
            percent_chart(
                ui,
                "guidelines",
                "guidelines over time",
                finished.len(),
                series,
            );
        },
    );
    ui.add_space(8.0);
    ui.heading("Sessions");
    // A table where it fits; at large text sizes, one wrapped line per session.
    if ui.available_width() >= 700.0 {
        egui::Grid::new("sessions")
            .striped(true)
            .num_columns(6)
            .show(ui, |ui| {
                for h in ["Date", "Scenario", "Mode", "Score", "Passed", ""] {
                    ui.label(egui::RichText::new(h).strong());
                }
                ui.end_row();
                for s in sessions.iter().rev() {
                    session_cells(ui, library, s, false, &mut debriefs);
                    ui.end_row();
                }
            });
    } else {
        for s in sessions.iter().rev() {
            ui.horizontal_wrapped(|ui| session_cells(ui, library, s, true, &mut debriefs));
            ui.separator();
        }
    }
    debriefs
}

/// One stored session: its date, scenario, mode (with what must be weighed), score, verdict
/// and a Debrief button. `narrow` names the score and verdict, which have no column heading.
fn session_cells(
    ui: &mut egui::Ui,
    library: &Library,
    s: &crate::store::StoredSession,
    narrow: bool,
    debriefs: &mut Vec<i64>,
) {
    ui.label(
        crate::report::rfc3339(s.started_at)
            .replace('T', " ")
            .trim_end_matches('Z')
            .to_string(),
    );
    ui.label(
        library
            .find(&s.scenario_id)
            .map_or(s.scenario_id.clone(), |e| e.scenario.title.clone()),
    );
    let notes = crate::record::notes(library.find(&s.scenario_id), s);
    if notes.is_empty() {
        ui.label(s.mode.label());
    } else {
        // Scripted, or played from another version of the file: said, not hidden.
        ui.label(
            egui::RichText::new(format!("{} ({})", s.mode.label(), notes.join("; ")))
                .color(theme::warn()),
        );
    }
    match (s.score, s.passed) {
        (Some(score), Some(passed)) => {
            let verdict = if passed { "yes" } else { "no" };
            if narrow {
                ui.label(format!("score {score}, passed: {verdict}"));
            } else {
                ui.label(score.to_string());
                ui.label(verdict);
            }
            if ui.small_button("Debrief").clicked() {
                debriefs.push(s.id);
            }
        }
        _ if narrow => {
            ui.label("unfinished");
        }
        _ => {
            ui.label("—");
            ui.label("unfinished");
            ui.label("");
        }
    }
}

/// Distinct colours for chart series, in order.
const PALETTE: [egui::Color32; 12] = [
    egui::Color32::from_rgb(0x1d, 0x6f, 0xb8),
    egui::Color32::from_rgb(0xd9, 0x7d, 0x0d),
    egui::Color32::from_rgb(0x1f, 0x8a, 0x4c),
    egui::Color32::from_rgb(0xc0, 0x39, 0x2b),
    egui::Color32::from_rgb(0x6d, 0x4a, 0xc7),
    egui::Color32::from_rgb(0x8c, 0x56, 0x3c),
    egui::Color32::from_rgb(0xd6, 0x33, 0x84),
    egui::Color32::from_rgb(0x55, 0x5f, 0x6d),
    egui::Color32::from_rgb(0x0e, 0x9a, 0xa7),
    egui::Color32::from_rgb(0x9a, 0x8f, 0x00),
    egui::Color32::from_rgb(0x00, 0x3f, 0x7d),
    egui::Color32::from_rgb(0xe0, 0x5a, 0x47),
];

/// A 0–100 chart over sessions, with its legend below the plot (never over the lines) as text:
/// each series' colour, name, latest value and mean, so the numbers read without the chart.
fn percent_chart(
    ui: &mut egui::Ui,
    id: &str,
    title: &str,
    sessions: usize,
    series: Vec<(String, Vec<[f64; 2]>)>,
) {
    ui.label(
        egui::RichText::new("0 to 100%, one point per session, oldest on the left")
            .small()
            .color(theme::muted()),
    );
    Plot::new(id)
        .height(200.0)
        .include_x(0.5)
        .include_x(sessions as f64 + 0.5)
        .include_y(0.0)
        .include_y(100.0)
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        // No axes (they take keyboard focus and have no name): the scale is said above, the
        // numbers below.
        .show_axes(false)
        .show(ui, |plot| {
            for (i, (name, points)) in series.iter().enumerate() {
                // One colour per series for its line, its points and its legend entry.
                let colour = PALETTE[i % PALETTE.len()];
                plot.line(
                    Line::new(name.clone(), PlotPoints::from(points.clone()))
                        .color(colour)
                        .width(2.0),
                );
                plot.points(
                    Points::new(name.clone(), PlotPoints::from(points.clone()))
                        .color(colour)
                        .radius(3.5),
                );
            }
        })
        .response
        .widget_info(|| {
            egui::WidgetInfo::labeled(
                egui::WidgetType::Image,
                true,
                format!("Line chart: {title}; each series' numbers follow it"),
            )
        });
    egui::Grid::new(format!("{id}-legend"))
        .num_columns(3)
        .min_col_width(0.0)
        .spacing([6.0, 2.0])
        .show(ui, |ui| {
            for (i, (name, points)) in series.iter().enumerate() {
                let colour = PALETTE[i % PALETTE.len()];
                ui.label(egui::RichText::new("■").color(colour));
                ui.label(egui::RichText::new(name).small());
                ui.label(
                    egui::RichText::new(summary(points))
                        .small()
                        .color(theme::muted()),
                );
                ui.end_row();
            }
        });
    // The chart's text equivalent: every number it plots, by session.
    egui::CollapsingHeader::new("The numbers in this chart")
        .id_salt(format!("{id}-numbers"))
        .show(ui, |ui| {
            for (name, points) in &series {
                ui.label(egui::RichText::new(plotted(name, points)).small());
            }
        });
}

/// A series as a sentence of every point: "Name — session 1: 40%, session 2: 62%".
fn plotted(name: &str, points: &[[f64; 2]]) -> String {
    let values: Vec<String> = points
        .iter()
        .map(|p| format!("session {:.0}: {:.0}%", p[0], p[1]))
        .collect();
    format!("{name} — {}", values.join(", "))
}

/// A series as text: its latest value and its mean, in percent.
fn summary(points: &[[f64; 2]]) -> String {
    let Some(last) = points.last().map(|p| p[1]) else {
        return "no sessions yet".into();
    };
    let mean = points.iter().map(|p| p[1]).sum::<f64>() / points.len().max(1) as f64;
    format!("last {last:.0}%, mean {mean:.0}%")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_guideline_of_a_set_of_twelve_has_its_own_colour() {
        let distinct: std::collections::HashSet<_> = PALETTE.iter().collect();
        assert_eq!(distinct.len(), PALETTE.len());
        assert!(PALETTE.len() >= 12);
    }

    #[test]
    fn the_legend_gives_the_numbers_as_text() {
        assert_eq!(summary(&[[1.0, 40.0], [2.0, 62.0]]), "last 62%, mean 51%");
        assert_eq!(summary(&[]), "no sessions yet");
        assert_eq!(
            plotted("Tone", &[[1.0, 40.0], [3.0, 62.0]]),
            "Tone — session 1: 40%, session 3: 62%"
        );
    }
}
