//! Supervisor: the first-time form or the passphrase, then the roster (search, filters, sorting
//! by any column, counts, CSV export) with a page per trainee, the item analysis and the
//! Learning Record Store. It draws [`SupervisorView`] and sends [`SupervisorAction`]s;
//! `app::supervisor` decides.

use super::page::{self, HOME_KEYS};
use super::{Requests, Screen, Senders, key};
use crate::app::library::Library;
use crate::app::shift::Navigate;
use crate::app::supervisor::{Access, SupervisorAction, SupervisorView, TraineePage};
use crate::app::sync::SyncLink;
use crate::app::theme;
use crate::roster::trainees::{self, Column, Status};
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};
use egui_extras::{Column as TableColumn, TableBuilder};

pub fn plugin(app: &mut App) {
    app.add_systems(
        EguiPrimaryContextPass,
        draw.run_if(in_state(Screen::Supervisor)),
    );
}

/// What is being typed into the passphrase fields, for one visit of the screen: forgotten when
/// the view's visit number changes.
pub struct Typed {
    visit: u64,
    passphrase: String,
    again: String,
    /// The Learning Record Store form: filled from the settings on each visit.
    lrs_url: String,
    lrs_user: String,
    lrs_password: String,
    /// The section shown: the roster, the item analysis or the Learning Record Store.
    pub tab: Tab,
    /// The name searched for, as typed.
    search: String,
    /// The days in "no session for N days" and "inactive".
    days: u32,
    /// Where the roster is exported to.
    export_to: String,
    /// The search field has been given the focus on this visit (once: the roster opens ready
    /// to type a name, and the focus the passphrase field had does not pass to another widget).
    search_focused: bool,
}

impl Default for Typed {
    fn default() -> Self {
        Self {
            visit: 0,
            passphrase: String::new(),
            again: String::new(),
            lrs_url: String::new(),
            lrs_user: String::new(),
            lrs_password: String::new(),
            tab: Tab::default(),
            search: String::new(),
            days: crate::roster::trainees::INACTIVE_AFTER_DAYS,
            export_to: "roster.csv".into(),
            search_focused: false,
        }
    }
}

/// The sections of the unlocked screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tab {
    #[default]
    Roster,
    Items,
    Lrs,
}

fn draw(
    mut contexts: EguiContexts,
    view: Res<SupervisorView>,
    library: Res<Library>,
    link: Res<SyncLink>,
    mut typed: Local<Typed>,
    mut senders: Senders,
) -> Result {
    senders.send(show(
        contexts.ctx_mut()?,
        &view,
        &library,
        &link,
        &mut typed,
    ));
    Ok(())
}

/// The supervisor's screen: locked, or the roster and the item analysis.
pub fn show(
    ctx: &egui::Context,
    view: &SupervisorView,
    library: &Library,
    link: &SyncLink,
    typed: &mut Typed,
) -> Requests {
    let mut out = Requests::default();
    if typed.visit != view.visit {
        let (lrs_url, lrs_user) = link
            .settings
            .as_ref()
            .map(|s| (s.url.clone(), s.user.clone()))
            .unwrap_or_default();
        *typed = Typed {
            visit: view.visit,
            lrs_url,
            lrs_user,
            search: view.query.search.clone(),
            days: view.query.inactive_after_days,
            ..Typed::default()
        };
    }
    let mut root = page::root(ctx);
    if !page::pressed(ctx, HOME_KEYS).is_empty() {
        // Esc on a trainee's page goes back to the roster; on the roster, home.
        if view.trainee.is_some() {
            out.push(SupervisorAction::CloseTrainee);
        } else {
            out.push(Navigate::Home);
        }
    }
    if page::top_bar_with_home(&mut root, "supervisor", "Supervisor", |_| {}) {
        out.push(Navigate::Home);
    }
    page::key_bar(&mut root, "supervisor", HOME_KEYS);
    egui::CentralPanel::default().show(&mut root, |ui| {
        if view.access != Access::Open {
            if let Some(action) = lock_screen(ui, ctx, view, typed) {
                out.push(action);
            }
            return;
        }
        if let Some(page) = &view.trainee {
            for action in trainee_page(ui, library, view, page) {
                out.push(action);
            }
            return;
        }
        ui.horizontal_wrapped(|ui| {
            for (tab, name) in [
                (Tab::Roster, "Roster"),
                (Tab::Items, "Item analysis"),
                (Tab::Lrs, "Learning Record Store"),
            ] {
                if ui
                    .selectable_label(
                        typed.tab == tab,
                        selectable_text(ui, typed.tab == tab, name),
                    )
                    .clicked()
                {
                    typed.tab = tab;
                }
            }
        });
        ui.separator();
        match typed.tab {
            Tab::Roster => {
                for action in roster(ui, library, view, typed) {
                    out.push(action);
                }
            }
            Tab::Items => {
                egui::ScrollArea::vertical()
                    .auto_shrink([false, false])
                    .show(ui, |ui| {
                        if let Some(action) = item_analysis(ui, library, view) {
                            out.push(action);
                        }
                    });
            }
            Tab::Lrs => {
                egui::ScrollArea::vertical()
                    .auto_shrink([false, false])
                    .show(ui, |ui| {
                        for action in lrs(ui, link, typed) {
                            out.push(action);
                        }
                    });
            }
        }
    });
    out
}

