//! The topology diagram (the core's [`World::topology`]): a column per tenant with its principals,
//! subscriptions, resource groups and resources; role assignments as lines from a principal to its
//! scope (eligible dashed, active solid); guard mappings; and the last decision's path
//! ([`World::decision_path`]) highlighted, with a red gap where the chain broke. Vaults and
//! Resource Guards open their blade.
//!
//! [`World::topology`]: mua_core::World::topology
//! [`World::decision_path`]: mua_core::World::decision_path

use mua_core::model::PrincipalKind;
use mua_core::scenario::{StepAction, StepResult};
use mua_core::topology::{ResourceKind, Topology};
use yew::prelude::*;

use super::frame;
use crate::context::{use_ctx, Ctx};
use crate::state::{Action, Blade, GuardTab, VaultTab};
use crate::util::{clock, day, when};

const COLUMN: i32 = 370;
/// The gap between columns: room for the lines and their end labels ("eligible until 2027-01-05").
const GAP: i32 = 170;
const ROW: i32 = 24;
/// A list (a directory's people, a subscription's resource groups, a group's resources) shows at
/// most this many, and any the decision named, then "+N more".
const SHOWN: usize = 12;
/// Above this many role assignments only the decision's own are drawn.
const MAX_LINES: usize = 400;
/// The zoom steps, in percent.
const ZOOMS: [i32; 5] = [50, 75, 100, 150, 200];

/// Where a node sits: its row's left and right edges and its middle height.
struct Place {
    id: String,
    left: i32,
    right: i32,
    y: i32,
}

/// The Topology blade.
#[function_component(TopologyBlade)]
pub fn topology_blade() -> Html {
    let ctx = use_ctx();
    let w = ctx.state.world();
    let t = w.topology();
    // The last decision: its actor, and the objects its checks named (passed, or where it broke).
    let last = ctx.state.session.history().iter().rev().find_map(|r| {
        let (StepAction::Run { actor, .. } | StepAction::Console { actor, .. }) = &r.action else { return None };
        let (trace, ok) = match &r.result {
            StepResult::Ok(o) => (&o.trace, true),
            StepResult::Refused(refusal) => (&refusal.trace, false),
            StepResult::Advanced => return None,
        };
        Some((actor.clone(), w.decision_path(trace), ok))
    });
    let path: &[(String, bool)] = last.as_ref().map_or(&[], |(_, p, _)| p);
    let on_path = |id: &str| path.iter().find(|(h, _)| h == id).map(|(_, ok)| *ok);
    let (nodes, places, height) = layout(&ctx, &t, &on_path);
    let at = |id: &str| places.iter().find(|p| p.id == id);
    let mut lines = Vec::new();
    // Where end labels already sit: one that would land on another goes a line lower.
    let mut labels: Vec<(i32, i32)> = Vec::new();
    let mut loop_labels = false;
    // A world of thousands of assignments draws the lit ones only: a diagram of them all reads as
    // nothing and takes longer than a frame to draw.
    let crowded = t.edges.len() > MAX_LINES;
    for e in &t.edges {
        // The path first: it is short, and a crowded world skips most edges before looking up places.
        let lit = on_path(e.principal).is_some() && on_path(e.scope).is_some();
        if crowded && !lit {
            continue;
        }
        let (Some(from), Some(to)) = (at(e.principal), at(e.scope)) else { continue };
        let class = classes!("edge", e.eligible.then_some("eligible"), lit.then_some("lit"));
        let kind = if e.eligible { "eligible" } else { "active" };
        let until = e.end.map(|end| format!(" until {}", when(end))).unwrap_or_default();
        let title = format!("{} {} at {} ({kind}{until})", w.display_name(e.principal), e.role, w.name_of(e.scope));
        lines.push(html! { <path class={class} d={curve(from, to)}><title>{ title }</title></path> });
        // A time-bound role shows its end beside its line: the hour when it ends today, else the day.
        if let Some(end) = e.end {
            let today = end.date_naive() == w.now().date_naive();
            let ends = if today { format!("{} UTC", clock(end)) } else { day(end) };
            let (x, mut y, anchor) = label_at(from, to);
            while labels.contains(&(x, y)) {
                y += 13;
            }
            labels.push((x, y));
            loop_labels |= anchor == "start";
            lines.push(html! {
                <text class="edge-end" x={x.to_string()} y={y.to_string()} text-anchor={anchor}>{ format!("{kind} until {ends}") }</text>
            });
        }
    }
    for (vault, guard) in &t.mappings {
        let (Some(from), Some(to)) = (at(vault), at(guard)) else { continue };
        let title = format!("{} is protected by {}", w.name_of(vault), w.name_of(guard));
        lines.push(html! { <path class="edge mapping" d={curve(from, to)}><title>{ title }</title></path> });
    }
    // The chain broke between the person and the first object that failed.
    let gap = last.as_ref().filter(|(_, _, ok)| !ok).and_then(|(actor, path, _)| {
        let broken = path.iter().find(|(_, ok)| !ok)?;
        let (from, to) = (at(actor)?, at(&broken.0)?);
        let title = format!("Missing: {} has nothing that grants this on {}", w.display_name(actor), w.name_of(&broken.0));
        Some(html! { <path class="edge gap" d={bent(from, to, 18)} aria-label={title.clone()} role="img"><title>{ title }</title></path> })
    });
    // The last column needs room on its right only for the loops of lines within it (and their labels).
    let width = (t.tenants.len() as i32).max(1) * (COLUMN + GAP) - GAP + if loop_labels { GAP } else { 60 };
    let summary = match &last {
        None => "No decision yet: run a step and its path shows here.".to_owned(),
        Some((_, _, true)) => "Highlighted: the path of the last decision, which succeeded.".to_owned(),
        Some((_, _, false)) => {
            "Highlighted: the path of the last decision; the red dashed line is what was missing.".to_owned()
        }
    };
    let zoom = use_state(|| 2_usize);
    let step = |by: isize| {
        let zoom = zoom.clone();
        Callback::from(move |_: MouseEvent| zoom.set(zoom.saturating_add_signed(by).min(ZOOMS.len() - 1)))
    };
    let percent = ZOOMS[(*zoom).min(ZOOMS.len() - 1)];
    let crowd_note =
        crowded.then(|| format!(" {} role assignments: only the last decision's are drawn.", t.edges.len()));
    let body = html! {
        <div class="stack">
            <p class="muted small">{ summary }{ " Lines: solid = active role, dashed = eligible, purple = guard mapping." }{ crowd_note }</p>
            <div class="toolbar" role="group" aria-label="Zoom">
                <button class="button small" onclick={step(-1)} disabled={*zoom == 0} aria-label="Zoom out">{ "−" }</button>
                <span aria-live="polite">{ format!("{percent}%") }</span>
                <button class="button small" onclick={step(1)} disabled={*zoom + 1 == ZOOMS.len()} aria-label="Zoom in">{ "+" }</button>
            </div>
            <div class="topology-wrap" tabindex="0" role="region" aria-label="Topology diagram (scroll to pan)">
                <svg class="topology" viewBox={format!("0 0 {width} {height}")} width={(width * percent / 100).to_string()} height={(height * percent / 100).to_string()} role="group" aria-label="Topology">
                    <g class="edges" aria-hidden="true">{ for lines }</g>
                    { for gap }
                    { for nodes }
                </svg>
            </div>
        </div>
    };
    frame(&ctx, &[("Home", Blade::Home)], "Topology", body)
}

