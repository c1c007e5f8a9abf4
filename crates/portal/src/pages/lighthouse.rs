//! Azure Lighthouse: Service providers (the customer imports an ARM parameters file) and
//! My customers (the provider's engineer manages eligible roles).

use mua_core::command::DelegatedScope;
use mua_core::Command;
use yew::prelude::*;

use super::{frame, tabs};
use crate::context::{use_ctx, Ctx};
use crate::hooks::{use_check, use_pick, use_text, Opt};
use crate::state::{Action, Blade, LighthouseTab};
use crate::util::field;

/// The Lighthouse blade.
pub fn lighthouse_blade(ctx: &Ctx, tab: LighthouseTab) -> Html {
    let bar = tabs(
        ctx,
        tab,
        &[("My customers", LighthouseTab::MyCustomers), ("Service providers", LighthouseTab::ServiceProviders)],
        Blade::Lighthouse,
    );
    let body = match tab {
        LighthouseTab::MyCustomers => html! { <MyCustomers /> },
        LighthouseTab::ServiceProviders => html! { <ServiceProviders /> },
    };
    frame(ctx, &[("Home", Blade::Home)], "Azure Lighthouse", html! { <>{ bar }{ body }</> })
}

/// My customers → Manage eligible roles.
#[function_component(MyCustomers)]
pub fn my_customers() -> Html {
    let ctx = use_ctx();
    let s = &ctx.state;
    let w = s.world();
    let (justification, on_j) = use_text(String::new);
    let (mfa, on_m) = use_check(false);
    let delegations = w.delegations_for(&s.actor);
    let request_id = w.new_handle("lh");
    html! {
        <div class="stack">
            if delegations.is_empty() { <p class="muted">{ "No customer has delegated anything to you." }</p> }
            else {
                { field("Justification", "lh-justification", html! { <input id="lh-justification" maxlength="500" value={(*justification).clone()} oninput={on_j} /> }) }
                <div class="field check"><input type="checkbox" id="lh-mfa" checked={*mfa} onchange={on_m} /><label for="lh-mfa">{ "I completed multifactor authentication (simulated)" }</label></div>
            }
            { for delegations.iter().map(|(d, eligible)| {
                let customer = d.scopes.first().and_then(|s| w.tenant_of_scope(s)).and_then(|t| w.tenants().get(t)).map(|t| t.name.clone()).unwrap_or_default();
                html! {
                    <div class="card">
                        <h2>{ format!("{} – {customer} ({})", d.offer_name, scope_names(w, &d.scopes)) }</h2>
                        <p class="muted small">{ format!("Permanent: {}", d.authorizations.iter().map(|(p, r)| format!("{} for {}", r.name, w.display_name(p))).collect::<Vec<_>>().join(", ")) }</p>
                        <h3>{ "Manage eligible roles" }</h3>
                        <table class="grid"><tbody>
                        { for eligible.iter().map(|e| {
                            let (id, delegation, role, j, m) = (request_id.clone(), d.id.clone(), e.role, (*justification).clone(), *mfa);
                            let onclick = ctx.on_click(Action::Execute(Command::LighthouseActivate {
                                id: id.clone(), delegation: delegation.clone(), role, duration: None, justification: j.clone(), mfa: m }));
                            html! { <tr><td>{ e.role.name }</td>
                                <td>{ format!("up to {} min{}{}", e.policy.maximum_activation.num_minutes(), if e.policy.require_mfa { " · MFA" } else { "" },
                                    if e.policy.approvers.is_empty() { String::new() } else { format!(" · approvers: {}", e.policy.approvers.iter().map(|a| w.display_name(a)).collect::<Vec<_>>().join(", ")) }) }</td>
                                <td><button class="button small" {onclick}>{ "Activate" }</button></td></tr> }
                        }) }
                        </tbody></table>
                        { for d.warnings().iter().map(|m| html! { <p class="warning">{ m }</p> }) }
                    </div>
                }
            }) }
        </div>
    }
}

const SAMPLE: &str = r#"{
  "$schema": "https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentParameters.json#",
  "contentVersion": "1.0.0.0",
  "parameters": {
    "mspOfferName": { "value": "Relecloud Managed Services" },
    "mspOfferDescription": { "value": "Relecloud Managed Services" },
    "managedByTenantId": { "value": "<insert the managing tenant id>" },
    "authorizations": { "value": [] },
    "eligibleAuthorizations": { "value": [] }
  }
}"#;