/// The first-time form or the passphrase prompt: a plain function of the view, returning what
/// the supervisor asked for (tested without Bevy in tests/screens.rs).
pub fn lock_screen(
    ui: &mut egui::Ui,
    ctx: &egui::Context,
    view: &SupervisorView,
    typed: &mut Typed,
) -> Option<SupervisorAction> {
    let first_time = match view.access {
        Access::FirstTime => true,
        Access::Locked => false,
        _ => {
            ui.label("The progress store is not open, so there are no records to show.");
            return None;
        }
    };
    let mut action = None;
    ui.vertical_centered(|ui| {
        ui.set_max_width(460.0);
        ui.add_space(20.0);
        if first_time {
            ui.label(
                egui::RichText::new(
                    "No supervisor passphrase is set on this computer yet. It guards every \
                     trainee's records, so only the supervisor should set it: if you are a \
                     trainee, stop here and ask your supervisor.",
                )
                .color(theme::warn()),
            );
            ui.add_space(6.0);
            ui.label(
                "Supervisor: choose a passphrase of 8 or more characters (not counting spaces). \
                 It is stored only as a hash; `replydesk supervisor init` does the same.",
            );
        } else {
            ui.label("Enter the supervisor passphrase to see every trainee's records.");
        }
        let field = ui.add(
            egui::TextEdit::singleline(&mut typed.passphrase)
                .password(true)
                .hint_text("passphrase"),
        );
        // Typing goes to the passphrase at once; Tab moves to the next field.
        if ui.memory(|m| m.focused().is_none()) {
            field.request_focus();
        }
        if first_time {
            ui.add(
                egui::TextEdit::singleline(&mut typed.again)
                    .password(true)
                    .hint_text("again"),
            );
        }
        let submit = ui
            .button(if first_time {
                "Set passphrase"
            } else {
                "Unlock"
            })
            .clicked()
            || key(ctx, egui::Key::Enter);
        if submit {
            let passphrase = std::mem::take(&mut typed.passphrase);
            let again = std::mem::take(&mut typed.again);
            action = Some(if first_time {
                SupervisorAction::SetFirst { passphrase, again }
            } else {
                SupervisorAction::Unlock(passphrase)
            });
        }
        if let Some(m) = &view.message {
            ui.label(egui::RichText::new(m).color(theme::bad()));
        }
    });
    action
}

