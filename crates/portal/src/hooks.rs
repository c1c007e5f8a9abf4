//! Hooks for the pattern every form repeats: a control's value kept in state, with the handler that
//! keeps it.

use yew::prelude::*;

use crate::context::use_ctx;
use crate::util::{checked_of, value_of};

/// A text input's value and its `oninput` handler.
#[hook]
pub fn use_text(initial: impl FnOnce() -> String) -> (UseStateHandle<String>, Callback<InputEvent>) {
    let value = use_state(initial);
    let on_input = {
        let value = value.clone();
        Callback::from(move |e: InputEvent| value.set(value_of(&e)))
    };
    (value, on_input)
}

/// A checkbox's state and its `onchange` handler.
#[hook]
pub fn use_check(initial: bool) -> (UseStateHandle<bool>, Callback<Event>) {
    let value = use_state(move || initial);
    let on_change = {
        let value = value.clone();
        Callback::from(move |e: Event| value.set(checked_of(&e)))
    };
    (value, on_change)
}

/// The directory a blade shows (Activity log, Audit history), among the person's directories (their
/// home and those they are a guest in): the current directory at first. Returns the directory
/// shown and its labelled drop-down.
#[hook]
pub fn use_directory(id: &'static str) -> (String, Html) {
    let ctx = use_ctx();
    let pick = use_pick(|| ctx.state.directory.clone());
    let w = ctx.state.world();
    let options: Vec<Opt> =
        w.directories_of(&ctx.state.actor).into_iter().map(|t| (t.id.clone(), t.name.clone())).collect();
    let tenant = pick.among_or(&options, &ctx.state.directory);
    let select = crate::util::field("Directory", id, pick.select_or(id, options, &ctx.state.directory));
    (tenant, select)
}

/// An entry of a drop-down: the value it sends, and the text it shows.
pub type Opt = (String, String);

/// The built-in roles as drop-down entries (value and text: the role's name).
pub fn role_options() -> Vec<Opt> {
    mua_core::rbac::BUILT_IN_ROLES.iter().map(|r| (r.name.to_owned(), r.name.to_owned())).collect()
}

/// A drop-down's choice, for every form: what the form sends is what the drop-down shows. That is
/// the person's pick (or the form's default) while the list holds it, else the list's first entry.
/// So when the list changes under the drop-down (another person, directory or object) the value
/// follows what is shown, and no browser default stands in for an empty state.
#[derive(Clone, PartialEq)]
pub struct Pick(UseStateHandle<String>);

/// A drop-down's choice, starting at `initial` (shown when the list holds it).
#[hook]
pub fn use_pick(initial: impl FnOnce() -> String) -> Pick {
    Pick(use_state(initial))
}

impl Pick {
    /// The value shown, and sent, among `options`.
    pub fn among(&self, options: &[Opt]) -> String {
        self.among_or(options, "")
    }

    /// The value shown, and sent, among `options`, where the default follows another field
    /// (`fallback`, a region that follows the resource group) until the person picks.
    pub fn among_or(&self, options: &[Opt], fallback: &str) -> String {
        let held = |want: &str| options.iter().find(|(v, _)| v == want);
        match held(&self.0).or_else(|| held(fallback)).or(options.first()) {
            Some((v, _)) => v.clone(),
            None => String::new(),
        }
    }

    /// The drop-down (`<select id>`, labelled by its field's `<label for>`) showing `options`.
    pub fn select(&self, id: &'static str, options: Vec<Opt>) -> Html {
        self.render(Some(id), None, options, "")
    }

    /// The drop-down showing [`Pick::among_or`]'s value.
    pub fn select_or(&self, id: &'static str, options: Vec<Opt>, fallback: &str) -> Html {
        self.render(Some(id), None, options, fallback)
    }

    /// The drop-down labelled by `aria-label` (in a toolbar, without a visible label).
    pub fn select_labelled(&self, label: &'static str, options: Vec<Opt>) -> Html {
        self.render(None, Some(label), options, "")
    }

    fn render(&self, id: Option<&'static str>, label: Option<&'static str>, options: Vec<Opt>, fallback: &str) -> Html {
        let value = self.among_or(&options, fallback);
        let pick = self.0.clone();
        html! { <Select {id} {label} class={None} {value} {options} onchange={Callback::from(move |v: String| pick.set(v))} /> }
    }
}

/// Props of [`Select`].
#[derive(PartialEq, Properties)]
pub struct SelectProps {
    /// The element id (its `<label for>`).
    pub id: Option<&'static str>,
    /// Its `aria-label`, when it has no visible label.
    pub label: Option<&'static str>,
    /// Its class.
    pub class: Option<&'static str>,
    /// The value shown: one of the options' (or empty when there is none).
    pub value: String,
    /// Its entries.
    pub options: Vec<Opt>,
    /// Called with the value the person picks.
    pub onchange: Callback<String>,
}