/// Service providers: delegations on this directory, and the import of a parameters file.
#[function_component(ServiceProviders)]
pub fn service_providers() -> Html {
    let ctx = use_ctx();
    let w = ctx.state.world();
    let (text, on_text) = use_text(|| SAMPLE.to_owned());
    // This directory's subscriptions, and their resource groups (the multiple-RG template, L1a).
    let subscriptions: Vec<String> = w.subscriptions().keys().filter(|s| ctx.state.in_directory(s)).cloned().collect();
    let groups: Vec<String> = w.resource_groups().keys().filter(|g| ctx.state.in_directory(g)).cloned().collect();
    let scope = use_pick(String::new);
    let sub_options: Vec<Opt> = subscriptions.iter().map(|t| (t.clone(), w.name_of(t).to_owned())).collect();
    let sub_id = scope.among(&sub_options);
    let by_groups = use_state(|| false);
    let chosen = use_state(mua_core::table::Set::<String>::new);
    let id = w.new_handle("delegation");
    let delegated = if *by_groups {
        let list: Vec<String> = chosen.iter().cloned().collect();
        match list.len() {
            0 => None,
            1 => Some(DelegatedScope::ResourceGroup(list[0].clone())),
            _ => Some(DelegatedScope::ResourceGroups(list)),
        }
    } else {
        DelegatedScope::of(w, &sub_id)
    };
    let mode = |groups_mode: bool| {
        let by_groups = by_groups.clone();
        Callback::from(move |_: Event| by_groups.set(groups_mode))
    };
    let toggle_group = |g: String| {
        let chosen = chosen.clone();
        Callback::from(move |e: Event| {
            let mut next = (*chosen).clone();
            if crate::util::checked_of(&e) {
                next.insert(g.clone());
            } else {
                next.remove(&g);
            }
            chosen.set(next);
        })
    };
    let submit = {
        let text = text.clone();
        ctx.dispatch.reform(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(scope) = delegated.clone() else {
                return Action::Notify(
                    "Choose a subscription, or one or more resource groups, to delegate.".to_owned(),
                );
            };
            match serde_json::from_str::<serde_json::Value>(&text) {
                Ok(parameters) => Action::Execute(Command::LighthouseOnboard { id: id.clone(), scope, parameters }),
                Err(err) => Action::Notify(format!("The parameters file is not valid JSON: {err}")),
            }
        })
    };
    html! {
        <div class="stack">
            <table class="grid">
                <thead><tr><th>{ "Offer" }</th><th>{ "Scope" }</th><th>{ "Managed by" }</th><th>{ "Authorizations" }</th><th>{ "Eligible" }</th></tr></thead>
                <tbody>{ for w.delegations().values().map(|d| {
                    // The customer sees each authorization by its principalIdDisplayName (in the
                    // file's order: the permanent ones, then the eligible ones).
                    let named = |i: usize, h: &str| d.display_names.get(i).map_or_else(|| w.display_name(h).to_owned(), |(_, n)| n.clone());
                    let list = |items: Vec<String>| if items.is_empty() { "None".to_owned() } else { items.join(", ") };
                    let permanent = d.authorizations.len();
                    html! { <tr><td>{ &d.offer_name }</td><td>{ scope_names(w, &d.scopes) }</td>
                    <td>{ w.tenants().get(&d.managing_tenant).map_or(d.managing_tenant.clone(), |t| t.name.clone()) }</td>
                    <td>{ list(d.authorizations.iter().enumerate().map(|(i, (p, r))| format!("{} ({})", named(i, p), r.name)).collect()) }</td>
                    <td>{ list(d.eligible.iter().enumerate().map(|(j, e)| format!("{} ({})", named(permanent + j, &e.principal), e.role.name)).collect()) }</td></tr> }
                }) }</tbody>
            </table>
            <form class="form card" onsubmit={submit} aria-label="Onboard a service provider">
                <h2>{ "Add offer: import an ARM parameters file" }</h2>
                <fieldset class="radios"><legend>{ "Delegate" }</legend>
                    <span><input type="radio" id="lh-mode-sub" name="lh-mode" checked={!*by_groups} onchange={mode(false)} /><label for="lh-mode-sub">{ "A subscription" }</label></span>
                    <span><input type="radio" id="lh-mode-rgs" name="lh-mode" checked={*by_groups} onchange={mode(true)} /><label for="lh-mode-rgs">{ "Resource groups (one or more, of one subscription)" }</label></span>
                </fieldset>
                if *by_groups {
                    <fieldset aria-label="Resource groups to delegate"><legend>{ "Resource groups" }</legend>
                    { for groups.iter().map(|g| {
                        let input_id = format!("lh-rg-{g}");
                        html! { <div class="field check"><input type="checkbox" id={input_id.clone()} checked={chosen.contains(g)} onchange={toggle_group(g.clone())} /><label for={input_id}>{ g }</label></div> }
                    }) }
                    </fieldset>
                } else {
                    { field("Subscription", "lh-scope", scope.select("lh-scope", sub_options)) }
                }
                { field("Parameters file (JSON)", "lh-params", html! { <textarea id="lh-params" class="code-input" rows="14" value={(*text).clone()} oninput={on_text} /> }) }
                <button class="button primary" type="submit" data-tour="lighthouse_onboard">{ "Deploy" }</button>
            </form>
        </div>
    }
}

/// The names of a delegation's scopes, for tables and headings.
fn scope_names(w: &mua_core::World, scopes: &[String]) -> String {
    scopes.iter().map(|s| w.name_of(s)).collect::<Vec<_>>().join(", ")
}
