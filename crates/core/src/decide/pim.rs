//! Privileged Identity Management (P1–P9): assignments, role settings, activation requests with
//! approval, cancellation, deactivation, extension and renewal, with their audit lines and
//! notifications.

use chrono::{DateTime, TimeDelta, Utc};

use super::Ctx;
use crate::command::Command;
use crate::error::{ErrorCode, Refusal, Result};
use crate::event::Event;
use crate::model::{AssignmentType, Handle, Origin, PrincipalKind, RoleAssignment};
use crate::pim::{
    AuditEntry, Notification, PimRequest, RequestKind, RequestStatus, ScheduleAsk, SettingsChange, Verdict,
    EXTEND_WINDOW, MIN_ACTIVATION, MIN_BEFORE_DEACTIVATE, RENEW_WINDOW, SYSTEM,
};
use crate::rbac::{Action, Role, RoleDefinition};
use crate::world::World;

/// What a requester gives with an activation (P3, L8).
pub(super) struct ActivationInputs<'a> {
    /// Justification.
    pub justification: &'a str,
    /// Ticket information.
    pub ticket: Option<&'a str>,
    /// Whether the requester completed MFA.
    pub mfa: bool,
}

/// What role settings (or a just-in-time policy) require of an activation.
pub(super) struct Requirements {
    /// A justification.
    pub justification: bool,
    /// Ticket information.
    pub ticket: bool,
    /// Multifactor authentication.
    pub mfa: bool,
}

impl<'w> Ctx<'w> {
    pub(super) fn decide_pim(&mut self, command: &Command) -> Result<Vec<Event>> {
        match command {
            Command::PimAssign { principal, role, scope, kind, start, end, justification, mfa } => {
                let base = self.direct_assignment(principal, role, scope)?;
                self.require(Action::RoleAssignmentWrite, scope)?;
                self.check_principal_in_directory(principal, scope)?;
                let a = RoleAssignment { kind: *kind, start: *start, end: *end, origin: Origin::Pim, ..base };
                self.pim_assign(a, justification, *mfa)
            }
            Command::PimRemoveAssignment { principal, role, scope, kind } => {
                self.direct_assignment(principal, role, scope)?;
                self.require(Action::RoleAssignmentDelete, scope)?;
                self.pim_remove(principal, role, scope, *kind)
            }
            Command::PimUpdateSettings { role, scope, change } => {
                self.require(Action::RoleAssignmentWrite, scope)?;
                self.pim_update_settings(role, scope, change)
            }
            Command::PimActivate { id, role, scope, duration, justification, ticket, mfa } => {
                self.chain(scope)?;
                let inputs = ActivationInputs { justification, ticket: ticket.as_deref(), mfa: *mfa };
                self.pim_activate(id, role, scope, *duration, &inputs)
            }
            Command::PimApprove { request, justification } => self.pim_decide(request, Verdict::Approve, justification),
            Command::PimDeny { request, justification } => self.pim_decide(request, Verdict::Deny, justification),
            Command::PimCancel { request } => self.pim_cancel(request),
            Command::PimDeactivate { role, scope } => self.pim_deactivate(role, scope),
            Command::PimExtend { id, role, scope, kind, justification } => {
                self.pim_extend_or_renew(id, role, scope, *kind, justification, ScheduleAsk::Extend)
            }
            Command::PimRenew { id, role, scope, kind, justification } => {
                self.pim_extend_or_renew(id, role, scope, *kind, justification, ScheduleAsk::Renew)
            }
            other => Err(Refusal::new(
                ErrorCode::OperationNotSupported,
                format!("`{}` is not a PIM command", other.action_name()),
            )),
        }
    }