/// A drop-down controlled by its value: after every render the element's `value` is set to it, so
/// what it shows never drifts from what the form holds (an `<option selected>` is only a default
/// the browser stops following once the person has picked).
#[function_component(Select)]
pub fn select(p: &SelectProps) -> Html {
    let node = use_node_ref();
    {
        let (node, value) = (node.clone(), p.value.clone());
        use_effect(move || {
            if let Some(el) = node.get() {
                // A select's `value` is a plain property; setting it cannot fail.
                let _ = js_sys::Reflect::set(&el, &"value".into(), &value.as_str().into());
            }
        });
    }
    let onchange = p.onchange.reform(|e: Event| value_of(&e));
    html! {
        <select ref={node} id={p.id} aria-label={p.label} class={p.class} {onchange}>
            { for p.options.iter().map(|(v, l)| html! { <option value={v.clone()} selected={*v == p.value}>{ l.clone() }</option> }) }
        </select>
    }
}

/// Where a new resource goes, as a create wizard's Basics asks it: the subscription (the current
/// directory's), a resource group of it, and the region, which follows the resource group's until
/// the person picks one. Each value is what its drop-down shows.
pub struct Placement {
    subscription: Pick,
    rg: Pick,
    region: Pick,
    sub_options: Vec<Opt>,
    rg_options: Vec<Opt>,
    regions: Vec<Opt>,
    /// The subscription shown.
    pub subscription_id: String,
    /// The resource group shown (empty when the subscription has none).
    pub resource_group: String,
    /// The resource group's region.
    pub rg_location: String,
    /// The region shown.
    pub location: String,
}

/// A create wizard's placement, starting on a resource group where the person may `write` (else
/// the directory's first).
#[hook]
pub fn use_placement(write: mua_core::rbac::Action) -> Placement {
    let ctx = use_ctx();
    let s = &ctx.state;
    let w = s.world();
    let start = {
        let here = |g: &&mua_core::model::ResourceGroup| s.in_directory(&g.id);
        w.resource_groups_granting(&s.actor, write)
            .into_iter()
            .find(here)
            .or_else(|| w.resource_groups().values().find(here))
            .map(|g| (g.subscription.clone(), g.id.clone()))
            .unwrap_or_default()
    };
    let (start_sub, start_rg) = start;
    let subscription = use_pick(move || start_sub);
    let rg = use_pick(move || start_rg);
    let region = use_pick(String::new);
    let sub_options: Vec<Opt> = w
        .subscriptions()
        .values()
        .filter(|sub| s.in_directory(&sub.id))
        .map(|sub| (sub.id.clone(), sub.name.clone()))
        .collect();
    let subscription_id = subscription.among(&sub_options);
    let mut rg_options: Vec<Opt> = w
        .resource_groups()
        .values()
        .filter(|g| g.subscription == subscription_id)
        .map(|g| (g.id.clone(), g.id.clone()))
        .collect();
    if rg_options.is_empty() {
        rg_options.push((String::new(), "No resource group in this subscription".to_owned()));
    }
    let resource_group = rg.among(&rg_options);
    let rg_location = w.resource_groups().get(resource_group.as_str()).map(|g| g.location.clone()).unwrap_or_default();
    let regions: Vec<Opt> = mua_core::table::sorted_unique(w.resource_groups().values().map(|g| g.location.clone()))
        .into_iter()
        .map(|r| (r.clone(), r))
        .collect();
    let location = region.among_or(&regions, &rg_location);
    Placement {
        subscription,
        rg,
        region,
        sub_options,
        rg_options,
        regions,
        subscription_id,
        resource_group,
        rg_location,
        location,
    }
}

impl Placement {
    /// The subscription's name.
    pub fn subscription_name(&self) -> String {
        self.sub_options.iter().find(|(v, _)| *v == self.subscription_id).map(|(_, l)| l.clone()).unwrap_or_default()
    }

    /// Subscription and Resource group, under Project details (`prefix-sub`, `prefix-rg`).
    pub fn project_fields(&self, sub_id: &'static str, rg_id: &'static str) -> Html {
        html! {
            <>
                { crate::util::field("Subscription", sub_id, self.subscription.select(sub_id, self.sub_options.clone())) }
                { crate::util::field("Resource group", rg_id, self.rg.select(rg_id, self.rg_options.clone())) }
            </>
        }
    }

    /// Review + create's "Validation passed" and the placement's rows, the new resource's name
    /// among them, in the list `more` ends.
    pub fn review(&self, name_label: &'static str, name: &str, more: Html) -> Html {
        html! {
            <>
                <p class="ok-text" role="status">{ "✓ Validation passed" }</p>
                <dl class="props">
                    <dt>{ "Subscription" }</dt><dd>{ self.subscription_name() }</dd>
                    <dt>{ "Resource group" }</dt><dd>{ &self.resource_group }</dd>
                    <dt>{ name_label }</dt><dd>{ name.to_owned() }</dd>
                    <dt>{ "Region" }</dt><dd>{ &self.location }</dd>
                    { more }
                </dl>
            </>
        }
    }

    /// Region.
    pub fn region_field(&self, id: &'static str) -> Html {
        crate::util::field("Region", id, self.region.select_or(id, self.regions.clone(), &self.rg_location))
    }
}

