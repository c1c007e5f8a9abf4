//! The portal's edge: share links (`#s=2.`, and the first version's `#state=`), embed and scenario links (`?scenario=&as=&step=`),
//! what localStorage holds, imports and exports. JSON lives here and in the core's scenario file
//! edge, nowhere else in the portal.

use std::rc::Rc;

use mua_core::scenario::Scenario;
use mua_core::scenario_file;
use serde_json::{json, Value};

use crate::state::{notice, AppState, Blade, Source, Theme};
use crate::util::{percent_decode, percent_encode};

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

/// What localStorage holds: the scenario's source, what happened (written out in full), the tour's
/// position, who acts and the theme.
pub fn snapshot(state: &AppState) -> String {
    mua_core::json::json_line(&snapshot_with(state, scenario_file::history_json(&state.session)))
}

/// The snapshot with the given history.
fn snapshot_with(state: &AppState, history: Vec<Value>) -> Value {
    let source = match &state.source {
        Source::Gallery(name) => json!({ "gallery": name }),
        Source::Custom => json!({ "json": scenario_file::document(state.session.scenario()) }),
    };
    let (plan_pos, _) = state.session.tour();
    // The engine, the gallery file's fingerprint and how each step ended: opened by another
    // version, or after the file changed, the session says what now ends differently.
    let text = match &state.source {
        Source::Gallery(name) => crate::state::gallery_text(name).ok().map(|t| scenario_file::fingerprint(&t)),
        Source::Custom => None,
    };
    json!({
        "v": STATE_VERSION, "engine": mua_core::VERSION, "source": source, "text": text, "history": history,
        "ends": scenario_file::history_ends(&state.session), "plan_pos": plan_pos, "as": state.actor,
        "dir": state.directory, "theme": state.theme.key(),
        "coach": state.coach, "hidden": state.hidden_subscriptions.iter().collect::<Vec<_>>(),
    })
}

/// What a link or saved session made by another engine, or of a gallery file changed since, says
/// on opening: which steps now end differently (or that every step ends as it did). `None` when it
/// was made by this engine from the same text and every step ends as it did.
pub fn drift_notice(engine: Option<&str>, changed: Option<&str>, drift: &[mua_core::session::Drift]) -> Option<String> {
    let other = engine.filter(|e| *e != mua_core::VERSION);
    if other.is_none() && changed.is_none() && drift.is_empty() {
        return None;
    }
    let made = match other {
        Some(e) => format!("This was made with MUA Playground {e} (this is {})", mua_core::VERSION),
        None if changed.is_none() => "This was made with an earlier version of MUA Playground".to_owned(),
        None => String::new(),
    };
    let changed = changed.map(|title| format!("the scenario \u{201c}{title}\u{201d} has changed since it was made"));
    let head = match (made.is_empty(), changed) {
        (false, Some(c)) => format!("{made}, and {c}"),
        (true, Some(c)) => format!("{}{}", c[..1].to_uppercase(), &c[1..]),
        (_, None) => made,
    };
    let ended = |e: mua_core::scenario::Expect, ok: &str| match e {
        mua_core::scenario::Expect::Ok => ok.to_owned(),
        mua_core::scenario::Expect::Refused(code) => format!("refused ({code})"),
    };
    let numbers: Vec<String> = drift.iter().map(|d| d.step.to_string()).collect();
    let tail = match numbers.as_slice() {
        [] => "every step ends as it did.".to_owned(),
        [one] => format!("step {one} now ends differently"),
        [rest @ .., last] => format!("steps {} and {last} now end differently", rest.join(", ")),
    };
    let details: Vec<String> = drift
        .iter()
        .map(|d| format!("step {}: {} then, {} now", d.step, ended(d.was, "succeeded"), ended(d.now, "succeeds")))
        .collect();
    Some(if details.is_empty() {
        format!("{head}: {tail}")
    } else {
        format!("{head}: {tail} ({}).", details.join("; "))
    })
}

/// The version of share links' `#s=<version>.<data>` this playground writes.
pub const LINK_VERSION: &str = "2";

/// What a share link holds: the snapshot with the steps that are the scenario's own written as
/// their index (a gallery tour played through is a list of numbers).
/// It opens on the blade it was made on (a saved session opens on the address's blade instead).
pub fn share_json(state: &AppState) -> String {
    let mut v = snapshot_with(state, scenario_file::history_compact(&state.session));
    v["blade"] = Value::from(crate::route::hash_of(&state.blade));
    mua_core::json::json_line(&v)
}