    /// P1, P2, P9: create an eligible or active PIM assignment.
    pub(super) fn pim_assign(
        &mut self,
        assignment: RoleAssignment,
        justification: &str,
        mfa: bool,
    ) -> Result<Vec<Event>> {
        let w = self.world;
        let actor = self.actor;
        let settings = w.pim_settings(assignment.role, &assignment.scope);
        let start = assignment.start.unwrap_or(w.now);
        let mut a = RoleAssignment { start: Some(start), ..assignment };
        match (a.end, settings.expire_after(a.kind)) {
            (Some(end), _) if end <= start => {
                return Err(Refusal::new(ErrorCode::InvalidInput, "the assignment's end must be after its start"));
            }
            (Some(end), Some(max)) if end - start > max => {
                let r = Refusal::new(
                    ErrorCode::PimDurationOutOfRange,
                    format!(
                        "{} assignments of {} at `{}` expire after at most {} days",
                        capitalize(a.kind.as_str()),
                        a.role.name,
                        a.scope,
                        max.num_days()
                    ),
                )
                .with_remedy("Shorten the assignment, or allow permanent assignments in the role settings");
                return Err(self.refuse(r, "Assignment duration within the role settings"));
            }
            (None, Some(max)) => a.end = Some(start + max),
            _ => {}
        }
        self.pass("Assignment duration within the role settings", describe_window(a.start, a.end));
        if a.kind == AssignmentType::Active {
            if settings.require_justification_on_active && justification.trim().is_empty() {
                let r = Refusal::new(
                    ErrorCode::PimJustificationRequired,
                    "A justification is required for active assignments of this role",
                );
                return Err(self.refuse(r, "Justification on active assignment"));
            }
            if settings.require_mfa_on_active && !mfa {
                let r = Refusal::new(
                    ErrorCode::PimMfaRequired,
                    "Multifactor authentication is required for active assignments of this role",
                )
                .with_remedy("Complete MFA (`mfa: true`)");
                return Err(self.refuse(r, "MFA on active assignment"));
            }
        }
        let exists = w.assignments.get(&a.principal).is_some_and(|list| {
            list.iter().any(|x| {
                x.origin == Origin::Pim
                    && x.kind == a.kind
                    && x.role == a.role
                    && x.scope == a.scope
                    && x.end.is_none_or(|e| w.now < e)
            })
        });
        if exists {
            return Err(Refusal::new(ErrorCode::AlreadyExists, "The role assignment already exists."));
        }
        let activity = format!("Add member to role ({})", a.kind.as_str());
        let audit = audit_line(self.world, w.now, actor, &activity, &a.principal, a.role, &a.scope);
        let note =
            notify(w.now, &a.principal, format!("You are {} for {} at `{}`", a.kind.as_str(), a.role.name, a.scope));
        Ok(vec![Event::RoleAssigned(a), audit, note])
    }

    /// Removes PIM assignments of a type; activations that came from a removed eligibility are revoked.
    pub(super) fn pim_remove(
        &self,
        principal: &str,
        role: Role,
        scope: &str,
        kind: AssignmentType,
    ) -> Result<Vec<Event>> {
        let w = self.world;
        let actor = self.actor;
        let list = w.assignments.get(principal).map(Vec::as_slice).unwrap_or_default();
        let matching: Vec<&RoleAssignment> = list
            .iter()
            .filter(|x| x.origin == Origin::Pim && x.kind == kind && x.role == role && x.scope == scope)
            .collect();
        if matching.is_empty() {
            return Err(Refusal::new(
                ErrorCode::NotFound,
                format!("`{principal}` has no {} assignment of {} at `{scope}`", kind.as_str(), role.name),
            ));
        }
        let mut events: Vec<Event> = matching.iter().map(|a| Event::RoleAssignmentRemoved((*a).clone())).collect();
        if kind == AssignmentType::Eligible {
            for act in list.iter().filter(|x| {
                matches!(x.origin, Origin::Activation(_)) && x.role == role && x.scope == scope && x.is_effective(w.now)
            }) {
                events.extend(self.end_activation(act, "Activation revoked (eligibility removed)"));
            }
        }
        events.push(audit_line(
            self.world,
            w.now,
            actor,
            &format!("Remove member from role ({})", kind.as_str()),
            principal,
            role,
            scope,
        ));
        Ok(events)
    }