/// The roster: counts, search and filters, export, and one line per trainee in a table that
/// draws only the rows in sight, so 2,000 trainees cost what 20 do.
/// The roster's counts, search, filters and export.
fn controls(
    ui: &mut egui::Ui,
    library: &Library,
    view: &SupervisorView,
    typed: &mut Typed,
    query: &mut trainees::Query,
    actions: &mut Vec<SupervisorAction>,
) {
    for note in &view.access_notes {
        ui.label(egui::RichText::new(note).color(theme::warn()));
    }
    let c = view.counts;
    let days = view.query.inactive_after_days;
    ui.horizontal_wrapped(|ui| {
        for (n, what, colour) in [
            (c.trainees, "trainees", theme::text()),
            (c.passed, "passed", theme::good()),
            (c.in_progress, "in progress", theme::accent()),
            (c.inactive, "inactive", theme::warn()),
            (c.not_started, "not started", theme::muted()),
        ] {
            // One label, so that a screen reader says "12 passed" as one.
            let mut job = egui::text::LayoutJob::default();
            let body = egui::TextStyle::Body.resolve(ui.style());
            job.append(
                &n.to_string(),
                0.0,
                egui::TextFormat {
                    font_id: egui::FontId::new(body.size * 1.4, body.family.clone()),
                    color: colour,
                    valign: egui::Align::Center,
                    ..Default::default()
                },
            );
            job.append(
                &format!(" {what}"),
                0.0,
                egui::TextFormat {
                    font_id: body,
                    color: ui.visuals().text_color(),
                    valign: egui::Align::Center,
                    ..Default::default()
                },
            );
            ui.label(job);
            ui.add_space(10.0);
        }
        ui.label(
            egui::RichText::new(if library.path.is_some() {
                format!("passed: finished the onboarding path; inactive: not passed and no session for {days} days")
            } else {
                format!("passed: passed an assessment; inactive: not passed and no session for {days} days")
            })
            .small()
            .color(theme::muted()),
        );
    });
    ui.horizontal_wrapped(|ui| {
        let label = ui.label("Search");
        let field = ui
            .add(
                egui::TextEdit::singleline(&mut typed.search)
                    .hint_text("part of a name")
                    .desired_width(180.0),
            )
            .labelled_by(label.id);
        if !typed.search_focused {
            typed.search_focused = true;
            field.request_focus();
        }
        query.search = typed.search.clone();
        ui.checkbox(&mut query.not_passed, "Not yet passed");
        let mut idle = query.idle_days.is_some();
        ui.checkbox(&mut idle, "No session for");
        ui.add(
            egui::DragValue::new(&mut typed.days)
                .range(1..=365)
                .suffix(" days"),
        );
        query.inactive_after_days = typed.days;
        query.idle_days = idle.then_some(typed.days);
        ui.checkbox(
            &mut query.failed_last_assessment,
            "Failed the last assessment",
        );
        ui.checkbox(
            &mut query.breach_in_last,
            "Critical breach in the last session",
        );
    });
    ui.horizontal_wrapped(|ui| {
        ui.label(format!(
            "Showing {} of {}",
            view.shown.len(),
            view.trainees.len()
        ));
        ui.add_space(10.0);
        let label = ui.label("Export what is shown to");
        let field = ui
            .add(egui::TextEdit::singleline(&mut typed.export_to).desired_width(200.0))
            .labelled_by(label.id);
        let entered = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        if ui.button("Export CSV").clicked() || entered {
            actions.push(SupervisorAction::ExportCsv(typed.export_to.trim().into()));
        }
        match &view.export_note {
            Some(Ok(m)) => {
                ui.label(egui::RichText::new(m).color(theme::good()));
            }
            Some(Err(m)) => {
                ui.label(egui::RichText::new(m).color(theme::bad()));
            }
            None => {}
        }
    });
}

