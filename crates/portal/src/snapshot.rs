//! The portal's edge: share links (`#state=`), embed and scenario links (`?scenario=&as=&step=`),
//! what localStorage holds, imports and exports. JSON lives here and in the core's scenario file
//! edge, nowhere else in the portal.

use std::rc::Rc;

use mua_core::scenario::Scenario;
use mua_core::scenario_file;
use serde_json::{json, Value};

use crate::state::{AppState, Blade, Source, Theme};

/// localStorage key.
pub const STORAGE_KEY: &str = "mua-playground/state";
/// Version of what is saved in localStorage and share links.
pub const STATE_VERSION: u64 = 1;

/// What to do with what the browser saved, once the start state is chosen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Saved {
    /// Keep it (it was used, or not looked at).
    Keep,
    /// Drop it: it could not be restored, so the next visit starts clean.
    Discard,
}

/// What localStorage and share links hold: the scenario's source, what happened, the tour's
/// position, who acts and the theme.
pub fn snapshot(state: &AppState) -> String {
    let source = match &state.source {
        Source::Gallery(name) => json!({ "gallery": name }),
        Source::Custom => json!({ "json": scenario_file::document(state.session.scenario()) }),
    };
    let (plan_pos, _) = state.session.tour();
    json!({
        "v": STATE_VERSION, "source": source, "history": scenario_file::history_json(&state.session),
        "plan_pos": plan_pos, "as": state.actor, "dir": state.directory, "theme": state.theme.key(),
        "coach": state.coach, "hidden": state.hidden_subscriptions.iter().collect::<Vec<_>>(),
    })
    .to_string()
}

/// Rebuilds a session from snapshot text; an error says what is wrong with it.
pub fn restore(text: &str) -> Result<AppState, String> {
    let v: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let version = v.get("v").and_then(Value::as_u64).ok_or("it has no version")?;
    if version != STATE_VERSION {
        return Err(format!("it was saved by another version ({version}) of the playground"));
    }
    let source = v.get("source").ok_or("it has no scenario")?;
    let (source, text) = if let Some(name) = source.get("gallery").and_then(Value::as_str) {
        let text = crate::state::gallery_text(name).ok_or_else(|| format!("the gallery has no scenario `{name}`"))?;
        (Source::Gallery(name.to_owned()), text.to_string())
    } else if let Some(document) = source.get("json") {
        (Source::Custom, document.to_string())
    } else {
        return Err("its scenario is neither a gallery name nor JSON".to_owned());
    };
    let scenario = Rc::new(Scenario::load(&text).map_err(|e| format!("the scenario is not valid: {e}"))?);
    let history = v.get("history").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
    // The history is replayed, each step checked against the outcome it recorded.
    let mut session =
        scenario_file::resume(scenario, history).map_err(|e| format!("its history does not replay: {e}"))?;
    session.set_tour_position(v.get("plan_pos").and_then(Value::as_u64).unwrap_or(0) as usize);
    let mut state = AppState::with_session(source, session);
    if let Some(actor) = v.get("as").and_then(Value::as_str) {
        if state.world().principals().contains_key(actor) {
            state.actor = actor.to_owned();
            state.directory = crate::state::home_of(state.world(), actor);
        }
    }
    // The directory switched to, if the person can still sign in to it (older saves have none).
    if let Some(dir) = v.get("dir").and_then(Value::as_str) {
        if state.world().directories_of(&state.actor).iter().any(|t| t.id == dir) {
            state.directory = dir.to_owned();
        }
    }
    state.theme = Theme::from_key(v.get("theme").and_then(Value::as_str).unwrap_or_default());
    // The subscription filter (older saves: every subscription listed).
    if let Some(hidden) = v.get("hidden").and_then(Value::as_array) {
        state.hidden_subscriptions = hidden.iter().filter_map(Value::as_str).map(str::to_owned).collect();
    }
    // Following the guided tour (older saves: not).
    state.coach = v.get("coach").and_then(Value::as_u64).map(|c| (c as usize).min(state.session.tour().0));
    if state.coach.is_some() {
        Rc::make_mut(&mut state.session).follow_tour(true);
    }
    Ok(state)
}

/// The session as a scenario file (pretty JSON) that `mua run` accepts.
pub fn export(state: &AppState) -> String {
    serde_json::to_string_pretty(&scenario_file::export(&state.session)).unwrap_or_default()
}

/// A link that holds the whole session.
pub fn share_link(base: &str, state: &AppState) -> String {
    format!("{base}#state={}", percent_encode(&snapshot(state)))
}

/// A link that opens the scenario at the tour's position, as the current persona, without chrome.
pub fn embed_link(base: &str, state: &AppState) -> String {
    let scenario = match &state.source {
        Source::Gallery(name) => name.clone(),
        Source::Custom => scenario_file::document(state.session.scenario()).to_string(),
    };
    let (plan_pos, _) = state.session.tour();
    format!("{base}?scenario={}&as={}&step={plan_pos}&embed=1", percent_encode(&scenario), percent_encode(&state.actor))
}