    /// P2: edit role settings.
    pub(super) fn pim_update_settings(&mut self, role: Role, scope: &str, c: &SettingsChange) -> Result<Vec<Event>> {
        let w = self.world;
        let actor = self.actor;
        let mut s = w.pim_settings(role, scope);
        if let Some(d) = c.maximum_activation {
            if d < TimeDelta::hours(1) || d > TimeDelta::hours(24) {
                return Err(Refusal::new(
                    ErrorCode::PimDurationOutOfRange,
                    "Activation maximum duration must be between 1 and 24 hours",
                ));
            }
            s.maximum_activation = d;
        }
        for (field, value) in [
            (&mut s.require_mfa, c.require_mfa),
            (&mut s.require_justification, c.require_justification),
            (&mut s.require_ticket, c.require_ticket),
            (&mut s.require_approval, c.require_approval),
            (&mut s.allow_permanent_eligible, c.allow_permanent_eligible),
            (&mut s.allow_permanent_active, c.allow_permanent_active),
            (&mut s.require_mfa_on_active, c.require_mfa_on_active),
            (&mut s.require_justification_on_active, c.require_justification_on_active),
        ] {
            if let Some(v) = value {
                *field = v;
            }
        }
        if let Some(d) = c.expire_eligible_after {
            s.expire_eligible_after = d;
        }
        if let Some(d) = c.expire_active_after {
            s.expire_active_after = d;
        }
        if let Some(list) = &c.approvers {
            for a in list {
                match w.principals.get(a).map(|p| p.kind) {
                    Some(PrincipalKind::User | PrincipalKind::Group) => {}
                    Some(_) => {
                        return Err(Refusal::new(
                            ErrorCode::InvalidInput,
                            format!("approver `{a}` must be a user or a group"),
                        ))
                    }
                    None => return Err(Refusal::new(ErrorCode::NotFound, format!("approver `{a}` does not exist"))),
                }
            }
            s.approvers = list.clone();
        }
        if s.require_approval && s.approvers.is_empty() {
            let r = Refusal::new(ErrorCode::InvalidInput, "Require approval to activate needs at least one approver")
                .with_remedy("Select approvers (users or groups)");
            return Err(self.refuse(r, "Approvers selected"));
        }
        self.pass("Role settings valid", format!("maximum activation {} h", s.maximum_activation.num_hours()));
        let audit = audit_line(self.world, w.now, actor, "Update role setting", actor, role, scope);
        Ok(vec![Event::PimSettingsSaved { role: role.id.to_owned(), scope: scope.to_owned(), settings: s }, audit])
    }

    /// P3: activate an eligible assignment.
    pub(super) fn pim_activate(
        &mut self,
        id: &str,
        role: Role,
        scope: &str,
        duration: TimeDelta,
        inputs: &ActivationInputs<'_>,
    ) -> Result<Vec<Event>> {
        let w = self.world;
        let actor = self.actor;
        let Some(eligible) = w.eligible_assignment(actor, role, scope) else {
            let r = Refusal::new(
                ErrorCode::PimNotEligible,
                format!("You have no eligible assignment of {} at `{scope}`", role.name),
            )
            .with_remedy(format!("An admin adds an eligible assignment of {} at `{scope}` in PIM", role.name));
            return Err(self.refuse(r, "Eligible assignment"));
        };
        self.pass(
            "Eligible assignment",
            format!(
                "{} for `{}` at `{}` ({})",
                role.name,
                eligible.principal,
                eligible.scope,
                describe_window(eligible.start, eligible.end)
            ),
        );
        let settings = w.pim_settings(role, &eligible.scope);
        if duration < MIN_ACTIVATION || duration > settings.maximum_activation {
            let r = Refusal::new(
                ErrorCode::PimDurationOutOfRange,
                format!(
                    "The duration must be between {} minutes and {} hours",
                    MIN_ACTIVATION.num_minutes(),
                    settings.maximum_activation.num_hours()
                ),
            )
            .with_remedy(format!("Ask for at most {} hours", settings.maximum_activation.num_hours()));
            return Err(self.refuse(r, "Duration within the role settings"));
        }
        self.pass(
            "Duration within the role settings",
            format!("{} min (maximum {} h)", duration.num_minutes(), settings.maximum_activation.num_hours()),
        );
        self.check_activation_inputs(
            Requirements {
                justification: settings.require_justification,
                ticket: settings.require_ticket,
                mfa: settings.require_mfa,
            },
            inputs,
        )?;
        if w.requests.contains_key(id) {
            return Err(Refusal::new(ErrorCode::AlreadyExists, format!("a request with handle `{id}` already exists")));
        }
        if w.requests.values().any(|r| {
            r.principal == actor && r.role == role && r.scope == scope && r.status == RequestStatus::PendingApproval
        }) {
            return Err(Refusal::new(ErrorCode::AlreadyExists, "A pending request for this role already exists"));
        }
        let approvers = if settings.require_approval { settings.approvers.clone() } else { Vec::new() };
        let request = PimRequest {
            id: id.to_owned(),
            kind: RequestKind::Activate,
            principal: actor.to_owned(),
            role,
            scope: scope.to_owned(),
            duration: cap_to(duration, w.now, eligible.end),
            justification: inputs.justification.to_owned(),
            ticket: inputs.ticket.map(str::to_owned),
            created: w.now,
            status: RequestStatus::PendingApproval,
            approvers,
            decided_by: None,
            decision_justification: String::new(),
            window: None,
        };
        Ok(self.submit(request))
    }