/// The roster: counts, search and filters, export, and one line per trainee in a table that
/// draws only the rows in sight, so 2,000 trainees cost what 20 do.
fn roster(
    ui: &mut egui::Ui,
    library: &Library,
    view: &SupervisorView,
    typed: &mut Typed,
) -> Vec<SupervisorAction> {
    let mut actions = Vec::new();
    let mut query = view.query.clone();
    let days = view.query.inactive_after_days;
    // Too narrow for the table (large text, a small window): the whole roster scrolls as one
    // page, two lines a trainee, with the sorting as buttons above them.
    if ui.available_width() < WIDE_ROSTER {
        egui::ScrollArea::vertical()
            .id_salt("roster-page")
            .auto_shrink([false, false])
            .show(ui, |ui| {
                controls(ui, library, view, typed, &mut query, &mut actions);
                if view.trainees.is_empty() {
                    ui.label("No trainees on this computer yet.");
                    return;
                }
                ui.horizontal_wrapped(|ui| {
                    ui.label("Sort by");
                    for c in Column::ALL {
                        sort_button(ui, c, &view.query, &mut query);
                    }
                });
                let line = ui.text_style_height(&egui::TextStyle::Body);
                let height = 2.0 * line + 2.0 * ui.spacing().item_spacing.y + 6.0;
                // Only the rows in sight are drawn; the others are space.
                let top = ui.cursor().top();
                let clip = ui.clip_rect();
                let n = view.shown.len();
                let first = (((clip.top() - top) / height).floor().max(0.0) as usize).min(n);
                let last = ((((clip.bottom() - top) / height).ceil().max(0.0) as usize) + 1).min(n);
                let width = ui.available_width();
                ui.spacing_mut().item_spacing.y = 0.0;
                if first > 0 {
                    ui.allocate_space(egui::vec2(width, first as f32 * height));
                }
                for i in first..last {
                    let t = &view.trainees[view.shown[i]];
                    ui.allocate_ui(egui::vec2(width, height), |ui| {
                        ui.set_height(height);
                        ui.vertical(|ui| {
                            if name_link(ui, &t.name).clicked() {
                                actions.push(SupervisorAction::OpenTrainee(t.name.clone()));
                            }
                            ui.add(egui::Label::new(line_summary(t, view.now, days)).truncate());
                        });
                    });
                }
                if last < n {
                    ui.allocate_space(egui::vec2(width, (n - last) as f32 * height));
                }
            });
        if query != view.query {
            actions.push(SupervisorAction::SetQuery(query));
        }
        return actions;
    }
    controls(ui, library, view, typed, &mut query, &mut actions);
    if view.trainees.is_empty() {
        ui.label("No trainees on this computer yet.");
        return actions;
    }
    let with_path = library.path.is_some();
    let row_height = ui.text_style_height(&egui::TextStyle::Button) + 8.0;
    let columns: Vec<Column> = Column::ALL.to_vec();
    {
        let mut table = TableBuilder::new(ui)
            .id_salt("roster")
            .striped(true)
            .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
            .auto_shrink([false, false])
            .min_scrolled_height(0.0);
        for c in &columns {
            table = table.column(match c {
                Column::Name => TableColumn::auto()
                    .at_least(140.0)
                    .at_most(280.0)
                    .clip(true),
                _ => TableColumn::auto(),
            });
        }
        if with_path {
            table = table.column(TableColumn::remainder().at_least(160.0).clip(true));
        }
        table
            .header(row_height, |mut header| {
                for c in &columns {
                    header.col(|ui| sort_button(ui, *c, &view.query, &mut query));
                }
                if with_path {
                    header.col(|ui| {
                        ui.label(egui::RichText::new("Onboarding path").strong());
                    });
                }
            })
            .body(|body| {
                body.rows(row_height, view.shown.len(), |mut row| {
                    let t = &view.trainees[view.shown[row.index()]];
                    row.col(|ui| {
                        if name_link(ui, &t.name).clicked() {
                            actions.push(SupervisorAction::OpenTrainee(t.name.clone()));
                        }
                    });
                    row.col(|ui| {
                        let status = t.status(view.now, days);
                        let colour = match status {
                            Status::Passed => theme::good(),
                            Status::InProgress => theme::accent(),
                            Status::Inactive => theme::warn(),
                            Status::NotStarted => theme::muted(),
                        };
                        ui.label(egui::RichText::new(status.label()).color(colour));
                    });
                    row.col(|ui| {
                        ui.label(t.sessions.to_string());
                    });
                    row.col(|ui| {
                        let ago = ui.label(trainees::ago(t, view.now));
                        if let Some(at) = t.last_session {
                            ago.on_hover_text(crate::report::date(at));
                        }
                    });
                    row.col(|ui| {
                        ui.label(t.best.map_or("—".into(), |b| b.to_string()));
                    });
                    row.col(|ui| {
                        match t.last_assessment {
                            Some(true) => {
                                ui.label(egui::RichText::new("passed").color(theme::good()))
                            }
                            Some(false) => {
                                ui.label(egui::RichText::new("failed").color(theme::bad()))
                            }
                            None => ui.label("—"),
                        };
                    });
                    row.col(|ui| {
                        match t.breach_in_last {
                            Some(true) => {
                                ui.label(egui::RichText::new("yes").strong().color(theme::bad()))
                            }
                            Some(false) => ui.label("no"),
                            None => ui.label("—"),
                        };
                    });
                    if with_path {
                        row.col(|ui| {
                            ui.add(egui::Label::new(t.path.as_deref().unwrap_or("—")).truncate());
                        });
                    }
                });
            });
    }
    if query != view.query {
        actions.push(SupervisorAction::SetQuery(query));
    }
    actions
}