/// A share link's fragment: `#s=2.` and [`share_json`] compressed by the browser (deflate) in
/// base64url. An error says why the browser could not.
pub async fn share_fragment(state: &AppState) -> Result<String, String> {
    Ok(format!("#s={LINK_VERSION}.{}", crate::compress::pack(&share_json(state)).await?))
}

/// The snapshot a share link's fragment holds: `#s=2.<data>`, or the first version's
/// `#state=<percent-encoded JSON>`; `None` if the fragment is no share link.
pub async fn shared_snapshot(hash: &str) -> Option<Result<String, String>> {
    if let Some(first) = first_version_snapshot(hash) {
        return Some(first);
    }
    let rest = hash.strip_prefix("#s=")?;
    Some(match rest.split_once('.') {
        Some((LINK_VERSION, data)) => {
            crate::compress::unpack(data).await.map_err(|_| "its data is cut short or damaged".to_owned())
        }
        Some((version, _)) => Err(format!("it is of another version ({version}) of the playground")),
        None => Err("it has no version".to_owned()),
    })
}

/// The snapshot of a first-version share link (`#state=<percent-encoded JSON>`), which needs no
/// browser call to read.
pub fn first_version_snapshot(hash: &str) -> Option<Result<String, String>> {
    hash.strip_prefix("#state=").map(|raw| Ok(percent_decode(raw)))
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
        (Source::Gallery(name.to_owned()), crate::state::gallery_text(name)?.to_string())
    } else if let Some(document) = source.get("json") {
        (Source::Custom, mua_core::json::json_line(document))
    } else {
        return Err("its scenario is neither a gallery name nor JSON".to_owned());
    };
    let changed = match (&source, v.get("text").and_then(Value::as_str)) {
        (Source::Gallery(_), Some(made)) => made != scenario_file::fingerprint(&text),
        _ => false,
    };
    let scenario = Rc::new(Scenario::load(&text).map_err(|e| format!("the scenario is not valid: {e}"))?);
    let history = v.get("history").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
    let ends = v.get("ends").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
    // The history is replayed, each step against the outcome it recorded; what now ends otherwise
    // is said, never silently.
    let (mut session, drift) = scenario_file::resume_noting(scenario, history, ends)
        .map_err(|e| format!("its history does not replay: {e}"))?;
    session.set_tour_position(v.get("plan_pos").and_then(Value::as_u64).unwrap_or(0) as usize);
    let engine = v.get("engine").and_then(Value::as_str);
    let notice = drift_notice(engine, changed.then_some(session.scenario().title.as_str()), &drift);
    let mut state = AppState::with_session(source, session);
    state.notice = notice;
    if let Some(blade) = v.get("blade").and_then(Value::as_str).and_then(crate::route::blade_of) {
        state.blade = blade;
    }
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
    state.theme = Theme::from_key(v.get("theme").and_then(Value::as_str).unwrap_or_default()).unwrap_or(Theme::Auto);
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

/// The session as a scenario file (pretty JSON) that `mua run` accepts, naming the JSON Schema this
/// site serves beside its page (`"$schema"`: editors complete and check the file with it).
pub fn export(state: &AppState) -> String {
    let mut file = scenario_file::export(&state.session);
    if let Value::Object(map) = &mut file {
        let base = page_base();
        let folder = &base[..base.rfind('/').map_or(0, |i| i + 1)];
        map.insert("$schema".to_owned(), Value::String(format!("{folder}{}", mua_core::schema::FILE_NAME)));
    }
    mua_core::json::json_pretty(&file)
}

/// A link that holds the whole session, with the engine's version.
pub async fn share_link(base: &str, state: &AppState) -> Result<String, String> {
    Ok(format!("{base}?v={}{}", mua_core::VERSION, share_fragment(state).await?))
}

/// A share link as an embed's (`embed=1`).
pub fn as_embed(share_link: &str) -> String {
    share_link.replacen("#s=", "&embed=1#s=", 1)
}

/// This page's address without query or fragment: what links are made from.
pub fn page_base() -> String {
    web_sys::window()
        .and_then(|w| {
            let l = w.location();
            Some(format!("{}{}", l.origin().ok()?, l.pathname().ok()?))
        })
        .unwrap_or_else(|| "index.html".to_owned())
}