    /// Shared by PIM and Lighthouse activations: checks justification, ticket and MFA in that order.
    pub(super) fn check_activation_inputs(
        &mut self,
        required: Requirements,
        inputs: &ActivationInputs<'_>,
    ) -> Result<()> {
        if required.justification && inputs.justification.trim().is_empty() {
            let r =
                Refusal::new(ErrorCode::PimJustificationRequired, "A justification is required to activate this role");
            return Err(self.refuse(r, "Justification"));
        }
        if required.ticket && inputs.ticket.is_none_or(|x| x.trim().is_empty()) {
            let r = Refusal::new(ErrorCode::PimTicketRequired, "Ticket information is required to activate this role");
            return Err(self.refuse(r, "Ticket information"));
        }
        if required.mfa && !inputs.mfa {
            let r = Refusal::new(
                ErrorCode::PimMfaRequired,
                "Additional verification required: complete multifactor authentication to activate",
            )
            .with_remedy("Verify your identity with MFA (`mfa: true`)");
            return Err(self.refuse(r, "Multifactor authentication"));
        }
        self.pass("Justification, ticket and MFA", "as the settings require");
        Ok(())
    }

    /// Files a request: provisioned at once without approvers (seed: "automatically approved"),
    /// pending otherwise, with notifications to the approvers.
    pub(super) fn submit(&mut self, request: PimRequest) -> Vec<Event> {
        let w = self.world;
        let actor = self.actor;
        let mut events = vec![audit_event(self.world, w.now, actor, "Request role activation", &request)];
        if request.approvers.is_empty()
            && matches!(request.kind, RequestKind::Activate | RequestKind::LighthouseActivate(_))
        {
            self.pass("Approval", "not required: the request is approved automatically");
            events.extend(self.provision(SYSTEM, request));
            return events;
        }
        self.pass("Approval", "required: the request is pending approval");
        for user in w.expand_users(&request.approvers) {
            if user != request.principal {
                events.push(notify(
                    w.now,
                    &user,
                    format!(
                        "{} requests approval: {} at `{}` ({})",
                        request.principal, request.role.name, request.scope, request.id
                    ),
                ));
            }
        }
        if request.approvers.is_empty() {
            for admin in self.admins_of(&request.scope) {
                events.push(notify(
                    w.now,
                    &admin,
                    format!("{} requests approval: {} ({})", request.principal, request.role.name, request.id),
                ));
            }
        }
        events.push(notify(w.now, &request.principal, format!("Your request {} is pending approval", request.id)));
        events.push(Event::RequestSaved(request));
        events
    }

    /// Grants a request now: the activation window, or the extended or renewed schedule.
    fn provision(&self, approver: &str, request: PimRequest) -> Vec<Event> {
        let w = self.world;
        let mut events = Vec::new();
        let now = w.now;
        let mut request = request;
        match &request.kind {
            RequestKind::Activate | RequestKind::LighthouseActivate(_) => {
                let end = now + request.duration;
                request.window = Some((now, end));
                let origin = Origin::Activation(request.id.clone());
                events.push(Event::RoleAssigned(RoleAssignment {
                    principal: request.principal.clone(),
                    role: request.role,
                    scope: request.scope.clone(),
                    kind: AssignmentType::Active,
                    start: Some(now),
                    end: Some(end),
                    origin,
                }));
                events.push(notify(
                    now,
                    &request.principal,
                    format!("Your {} role is active until {}", request.role.name, end.to_rfc3339()),
                ));
            }
            RequestKind::Extend(kind) | RequestKind::Renew(kind) => {
                if let Some(old) = self.pim_assignment_of(&request.principal, request.role, &request.scope, *kind) {
                    let (start, end) = match request.kind {
                        RequestKind::Renew(_) => (now, now + request.duration),
                        _ => (old.start.unwrap_or(now), old.end.unwrap_or(now) + request.duration),
                    };
                    request.window = Some((start, end));
                    events.push(Event::RoleAssignmentRemoved(old.clone()));
                    events.push(Event::RoleAssigned(RoleAssignment {
                        start: Some(start),
                        end: Some(end),
                        ..old.clone()
                    }));
                }
                events.push(notify(now, &request.principal, format!("Your request {} was approved", request.id)));
            }
        }
        request.status = RequestStatus::Provisioned;
        let activity = if approver == SYSTEM { "Role activation approved automatically" } else { "Request approved" };
        events.push(audit_event(self.world, now, approver, activity, &request));
        events.push(Event::RequestSaved(request));
        events
    }

