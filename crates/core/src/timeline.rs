//! The timeline (SPEC §11): every window of the simulated clock — PIM eligibility, activations and
//! time-bound assignments, requests waiting for approval with their 24-hour timeout, sign-in tokens,
//! Azure Lighthouse eligible authorizations and activations — each with the step of the session
//! that opened it, and how and when it ended if it ended before its planned end.
//!
//! It is read from the simulator's event log, so it shows windows that are gone from the world (an
//! activation that expired, a request that was approved) as well as the open ones.

use chrono::{DateTime, Utc};

use crate::event::Event;
use crate::lighthouse::Delegation;
use crate::model::{AssignmentType, Handle, Origin, RoleAssignment};
use crate::pim::{PimRequest, RequestKind, RequestStatus, APPROVAL_TIMEOUT};
use crate::scenario::StepResult;
use crate::session::Session;
use crate::world::World;

/// What a window is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum WindowKind {
    /// An eligible PIM assignment.
    Eligible,
    /// The activation of an eligible role.
    Activation,
    /// An active assignment with an end.
    TimeBound,
    /// A request waiting for an approver (ends at its 24-hour timeout).
    Request,
    /// A sign-in to a directory (a token).
    Token,
    /// An eligible authorization of an Azure Lighthouse delegation.
    LighthouseEligible,
    /// The activation of an Azure Lighthouse eligible authorization.
    LighthouseActivation,
}

impl WindowKind {
    /// The timeline's word for it.
    pub fn label(self) -> &'static str {
        match self {
            WindowKind::Eligible => "Eligible",
            WindowKind::Activation => "Activation",
            WindowKind::TimeBound => "Time-bound assignment",
            WindowKind::Request => "Pending request",
            WindowKind::Token => "Sign-in token",
            WindowKind::LighthouseEligible => "Lighthouse eligible",
            WindowKind::LighthouseActivation => "Lighthouse activation",
        }
    }
}

/// One window of the timeline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Window {
    /// What it is.
    pub kind: WindowKind,
    /// Whose it is.
    pub principal: Handle,
    /// What it grants or waits for, handles in backticks: "Backup MUA Operator at `guard1`".
    pub what: String,
    /// When it opened.
    pub start: DateTime<Utc>,
    /// Its planned end (`None`: permanent).
    pub end: Option<DateTime<Utc>>,
    /// When and how it ended before its planned end (removed, approved, denied, renewed…).
    pub ended: Option<(DateTime<Utc>, &'static str)>,
    /// The step of the session that opened it (1-based); `None` for the scenario's world.
    pub step: Option<usize>,
    key: Key,
}

impl Window {
    /// When it stops (its early end, else its planned end).
    pub fn stop(&self) -> Option<DateTime<Utc>> {
        self.ended.map(|(t, _)| t).or(self.end)
    }

    /// Whether it is open at `now`.
    pub fn is_open(&self, now: DateTime<Utc>) -> bool {
        self.start <= now && self.stop().is_none_or(|e| now < e)
    }
}