/// Reads the session asked for by the page's URL, else localStorage, else the default; the state's
/// notice explains anything that could not be used.
pub fn initial_state(query: &str, hash: &str, stored: Option<String>) -> (AppState, Saved) {
    let params = parse_query(query);
    let get = |k: &str| params.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone());
    let saved = stored.as_deref().map(restore);
    // A link opened while a session is saved keeps that session to bring back; a broken link
    // leaves it as it is.
    let kept = || saved.as_ref().and_then(|s| s.as_ref().ok()).and_then(AppState::replaced);
    let broken = |sentence: &str, detail: String| match saved.clone() {
        Some(Ok(state)) => {
            (state.with_notice(notice(&format!("{sentence} Your saved session is shown."), &detail)), Saved::Keep)
        }
        _ => (fallback(notice(&format!("{sentence} The default scenario is shown."), &detail)), Saved::Keep),
    };
    // 1. A share link: #state=<snapshot>.
    if let Some(raw) = hash.strip_prefix("#state=") {
        return match restore(&percent_decode(raw)) {
            Ok(mut state) => {
                state.previous = kept();
                (state, Saved::Keep)
            }
            Err(e) => broken("This share link could not be opened: it may be cut short or from another version.", e),
        };
    }
    // 2. An embed or scenario link: ?scenario=<name or JSON>&as=<principal>&step=<n>&embed=1.
    if let Some(scenario) = get("scenario") {
        let loaded = if scenario.trim_start().starts_with('{') {
            AppState::start(Source::Custom, &scenario)
        } else {
            AppState::from_gallery(&scenario)
        };
        let mut state = match loaded {
            Ok(state) => state,
            Err(e) => return broken("The linked scenario could not be opened.", e),
        };
        state.previous = kept();
        if let Some(n) = get("step").and_then(|n| n.parse::<usize>().ok()) {
            state.run_plan(n);
        }
        if let Some(actor) = get("as") {
            state = (*yew::Reducible::reduce(Rc::new(state), crate::state::Action::SwitchPersona(actor))).clone();
        }
        state.embed = get("embed").is_some_and(|v| v == "1" || v == "true");
        if let Some(blade) = get("blade").and_then(|b| Blade::from_name(&b)) {
            state.blade = blade;
        }
        return (state, Saved::Keep);
    }
    // 3. What was saved in this browser.
    if let Some(saved) = saved {
        return match saved {
            Ok(state) => (state, Saved::Keep),
            Err(e) => (
                fallback(notice("Your saved session could not be restored, so a fresh one starts.", &e)),
                Saved::Discard,
            ),
        };
    }
    (AppState::default_session(), Saved::Keep)
}

/// The gallery scenarios a start from this address and saved session may need: the linked one
/// (`?scenario=<name>`), the one a share link (`#state=`) or the saved session is of.
pub fn linked_gallery(query: &str, hash: &str, stored: Option<&str>) -> Vec<String> {
    let of_snapshot = |text: &str| {
        let v: Value = serde_json::from_str(text).ok()?;
        v.get("source")?.get("gallery")?.as_str().map(str::to_owned)
    };
    let linked = parse_query(query).into_iter().find(|(k, v)| k == "scenario" && !v.trim_start().starts_with('{'));
    let mut names: Vec<String> = linked.map(|(_, v)| v).into_iter().collect();
    names.extend(hash.strip_prefix("#state=").and_then(|raw| of_snapshot(&percent_decode(raw))));
    names.extend(stored.and_then(of_snapshot));
    names
}

/// What separates a notice's sentence from its technical detail (shown behind a disclosure).
pub const DETAIL: char = '\u{1f}';

/// A notice: a sentence in plain words, then the technical detail.
pub fn notice(sentence: &str, detail: &str) -> String {
    format!("{sentence}{DETAIL}{detail}")
}

/// The default session, with a message saying why it is shown.
fn fallback(notice: String) -> AppState {
    AppState::default_session().with_notice(notice)
}

/// `a=1&b=x%20y` → [("a","1"), ("b","x y")].
pub fn parse_query(query: &str) -> Vec<(String, String)> {
    query
        .trim_start_matches('?')
        .split('&')
        .filter(|kv| !kv.is_empty())
        .map(|kv| {
            let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
            (percent_decode(k), percent_decode(&v.replace('+', " ")))
        })
        .collect()
}

/// Decodes `%XX` escapes (UTF-8); a broken escape is kept as it is.
pub fn percent_decode(s: &str) -> String {
    let hex = |b: u8| (b as char).to_digit(16);
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Encodes everything but unreserved characters as `%XX` (URL-safe in a query or fragment).
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