    /// P4: approve or deny a pending request.
    pub(super) fn pim_decide(&mut self, id: &str, verdict: Verdict, justification: &str) -> Result<Vec<Event>> {
        let w = self.world;
        let actor = self.actor;
        let r = self.pending_request(id)?;
        if r.principal == actor {
            let e = Refusal::new(ErrorCode::PimSelfApproval, "You can't approve or deny your own request")
                .with_remedy("Another approver decides");
            return Err(self.refuse(e, "Approver is not the requester"));
        }
        self.pass("Approver is not the requester", format!("requested by `{}`", r.principal));
        if !w.is_approver(actor, r) {
            let who = if r.approvers.is_empty() {
                "an admin of the scope (Owner or User Access Administrator)".to_owned()
            } else {
                format!("one of {}", r.approvers.join(", "))
            };
            let e = Refusal::new(ErrorCode::PimNotAnApprover, format!("You are not an approver of request {id}"))
                .with_remedy(format!("The request is decided by {who}"));
            return Err(self.refuse(e, "Approver of the request"));
        }
        self.pass("Approver of the request", format!("`{actor}`"));
        let decided = PimRequest {
            decided_by: Some(actor.to_owned()),
            decision_justification: justification.to_owned(),
            ..r.clone()
        };
        if verdict == Verdict::Deny {
            let mut events = vec![notify(w.now, &r.principal, format!("Your request {id} was denied by {actor}"))];
            events.push(audit_event(self.world, w.now, actor, "Request denied", &decided));
            events.push(Event::RequestSaved(PimRequest { status: RequestStatus::Denied, ..decided }));
            return Ok(events);
        }
        if r.kind == RequestKind::Activate && w.eligible_assignment(&r.principal, r.role, &r.scope).is_none() {
            let e = Refusal::new(
                ErrorCode::PimNotEligible,
                format!("`{}` is no longer eligible for {} at `{}`", r.principal, r.role.name, r.scope),
            );
            return Err(self.refuse(e, "Requester still eligible"));
        }
        Ok(self.provision(actor, decided))
    }

    /// P4: the requester cancels a pending request.
    pub(super) fn pim_cancel(&mut self, id: &str) -> Result<Vec<Event>> {
        let w = self.world;
        let actor = self.actor;
        let r = self.pending_request(id)?;
        if r.principal != actor {
            let e =
                Refusal::new(ErrorCode::AuthorizationFailed, format!("Only `{}` can cancel request {id}", r.principal));
            return Err(self.refuse(e, "Requester"));
        }
        let cancelled = PimRequest { status: RequestStatus::Canceled, ..r.clone() };
        Ok(vec![audit_event(self.world, w.now, actor, "Request canceled", &cancelled), Event::RequestSaved(cancelled)])
    }

    /// P5: deactivate an active activation (not within 5 minutes of activating).
    pub(super) fn pim_deactivate(&mut self, role: Role, scope: &str) -> Result<Vec<Event>> {
        let w = self.world;
        let actor = self.actor;
        let list = w.assignments.get(actor).map(Vec::as_slice).unwrap_or_default();
        let Some(act) = list.iter().find(|a| {
            matches!(a.origin, Origin::Activation(_)) && a.role == role && a.scope == scope && a.is_effective(w.now)
        }) else {
            return Err(Refusal::new(
                ErrorCode::NotFound,
                format!("You have no active activation of {} at `{scope}`", role.name),
            ));
        };
        let since = act.start.unwrap_or(w.now);
        if w.now - since < MIN_BEFORE_DEACTIVATE {
            let e = Refusal::new(
                ErrorCode::PimDeactivateTooSoon,
                "You can't deactivate a role within 5 minutes of activating it",
            )
            .with_remedy(format!("Try again after {}", (since + MIN_BEFORE_DEACTIVATE).to_rfc3339()));
            return Err(self.refuse(e, "Activated at least 5 minutes ago"));
        }
        self.pass("Activated at least 5 minutes ago", since.to_rfc3339());
        Ok(self.end_activation(act, "Role deactivated"))
    }