/// A line from the right of one row to the left of another (or around, in the same column).
fn curve(from: &Place, to: &Place) -> String {
    bent(from, to, 0)
}

/// [`curve`], its bend moved right by `shift` (the gap, beside a role line between the same rows).
fn bent(from: &Place, to: &Place, shift: i32) -> String {
    let [x1, y1, bend, x2, y2] = ends(from, to, shift);
    format!("M{x1},{y1} C{bend},{y1} {bend},{y2} {x2},{y2}")
}

/// A curve's start, the x of its bend, and its end.
fn ends(from: &Place, to: &Place, shift: i32) -> [i32; 5] {
    let (x1, y1) = (from.right, from.y);
    let (x2, y2) = if to.left > from.right { (to.left, to.y) } else { (to.right, to.y) };
    let bend = shift + if to.left > from.right { (x1 + x2) / 2 } else { x1.max(x2) + 40 };
    [x1, y1, bend, x2, y2]
}

/// Where a [`curve`]'s label sits: centred in the gap between the columns it crosses, or just
/// right of the column for a line that loops back (its bend is there); with its text anchor.
fn label_at(from: &Place, to: &Place) -> (i32, i32, &'static str) {
    let [x1, y1, _, x2, y2] = ends(from, to, 0);
    let y = (y1 + y2) / 2 + 4;
    if to.left > from.right {
        ((x1 + x2) / 2, y, "middle")
    } else {
        (x1.max(x2) + 6, y, "start")
    }
}