/// A selectable label's text, readable on the selection's fill when selected.
fn selectable_text(ui: &egui::Ui, selected: bool, text: &str) -> egui::RichText {
    let t = egui::RichText::new(text);
    if selected {
        t.color(theme::on(ui.visuals().selection.bg_fill))
    } else {
        t
    }
}

/// Below this width (in points) the roster is a list of two-line entries, not a table.
const WIDE_ROSTER: f32 = 760.0;

/// A column's sort button: sorts by it, or reverses the order when it already sorts.
fn sort_button(ui: &mut egui::Ui, c: Column, shown: &trainees::Query, query: &mut trainees::Query) {
    let arrow = match (shown.sort == c, shown.descending) {
        (true, false) => " ▲",
        (true, true) => " ▼",
        _ => "",
    };
    let button = ui
        .add(
            egui::Button::new(egui::RichText::new(format!("{}{arrow}", c.title())).strong())
                .frame(false),
        )
        .on_hover_text("Sort by this column; again to reverse");
    theme::focus_ring(ui, &button);
    if button.clicked() {
        query.descending = shown.sort == c && !shown.descending;
        query.sort = c;
    }
}

/// Longest name shown whole on the roster; longer ones end in "…" (whole on hovering, and on
/// their page), so that one long name cannot push the figures out of the window.
const NAME_SHOWN: usize = 32;

/// A trainee's name as a link to their page, with the focus drawn around it.
fn name_link(ui: &mut egui::Ui, name: &str) -> egui::Response {
    let shown: String = if name.chars().count() > NAME_SHOWN {
        name.chars().take(NAME_SHOWN - 1).chain(['…']).collect()
    } else {
        name.to_string()
    };
    let link = ui.link(shown);
    theme::focus_ring(ui, &link);
    link.on_hover_text(format!("{name}: open this trainee's page"))
}

/// A trainee in one line of text, for the narrow list.
fn line_summary(t: &trainees::Trainee, now: i64, days: u32) -> String {
    let mut parts = vec![
        t.status(now, days).label().to_string(),
        format!("{} sessions", t.sessions),
        format!("last {}", trainees::ago(t, now)),
    ];
    if let Some(b) = t.best {
        parts.push(format!("best {b}"));
    }
    match t.last_assessment {
        Some(true) => parts.push("last assessment passed".into()),
        Some(false) => parts.push("last assessment failed".into()),
        None => {}
    }
    if t.breach_in_last == Some(true) {
        parts.push("critical breach in the last session".into());
    }
    parts.join(" · ")
}

