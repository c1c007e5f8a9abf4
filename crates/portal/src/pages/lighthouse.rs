//! Azure Lighthouse: Service providers (the customer imports an ARM parameters file) and
//! My customers (the provider's engineer manages eligible roles).

use mua_core::command::DelegatedScope;
use mua_core::Command;
use yew::prelude::*;

use super::{frame, tabs};
use crate::context::use_ctx;
use crate::hooks::{use_check, use_choice, use_text};
use crate::state::{Action, Blade, LighthouseTab};
use crate::util::Field;

/// Props of [`LighthouseBlade`].
#[derive(PartialEq, Properties)]
pub struct LighthouseProps {
    /// Tab.
    pub tab: LighthouseTab,
}

/// The Lighthouse blade.
#[function_component(LighthouseBlade)]
pub fn lighthouse_blade(p: &LighthouseProps) -> Html {
    let ctx = use_ctx();
    let bar = tabs(
        &ctx,
        p.tab,
        &[("My customers", LighthouseTab::MyCustomers), ("Service providers", LighthouseTab::ServiceProviders)],
        Blade::Lighthouse,
    );
    let body = match p.tab {
        LighthouseTab::MyCustomers => html! { <MyCustomers /> },
        LighthouseTab::ServiceProviders => html! { <ServiceProviders /> },
    };
    frame(&ctx, &[("Home", Blade::Home)], "Azure Lighthouse", html! { <>{ bar }{ body }</> })
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
                <Field label="Justification" id="lh-justification"><input id="lh-justification" maxlength="500" value={(*justification).clone()} oninput={on_j} /></Field>
                <div class="field check"><input type="checkbox" id="lh-mfa" checked={*mfa} onchange={on_m} /><label for="lh-mfa">{ "I completed multifactor authentication (simulated)" }</label></div>
            }
            { for delegations.iter().map(|(d, eligible)| {
                let customer = w.tenant_of_scope(&d.scope).and_then(|t| w.tenants().get(t)).map(|t| t.name.clone()).unwrap_or_default();
                html! {
                    <div class="card">
                        <h2>{ format!("{} – {customer} ({})", d.offer_name, w.name_of(&d.scope)) }</h2>
                        <p class="muted small">{ format!("Permanent: {}", d.authorizations.iter().map(|(p, r)| format!("{} for {p}", r.name)).collect::<Vec<_>>().join(", ")) }</p>
                        <h3>{ "Manage eligible roles" }</h3>
                        <table class="grid"><tbody>
                        { for eligible.iter().map(|e| {
                            let (id, delegation, role, j, m) = (request_id.clone(), d.id.clone(), e.role, (*justification).clone(), *mfa);
                            let onclick = ctx.dispatch.reform(move |_: MouseEvent| Action::Execute(Command::LighthouseActivate {
                                id: id.clone(), delegation: delegation.clone(), role, duration: None, justification: j.clone(), mfa: m }));
                            html! { <tr><td>{ e.role.name }</td>
                                <td>{ format!("up to {} min{}{}", e.policy.maximum_activation.num_minutes(), if e.policy.require_mfa { " · MFA" } else { "" },
                                    if e.policy.approvers.is_empty() { String::new() } else { format!(" · approvers: {}", e.policy.approvers.join(", ")) }) }</td>
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
    let targets: Vec<String> = w.subscriptions().keys().chain(w.resource_groups().keys()).cloned().collect();
    let (scope, on_scope) = use_choice(|| targets.first().cloned().unwrap_or_default());
    let id = w.new_handle("delegation");
    let delegated = DelegatedScope::of(w, &scope);
    let submit = {
        let text = text.clone();
        ctx.dispatch.reform(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(scope) = delegated.clone() else {
                return Action::Notify("Choose a subscription or a resource group to delegate.".to_owned());
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
                <tbody>{ for w.delegations().values().map(|d| html! { <tr><td>{ &d.offer_name }</td><td>{ w.name_of(&d.scope) }</td>
                    <td>{ w.tenants().get(&d.managing_tenant).map_or(d.managing_tenant.clone(), |t| t.name.clone()) }</td>
                    <td>{ d.authorizations.len() }</td><td>{ d.eligible.len() }</td></tr> }) }</tbody>
            </table>
            <form class="form card" onsubmit={submit} aria-label="Onboard a service provider">
                <h2>{ "Add offer: import an ARM parameters file" }</h2>
                <Field label="Delegated scope" id="lh-scope"><select id="lh-scope" onchange={on_scope}>{ for targets.iter().map(|t| html! { <option value={t.clone()} selected={*scope == *t}>{ w.name_of(t) }</option> }) }</select></Field>
                <Field label="Parameters file (JSON)" id="lh-params"><textarea id="lh-params" class="code-input" rows="14" value={(*text).clone()} oninput={on_text} /></Field>
                <button class="button primary" type="submit" data-tour="lighthouse_onboard">{ "Deploy" }</button>
            </form>
        </div>
    }
}
