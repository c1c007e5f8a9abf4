//! The timeline of the simulated clock (the core's [`Session::timeline`]): every window with its
//! start, its planned end, how it ended, and the step that opened it; a bar per window on one time
//! axis with now marked; and the clock's moves.
//!
//! [`Session::timeline`]: mua_core::Session::timeline

use chrono::{DateTime, TimeDelta, Utc};
use mua_core::scenario::StepAction;
use mua_core::timeline::Window;
use yew::prelude::*;

use super::frame;
use crate::components::topbar::ClockControls;
use crate::context::Ctx;
use crate::state::Blade;
use crate::util::{rich, when};

/// The bars' width in the SVG's own units.
const AXIS: i64 = 1000;

/// The Timeline blade.
pub fn timeline_blade(ctx: &Ctx) -> Html {
    let w = ctx.state.world();
    let now = w.now();
    let windows = ctx.state.session.timeline();
    // The axis runs from the first start to the last end that comes within a day of now (at least
    // two hours past now): a year-long eligibility would otherwise shrink an hour's token to a dot.
    // Longer windows run to the edge; the table gives their end.
    let first = windows.iter().map(|x| x.start).chain([now]).min().unwrap_or(now);
    let soon = now + TimeDelta::days(1);
    let last = windows
        .iter()
        .filter_map(Window::stop)
        .filter(|e| *e <= soon)
        .chain([now + TimeDelta::hours(2)])
        .max()
        .unwrap_or(now);
    let span = (last - first).num_seconds().max(1);
    let at = |t: DateTime<Utc>| ((t - first).num_seconds().clamp(0, span) * AXIS) / span;
    let body = html! {
        <div class="stack">
            <section class="card" aria-labelledby="timeline-now">
                <h2 id="timeline-now">{ format!("Now: {}", when(now)) }</h2>
                <ClockControls />
            </section>
            if windows.is_empty() {
                <p class="muted">{ "No windows yet: PIM eligibility and activations, requests waiting for approval, sign-ins to other directories and Lighthouse authorizations appear here as the session makes them." }</p>
            } else {
                <p class="muted small">{ format!("The bars run from {} to {}; the red line marks now.", when(first), when(last)) }</p>
                <table class="grid timeline">
                    <thead><tr>
                        <th>{ "Window" }</th><th>{ "Who" }</th><th>{ "What" }</th><th>{ "From" }</th><th>{ "Until" }</th><th>{ "Opened by" }</th><th>{ "On the clock" }</th>
                    </tr></thead>
                    <tbody>
                    { for windows.iter().map(|x| {
                        let open = x.is_open(now);
                        let start = at(x.start);
                        let stop = x.stop().map_or(AXIS, at);
                        let until = match (x.end, x.ended) {
                            (_, Some((t, how))) => format!("{how} {}", when(t)),
                            (Some(end), None) => when(end),
                            (None, None) => "permanent".to_owned(),
                        };
                        html! {
                            <tr class={if open { "open" } else { "closed" }}>
                                <td>{ x.kind.label() }{ if open { " (open)" } else { "" } }</td>
                                <td>{ w.display_name(&x.principal) }</td>
                                <td>{ rich(w, &x.what) }</td>
                                <td>{ when(x.start) }</td>
                                <td>{ until }</td>
                                <td>{ opened_by(ctx, x.step) }</td>
                                <td>
                                    <svg class="bar" viewBox={format!("0 0 {AXIS} 12")} preserveAspectRatio="none" aria-hidden="true" focusable="false">
                                        <rect class="track" x="0" y="4" width={AXIS.to_string()} height="4" />
                                        <rect class="window" x={start.to_string()} y="1" width={(stop - start).max(4).to_string()} height="10" />
                                        <rect class="now" x={at(now).saturating_sub(2).to_string()} y="0" width="4" height="12" />
                                    </svg>
                                </td>
                            </tr>
                        }
                    }) }
                    </tbody>
                </table>
            }
        </div>
    };
    frame(ctx, &[("Home", Blade::Home)], "Timeline", body)
}

/// "Step 7: Add role assignment (PIM) as Sara (Security admin)", or the scenario's world.
fn opened_by(ctx: &Ctx, step: Option<usize>) -> String {
    let history = ctx.state.session.history();
    let Some((n, recorded)) = step.and_then(|n| Some((n, history.get(n.checked_sub(1)?)?))) else {
        return "The scenario's world".to_owned();
    };
    let w = ctx.state.world();
    match &recorded.action {
        StepAction::Run { actor, command } => format!("Step {n}: {} as {}", command.label(), w.display_name(actor)),
        StepAction::Console { actor, shell, .. } => {
            let tool = match shell {
                mua_core::scenario::Shell::Az => "az",
                mua_core::scenario::Shell::Pwsh => "PowerShell",
            };
            format!("Step {n}: {tool} command as {}", w.display_name(actor))
        }
        StepAction::Advance(by) => format!("Step {n}: the clock moved {}", mua_core::duration::human(*by)),
    }
}