/// Whether the session is still the scenario's own tour (every step the plan's, in order): then a
/// scenario link with `step=` opens it; otherwise only a share link holds it.
pub fn on_the_plan(state: &AppState) -> bool {
    let (plan_pos, _) = state.session.tour();
    plan_pos == state.session.history().len()
        && scenario_file::history_compact(&state.session).iter().enumerate().all(|(k, v)| v.as_u64() == Some(k as u64))
}

/// What an embed of the session on screen says: the scenario (a gallery name or its JSON) and
/// its step, or a share link when the session left the plan; the person, the directory, the
/// blade, the theme, the engine's version and the gallery file's fingerprint.
pub fn embed_params(state: &AppState) -> Vec<(&'static str, String)> {
    let mut params = Vec::new();
    match &state.source {
        Source::Gallery(name) => {
            params.push(("scenario", name.clone()));
            if let Ok(text) = crate::state::gallery_text(name) {
                params.push(("h", scenario_file::fingerprint(&text)));
            }
        }
        Source::Custom => {
            params.push(("scenario", mua_core::json::json_line(scenario_file::document(state.session.scenario()))))
        }
    }
    params.push(("step", state.session.tour().0.to_string()));
    params.push(("as", state.actor.clone()));
    if state.directory != crate::state::home_of(state.world(), &state.actor) {
        params.push(("dir", state.directory.clone()));
    }
    if state.blade != Blade::Home {
        params.push(("blade", crate::route::hash_of(&state.blade).trim_start_matches("#/").to_owned()));
    }
    params.push(("theme", state.theme.key().to_owned()));
    params.push(("v", mua_core::VERSION.to_owned()));
    params
}

/// A link that opens the scenario at the tour's position, as the current persona, without chrome.
pub fn embed_link(base: &str, state: &AppState) -> String {
    let query: Vec<String> = embed_params(state).iter().map(|(k, v)| format!("{k}={}", percent_encode(v))).collect();
    format!("{base}?{}&embed=1", query.join("&"))
}

/// What an address asks of the view, besides the session: who, where, which blade, the theme,
/// the last step's explanation, Cloud Shell, embed and read-only. What cannot be used is said.
fn apply_view(state: &mut AppState, get: &dyn Fn(&str) -> Option<String>, unusable: &mut Vec<String>) {
    if let Some(actor) = get("as") {
        *state = (*yew::Reducible::reduce(Rc::new(state.clone()), crate::state::Action::SwitchPersona(actor))).clone();
        unusable.extend(state.notice.take());
    }
    if let Some(dir) = get("dir") {
        // As a saved session's directory: one the person can sign in to.
        if state.world().directories_of(&state.actor).iter().any(|t| t.id == dir) {
            state.directory = dir;
        } else {
            unusable.push(format!(
                "The link's directory `{dir}` is not one {} can sign in to.",
                state.world().display_name(&state.actor)
            ));
        }
    }
    if let Some(name) = get("blade") {
        let address = name.trim_start_matches("#/").trim_start_matches('/');
        match Blade::from_name(address).or_else(|| crate::route::blade_of(&format!("#/{address}"))) {
            Some(blade) => state.blade = blade,
            None => unusable.push(format!("The link's blade `{name}` is not one of the portal's, so Home is shown.")),
        }
    }
    if let Some(theme) = get("theme") {
        match Theme::from_key(&theme) {
            Some(theme) => state.theme = theme,
            None => unusable.push(format!("The link's theme `{theme}` is not auto, light, dark or contrast.")),
        }
    }
    if let Some(explain) = get("explain") {
        let last = state.session.history().len().checked_sub(1);
        match (explain.as_str(), last) {
            ("last", Some(last)) => {
                state.shown = Some(last);
                state.explain_at = Some(last);
            }
            ("last", None) => unusable.push("The link asks to explain the last step, but no step has run.".to_owned()),
            (other, _) => unusable.push(format!("The link's explain `{other}` is not `last`.")),
        }
    }
    if let Some(shell) = get("shell") {
        match mua_core::scenario::Shell::ALL.into_iter().find(|s| s.as_str() == shell) {
            Some(shell) if cfg!(feature = "console") => state.shell = Some(shell),
            Some(_) => unusable.push("This build of the playground has no Cloud Shell.".to_owned()),
            None => {
                unusable.push(format!("The link's shell `{shell}` is not `az` or `pwsh`, so no Cloud Shell opens."))
            }
        }
    }
}