/// What identifies a window, to close it when a later event ends it.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Key {
    Assignment { principal: Handle, role: &'static str, scope: Handle, kind: AssignmentType, origin: Origin },
    Request(Handle),
    Token { principal: Handle, tenant: Handle },
    Lighthouse { delegation: Handle, principal: Handle, role: &'static str },
}

impl Session {
    /// The timeline of the session, oldest window first.
    pub fn timeline(&self) -> Vec<Window> {
        let initial = &self.scenario().world;
        let mut t = Timeline { windows: Vec::new(), now: initial.now };
        let mut at_start: Vec<&RoleAssignment> = initial.assignments().collect();
        crate::table::sort_by(&mut at_start, |a, b| a.start.cmp(&b.start));
        for a in at_start {
            t.assigned(a, None, initial);
        }
        for (principal, tenants) in initial.tokens.iter() {
            for (tenant, expires) in tenants.iter() {
                t.token(principal, tenant, *expires, None);
            }
        }
        for d in initial.delegations.values() {
            t.delegation(d, None);
        }
        let events = self.simulator().events();
        // Which step caused each event: a command's events are in its outcome's range; the others
        // come from clock moves, in order, each ending with `ClockAdvanced`.
        let mut owner: Vec<Option<usize>> = vec![None; events.len()];
        let mut advances = Vec::new();
        for (i, recorded) in self.history().iter().enumerate() {
            match &recorded.result {
                StepResult::Ok(outcome) => {
                    for slot in owner.get_mut(outcome.events.clone()).into_iter().flatten() {
                        *slot = Some(i + 1);
                    }
                }
                StepResult::Advanced => advances.push(i + 1),
                StepResult::Refused(_) => {}
            }
        }
        let mut advances = advances.into_iter();
        let mut advancing = advances.next();
        for (event, owned) in events.iter().zip(owner) {
            let (step, by_clock) = match owned {
                Some(step) => (Some(step), false),
                None => (advancing, true),
            };
            match event {
                Event::ClockAdvanced(to) => {
                    t.now = *to;
                    advancing = advances.next();
                }
                Event::RoleAssigned(a) => {
                    t.assigned(a, step, self.world());
                }
                Event::RoleAssignmentRemoved(a) => {
                    let why = if by_clock { "expired" } else { "removed" };
                    t.close(&assignment_key(a), by_clock.then_some(a.end).flatten(), why);
                }
                Event::RequestSaved(r) => t.request(r, step, by_clock),
                Event::TokenIssued { principal, tenant, expires } => t.token(principal, tenant, *expires, step),
                Event::DelegationSaved(d) => t.delegation(d, step),
                _ => {}
            }
        }
        crate::table::sort_by(&mut t.windows, |a, b| (a.start, a.step, a.kind).cmp(&(b.start, b.step, b.kind)));
        t.windows
    }
}

/// A window's start and planned end.
type Span = (DateTime<Utc>, Option<DateTime<Utc>>);

struct Timeline {
    windows: Vec<Window>,
    now: DateTime<Utc>,
}

fn assignment_key(a: &RoleAssignment) -> Key {
    Key::Assignment {
        principal: a.principal.clone(),
        role: a.role.id,
        scope: a.scope.clone(),
        kind: a.kind,
        origin: a.origin.clone(),
    }
}

impl Timeline {
    /// Opens a window over `span` (its start and planned end).
    fn open(&mut self, kind: WindowKind, principal: &str, what: String, span: Span, step: Option<usize>, key: Key) {
        let (start, end) = span;
        self.windows.push(Window { kind, principal: principal.to_owned(), what, start, end, ended: None, step, key });
    }

    /// Ends the open window of `key`: at `at`, or now.
    fn close(&mut self, key: &Key, at: Option<DateTime<Utc>>, why: &'static str) {
        let now = self.now;
        let at = at.unwrap_or(now);
        if let Some(w) = self.windows.iter_mut().rev().find(|w| &w.key == key && w.ended.is_none()) {
            // A window that reached its planned end needs no early end.
            if w.end.is_none_or(|end| at < end) {
                w.ended = Some((at.max(w.start), why));
            }
        }
    }

    /// A window for an assignment (its activation's request, if any, is looked up in `world`).
    fn assigned(&mut self, a: &RoleAssignment, step: Option<usize>, world: &World) {
        let kind = match (&a.origin, a.kind) {
            (Origin::Lighthouse(_), AssignmentType::Eligible) => WindowKind::LighthouseEligible,
            (_, AssignmentType::Eligible) => WindowKind::Eligible,
            (Origin::Activation(r), _) => match world.requests().get(r.as_str()).map(|r| &r.kind) {
                Some(RequestKind::LighthouseActivate(_)) => WindowKind::LighthouseActivation,
                _ => WindowKind::Activation,
            },
            (_, AssignmentType::Active) if a.end.is_some() => WindowKind::TimeBound,
            // A permanent active assignment is standing access, not a window.
            _ => return,
        };
        let what = format!("{} at `{}`", a.role.name, a.scope);
        let start = a.start.unwrap_or(self.now);
        self.open(kind, &a.principal, what, (start, a.end), step, assignment_key(a));
    }

    fn request(&mut self, r: &PimRequest, step: Option<usize>, by_clock: bool) {
        let key = Key::Request(r.id.clone());
        let known = self.windows.iter().any(|w| w.key == key);
        match r.status {
            RequestStatus::PendingApproval if !known => {
                let what = format!("`{}`: {} at `{}`", r.id, r.role.name, r.scope);
                let span = (r.created, Some(r.created + APPROVAL_TIMEOUT));
                self.open(WindowKind::Request, &r.principal, what, span, step, key);
            }
            RequestStatus::PendingApproval => {}
            status => {
                let at = (by_clock && status == RequestStatus::TimedOut).then_some(r.created + APPROVAL_TIMEOUT);
                self.close(&key, at, ended_word(status));
            }
        }
    }

    fn delegation(&mut self, d: &Delegation, step: Option<usize>) {
        for e in &d.eligible {
            let key = Key::Lighthouse { delegation: d.id.clone(), principal: e.principal.clone(), role: e.role.id };
            if self.windows.iter().any(|w| w.key == key) {
                continue;
            }
            let scopes = d.scopes.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", ");
            let what = format!("{} at {scopes} (offer {})", e.role.name, d.offer_name);
            self.open(WindowKind::LighthouseEligible, &e.principal, what, (self.now, None), step, key);
        }
    }

    fn token(&mut self, principal: &str, tenant: &str, expires: DateTime<Utc>, step: Option<usize>) {
        let key = Key::Token { principal: principal.to_owned(), tenant: tenant.to_owned() };
        self.close(&key, None, "renewed");
        let start = (expires - crate::decide::TOKEN_LIFETIME).min(self.now);
        self.open(WindowKind::Token, principal, format!("sign-in to `{tenant}`"), (start, Some(expires)), step, key);
    }
}