/// One trainee's page, read-only: where they stand, their scenarios, charts and sessions, and
/// the debrief of a session asked for.
fn trainee_page(
    ui: &mut egui::Ui,
    library: &Library,
    view: &SupervisorView,
    page: &TraineePage,
) -> Vec<SupervisorAction> {
    let mut actions = Vec::new();
    ui.horizontal_wrapped(|ui| {
        if ui.button("← Roster").clicked() {
            actions.push(SupervisorAction::CloseTrainee);
        }
        ui.heading(&page.name);
    });
    if let Some(t) = view.trainees.iter().find(|t| t.name == page.name) {
        let mut facts = vec![
            t.status(view.now, view.query.inactive_after_days)
                .label()
                .to_string(),
            format!("{} sessions at the desk", t.sessions),
            format!("last session {}", trainees::ago(t, view.now)),
        ];
        if let Some(best) = t.best {
            facts.push(format!("best score {best}"));
        }
        if let Some(path) = &t.path {
            facts.push(format!("onboarding path: {path}"));
        }
        ui.label(facts.join(" · "));
    }
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            if let Some(debrief) = &page.debrief {
                theme::card(theme::notice_fill()).show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    ui.horizontal_wrapped(|ui| {
                        ui.label(egui::RichText::new("Debrief").strong());
                        if ui.button("Close the debrief").clicked() {
                            actions.push(SupervisorAction::OpenTrainee(page.name.clone()));
                        }
                    });
                    match debrief {
                        Ok(d) => {
                            ui.label(format!("{} — {}", d.entry.scenario.title, d.mode.label()));
                            super::debrief::body(ui, d, &page.name);
                        }
                        Err(e) => {
                            ui.label(egui::RichText::new(e).color(theme::warn()));
                        }
                    }
                });
                ui.add_space(8.0);
            }
            ui.label(egui::RichText::new("By scenario").strong());
            if page.lines.is_empty() {
                ui.label("No sessions yet.");
            }
            for line in &page.lines {
                let entry = library.find(&line.scenario);
                let file = entry
                    .and_then(|e| e.path.file_name())
                    .map_or(line.scenario.clone(), |n| n.to_string_lossy().into_owned());
                let mut text = format!(
                    "{}: {} session{}, best at the desk {}, passed an assessment: {}",
                    entry.map_or(line.scenario.clone(), |e| e.scenario.title.clone()),
                    line.sessions,
                    if line.sessions == 1 { "" } else { "s" },
                    line.best.map_or("—".into(), |b| b.to_string()),
                    if line.passed_assessment { "yes" } else { "no" },
                );
                let notes = line.notes(&file);
                if !notes.is_empty() {
                    text.push_str(&format!(" ({})", notes.join("; ")));
                }
                ui.add(egui::Label::new(text).wrap());
            }
            ui.add_space(8.0);
            if page.sessions.iter().any(|s| s.score.is_some()) {
                for id in
                    super::progress::history(ui, library, &page.sessions, &page.guideline_history)
                {
                    actions.push(SupervisorAction::ShowDebrief(id));
                }
            }
        });
    actions
}

