//! Activity log per directory.

use mua_core::Status;
use yew::prelude::*;

use super::frame;
use crate::context::use_ctx;
use crate::hooks::use_directory;
use crate::state::Blade;
use crate::util::when;

/// The activity log.
#[function_component(ActivityLog)]
pub fn activity_log() -> Html {
    let ctx = use_ctx();
    let w = ctx.state.world();
    let (tenant, directory) = use_directory("activity-tenant");
    let rows: Vec<_> = ctx.state.session.simulator().activity().iter().filter(|e| e.tenant == tenant).collect();
    let body = html! {
        <div class="stack">
            { directory }
            if rows.is_empty() { <p class="muted">{ "No activity in this directory yet." }</p> }
            <table class="grid">
                <thead><tr><th>{ "Operation name" }</th><th>{ "Status" }</th><th>{ "Time" }</th><th>{ "Resource" }</th><th>{ "Event initiated by" }</th></tr></thead>
                <tbody>{ for rows.iter().rev().map(|e| {
                    let status = match &e.status { Status::Succeeded => html! { <span class="ok-text">{ "Succeeded" }</span> },
                        Status::Failed(c) => html! { <span class="error-text">{ format!("Failed ({c})") }</span> } };
                    html! { <tr><td>{ e.operation }</td><td>{ status }</td><td>{ when(e.time) }</td><td>{ &e.target }</td><td>{ w.display_name(&e.caller) }</td></tr> }
                }) }</tbody>
            </table>
        </div>
    };
    frame(&ctx, &[("Home", Blade::Home)], "Activity log", body)
}