/// How a request's wait ended, in the timeline's words.
fn ended_word(status: RequestStatus) -> &'static str {
    match status {
        RequestStatus::Provisioned => "approved",
        RequestStatus::Denied => "denied",
        RequestStatus::Canceled => "canceled",
        RequestStatus::TimedOut => "timed out",
        RequestStatus::PendingApproval | RequestStatus::Revoked | RequestStatus::Expired => "ended",
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use std::rc::Rc;

    use super::*;
    use crate::scenario::Scenario;

    fn played(file: &str) -> Session {
        let text =
            std::fs::read_to_string(format!("{}/../../web/scenarios/{file}", env!("CARGO_MANIFEST_DIR"))).unwrap();
        Rc::new(Scenario::load(&text).unwrap()).run().unwrap()
    }

    #[test]
    fn the_jit_flow_shows_its_eligibility_request_activation_and_tokens_with_their_steps() {
        let session = played("pim-jit-approve.json");
        let timeline = session.timeline();
        let of = |kind| timeline.iter().filter(|w| w.kind == kind).collect::<Vec<_>>();
        let eligible = of(WindowKind::Eligible);
        assert_eq!(eligible.len(), 1, "{timeline:#?}");
        assert!(eligible[0].what.starts_with("Backup MUA Operator at `guard1`"), "{}", eligible[0].what);
        assert_eq!(eligible[0].principal, "bob");
        let step = eligible[0].step.unwrap();
        assert!(
            matches!(&session.history()[step - 1].action, crate::scenario::StepAction::Run { command, .. } if command.action_name() == "pim_assign")
        );
        // The request waited for the approver, who approved it before its 24-hour timeout.
        let requests = of(WindowKind::Request);
        assert_eq!(requests.len(), 1);
        let (approved_at, how) = requests[0].ended.unwrap();
        assert_eq!(how, "approved");
        assert!(approved_at < requests[0].end.unwrap());
        // The activation it granted ran its two hours (the clock moved past it: it expired).
        let activations = of(WindowKind::Activation);
        assert_eq!(activations.len(), 1);
        assert_eq!(activations[0].end.unwrap() - activations[0].start, chrono::TimeDelta::hours(2));
        assert!(!activations[0].is_open(session.world().now()));
        // Bob's sign-ins to the guard's directory, each 60 minutes.
        let tokens = of(WindowKind::Token);
        assert!(!tokens.is_empty());
        assert!(tokens.iter().all(|t| t.principal == "bob" && t.what == "sign-in to `fabrikam`"), "{tokens:#?}");
        // Oldest first.
        assert!(timeline.windows(2).all(|p| p[0].start <= p[1].start));
    }

    #[test]
    fn a_request_that_times_out_ends_at_its_timeout_and_lighthouse_windows_are_named() {
        let timeout = played("pim-timeout.json").timeline();
        let request = timeout.iter().find(|w| w.kind == WindowKind::Request).expect("a request window");
        assert_eq!(request.stop(), Some(request.start + APPROVAL_TIMEOUT), "{request:#?}");
        assert!(request.ended.is_none_or(|(_, how)| how == "timed out"), "{request:#?}");
        let lighthouse = played("lighthouse-onboarding.json").timeline();
        assert!(lighthouse.iter().any(|w| w.kind == WindowKind::LighthouseEligible), "{lighthouse:#?}");
    }
}
