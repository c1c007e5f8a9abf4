//! Privileged Identity Management (P1–P9): assignments, role settings, activation requests with
//! approval, cancellation, deactivation, extension and renewal, with their audit lines and
//! notifications.

use chrono::{DateTime, TimeDelta, Utc};

mod refusal;

use refusal::{PimRefusal, ScheduleProblem};

use super::reason::{refusal, Common, Object};
use super::{not_found, Ctx};
use crate::command::Command;
use crate::error::Result;
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
            other => Err(refusal(Common::Misrouted(other.action_name()))),
        }
    }

    /// P1, P2, P9: create an eligible or active PIM assignment.
    pub(super) fn pim_assign(
        &mut self,
        assignment: RoleAssignment,
        justification: &str,
        mfa: bool,
    ) -> Result<Vec<Event>> {
        let world = self.world;
        let actor = self.actor;
        let settings = world.pim_settings(assignment.role, &assignment.scope);
        let start = assignment.start.unwrap_or(world.now);
        let mut a = RoleAssignment { start: Some(start), ..assignment };
        match (a.end, settings.expire_after(a.kind)) {
            (Some(end), _) if end <= start => {
                return Err(refusal(PimRefusal::EndBeforeStart));
            }
            (Some(end), Some(max)) if end - start > max => {
                let reason = PimRefusal::AssignmentTooLong {
                    kind: a.kind,
                    role: a.role.name,
                    scope: &a.scope,
                    days: max.num_days(),
                };
                return Err(self.refuse(reason, "Assignment duration within the role settings"));
            }
            (None, Some(max)) => a.end = Some(start + max),
            _ => {}
        }
        self.pass("Assignment duration within the role settings", describe_window(a.start, a.end));
        if a.kind == AssignmentType::Active {
            if settings.require_justification_on_active && justification.trim().is_empty() {
                return Err(self.refuse(PimRefusal::ActiveJustificationRequired, "Justification on active assignment"));
            }
            if settings.require_mfa_on_active && !mfa {
                return Err(self.refuse(PimRefusal::ActiveMfaRequired, "MFA on active assignment"));
            }
        }
        let exists = world.assignments.get(&a.principal).is_some_and(|list| {
            list.iter().any(|x| {
                x.origin == Origin::Pim
                    && x.kind == a.kind
                    && x.role == a.role
                    && x.scope == a.scope
                    && x.end.is_none_or(|e| world.now < e)
            })
        });
        if exists {
            return Err(refusal(PimRefusal::AssignmentExists));
        }
        let activity = format!("Add member to role ({})", a.kind.as_str());
        let audit = audit_line(world, world.now, actor, &activity, &a.principal, a.role, &a.scope);
        // P4a: who hears of it is the role settings' Notification tab.
        let n = world.pim_settings(a.role, &a.scope).notify;
        let (to_admins, to_assignee) = match a.kind {
            AssignmentType::Eligible => (n.admin_on_eligible, n.assignee_on_eligible),
            AssignmentType::Active => (n.admin_on_active, n.assignee_on_active),
        };
        let mut events = Vec::new();
        if to_assignee {
            let subject = format!("You are {} for {} at `{}`", a.kind.as_str(), a.role.name, a.scope);
            events.push(notify(world.now, &a.principal, subject));
        }
        let subject =
            format!("`{actor}` made `{}` {} for {} at `{}`", a.principal, a.kind.as_str(), a.role.name, a.scope);
        events.extend(self.tell_admins_and_additional(
            &a.scope,
            to_admins,
            &n.additional,
            &[actor, &a.principal],
            &subject,
        ));
        events.insert(0, audit);
        events.insert(0, Event::RoleAssigned(a));
        Ok(events)
    }

    /// Removes PIM assignments of a type; activations that came from a removed eligibility are revoked.
    pub(super) fn pim_remove(
        &self,
        principal: &str,
        role: Role,
        scope: &str,
        kind: AssignmentType,
    ) -> Result<Vec<Event>> {
        let world = self.world;
        let actor = self.actor;
        let list = world.assignments.get(principal).map(Vec::as_slice).unwrap_or_default();
        let matching: Vec<&RoleAssignment> = list
            .iter()
            .filter(|x| x.origin == Origin::Pim && x.kind == kind && x.role == role && x.scope == scope)
            .collect();
        if matching.is_empty() {
            return Err(refusal(PimRefusal::NoAssignment { principal, kind, role: role.name, scope }));
        }
        let mut events: Vec<Event> = matching.iter().map(|a| Event::RoleAssignmentRemoved((*a).clone())).collect();
        if kind == AssignmentType::Eligible {
            for act in list.iter().filter(|x| {
                matches!(x.origin, Origin::Activation(_))
                    && x.role == role
                    && x.scope == scope
                    && x.is_effective(world.now)
            }) {
                events.extend(self.end_activation(act, "Activation revoked (eligibility removed)"));
            }
        }
        events.push(audit_line(
            self.world,
            world.now,
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
        let world = self.world;
        let actor = self.actor;
        let mut s = world.pim_settings(role, scope);
        if let Some(d) = c.maximum_activation {
            if d < TimeDelta::hours(1) || d > TimeDelta::hours(24) {
                return Err(refusal(PimRefusal::MaximumOutOfRange));
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
            (&mut s.notify.admin_on_eligible, c.notify_admin_on_eligible),
            (&mut s.notify.assignee_on_eligible, c.notify_assignee_on_eligible),
            (&mut s.notify.admin_on_active, c.notify_admin_on_active),
            (&mut s.notify.assignee_on_active, c.notify_assignee_on_active),
            (&mut s.notify.admin_on_activation, c.notify_admin_on_activation),
            (&mut s.notify.requestor_on_activation, c.notify_requestor_on_activation),
            (&mut s.notify.approvers_on_activation, c.notify_approvers_on_activation),
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
        if let Some(named) = &c.approvers {
            // Approvers may be named by sign-in name (SPEC §8): their handles are kept.
            let list: Vec<String> =
                named.iter().map(|a| world.find_principal(a).map_or_else(|| a.clone(), |p| p.id.clone())).collect();
            let list = &list;
            let tenant = world.tenant_of_scope(scope).unwrap_or_default();
            users_or_groups(world, list)?;
            for a in list {
                if !world.is_member_or_guest(a, tenant) {
                    let reason = PimRefusal::ApproverOutsideDirectory { approver: a, tenant };
                    return Err(self.refuse(reason, "Approvers in the role's directory"));
                }
            }
            s.approvers = list.clone();
        }
        if let Some(list) = &c.additional_recipients {
            users_or_groups(world, list)?;
            s.notify.additional = list.clone();
        }
        if s.require_approval && s.approvers.is_empty() {
            return Err(self.refuse(PimRefusal::NoApprovers, "Approvers selected"));
        }
        self.pass("Role settings valid", format!("maximum activation {} h", s.maximum_activation.num_hours()));
        let audit = audit_line(world, world.now, actor, "Update role setting", actor, role, scope);
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
        let world = self.world;
        let actor = self.actor;
        let Some(eligible) = world.eligible_assignment(actor, role, scope) else {
            return Err(self.refuse(PimRefusal::NotEligible { role: role.name, scope }, "Eligible assignment"));
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
        let settings = world.pim_settings(role, &eligible.scope);
        if duration < MIN_ACTIVATION || duration > settings.maximum_activation {
            let reason = PimRefusal::DurationOutOfRange { max_hours: settings.maximum_activation.num_hours() };
            return Err(self.refuse(reason, "Duration within the role settings"));
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
        if world.requests.contains_key(id) {
            return Err(refusal(Common::HandleTaken(id)));
        }
        if world.requests.values().any(|r| {
            r.principal == actor && r.role == role && r.scope == scope && r.status == RequestStatus::PendingApproval
        }) {
            return Err(refusal(PimRefusal::RequestPending));
        }
        let approvers = if settings.require_approval { settings.approvers.clone() } else { Vec::new() };
        let request = PimRequest {
            id: id.to_owned(),
            kind: RequestKind::Activate,
            principal: actor.to_owned(),
            role,
            scope: scope.to_owned(),
            duration: cap_to(duration, world.now, eligible.end),
            justification: inputs.justification.to_owned(),
            ticket: inputs.ticket.map(str::to_owned),
            created: world.now,
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
            return Err(self.refuse(PimRefusal::JustificationRequired, "Justification"));
        }
        if required.ticket && inputs.ticket.is_none_or(|x| x.trim().is_empty()) {
            return Err(self.refuse(PimRefusal::TicketRequired, "Ticket information"));
        }
        if required.mfa && !inputs.mfa {
            return Err(self.refuse(PimRefusal::MfaRequired, "Multifactor authentication"));
        }
        self.pass("Justification, ticket and MFA", "as the settings require");
        Ok(())
    }

    /// Files a request: provisioned at once without approvers (seed: "automatically approved"),
    /// pending otherwise, with notifications to the approvers.
    pub(super) fn submit(&mut self, request: PimRequest) -> Vec<Event> {
        let world = self.world;
        let actor = self.actor;
        let mut events = vec![audit_event(world, world.now, actor, "Request role activation", &request)];
        if request.approvers.is_empty()
            && matches!(request.kind, RequestKind::Activate | RequestKind::LighthouseActivate(_))
        {
            self.pass("Approval", "not required: the request is approved automatically");
            events.extend(self.provision(SYSTEM, request));
            return events;
        }
        self.pass("Approval", "required: the request is pending approval");
        // P4a: the Notification tab says whether approvers and the requestor hear of an activation.
        let n = world.pim_settings(request.role, &request.scope).notify;
        let activation = matches!(request.kind, RequestKind::Activate);
        let approvers = if activation && !n.approvers_on_activation { Vec::new() } else { request.approvers.clone() };
        for user in world.expand_users(&approvers) {
            if user != request.principal {
                events.push(notify(
                    world.now,
                    &user,
                    format!(
                        "`{}` requests approval: {} at `{}` ({})",
                        request.principal, request.role.name, request.scope, request.id
                    ),
                ));
            }
        }
        if request.approvers.is_empty() {
            for admin in self.admins_of(&request.scope) {
                events.push(notify(
                    world.now,
                    &admin,
                    format!("`{}` requests approval: {} ({})", request.principal, request.role.name, request.id),
                ));
            }
        }
        if !activation || n.requestor_on_activation {
            let subject = format!("Your request {} is pending approval", request.id);
            events.push(notify(world.now, &request.principal, subject));
        }
        events.push(Event::RequestSaved(request));
        events
    }

    /// Grants a request now: the activation window, or the extended or renewed schedule.
    fn provision(&self, approver: &str, request: PimRequest) -> Vec<Event> {
        let world = self.world;
        let mut events = Vec::new();
        let now = world.now;
        let mut request = request;
        match &request.kind {
            RequestKind::Activate | RequestKind::LighthouseActivate(_) => {
                let end = now + request.duration;
                request.window = Some((now, end));
                // A Lighthouse activation applies at every delegated scope (each resource group, L1a).
                let scopes = match &request.kind {
                    RequestKind::LighthouseActivate(d) => world.delegations.get(d).map(|d| d.scopes.clone()),
                    _ => None,
                }
                .unwrap_or_else(|| vec![request.scope.clone()]);
                for scope in scopes {
                    events.push(Event::RoleAssigned(RoleAssignment {
                        principal: request.principal.clone(),
                        role: request.role,
                        scope,
                        kind: AssignmentType::Active,
                        start: Some(now),
                        end: Some(end),
                        origin: Origin::Activation(request.id.clone()),
                    }));
                }
                // P4a: the requestor, the resource's admins and the additional recipients, as the
                // Notification tab says (a Lighthouse activation: the customer's defaults).
                let n = world.pim_settings(request.role, &request.scope).notify;
                if n.requestor_on_activation {
                    let subject =
                        format!("Your {} role is active until {}", request.role.name, crate::duration::when(end));
                    events.push(notify(now, &request.principal, subject));
                }
                let subject = format!(
                    "`{}` activated {} at `{}` until {}",
                    request.principal,
                    request.role.name,
                    request.scope,
                    crate::duration::when(end)
                );
                let (scope, additional) = (&request.scope, &n.additional);
                let except = [request.principal.as_str()];
                events.extend(self.tell_admins_and_additional(
                    scope,
                    n.admin_on_activation,
                    additional,
                    &except,
                    &subject,
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
        let world = self.world;
        let actor = self.actor;
        let r = self.pending_request(id)?;
        if r.principal == actor {
            return Err(self.refuse(PimRefusal::SelfApproval, "Approver is not the requester"));
        }
        self.pass("Approver is not the requester", format!("requested by `{}`", r.principal));
        if !world.is_approver(actor, r) {
            let who = if r.approvers.is_empty() {
                "an admin of the scope (Owner or User Access Administrator)".to_owned()
            } else {
                format!("one of {}", r.approvers.join(", "))
            };
            return Err(self.refuse(PimRefusal::NotAnApprover { id, who }, "Approver of the request"));
        }
        self.pass("Approver of the request", format!("`{actor}`"));
        let decided = PimRequest {
            decided_by: Some(actor.to_owned()),
            decision_justification: justification.to_owned(),
            ..r.clone()
        };
        // P4a: the other approvers are told of the decision on a request they could have decided.
        let word = if verdict == Verdict::Deny { "denied" } else { "approved" };
        let told: Vec<Event> = world
            .expand_users(&r.approvers)
            .into_iter()
            .filter(|u| u != actor && *u != r.principal)
            .map(|u| {
                let subject = format!("Request {id} of `{}` was {word} by `{actor}`", r.principal);
                notify(world.now, &u, subject)
            })
            .collect();
        if verdict == Verdict::Deny {
            let mut events =
                vec![notify(world.now, &r.principal, format!("Your request {id} was denied by `{actor}`"))];
            events.extend(told);
            events.push(audit_event(world, world.now, actor, "Request denied", &decided));
            events.push(Event::RequestSaved(PimRequest { status: RequestStatus::Denied, ..decided }));
            return Ok(events);
        }
        if r.kind == RequestKind::Activate && world.eligible_assignment(&r.principal, r.role, &r.scope).is_none() {
            let reason = PimRefusal::NoLongerEligible { principal: &r.principal, role: r.role.name, scope: &r.scope };
            return Err(self.refuse(reason, "Requester still eligible"));
        }
        let mut events = self.provision(actor, decided);
        events.extend(told);
        Ok(events)
    }

    /// P4: the requester cancels a pending request.
    pub(super) fn pim_cancel(&mut self, id: &str) -> Result<Vec<Event>> {
        let world = self.world;
        let actor = self.actor;
        let r = self.pending_request(id)?;
        if r.principal != actor {
            return Err(self.refuse(PimRefusal::NotTheRequester { id, requester: &r.principal }, "Requester"));
        }
        let cancelled = PimRequest { status: RequestStatus::Canceled, ..r.clone() };
        Ok(vec![audit_event(world, world.now, actor, "Request canceled", &cancelled), Event::RequestSaved(cancelled)])
    }

    /// P5: deactivate an active activation (not within 5 minutes of activating).
    pub(super) fn pim_deactivate(&mut self, role: Role, scope: &str) -> Result<Vec<Event>> {
        let world = self.world;
        let actor = self.actor;
        let list = world.assignments.get(actor).map(Vec::as_slice).unwrap_or_default();
        let Some(act) = list.iter().find(|a| {
            matches!(a.origin, Origin::Activation(_)) && a.role == role && a.scope == scope && a.is_effective(world.now)
        }) else {
            return Err(refusal(PimRefusal::NoActivation { role: role.name, scope }));
        };
        let since = act.start.unwrap_or(world.now);
        if world.now - since < MIN_BEFORE_DEACTIVATE {
            let reason = PimRefusal::DeactivateTooSoon { after: since + MIN_BEFORE_DEACTIVATE };
            return Err(self.refuse(reason, "Activated at least 5 minutes ago"));
        }
        self.pass("Activated at least 5 minutes ago", crate::duration::when(since));
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
        let world = self.world;
        let actor = self.actor;
        let renew = ask == ScheduleAsk::Renew;
        let verb = if renew { "renewed" } else { "extended" };
        let renewable = |end: DateTime<Utc>| end <= world.now && world.now - end <= RENEW_WINDOW;
        let extendable = |end: DateTime<Utc>| world.now < end && end - world.now <= EXTEND_WINDOW;
        let end = self.pim_assignment_of(actor, role, scope, kind).map(|a| a.end);
        let problem = match end {
            None => Some(ScheduleProblem::NoAssignment { kind, role: role.name, scope }),
            Some(None) => Some(ScheduleProblem::Permanent),
            Some(Some(end)) if renew && !renewable(end) => Some(ScheduleProblem::NotRecentlyExpired(end)),
            Some(Some(end)) if !renew && !extendable(end) => Some(ScheduleProblem::NotEndingSoon(end)),
            Some(Some(_)) => None,
        };
        let pending = |r: &PimRequest| {
            r.principal == actor
                && r.role == role
                && r.scope == scope
                && r.status == RequestStatus::PendingApproval
                && matches!(r.kind, RequestKind::Extend(_) | RequestKind::Renew(_))
        };
        let problem =
            problem.or_else(|| world.requests.values().any(pending).then_some(ScheduleProblem::AlreadyPending));
        if let Some(why) = problem {
            return Err(self.refuse(PimRefusal::ScheduleNotAllowed { ask, why }, format!("Assignment can be {verb}")));
        }
        let end = end.flatten().unwrap_or(world.now);
        if world.requests.contains_key(id) {
            return Err(refusal(Common::HandleTaken(id)));
        }
        self.pass(format!("Assignment can be {verb}"), format!("ends {}", crate::duration::when(end)));
        let settings = world.pim_settings(role, scope);
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
            created: world.now,
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
        let world = self.world;
        world
            .assignments
            .get(principal)?
            .iter()
            .filter(|a| a.origin == Origin::Pim && a.kind == kind && a.role == role && a.scope == scope)
            .max_by_key(|a| a.end)
    }

    fn pending_request(&mut self, id: &str) -> Result<&'w PimRequest> {
        let r = self.world.requests.get(id).ok_or_else(|| not_found(Object::Request, id))?;
        match r.status {
            RequestStatus::PendingApproval => {
                self.pass("Request pending", format!("created {}", crate::duration::when(r.created)));
                Ok(r)
            }
            RequestStatus::TimedOut => Err(self.refuse(PimRefusal::TimedOut(id), "Request pending")),
            status => Err(self.refuse(PimRefusal::NotPending { id, status }, "Request pending")),
        }
    }

    fn end_activation(&self, act: &RoleAssignment, activity: &str) -> Vec<Event> {
        let world = self.world;
        let actor = self.actor;
        let mut events = vec![
            Event::RoleAssignmentRemoved(act.clone()),
            Event::RoleAssigned(RoleAssignment { end: Some(world.now), ..act.clone() }),
        ];
        if let Origin::Activation(id) = &act.origin {
            if let Some(r) = world.requests.get(id) {
                let revoked = PimRequest {
                    status: RequestStatus::Revoked,
                    window: r.window.map(|(s, _)| (s, world.now)),
                    ..r.clone()
                };
                events.push(audit_event(world, world.now, actor, activity, &revoked));
                events.push(Event::RequestSaved(revoked));
            }
        }
        events
    }

    /// P4a: a notification to the resource's admins (when the Notification tab says so) and to the
    /// additional recipients, once each, except to `except` (who acted, who it is about).
    fn tell_admins_and_additional(
        &self,
        scope: &str,
        to_admins: bool,
        additional: &[Handle],
        except: &[&str],
        subject: &str,
    ) -> Vec<Event> {
        let world = self.world;
        let admins = if to_admins { self.admins_of(scope) } else { Vec::new() };
        let told = crate::table::sorted_unique(
            admins.into_iter().chain(world.expand_users(additional)).filter(|u| !except.contains(&u.as_str())),
        );
        told.iter().map(|u| notify(world.now, u, subject.to_owned())).collect()
    }

    fn admins_of(&self, scope: &str) -> Vec<Handle> {
        let world = self.world;
        let Some(chain) = world.scope_chain(scope) else { return Vec::new() };
        world
            .principals
            .values()
            .filter(|p| {
                p.kind == PrincipalKind::User && world.find_grant(&p.id, Action::RoleAssignmentWrite, &chain).is_some()
            })
            .map(|p| p.id.clone())
            .collect()
    }
}

/// Approvers and notification recipients are users or groups that exist (P2, P4a).
fn users_or_groups(world: &World, list: &[Handle]) -> Result<()> {
    for a in list {
        match world.principals.get(a).map(|p| p.kind) {
            Some(PrincipalKind::User | PrincipalKind::Group) => {}
            Some(_) => return Err(refusal(PimRefusal::ApproverKind(a))),
            None => return Err(not_found(Object::Principal, a)),
        }
    }
    Ok(())
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
        (Some(s), Some(e)) => format!("from {} to {}", crate::duration::when(s), crate::duration::when(e)),
        (None, Some(e)) => format!("until {}", crate::duration::when(e)),
    }
}

/// The text with its first letter in capitals (ASCII: the words capitalized are the simulator's own;
/// ASCII case mapping keeps Unicode's case tables out of the download).
pub(super) fn capitalize(s: &str) -> String {
    let mut out = s.to_owned();
    if let Some(first) = out.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    out
}