    /// P6: request extension or renewal of one's own time-bound assignment.
    pub(super) fn pim_extend_or_renew(
        &mut self,
        id: &str,
        role: Role,
        scope: &str,
        kind: AssignmentType,
        justification: &str,
        ask: ScheduleAsk,
    ) -> Result<Vec<Event>> {
        let w = self.world;
        let actor = self.actor;
        let renew = ask == ScheduleAsk::Renew;
        let (code, verb) = if renew {
            (ErrorCode::PimRenewNotAllowed, "renewed")
        } else {
            (ErrorCode::PimExtendNotAllowed, "extended")
        };
        let trace = self.trace.clone();
        let refuse =
            |why: String| Err(Refusal::new(code, why).with_trace(trace.clone(), format!("Assignment can be {verb}")));
        let Some(a) = self.pim_assignment_of(actor, role, scope, kind) else {
            return refuse(format!("You have no {} assignment of {} at `{scope}`", kind.as_str(), role.name));
        };
        let Some(end) = a.end else { return refuse("A permanent assignment never ends".to_owned()) };
        let now = w.now;
        let ok = if renew { end <= now && now - end <= RENEW_WINDOW } else { now < end && end - now <= EXTEND_WINDOW };
        if !ok {
            let why = if renew {
                format!(
                    "Only assignments that expired within the last 30 days can be renewed (this one ends {})",
                    end.to_rfc3339()
                )
            } else {
                format!("Only assignments ending within 14 days can be extended (this one ends {})", end.to_rfc3339())
            };
            return refuse(why);
        }
        let pending = |r: &PimRequest| {
            r.principal == actor
                && r.role == role
                && r.scope == scope
                && r.status == RequestStatus::PendingApproval
                && matches!(r.kind, RequestKind::Extend(_) | RequestKind::Renew(_))
        };
        if w.requests.values().any(pending) {
            return refuse("An extension or renewal request is already pending".to_owned());
        }
        if w.requests.contains_key(id) {
            return Err(Refusal::new(ErrorCode::AlreadyExists, format!("a request with handle `{id}` already exists")));
        }
        self.pass(format!("Assignment can be {verb}"), format!("ends {}", end.to_rfc3339()));
        let settings = w.pim_settings(role, scope);
        let duration = settings.expire_after(kind).unwrap_or(match kind {
            AssignmentType::Eligible => settings.expire_eligible_after,
            AssignmentType::Active => settings.expire_active_after,
        });
        let request = PimRequest {
            id: id.to_owned(),
            kind: if renew { RequestKind::Renew(kind) } else { RequestKind::Extend(kind) },
            principal: actor.to_owned(),
            role,
            scope: scope.to_owned(),
            duration,
            justification: justification.to_owned(),
            ticket: None,
            created: now,
            status: RequestStatus::PendingApproval,
            approvers: Vec::new(),
            decided_by: None,
            decision_justification: String::new(),
            window: None,
        };
        let mut events = self.submit(request);
        if let Some(Event::Audited(a)) = events.first_mut() {
            a.activity = if renew { "Request renewal".to_owned() } else { "Request extension".to_owned() };
        }
        Ok(events)
    }

    // ----- Helpers -----

    /// The principal's own PIM assignment of a type (current or expired), latest first.
    fn pim_assignment_of(
        &self,
        principal: &str,
        role: &RoleDefinition,
        scope: &str,
        kind: AssignmentType,
    ) -> Option<&RoleAssignment> {
        let w = self.world;
        w.assignments
            .get(principal)?
            .iter()
            .filter(|a| a.origin == Origin::Pim && a.kind == kind && a.role == role && a.scope == scope)
            .max_by_key(|a| a.end)
    }