/// Draws every column; returns the nodes, where each one is, and the height.
fn layout(ctx: &Ctx, t: &Topology, on_path: &dyn Fn(&str) -> Option<bool>) -> (Vec<Html>, Vec<Place>, i32) {
    let w = ctx.state.world();
    let (mut nodes, mut places, mut bottom) = (Vec::new(), Vec::new(), 0);
    for (i, tenant) in t.tenants.iter().enumerate() {
        let x = 10 + i as i32 * (COLUMN + GAP);
        let mut y = 10;
        let row = |nodes: &mut Vec<Html>,
                   places: &mut Vec<Place>,
                   y: &mut i32,
                   indent: i32,
                   id: &str,
                   label: String,
                   kind: &'static str| {
            let state = on_path(id);
            let class = classes!("node", kind, state.map(|ok| if ok { "path-ok" } else { "path-broken" }));
            let name = match state {
                Some(true) => format!("{label}, on the decision's path"),
                Some(false) => format!("{label}, where the decision broke"),
                None => label.clone(),
            };
            let (left, right) = (x + indent, x + COLUMN - 10);
            let target = blade_of(w, id);
            let open = target.clone().map(|b| ctx.on_click(Action::Navigate(b)));
            let on_key = target.map(|b| {
                let dispatch = ctx.dispatch.clone();
                Callback::from(move |e: KeyboardEvent| {
                    if e.key() == "Enter" || e.key() == " " {
                        e.prevent_default();
                        dispatch.emit(Action::Navigate(b.clone()));
                    }
                })
            });
            let role = if open.is_some() { "button" } else { "img" };
            nodes.push(html! {
                <g class={class} transform={format!("translate({left},{})", *y)} role={role} aria-label={name} tabindex={open.is_some().then_some("0")} onclick={open} onkeydown={on_key}>
                    <rect width={(right - left).to_string()} height={(ROW - 4).to_string()} rx="3" />
                    <text x="8" y="15">{ label }</text>
                </g>
            });
            places.push(Place { id: id.to_owned(), left, right, y: *y + (ROW - 4) / 2 });
            *y += ROW;
        };
        row(&mut nodes, &mut places, &mut y, 0, &tenant.id, format!("{} (directory)", tenant.name), "tenant");
        // Each list shows its first SHOWN items and whatever the decision named; "+N more" says the rest.
        let shown = |i: usize, id: &str| i < SHOWN || on_path(id).is_some();
        let people: Vec<_> =
            tenant.principals.iter().enumerate().filter(|(i, p)| shown(*i, p)).map(|(_, p)| p).collect();
        for p in people.iter().filter_map(|p| t.principals.iter().find(|n| &&n.id == p)) {
            let guest = p.guest_in.iter().map(|g| w.name_of(g)).collect::<Vec<_>>().join(", ");
            let kind = match p.kind {
                PrincipalKind::User => "user",
                PrincipalKind::Group => "group",
                PrincipalKind::ServicePrincipal | PrincipalKind::ManagedIdentity => "identity",
            };
            let label = if guest.is_empty() { p.name.clone() } else { format!("{} (guest in {guest})", p.name) };
            row(&mut nodes, &mut places, &mut y, 8, &p.id, label, kind);
        }
        if people.len() < tenant.principals.len() {
            let more = format!("+{} more people", tenant.principals.len() - people.len());
            row(&mut nodes, &mut places, &mut y, 8, "", more, "more");
        }
        for s in &tenant.subscriptions {
            row(&mut nodes, &mut places, &mut y, 8, &s.id, format!("{} (subscription)", s.name), "subscription");
            let holds_path = |g: &mua_core::topology::Group| g.resources.iter().any(|(r, _)| on_path(r).is_some());
            let groups: Vec<_> = s
                .groups
                .iter()
                .enumerate()
                .filter(|(i, g)| shown(*i, &g.id) || holds_path(g))
                .map(|(_, g)| g)
                .collect();
            for g in &groups {
                row(&mut nodes, &mut places, &mut y, 20, &g.id, format!("{} · {}", g.id, g.location), "group");
                let listed: Vec<_> =
                    g.resources.iter().enumerate().filter(|(i, (r, _))| shown(*i, r)).map(|(_, r)| r).collect();
                for (r, kind) in listed.iter().copied() {
                    let (what, class) = match kind {
                        ResourceKind::Vault => ("vault", "vault"),
                        ResourceKind::Guard => ("Resource Guard", "guard"),
                        ResourceKind::Identity => ("managed identity", "resource"),
                        ResourceKind::KeyVault => ("key vault", "resource"),
                    };
                    row(&mut nodes, &mut places, &mut y, 32, r, format!("{} ({what})", w.name_of(r)), class);
                }
                if listed.len() < g.resources.len() {
                    let more = format!("+{} more in {}", g.resources.len() - listed.len(), g.id);
                    row(&mut nodes, &mut places, &mut y, 32, "", more, "more");
                }
            }
            if groups.len() < s.groups.len() {
                let more = format!("+{} more resource groups in {}", s.groups.len() - groups.len(), s.name);
                row(&mut nodes, &mut places, &mut y, 20, "", more, "more");
            }
        }
        bottom = bottom.max(y);
    }
    (nodes, places, bottom + 10)
}

/// The blade a node opens: vaults and Resource Guards.
fn blade_of(w: &mua_core::World, id: &str) -> Option<Blade> {
    if w.vaults().contains_key(id) {
        Some(Blade::Vault(id.to_owned(), VaultTab::Overview))
    } else if w.guards().contains_key(id) {
        Some(Blade::Guard(id.to_owned(), GuardTab::Overview))
    } else {
        None
    }
}