/// A new resource's name in a create wizard: its value, checked against Azure's naming rule for the
/// type as it is typed and when Basics is left (the rule and its words are the core's,
/// [`mua_core::naming`]). The value is sent as typed: a space is refused, never trimmed away.
#[derive(Clone)]
pub struct NameField {
    pub value: UseStateHandle<String>,
    error: UseStateHandle<Option<String>>,
    named: mua_core::naming::Named,
}

#[hook]
pub fn use_name(named: mua_core::naming::Named, initial: impl FnOnce() -> String) -> NameField {
    let value = use_state(initial);
    let error = use_state(|| None::<String>);
    NameField { value, error, named }
}

impl NameField {
    /// Whether the name keeps its rule; when not, the field says why.
    pub fn valid(&self) -> bool {
        let why = mua_core::naming::check(self.named, &self.value);
        let ok = why.is_none();
        self.error.set(why);
        ok
    }

    /// The labelled input, the rule under it and, when it is broken, why.
    pub fn field(&self, label: &'static str, id: &'static str) -> Html {
        let this = self.clone();
        let oninput = Callback::from(move |e: InputEvent| {
            let typed = value_of(&e);
            this.error.set(mua_core::naming::check(this.named, &typed));
            this.value.set(typed);
        });
        let error_id = format!("{id}-error");
        let max = self.named.length().1.to_string();
        html! {
            <>
                { crate::util::field(label, id, html! {
                    <input {id} maxlength={max} value={(*self.value).clone()} {oninput}
                           aria-invalid={crate::util::flag(self.error.is_some())} aria-describedby={error_id.clone()} />
                }) }
                if let Some(e) = (*self.error).clone() { <p id={error_id} class="field-error" role="alert">{ e }</p> }
                <p class="muted small">{ self.named.rule() }</p>
            </>
        }
    }
}

/// The visitor's own colour setting, `(dark, more contrast)`, kept current: what the *Same as
/// system* theme shows.
#[hook]
pub fn use_system_theme() -> (bool, bool) {
    const DARK: &str = "(prefers-color-scheme: dark)";
    const CONTRAST: &str = "(prefers-contrast: more)";
    fn query(q: &str) -> Option<web_sys::MediaQueryList> {
        gloo::utils::window().match_media(q).ok().flatten()
    }
    fn read() -> (bool, bool) {
        let matches = |q| query(q).is_some_and(|l| l.matches());
        (matches(DARK), matches(CONTRAST))
    }
    let prefs = use_state(read);
    {
        let prefs = prefs.clone();
        use_effect_with((), move |_| {
            let listeners: Vec<gloo::events::EventListener> = [DARK, CONTRAST]
                .into_iter()
                .filter_map(query)
                .map(|list| {
                    let prefs = prefs.clone();
                    gloo::events::EventListener::new(&list, "change", move |_| prefs.set(read()))
                })
                .collect();
            move || drop(listeners)
        });
    }
    *prefs
}

/// How long after the last change deferred work runs (ms).
const DEFER_MS: u32 = 150;

/// A value made from the state a moment after the last change, in a task of its own: work nobody
/// looks at first (an export, a share link) never lengthens a render, nor an embed's start in its
/// host's page (the host's longest task: README *Embedding*). `None` until it is made.
#[hook]
pub fn use_deferred(make: fn(&crate::state::AppState) -> String) -> Option<String> {
    let ctx = use_ctx();
    let value = use_state(|| None::<String>);
    let pending = use_mut_ref(|| None::<gloo::timers::callback::Timeout>);
    {
        let (value, state) = (value.clone(), ctx.state.clone());
        use_effect_with(ctx.state.revision, move |_| {
            value.set(None);
            // Replacing the pending timeout cancels it.
            *pending.borrow_mut() =
                Some(gloo::timers::callback::Timeout::new(DEFER_MS, move || value.set(Some(make(&state)))));
        });
    }
    (*value).clone()
}

/// The share link of the session, made again after every change (deferred, then compressed by
/// the browser, asynchronously); only the latest change's link is kept, whatever order the
/// compressions end in. `None` while it is being made; an error says why the browser could not.
#[hook]
pub fn use_share_link() -> Option<Result<String, String>> {
    let ctx = use_ctx();
    let share = use_state(|| None::<Result<String, String>>);
    let latest = use_mut_ref(|| 0u64);
    let pending = use_mut_ref(|| None::<gloo::timers::callback::Timeout>);
    {
        let (share, state, latest) = (share.clone(), ctx.state.clone(), latest.clone());
        use_effect_with(ctx.state.revision, move |&revision| {
            *latest.borrow_mut() = revision;
            share.set(None);
            let make = move || {
                yew::platform::spawn_local(async move {
                    let link = crate::snapshot::share_link(&crate::snapshot::page_base(), &state).await;
                    if *latest.borrow() == revision {
                        share.set(Some(link));
                    }
                })
            };
            *pending.borrow_mut() = Some(gloo::timers::callback::Timeout::new(DEFER_MS, make));
        });
    }
    (*share).clone()
}