    fn pending_request(&mut self, id: &str) -> Result<&'w PimRequest> {
        let r = self
            .world
            .requests
            .get(id)
            .ok_or_else(|| Refusal::new(ErrorCode::NotFound, format!("request `{id}` does not exist")))?;
        match r.status {
            RequestStatus::PendingApproval => {
                self.pass("Request pending", format!("created {}", r.created.to_rfc3339()));
                Ok(r)
            }
            RequestStatus::TimedOut => {
                let e = Refusal::new(
                    ErrorCode::PimRequestTimedOut,
                    format!("Request {id} was not decided within 24 hours and timed out"),
                )
                .with_remedy("The requester files a new request");
                Err(self.refuse(e, "Request pending"))
            }
            other => {
                let e = Refusal::new(
                    ErrorCode::PimRequestNotPending,
                    format!("Request {id} is {} and can no longer be decided", other.as_str()),
                );
                Err(self.refuse(e, "Request pending"))
            }
        }
    }

    fn end_activation(&self, act: &RoleAssignment, activity: &str) -> Vec<Event> {
        let w = self.world;
        let actor = self.actor;
        let mut events = vec![
            Event::RoleAssignmentRemoved(act.clone()),
            Event::RoleAssigned(RoleAssignment { end: Some(w.now), ..act.clone() }),
        ];
        if let Origin::Activation(id) = &act.origin {
            if let Some(r) = w.requests.get(id) {
                let revoked = PimRequest {
                    status: RequestStatus::Revoked,
                    window: r.window.map(|(s, _)| (s, w.now)),
                    ..r.clone()
                };
                events.push(audit_event(self.world, w.now, actor, activity, &revoked));
                events.push(Event::RequestSaved(revoked));
            }
        }
        events
    }

    fn admins_of(&self, scope: &str) -> Vec<Handle> {
        let w = self.world;
        let Some(chain) = w.scope_chain(scope) else { return Vec::new() };
        w.principals
            .values()
            .filter(|p| {
                p.kind == PrincipalKind::User && w.find_grant(&p.id, Action::RoleAssignmentWrite, &chain).is_some()
            })
            .map(|p| p.id.clone())
            .collect()
    }
}

pub(super) fn audit_event(world: &World, time: DateTime<Utc>, actor: &str, activity: &str, r: &PimRequest) -> Event {
    // Lighthouse activity goes to the managing tenant's PIM audit (L8); the rest to the tenant
    // that holds the resource (P8).
    let tenant = match &r.kind {
        RequestKind::LighthouseActivate(d) => world.delegations.get(d).map(|d| d.managing_tenant.clone()),
        _ => None,
    };
    let mut entry = audit_entry(world, time, actor, activity, &r.principal, r.role, &r.scope);
    entry.request = Some(r.id.clone());
    if let Some(tenant) = tenant {
        entry.tenant = tenant;
    }
    Event::Audited(entry)
}

/// An audit line of the tenant that holds the scope (P8).
pub(super) fn audit_line(
    world: &World,
    time: DateTime<Utc>,
    actor: &str,
    activity: &str,
    principal: &str,
    role: &RoleDefinition,
    scope: &str,
) -> Event {
    Event::Audited(audit_entry(world, time, actor, activity, principal, role, scope))
}

fn audit_entry(
    world: &World,
    time: DateTime<Utc>,
    actor: &str,
    activity: &str,
    principal: &str,
    role: &RoleDefinition,
    scope: &str,
) -> AuditEntry {
    AuditEntry {
        time,
        tenant: world.tenant_of_scope(scope).unwrap_or_default().to_owned(),
        actor: actor.to_owned(),
        activity: activity.to_owned(),
        principal: principal.to_owned(),
        role: role.name,
        scope: scope.to_owned(),
        request: None,
    }
}

/// A notification event.
pub(super) fn notify(time: DateTime<Utc>, to: &str, subject: String) -> Event {
    Event::Notified(Notification { time, to: to.to_owned(), subject })
}

fn cap_to(duration: TimeDelta, now: DateTime<Utc>, end: Option<DateTime<Utc>>) -> TimeDelta {
    match end {
        Some(e) if now + duration > e => e - now,
        _ => duration,
    }
}

fn describe_window(start: Option<DateTime<Utc>>, end: Option<DateTime<Utc>>) -> String {
    match (start, end) {
        (_, None) => "permanent".to_owned(),
        (Some(s), Some(e)) => format!("from {} to {}", s.to_rfc3339(), e.to_rfc3339()),
        (None, Some(e)) => format!("until {}", e.to_rfc3339()),
    }
}

pub(super) fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
}