/// Where finished sessions are sent: the Learning Record Store's address, user and password
/// (kept for this run of the app only), and how sending goes.
fn lrs(ui: &mut egui::Ui, link: &SyncLink, typed: &mut Typed) -> Vec<SupervisorAction> {
    let mut actions = Vec::new();
    ui.heading("Learning Record Store");
    ui.label(
        egui::RichText::new(
            "Finished sessions are sent as xAPI statements to the library's LRS, in the \
             background. The password is kept only while the app runs (or set \
             REPLYDESK_LRS_PASSWORD); `replydesk sync` does the same from the command line.",
        )
        .color(theme::muted()),
    );
    ui.label(egui::RichText::new(link.status_line()).strong());
    // Each field is named by its label, as a screen reader reads it.
    egui::Grid::new("lrs-form").num_columns(2).show(ui, |ui| {
        let label = ui.label("xAPI endpoint");
        ui.add(
            egui::TextEdit::singleline(&mut typed.lrs_url)
                .hint_text("https://lrs.library.example/xAPI/")
                .desired_width(320.0),
        )
        .labelled_by(label.id);
        ui.end_row();
        let label = ui.label("User");
        ui.add(egui::TextEdit::singleline(&mut typed.lrs_user).desired_width(200.0))
            .labelled_by(label.id);
        ui.end_row();
        let label = ui.label("Password");
        ui.add(
            egui::TextEdit::singleline(&mut typed.lrs_password)
                .password(true)
                .hint_text(if link.has_password() { "(entered)" } else { "" })
                .desired_width(200.0),
        )
        .labelled_by(label.id);
        ui.end_row();
    });
    ui.horizontal_wrapped(|ui| {
        if ui.button("Save and send").clicked() {
            actions.push(SupervisorAction::SetLrs {
                url: typed.lrs_url.clone(),
                user: typed.lrs_user.clone(),
                password: std::mem::take(&mut typed.lrs_password),
            });
        }
        if link.settings.is_some() {
            if ui
                .add_enabled(
                    link.has_password() && !link.is_running(),
                    egui::Button::new("Send now"),
                )
                .clicked()
            {
                actions.push(SupervisorAction::SyncNow);
            }
            if ui.button("Forget this LRS").clicked() {
                actions.push(SupervisorAction::ForgetLrs);
            }
        }
    });
    actions
}

fn item_analysis(
    ui: &mut egui::Ui,
    library: &Library,
    view: &SupervisorView,
) -> Option<SupervisorAction> {
    let mut action = None;
    ui.heading("Item analysis");
    ui.label(
        egui::RichText::new(
            "For each post, over finished sessions: difficulty (share choosing a best answer), \
             discrimination (how much better the session's strong trainees did on it; blank below 5 \
             attempts) and each response's share. With 20 attempts or more, posts that are too easy, \
             too hard or not discriminating, and distractors nobody chose, are flagged.",
        )
        .color(theme::muted()),
    );
    ui.horizontal_wrapped(|ui| {
        for e in &library.entries {
            let selected = view.scenario.as_deref() == Some(e.scenario.id.as_str());
            if ui
                .selectable_label(selected, selectable_text(ui, selected, &e.scenario.title))
                .clicked()
            {
                action = Some(SupervisorAction::ShowItems(e.scenario.id.clone()));
            }
        }
    });
    let Some(entry) = view.scenario.as_deref().and_then(|id| library.find(id)) else {
        return action;
    };
    let mut shown = 0;
    for item in view.items.iter().filter(|i| i.attempts > 0) {
        let Some(post) = entry.scenario.find_post(&item.post) else {
            continue;
        };
        shown += 1;
        theme::card(theme::card_fill()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal_wrapped(|ui| {
                ui.label(egui::RichText::new(&post.id).strong());
                ui.label(format!("{} attempts", item.attempts));
                if let Some(d) = item.difficulty {
                    let colour = if !(0.2..=0.95).contains(&d) {
                        theme::warn()
                    } else {
                        theme::good()
                    };
                    ui.label(egui::RichText::new(format!("difficulty {d:.2}")).color(colour));
                }
                let disc = item
                    .discrimination
                    .map_or("discrimination —".to_string(), |r| {
                        format!("discrimination {r:.2}")
                    });
                let colour = if item.discrimination.is_some_and(|r| r < 0.2) {
                    theme::bad()
                } else {
                    theme::muted()
                };
                ui.label(egui::RichText::new(disc).color(colour));
                for flag in &item.flags {
                    theme::badge(ui, flag, theme::bad());
                }
            });
            for option in &post.options {
                let share = item.options.get(&option.id).copied().unwrap_or(0.0);
                ui.label(format!(
                    "{:>4.0}%  {} — {}",
                    share * 100.0,
                    option.action.label(),
                    option.id
                ));
            }
            if item.unanswered > 0.0 {
                ui.label(format!(
                    "{:>4.0}%  left unanswered",
                    item.unanswered * 100.0
                ));
            }
        });
    }
    if shown == 0 {
        ui.label(
            egui::RichText::new("No finished session of this scenario yet.").color(theme::muted()),
        );
    }
    action
}