/// Whether a parameter is set (`1` or `true`).
fn flag(value: Option<String>) -> bool {
    value.is_some_and(|v| v == "1" || v == "true")
}

/// Whether an address is an embed's (`embed=1`): it never reads the visitor's saved session.
pub fn is_embed(query: &str) -> bool {
    flag(parse_query(query).into_iter().find(|(k, _)| k == "embed").map(|(_, v)| v))
}

/// Reads the session asked for by the page's URL, else localStorage, else the default; the state's
/// notice explains anything that could not be used.
///
/// `shared` is the snapshot of the share link the page was opened with, read already
/// ([`shared_snapshot`]: reading the current version needs the browser's decompression).
///
/// An embed (`embed=1`) never reads the saved session and never leaves embed mode: what it cannot
/// open is an error card in its frame.
pub fn initial_state(query: &str, shared: Option<Result<String, String>>, stored: Option<String>) -> (AppState, Saved) {
    let params = parse_query(query);
    let get = |k: &str| params.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone());
    let (embed, readonly) = (flag(get("embed")), flag(get("readonly")));
    let saved = if embed { None } else { stored.as_deref().map(restore) };
    // A link opened while a session is saved keeps that session to bring back; a broken link
    // leaves it as it is.
    let kept = || saved.as_ref().and_then(|s| s.as_ref().ok()).and_then(AppState::replaced);
    let broken = |sentence: &str, detail: String| match saved.clone() {
        _ if embed => (AppState::unopened(notice(sentence, &detail)), Saved::Keep),
        Some(Ok(state)) => {
            (state.with_notice(notice(&format!("{sentence} Your saved session is shown."), &detail)), Saved::Keep)
        }
        _ => (fallback(notice(&format!("{sentence} The default scenario is shown."), &detail)), Saved::Keep),
    };
    let finish = |mut state: AppState, mut unusable: Vec<String>| {
        state.previous = if embed { None } else { kept() };
        apply_view(&mut state, &get, &mut unusable);
        state.embed = embed;
        state.readonly = readonly;
        if !unusable.is_empty() {
            state.notice = Some(unusable.join(" "));
        }
        (state, Saved::Keep)
    };
    // 1. A share link: #s=2.<data> (or the first version's #state=<snapshot>).
    if let Some(shared) = shared {
        return match shared.and_then(|text| restore(&text)) {
            Ok(mut state) => {
                let said = state.notice.take().into_iter().collect();
                finish(state, said)
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
            Err(e) => {
                let sentence = if scenario.trim_start().starts_with('{') {
                    "The linked scenario could not be opened.".to_owned()
                } else {
                    format!("The linked scenario \u{201c}{scenario}\u{201d} could not be opened.")
                };
                return broken(&sentence, e);
            }
        };
        // What of the link cannot be used is said; the rest of it holds.
        let mut unusable: Vec<String> = Vec::new();
        if let Some(step) = get("step") {
            let planned = state.session.scenario().steps.len();
            match step.parse::<usize>() {
                Ok(n) if n > planned => unusable.push(format!(
                    "The link asks for step {n}; the scenario has {planned} steps, and all of them ran."
                )),
                Ok(_) => {}
                Err(_) => unusable
                    .push(format!("The link's step `{step}` is not a number, so the tour starts at the beginning.")),
            }
            state.run_plan(step.parse::<usize>().unwrap_or(0));
        }
        // Made by another engine, or of a gallery file changed since: the steps run are checked
        // against what the scenario expects of them, and that is said.
        let changed = match (&state.source, get("h")) {
            (Source::Gallery(name), Some(h)) => {
                crate::state::gallery_text(name).is_ok_and(|t| scenario_file::fingerprint(&t) != h)
            }
            _ => false,
        };
        let version = get("v");
        if changed || version.as_deref().is_some_and(|v| v != mua_core::VERSION) {
            let (_, tour) = state.session.tour();
            let drift: Vec<mua_core::session::Drift> = tour
                .iter()
                .zip(&state.session.scenario().steps)
                .enumerate()
                .filter(|(_, (got, planned))| **got != planned.expect)
                .map(|(i, (got, planned))| mua_core::session::Drift { step: i + 1, was: planned.expect, now: *got })
                .collect();
            let title = state.session.scenario().title.clone();
            unusable.extend(drift_notice(version.as_deref(), changed.then_some(title.as_str()), &drift));
        }
        return finish(state, unusable);
    }
    // 3. What was saved in this browser (never in an embed: it has nothing to show).
    if embed {
        return broken(
            "This embed names no scenario.",
            "Its address has no `scenario=` and no share link (`#s=`).".to_owned(),
        );
    }
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
pub fn linked_gallery(query: &str, shared: Option<&str>, stored: Option<&str>) -> Vec<String> {
    // A snapshot is this playground's own compact JSON: its gallery name is found without parsing
    // the whole (possibly large) session a second time before the start. A hint only: a name that
    // is not the snapshot's costs one fetch, and the start reads the snapshot properly.
    let of_snapshot = |text: &str| {
        let rest = &text[text.find(r#""source":{"gallery":""#)? + r#""source":{"gallery":""#.len()..];
        rest.find('"').map(|end| rest[..end].to_owned())
    };
    let linked = parse_query(query).into_iter().find(|(k, v)| k == "scenario" && !v.trim_start().starts_with('{'));
    let mut names: Vec<String> = linked.map(|(_, v)| v).into_iter().collect();
    names.extend(shared.and_then(of_snapshot));
    names.extend(stored.and_then(of_snapshot));
    names
}

/// Makes a gallery scenario's text available to [`crate::state::gallery_text`]: fetches `scenarios/<name>.json`
/// from the site (same origin, relative to the page) unless it is compiled in or fetched already,
/// and loads Cloud Shell's code if the scenario has console steps. An unknown name or a failed
/// fetch says why; nothing else changes.
pub async fn fetch_gallery(name: &str) -> Result<(), String> {
    let entry = crate::state::GALLERY
        .iter()
        .find(|g| g.name == name)
        .ok_or_else(|| format!("the gallery has no scenario `{name}`"))?;
    if entry.console {
        crate::shell_code::load().await?;
    }
    if entry.text.is_some() || crate::state::fetched(name) {
        return Ok(());
    }
    let url = format!("scenarios/{name}.json");
    let failed = |why: String| format!("the scenario `{name}` could not be loaded from {url}: {why}");
    let text = crate::compress::fetch_text(&url).await.map_err(failed)?;
    crate::state::keep_fetched(name, &text);
    Ok(())
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

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_share_link_writes_the_plans_steps_as_their_index() {
        let mut state = AppState::from_gallery("errors-enable-mua").unwrap();
        state.run_plan(20);
        let json = share_json(&state);
        let v: Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v["history"], json!((0..20).collect::<Vec<_>>()));
        let back = restore(&json).unwrap();
        assert_eq!(back.world(), state.world());
        assert_eq!(back.session.history().len(), 20);
    }

    #[test]
    fn the_gallery_a_snapshot_needs_is_found_without_parsing_it() {
        let mut state = AppState::from_gallery("pim-jit-approve").unwrap();
        state.run_plan(3);
        let stored = snapshot(&state);
        assert_eq!(
            linked_gallery("?scenario=identities&as=bob", None, Some(&stored)),
            ["identities", "pim-jit-approve"]
        );
        assert_eq!(linked_gallery("?scenario=%7B%7D", Some(&share_json(&state)), None), ["pim-jit-approve"]);
        let custom = AppState::import(&crate::state::gallery_text("identities").unwrap()).unwrap();
        assert!(linked_gallery("", Some(&snapshot(&custom)), None).is_empty());
    }

    #[test]
    fn an_embed_that_cannot_open_stays_an_embed_and_shows_no_saved_session() {
        let mut saved = AppState::from_gallery("identities").unwrap();
        saved.run_plan(2);
        let stored = Some(snapshot(&saved));
        for query in ["?scenario=no-such-scenario&embed=1", "?embed=1", "?scenario=%7Bbroken&embed=1"] {
            let (state, kept) = initial_state(query, None, stored.clone());
            assert!(state.embed, "{query}");
            assert!(state.unopened.is_some(), "{query}");
            assert!(state.session.history().is_empty() && state.previous.is_none(), "{query}");
            assert_eq!(kept, Saved::Keep);
        }
        let (state, _) = initial_state("?embed=1", Some(Err("damaged".into())), stored);
        assert!(state.embed && state.unopened.as_deref().is_some_and(|w| w.contains("damaged")));
    }

    #[test]
    fn an_embed_link_opens_any_blade_directory_theme_and_the_last_steps_explanation_read_only() {
        let (state, _) = initial_state(
            "?scenario=pim-jit-approve&step=7&as=bob&dir=fabrikam&blade=vaults/vault1/properties&theme=dark&explain=last&readonly=1&embed=1",
            None,
            None,
        );
        assert_eq!(state.notice, None);
        assert_eq!(state.session.history().len(), 7);
        assert_eq!((state.actor.as_str(), state.directory.as_str()), ("bob", "fabrikam"));
        assert_eq!(state.blade, Blade::Vault("vault1".into(), crate::state::VaultTab::Properties));
        assert_eq!(state.theme, Theme::Dark);
        assert_eq!((state.shown, state.explain_at), (Some(6), Some(6)));
        assert!(state.readonly && state.embed);
        // What it says is the session on screen, and opens it again.
        let link = embed_link("https://x/", &state);
        let (again, _) = initial_state(link.trim_start_matches("https://x/"), None, None);
        assert_eq!(again.world(), state.world());
        assert_eq!((again.blade, again.directory, again.theme), (state.blade, state.directory, state.theme));
        assert!(link.contains(&format!("v={}", mua_core::VERSION)) && link.contains("&h="), "{link}");
        let (bad, _) = initial_state("?scenario=pim-jit-approve&dir=nowhere&theme=sepia&explain=first", None, None);
        let said = bad.notice.unwrap();
        for word in ["nowhere", "sepia", "first"] {
            assert!(said.contains(word), "{said}");
        }
    }

    #[test]
    fn a_link_made_by_another_version_or_of_a_changed_scenario_says_what_ends_differently() {
        let (state, _) = initial_state("?scenario=pim-jit-approve&step=6&v=0.0.1&embed=1", None, None);
        let said = state.notice.unwrap();
        assert!(
            said.contains("made with MUA Playground 0.0.1") && said.contains("every step ends as it did"),
            "{said}"
        );
        let (state, _) = initial_state("?scenario=pim-jit-approve&step=6&h=0000000000000000", None, None);
        assert!(state.notice.unwrap().contains("has changed since"));
        let (state, _) =
            initial_state(&format!("?scenario=pim-jit-approve&step=6&v={}", mua_core::VERSION), None, None);
        assert_eq!(state.notice, None);
        // A share link whose step 4 was recorded as a success, by another engine.
        let mut made = AppState::from_gallery("pim-jit-approve").unwrap();
        made.run_plan(6);
        let mut v: Value = serde_json::from_str(&share_json(&made)).unwrap();
        v["engine"] = json!("0.0.1");
        v["ends"][3] = json!("ok");
        let (state, _) = initial_state("?embed=1", Some(Ok(v.to_string())), None);
        let said = state.notice.unwrap();
        assert!(said.contains("0.0.1") && said.contains("step 4 now ends differently"), "{said}");
        assert!(said.contains("step 4: succeeded then, refused (cross-tenant-auth-required) now"), "{said}");
        assert_eq!(state.session.history().len(), 6);
    }

    #[test]
    fn first_version_links_still_open() {
        let mut state = AppState::from_gallery("pim-jit-approve").unwrap();
        state.run_plan(5);
        let old = format!("#state={}", percent_encode(&snapshot(&state)));
        let back = restore(&first_version_snapshot(&old).unwrap().unwrap()).unwrap();
        assert_eq!(back.world(), state.world());
        assert!(first_version_snapshot("#s=2.abc").is_none());
    }

    #[test]
    fn percent_coding_round_trips_unicode_and_keeps_unreserved_characters() {
        let s = "a b/c?d=é&~_.-";
        assert_eq!(percent_encode(s), "a%20b%2Fc%3Fd%3D%C3%A9%26~_.-");
        assert_eq!(percent_decode(&percent_encode(s)), s);
        assert_eq!(percent_decode("%zz%4"), "%zz%4");
        assert_eq!(
            parse_query("?a=1&b=x+y%21"),
            [("a".to_owned(), "1".to_owned()), ("b".to_owned(), "x y!".to_owned())]
        );
    }
}
