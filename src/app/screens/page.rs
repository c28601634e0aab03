//! What every screen is framed by: the whole window as one `Ui`, a top bar, and the keys the
//! screen answers to, each handled and hinted from one table.

use crate::app::theme;
use bevy_egui::egui;

/// A key binding: the keys that trigger `action`, and the hint shown for them.
pub struct Binding<A> {
    pub keys: &'static [egui::Key],
    /// How the keys are written in the hint ("Esc / H").
    pub label: &'static str,
    /// What they do ("home").
    pub does: &'static str,
    pub action: A,
}

/// The keys 1 to 9, which choose a response by its number where responses are listed.
pub const NUMBER_KEYS: [egui::Key; 9] = [
    egui::Key::Num1,
    egui::Key::Num2,
    egui::Key::Num3,
    egui::Key::Num4,
    egui::Key::Num5,
    egui::Key::Num6,
    egui::Key::Num7,
    egui::Key::Num8,
    egui::Key::Num9,
];

/// The one binding of screens reached from Home: Esc goes back.
pub const HOME_KEYS: &[Binding<()>] = &[Binding {
    keys: &[egui::Key::Escape],
    label: "Esc",
    does: "home",
    action: (),
}];

/// The actions of the bindings pressed this frame, in table order. Each key press is taken out
/// of egui's input, so a focused button does not also act on it.
pub fn pressed<A: Copy>(ctx: &egui::Context, bindings: &[Binding<A>]) -> Vec<A> {
    bindings
        .iter()
        .filter(|b| {
            // Every key of a binding is consumed, so none is left for a focused widget.
            b.keys
                .iter()
                .fold(false, |any, k| super::key(ctx, *k) | any)
        })
        .map(|b| b.action)
        .collect()
}

/// The hints of a table of bindings, in one line (a binding with an empty label shares the
/// hint before it, as Up does with Down).
pub fn hints<A>(ui: &mut egui::Ui, bindings: &[Binding<A>]) {
    let pairs: Vec<(&str, &str)> = bindings
        .iter()
        .filter(|b| !b.label.is_empty())
        .map(|b| (b.label, b.does))
        .collect();
    theme::key_hints(ui, &pairs);
}

/// The whole window as one `Ui`, for a screen's panels to divide.
pub fn root(ctx: &egui::Context) -> egui::Ui {
    egui::Ui::new(
        ctx.clone(),
        egui::Id::new("screen"),
        egui::UiBuilder::new()
            .layer_id(egui::LayerId::background())
            .max_rect(ctx.viewport_rect()),
    )
}

/// The top bar: `contents` laid out in a row, with the screens' common margins.
pub fn top_bar(root: &mut egui::Ui, id: &str, contents: impl FnOnce(&mut egui::Ui)) {
    egui::Panel::top(format!("{id}-top")).show(root, |ui| {
        ui.add_space(6.0);
        ui.horizontal_wrapped(contents);
        ui.add_space(4.0);
    });
}

/// A top bar with a Home button before `title`; true when Home was clicked.
pub fn top_bar_with_home(
    root: &mut egui::Ui,
    id: &str,
    title: impl Into<egui::RichText>,
    extra: impl FnOnce(&mut egui::Ui),
) -> bool {
    let mut home = false;
    top_bar(root, id, |ui| {
        home = ui.button("Home").clicked();
        ui.heading(title);
        extra(ui);
    });
    home
}

/// Lays `add` out right-aligned at the end of a wrapping row, kept together: when its width
/// (as last drawn, at first `width`) does not fit in what is left of the row, it starts the next
/// row; when it does not fit in a whole row (large text), it wraps like the rest. The widgets
/// are added left to right, so Tab visits them in reading order.
pub fn trailing(ui: &mut egui::Ui, width: f32, add: impl FnOnce(&mut egui::Ui)) {
    let id = ui.id().with("trailing-width");
    let last: f32 = ui.data(|d| d.get_temp(id)).unwrap_or(width);
    // What is left of this row (a wrapping row's `available_width` is the whole row's).
    if ui.available_size_before_wrap().x < last && ui.available_width() >= last {
        ui.end_row();
    }
    let left = ui.available_size_before_wrap().x;
    if left < last {
        add(ui);
        return;
    }
    ui.add_space(left - last);
    let drawn = ui
        .horizontal(|ui| {
            add(ui);
            ui.min_rect().width()
        })
        .inner;
    if (drawn - last).abs() > 0.5 {
        ui.data_mut(|d| d.insert_temp(id, drawn));
        ui.ctx()
            .request_discard("the trailing widgets' width changed");
    }
}

/// A page's content, scrolling, with a bar of buttons under it that stays in view. One panel,
/// so that Tab reaches the content before the bar, as a reader does (a bottom panel would come
/// first). The bar keeps clear the height it had last frame.
pub fn content_then_bar(
    root: &mut egui::Ui,
    id: &str,
    out: &mut super::Requests,
    content: impl FnOnce(&mut egui::Ui, &mut super::Requests),
    bar: impl FnOnce(&mut egui::Ui, &mut super::Requests),
) {
    egui::CentralPanel::default().show(root, |ui| {
        let bar_id = egui::Id::new((id, "bar-height"));
        let height: f32 = ui.data(|d| d.get_temp(bar_id)).unwrap_or(56.0);
        egui::ScrollArea::vertical()
            .id_salt(id)
            .auto_shrink([false, false])
            .max_height((ui.available_height() - height).max(60.0))
            .show(ui, |ui| content(ui, out));
        let top = ui.cursor().top();
        ui.separator();
        ui.horizontal_wrapped(|ui| bar(ui, out));
        let used = ui.min_rect().bottom() - top + 4.0;
        if (used - height).abs() > 0.5 {
            ui.data_mut(|d| d.insert_temp(bar_id, used));
            ui.ctx().request_discard("a page's bar changed height");
        }
    });
}

/// Two columns side by side when `min_width` points fit, else one after the other (large
/// text sizes), so that neither is squeezed until its text runs off.
pub fn two_columns(
    ui: &mut egui::Ui,
    min_width: f32,
    left: impl FnOnce(&mut egui::Ui),
    right: impl FnOnce(&mut egui::Ui),
) {
    if ui.available_width() >= min_width {
        ui.columns(2, |cols| {
            left(&mut cols[0]);
            right(&mut cols[1]);
        });
    } else {
        ui.vertical(left);
        ui.add_space(8.0);
        ui.vertical(right);
    }
}

/// The bottom bar of key hints.
pub fn key_bar<A>(root: &mut egui::Ui, id: &str, bindings: &[Binding<A>]) {
    egui::Panel::bottom(format!("{id}-keys")).show(root, |ui| hints(ui, bindings));
}
