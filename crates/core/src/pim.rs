//! Privileged Identity Management for Azure resource roles (SPEC §5, P1–P9): eligible and active
//! assignments, role settings, activation requests with approval, timeouts, deactivation, extension
//! and renewal, the audit history per tenant and the notification inboxes.
//!
//! Time is the simulated clock. An activation is an active assignment with a window
//! `[start, end)`, so it grants access exactly inside it (RBAC only counts effective assignments);
//! [`World::advance_events`] records timeouts and expiries when the clock passes them.

use chrono::{DateTime, TimeDelta, Utc};

use crate::command::Event;
use crate::error::{ErrorCode, Refusal, Result, Trace};
use crate::model::{AssignmentType, Handle, Origin, PrincipalKind, RoleAssignment, World};
use crate::rbac::{Action, RoleDefinition};

/// Shortest activation (P3, simulator assumption).
pub const MIN_ACTIVATION: TimeDelta = TimeDelta::minutes(30);
/// A request not decided within this is timed out (P4).
pub const APPROVAL_TIMEOUT: TimeDelta = TimeDelta::hours(24);
/// An activation cannot be deactivated this soon (P5).
pub const MIN_BEFORE_DEACTIVATE: TimeDelta = TimeDelta::minutes(5);
/// Extension may be requested this long before the end (P6).
pub const EXTEND_WINDOW: TimeDelta = TimeDelta::days(14);
/// Renewal may be requested this long after the end (P6).
pub const RENEW_WINDOW: TimeDelta = TimeDelta::days(30);

/// Role settings for one (role, scope) (P2).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PimSettings {
    /// Activation maximum duration, 1–24 h.
    pub maximum_activation: TimeDelta,
    /// Require MFA on activation.
    pub require_mfa: bool,
    /// Require a justification on activation.
    pub require_justification: bool,
    /// Require ticket information on activation.
    pub require_ticket: bool,
    /// Require approval to activate.
    pub require_approval: bool,
    /// Approvers (users or groups).
    pub approvers: Vec<Handle>,
    /// Allow permanent eligible assignment.
    pub allow_permanent_eligible: bool,
    /// Expire eligible assignments after.
    pub expire_eligible_after: TimeDelta,
    /// Allow permanent active assignment.
    pub allow_permanent_active: bool,
    /// Expire active assignments after.
    pub expire_active_after: TimeDelta,
    /// Require MFA on active assignment.
    pub require_mfa_on_active: bool,
    /// Require a justification on active assignment.
    pub require_justification_on_active: bool,
}

impl PimSettings {
    /// The defaults a role has until the Security admin edits it (SPEC §8, simulator assumption):
    /// 8 h maximum, MFA and justification required, no approval, eligible expires after 1 year,
    /// active after 6 months.
    pub fn defaults() -> PimSettings {
        PimSettings {
            maximum_activation: TimeDelta::hours(8),
            require_mfa: true,
            require_justification: true,
            require_ticket: false,
            require_approval: false,
            approvers: Vec::new(),
            allow_permanent_eligible: false,
            expire_eligible_after: TimeDelta::days(365),
            allow_permanent_active: false,
            expire_active_after: TimeDelta::days(180),
            require_mfa_on_active: false,
            require_justification_on_active: true,
        }
    }

    fn expire_after(&self, kind: AssignmentType) -> Option<TimeDelta> {
        match kind {
            AssignmentType::Eligible if !self.allow_permanent_eligible => Some(self.expire_eligible_after),
            AssignmentType::Active if !self.allow_permanent_active => Some(self.expire_active_after),
            _ => None,
        }
    }
}

/// A partial update of [`PimSettings`]: absent fields stay as they are.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SettingsChange {
    /// See [`PimSettings::maximum_activation`].
    pub maximum_activation: Option<TimeDelta>,
    /// See [`PimSettings::require_mfa`].
    pub require_mfa: Option<bool>,
    /// See [`PimSettings::require_justification`].
    pub require_justification: Option<bool>,
    /// See [`PimSettings::require_ticket`].
    pub require_ticket: Option<bool>,
    /// See [`PimSettings::require_approval`].
    pub require_approval: Option<bool>,
    /// See [`PimSettings::approvers`].
    pub approvers: Option<Vec<Handle>>,
    /// See [`PimSettings::allow_permanent_eligible`].
    pub allow_permanent_eligible: Option<bool>,
    /// See [`PimSettings::expire_eligible_after`].
    pub expire_eligible_after: Option<TimeDelta>,
    /// See [`PimSettings::allow_permanent_active`].
    pub allow_permanent_active: Option<bool>,
    /// See [`PimSettings::expire_active_after`].
    pub expire_active_after: Option<TimeDelta>,
    /// See [`PimSettings::require_mfa_on_active`].
    pub require_mfa_on_active: Option<bool>,
    /// See [`PimSettings::require_justification_on_active`].
    pub require_justification_on_active: Option<bool>,
}

/// What a request asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RequestKind {
    /// Activate an eligible role.
    Activate,
    /// Extend a time-bound assignment of this type.
    Extend(AssignmentType),
    /// Renew an expired assignment of this type.
    Renew(AssignmentType),
    /// Activate an eligible authorization of a Lighthouse delegation.
    LighthouseActivate(Handle),
}

/// Request states (P7).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RequestStatus {
    /// Waiting for an approver.
    PendingApproval,
    /// Granted (active).
    Provisioned,
    /// Denied by an approver.
    Denied,
    /// Cancelled by the requester.
    Canceled,
    /// Not decided within 24 hours.
    TimedOut,
    /// Ended early (deactivated, or the eligibility was removed).
    Revoked,
    /// Ended at the end of its schedule.
    Expired,
}

impl RequestStatus {
    /// The portal's word.
    pub fn as_str(self) -> &'static str {
        match self {
            RequestStatus::PendingApproval => "PendingApproval",
            RequestStatus::Provisioned => "Provisioned",
            RequestStatus::Denied => "Denied",
            RequestStatus::Canceled => "Canceled",
            RequestStatus::TimedOut => "TimedOut",
            RequestStatus::Revoked => "Revoked",
            RequestStatus::Expired => "Expired",
        }
    }
}

/// A PIM request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PimRequest {
    /// Handle.
    pub id: Handle,
    /// What it asks for.
    pub kind: RequestKind,
    /// The requester.
    pub principal: Handle,
    /// The role.
    pub role: &'static RoleDefinition,
    /// The scope.
    pub scope: Handle,
    /// Requested duration (activation) or extension.
    pub duration: TimeDelta,
    /// The requester's justification.
    pub justification: String,
    /// Ticket information.
    pub ticket: Option<String>,
    /// When it was made.
    pub created: DateTime<Utc>,
    /// Its state.
    pub status: RequestStatus,
    /// Who may approve it (users or groups); empty = admins of the scope (extend, renew).
    pub approvers: Vec<Handle>,
    /// Who decided.
    pub decided_by: Option<Handle>,
    /// The approver's justification.
    pub decision_justification: String,
    /// The granted window, once provisioned.
    pub window: Option<(DateTime<Utc>, DateTime<Utc>)>,
}

/// One line of a tenant's PIM audit history (P8).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditEntry {
    /// When.
    pub time: DateTime<Utc>,
    /// The tenant that holds the resource.
    pub tenant: Handle,
    /// Who did it (`system` for expiries and timeouts).
    pub actor: Handle,
    /// What happened, in the portal's words.
    pub activity: String,
    /// Whose role.
    pub principal: Handle,
    /// The role.
    pub role: &'static str,
    /// The scope.
    pub scope: Handle,
    /// The request, where there is one.
    pub request: Option<Handle>,
}

/// A notification in a principal's inbox (P8).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notification {
    /// When.
    pub time: DateTime<Utc>,
    /// Recipient (a user).
    pub to: Handle,
    /// The message.
    pub subject: String,
}

/// What a principal asks for its own time-bound assignment (P6).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScheduleAsk {
    /// Extend it before it ends.
    Extend,
    /// Renew it after it ended.
    Renew,
}

/// An approver's decision (P4).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Grant the request.
    Approve,
    /// Refuse it.
    Deny,
}

/// The actor named on audit lines written by the clock.
pub const SYSTEM: &str = "system";

impl World {
    /// Role settings for a (role, scope): the edited ones, or the defaults.
    pub fn pim_settings(&self, role: &RoleDefinition, scope: &str) -> PimSettings {
        self.pim_settings.get(&(role.id.to_owned(), scope.to_owned())).cloned().unwrap_or_else(PimSettings::defaults)
    }

    /// PIM requests by handle.
    pub fn requests(&self) -> &std::collections::BTreeMap<Handle, PimRequest> {
        &self.requests
    }

    /// The PIM audit history, oldest first, of every tenant.
    pub fn audit(&self) -> &[AuditEntry] {
        &self.audit
    }

    /// A principal's notifications, oldest first.
    pub fn inbox(&self, principal: &str) -> &[Notification] {
        self.inbox.get(principal).map_or(&[], Vec::as_slice)
    }

    /// The tenant's audit history as CSV (header + one line per entry).
    pub fn audit_csv(&self, tenant: &str) -> String {
        let mut out = String::from("Time,Requestor,Activity,Principal,Role,Scope,Request\n");
        for e in self.audit.iter().filter(|e| e.tenant == tenant) {
            let fields = [
                e.time.to_rfc3339(),
                e.actor.clone(),
                e.activity.clone(),
                e.principal.clone(),
                e.role.to_owned(),
                e.scope.clone(),
                e.request.clone().unwrap_or_default(),
            ];
            let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
            out.push_str(&line.join(","));
            out.push('\n');
        }
        out
    }

    /// The tenant's audit history as a JSON array.
    pub fn audit_json(&self, tenant: &str) -> String {
        let rows: Vec<serde_json::Value> = self
            .audit
            .iter()
            .filter(|e| e.tenant == tenant)
            .map(|e| {
                serde_json::json!({
                    "time": e.time.to_rfc3339(), "requestor": e.actor, "activity": e.activity,
                    "principal": e.principal, "role": e.role, "scope": e.scope, "request": e.request,
                })
            })
            .collect();
        serde_json::Value::Array(rows).to_string()
    }

    /// Whether `actor` may approve `request` (P4: listed approvers and their group members; for
    /// extension and renewal, an admin of the scope, P6/P9).
    pub fn is_approver(&self, actor: &str, request: &PimRequest) -> bool {
        match request.kind {
            RequestKind::Extend(_) | RequestKind::Renew(_) => self
                .scope_chain(&request.scope)
                .is_some_and(|c| self.find_grant(actor, Action::RoleAssignmentWrite, &c).is_some()),
            RequestKind::Activate | RequestKind::LighthouseActivate(_) => {
                request.approvers.iter().any(|a| a == actor || self.groups_of(actor).contains(a))
            }
        }
    }

    /// The events that happen when the clock moves to `to`: request timeouts (P4) and the ends of
    /// activations and time-bound assignments (P5, P7), each stamped at the minute it happened.
    pub fn advance_events(&self, to: DateTime<Utc>) -> Vec<Event> {
        let from = self.now;
        let mut timed: Vec<(DateTime<Utc>, Event)> = Vec::new();
        for r in self.requests.values() {
            let deadline = r.created + APPROVAL_TIMEOUT;
            if r.status == RequestStatus::PendingApproval && deadline <= to {
                timed
                    .push((deadline, Event::RequestSaved(PimRequest { status: RequestStatus::TimedOut, ..r.clone() })));
                timed.push((deadline, self.audit_event(deadline, SYSTEM, "Request timed out", r)));
                timed.push((deadline, notify(deadline, &r.principal, format!("Your request {} timed out", r.id))));
            }
            if let (RequestStatus::Provisioned, Some((_, end))) = (r.status, r.window) {
                if from < end && end <= to {
                    timed.push((end, Event::RequestSaved(PimRequest { status: RequestStatus::Expired, ..r.clone() })));
                    timed.push((end, self.audit_event(end, SYSTEM, "Role activation expired", r)));
                    timed.push((end, notify(end, &r.principal, format!("Your {} activation ended", r.role.name))));
                }
            }
        }
        for a in self.assignments.values().flatten() {
            if let (Origin::Pim, Some(end)) = (&a.origin, a.end) {
                if from < end && end <= to {
                    let tenant = self.tenant_of_scope(&a.scope).unwrap_or_default().to_owned();
                    timed.push((
                        end,
                        Event::Audited(AuditEntry {
                            time: end,
                            tenant,
                            actor: SYSTEM.to_owned(),
                            activity: format!("{} assignment expired", capitalize(a.kind.as_str())),
                            principal: a.principal.clone(),
                            role: a.role.name,
                            scope: a.scope.clone(),
                            request: None,
                        }),
                    ));
                }
            }
        }
        timed.sort_by_key(|(t, _)| *t);
        timed.into_iter().map(|(_, e)| e).collect()
    }

    // ----- Deciding PIM commands (called from `World::decide`) -----

    /// P1, P2, P9: create an eligible or active PIM assignment.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn pim_assign(
        &self,
        t: &mut Trace,
        actor: &str,
        assignment: RoleAssignment,
        justification: &str,
        mfa: bool,
    ) -> Result<Vec<Event>> {
        let settings = self.pim_settings(assignment.role, &assignment.scope);
        let start = assignment.start.unwrap_or(self.now);
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
                return Err(r.with_trace(t.clone(), "Assignment duration within the role settings"));
            }
            (None, Some(max)) => a.end = Some(start + max),
            _ => {}
        }
        t.pass("Assignment duration within the role settings", describe_window(a.start, a.end));
        if a.kind == AssignmentType::Active {
            if settings.require_justification_on_active && justification.trim().is_empty() {
                let r = Refusal::new(
                    ErrorCode::PimJustificationRequired,
                    "A justification is required for active assignments of this role",
                );
                return Err(r.with_trace(t.clone(), "Justification on active assignment"));
            }
            if settings.require_mfa_on_active && !mfa {
                let r = Refusal::new(
                    ErrorCode::PimMfaRequired,
                    "Multifactor authentication is required for active assignments of this role",
                )
                .with_remedy("Complete MFA (`mfa: true`)");
                return Err(r.with_trace(t.clone(), "MFA on active assignment"));
            }
        }
        let exists = self.assignments.get(&a.principal).is_some_and(|list| {
            list.iter().any(|x| {
                x.origin == Origin::Pim
                    && x.kind == a.kind
                    && x.role == a.role
                    && x.scope == a.scope
                    && x.end.is_none_or(|e| self.now < e)
            })
        });
        if exists {
            return Err(Refusal::new(ErrorCode::AlreadyExists, "The role assignment already exists."));
        }
        let activity = format!("Add member to role ({})", a.kind.as_str());
        let audit = self.audit_line(self.now, actor, &activity, &a.principal, a.role, &a.scope, None);
        let note =
            notify(self.now, &a.principal, format!("You are {} for {} at `{}`", a.kind.as_str(), a.role.name, a.scope));
        Ok(vec![Event::RoleAssigned(a), audit, note])
    }

    /// Removes PIM assignments of a type; activations that came from a removed eligibility are revoked.
    pub(crate) fn pim_remove(
        &self,
        actor: &str,
        principal: &str,
        role: &'static RoleDefinition,
        scope: &str,
        kind: AssignmentType,
    ) -> Result<Vec<Event>> {
        let list = self.assignments.get(principal).map(Vec::as_slice).unwrap_or_default();
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
                matches!(x.origin, Origin::Activation(_))
                    && x.role == role
                    && x.scope == scope
                    && x.is_effective(self.now)
            }) {
                events.extend(self.end_activation(actor, act, "Activation revoked (eligibility removed)"));
            }
        }
        events.push(self.audit_line(
            self.now,
            actor,
            &format!("Remove member from role ({})", kind.as_str()),
            principal,
            role,
            scope,
            None,
        ));
        Ok(events)
    }

    /// P2: edit role settings.
    pub(crate) fn pim_update_settings(
        &self,
        t: &mut Trace,
        actor: &str,
        role: &'static RoleDefinition,
        scope: &str,
        c: &SettingsChange,
    ) -> Result<Vec<Event>> {
        let mut s = self.pim_settings(role, scope);
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
                match self.principals.get(a).map(|p| p.kind) {
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
            return Err(r.with_trace(t.clone(), "Approvers selected"));
        }
        t.pass("Role settings valid", format!("maximum activation {} h", s.maximum_activation.num_hours()));
        let audit = self.audit_line(self.now, actor, "Update role setting", actor, role, scope, None);
        Ok(vec![Event::PimSettingsSaved { role: role.id.to_owned(), scope: scope.to_owned(), settings: s }, audit])
    }

    /// P3: activate an eligible assignment.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn pim_activate(
        &self,
        t: &mut Trace,
        actor: &str,
        id: &str,
        role: &'static RoleDefinition,
        scope: &str,
        duration: TimeDelta,
        justification: &str,
        ticket: Option<&str>,
        mfa: bool,
    ) -> Result<Vec<Event>> {
        let Some(eligible) = self.eligible_assignment(actor, role, scope) else {
            let r = Refusal::new(
                ErrorCode::PimNotEligible,
                format!("You have no eligible assignment of {} at `{scope}`", role.name),
            )
            .with_remedy(format!("An admin adds an eligible assignment of {} at `{scope}` in PIM", role.name));
            return Err(r.with_trace(t.clone(), "Eligible assignment"));
        };
        t.pass(
            "Eligible assignment",
            format!(
                "{} for `{}` at `{}` ({})",
                role.name,
                eligible.principal,
                eligible.scope,
                describe_window(eligible.start, eligible.end)
            ),
        );
        let settings = self.pim_settings(role, &eligible.scope);
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
            return Err(r.with_trace(t.clone(), "Duration within the role settings"));
        }
        t.pass(
            "Duration within the role settings",
            format!("{} min (maximum {} h)", duration.num_minutes(), settings.maximum_activation.num_hours()),
        );
        self.check_activation_inputs(
            t,
            &settings.require_justification,
            justification,
            settings.require_ticket,
            ticket,
            settings.require_mfa,
            mfa,
        )?;
        if self.requests.contains_key(id) {
            return Err(Refusal::new(ErrorCode::AlreadyExists, format!("a request with handle `{id}` already exists")));
        }
        if self.requests.values().any(|r| {
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
            duration: cap_to(duration, self.now, eligible.end),
            justification: justification.to_owned(),
            ticket: ticket.map(str::to_owned),
            created: self.now,
            status: RequestStatus::PendingApproval,
            approvers,
            decided_by: None,
            decision_justification: String::new(),
            window: None,
        };
        Ok(self.submit(t, actor, request))
    }

    /// Shared by PIM and Lighthouse activations: checks justification, ticket and MFA in that order.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn check_activation_inputs(
        &self,
        t: &mut Trace,
        require_justification: &bool,
        justification: &str,
        require_ticket: bool,
        ticket: Option<&str>,
        require_mfa: bool,
        mfa: bool,
    ) -> Result<()> {
        if *require_justification && justification.trim().is_empty() {
            let r =
                Refusal::new(ErrorCode::PimJustificationRequired, "A justification is required to activate this role");
            return Err(r.with_trace(t.clone(), "Justification"));
        }
        if require_ticket && ticket.is_none_or(|x| x.trim().is_empty()) {
            let r = Refusal::new(ErrorCode::PimTicketRequired, "Ticket information is required to activate this role");
            return Err(r.with_trace(t.clone(), "Ticket information"));
        }
        if require_mfa && !mfa {
            let r = Refusal::new(
                ErrorCode::PimMfaRequired,
                "Additional verification required: complete multifactor authentication to activate",
            )
            .with_remedy("Verify your identity with MFA (`mfa: true`)");
            return Err(r.with_trace(t.clone(), "Multifactor authentication"));
        }
        t.pass("Justification, ticket and MFA", "as the settings require");
        Ok(())
    }

    /// Files a request: provisioned at once without approvers (seed: "automatically approved"),
    /// pending otherwise, with notifications to the approvers.
    pub(crate) fn submit(&self, t: &mut Trace, actor: &str, request: PimRequest) -> Vec<Event> {
        let mut events = vec![self.audit_event(self.now, actor, "Request role activation", &request)];
        if request.approvers.is_empty()
            && matches!(request.kind, RequestKind::Activate | RequestKind::LighthouseActivate(_))
        {
            t.pass("Approval", "not required: the request is approved automatically");
            events.extend(self.provision(SYSTEM, request));
            return events;
        }
        t.pass("Approval", "required: the request is pending approval");
        for user in self.expand_users(&request.approvers) {
            if user != request.principal {
                events.push(notify(
                    self.now,
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
                    self.now,
                    &admin,
                    format!("{} requests approval: {} ({})", request.principal, request.role.name, request.id),
                ));
            }
        }
        events.push(notify(self.now, &request.principal, format!("Your request {} is pending approval", request.id)));
        events.push(Event::RequestSaved(request));
        events
    }

    /// Grants a request now: the activation window, or the extended or renewed schedule.
    fn provision(&self, approver: &str, request: PimRequest) -> Vec<Event> {
        let mut events = Vec::new();
        let now = self.now;
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
        events.push(self.audit_event(now, approver, activity, &request));
        events.push(Event::RequestSaved(request));
        events
    }

    /// P4: approve or deny a pending request.
    pub(crate) fn pim_decide(
        &self,
        t: &mut Trace,
        actor: &str,
        id: &str,
        verdict: Verdict,
        justification: &str,
    ) -> Result<Vec<Event>> {
        let r = self.pending_request(t, id)?;
        if r.principal == actor {
            let e = Refusal::new(ErrorCode::PimSelfApproval, "You can't approve or deny your own request")
                .with_remedy("Another approver decides");
            return Err(e.with_trace(t.clone(), "Approver is not the requester"));
        }
        t.pass("Approver is not the requester", format!("requested by `{}`", r.principal));
        if !self.is_approver(actor, r) {
            let who = if r.approvers.is_empty() {
                "an admin of the scope (Owner or User Access Administrator)".to_owned()
            } else {
                format!("one of {}", r.approvers.join(", "))
            };
            let e = Refusal::new(ErrorCode::PimNotAnApprover, format!("You are not an approver of request {id}"))
                .with_remedy(format!("The request is decided by {who}"));
            return Err(e.with_trace(t.clone(), "Approver of the request"));
        }
        t.pass("Approver of the request", format!("`{actor}`"));
        let decided = PimRequest {
            decided_by: Some(actor.to_owned()),
            decision_justification: justification.to_owned(),
            ..r.clone()
        };
        if verdict == Verdict::Deny {
            let mut events = vec![notify(self.now, &r.principal, format!("Your request {id} was denied by {actor}"))];
            events.push(self.audit_event(self.now, actor, "Request denied", &decided));
            events.push(Event::RequestSaved(PimRequest { status: RequestStatus::Denied, ..decided }));
            return Ok(events);
        }
        if r.kind == RequestKind::Activate && self.eligible_assignment(&r.principal, r.role, &r.scope).is_none() {
            let e = Refusal::new(
                ErrorCode::PimNotEligible,
                format!("`{}` is no longer eligible for {} at `{}`", r.principal, r.role.name, r.scope),
            );
            return Err(e.with_trace(t.clone(), "Requester still eligible"));
        }
        Ok(self.provision(actor, decided))
    }

    /// P4: the requester cancels a pending request.
    pub(crate) fn pim_cancel(&self, t: &mut Trace, actor: &str, id: &str) -> Result<Vec<Event>> {
        let r = self.pending_request(t, id)?;
        if r.principal != actor {
            let e =
                Refusal::new(ErrorCode::AuthorizationFailed, format!("Only `{}` can cancel request {id}", r.principal));
            return Err(e.with_trace(t.clone(), "Requester"));
        }
        let cancelled = PimRequest { status: RequestStatus::Canceled, ..r.clone() };
        Ok(vec![self.audit_event(self.now, actor, "Request canceled", &cancelled), Event::RequestSaved(cancelled)])
    }

    /// P5: deactivate an active activation (not within 5 minutes of activating).
    pub(crate) fn pim_deactivate(
        &self,
        t: &mut Trace,
        actor: &str,
        role: &'static RoleDefinition,
        scope: &str,
    ) -> Result<Vec<Event>> {
        let list = self.assignments.get(actor).map(Vec::as_slice).unwrap_or_default();
        let Some(act) = list.iter().find(|a| {
            matches!(a.origin, Origin::Activation(_)) && a.role == role && a.scope == scope && a.is_effective(self.now)
        }) else {
            return Err(Refusal::new(
                ErrorCode::NotFound,
                format!("You have no active activation of {} at `{scope}`", role.name),
            ));
        };
        let since = act.start.unwrap_or(self.now);
        if self.now - since < MIN_BEFORE_DEACTIVATE {
            let e = Refusal::new(
                ErrorCode::PimDeactivateTooSoon,
                "You can't deactivate a role within 5 minutes of activating it",
            )
            .with_remedy(format!("Try again after {}", (since + MIN_BEFORE_DEACTIVATE).to_rfc3339()));
            return Err(e.with_trace(t.clone(), "Activated at least 5 minutes ago"));
        }
        t.pass("Activated at least 5 minutes ago", since.to_rfc3339());
        Ok(self.end_activation(actor, act, "Role deactivated"))
    }

    /// P6: request extension or renewal of one's own time-bound assignment.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn pim_extend_or_renew(
        &self,
        t: &mut Trace,
        actor: &str,
        id: &str,
        role: &'static RoleDefinition,
        scope: &str,
        kind: AssignmentType,
        justification: &str,
        ask: ScheduleAsk,
    ) -> Result<Vec<Event>> {
        let renew = ask == ScheduleAsk::Renew;
        let (code, verb) = if renew {
            (ErrorCode::PimRenewNotAllowed, "renewed")
        } else {
            (ErrorCode::PimExtendNotAllowed, "extended")
        };
        let refuse = |t: &Trace, why: String| {
            Err(Refusal::new(code, why).with_trace(t.clone(), format!("Assignment can be {verb}")))
        };
        let Some(a) = self.pim_assignment_of(actor, role, scope, kind) else {
            return refuse(t, format!("You have no {} assignment of {} at `{scope}`", kind.as_str(), role.name));
        };
        let Some(end) = a.end else { return refuse(t, "A permanent assignment never ends".to_owned()) };
        let now = self.now;
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
            return refuse(t, why);
        }
        let pending = |r: &PimRequest| {
            r.principal == actor
                && r.role == role
                && r.scope == scope
                && r.status == RequestStatus::PendingApproval
                && matches!(r.kind, RequestKind::Extend(_) | RequestKind::Renew(_))
        };
        if self.requests.values().any(pending) {
            return refuse(t, "An extension or renewal request is already pending".to_owned());
        }
        if self.requests.contains_key(id) {
            return Err(Refusal::new(ErrorCode::AlreadyExists, format!("a request with handle `{id}` already exists")));
        }
        t.pass(format!("Assignment can be {verb}"), format!("ends {}", end.to_rfc3339()));
        let settings = self.pim_settings(role, scope);
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
        let mut events = self.submit(t, actor, request);
        if let Some(Event::Audited(a)) = events.first_mut() {
            a.activity = if renew { "Request renewal".to_owned() } else { "Request extension".to_owned() };
        }
        Ok(events)
    }

    // ----- Helpers -----

    /// The eligible assignment (own or through a group) of `role` at exactly `scope`, in its window.
    pub fn eligible_assignment(&self, principal: &str, role: &RoleDefinition, scope: &str) -> Option<&RoleAssignment> {
        self.assignments_of(principal)
            .find(|a| a.kind == AssignmentType::Eligible && a.role == role && a.scope == scope && a.in_window(self.now))
    }

    /// The principal's own PIM assignment of a type (current or expired), latest first.
    fn pim_assignment_of(
        &self,
        principal: &str,
        role: &RoleDefinition,
        scope: &str,
        kind: AssignmentType,
    ) -> Option<&RoleAssignment> {
        self.assignments
            .get(principal)?
            .iter()
            .filter(|a| a.origin == Origin::Pim && a.kind == kind && a.role == role && a.scope == scope)
            .max_by_key(|a| a.end)
    }

    fn pending_request(&self, t: &mut Trace, id: &str) -> Result<&PimRequest> {
        let r = self
            .requests
            .get(id)
            .ok_or_else(|| Refusal::new(ErrorCode::NotFound, format!("request `{id}` does not exist")))?;
        match r.status {
            RequestStatus::PendingApproval => {
                t.pass("Request pending", format!("created {}", r.created.to_rfc3339()));
                Ok(r)
            }
            RequestStatus::TimedOut => {
                let e = Refusal::new(
                    ErrorCode::PimRequestTimedOut,
                    format!("Request {id} was not decided within 24 hours and timed out"),
                )
                .with_remedy("The requester files a new request");
                Err(e.with_trace(t.clone(), "Request pending"))
            }
            other => {
                let e = Refusal::new(
                    ErrorCode::PimRequestNotPending,
                    format!("Request {id} is {} and can no longer be decided", other.as_str()),
                );
                Err(e.with_trace(t.clone(), "Request pending"))
            }
        }
    }

    fn end_activation(&self, actor: &str, act: &RoleAssignment, activity: &str) -> Vec<Event> {
        let mut events = vec![
            Event::RoleAssignmentRemoved(act.clone()),
            Event::RoleAssigned(RoleAssignment { end: Some(self.now), ..act.clone() }),
        ];
        if let Origin::Activation(id) = &act.origin {
            if let Some(r) = self.requests.get(id) {
                let revoked = PimRequest {
                    status: RequestStatus::Revoked,
                    window: r.window.map(|(s, _)| (s, self.now)),
                    ..r.clone()
                };
                events.push(self.audit_event(self.now, actor, activity, &revoked));
                events.push(Event::RequestSaved(revoked));
            }
        }
        events
    }

    /// Users behind a list of users and groups.
    pub fn expand_users(&self, list: &[Handle]) -> Vec<Handle> {
        let mut out: Vec<Handle> = Vec::new();
        for h in list {
            match self.principals.get(h) {
                Some(p) if p.kind == PrincipalKind::Group => out.extend(p.members.iter().cloned()),
                Some(_) => out.push(h.clone()),
                None => {}
            }
        }
        out.sort();
        out.dedup();
        out
    }

    fn admins_of(&self, scope: &str) -> Vec<Handle> {
        let Some(chain) = self.scope_chain(scope) else { return Vec::new() };
        self.principals
            .values()
            .filter(|p| {
                p.kind == PrincipalKind::User && self.find_grant(&p.id, Action::RoleAssignmentWrite, &chain).is_some()
            })
            .map(|p| p.id.clone())
            .collect()
    }

    pub(crate) fn audit_event(&self, time: DateTime<Utc>, actor: &str, activity: &str, r: &PimRequest) -> Event {
        // Lighthouse activity goes to the managing tenant's PIM audit (L8); the rest to the tenant
        // that holds the resource (P8).
        let tenant = match &r.kind {
            RequestKind::LighthouseActivate(d) => self.delegations.get(d).map(|d| d.managing_tenant.clone()),
            _ => None,
        };
        let mut e = self.audit_line(time, actor, activity, &r.principal, r.role, &r.scope, Some(&r.id));
        if let (Some(tenant), Event::Audited(entry)) = (tenant, &mut e) {
            entry.tenant = tenant;
        }
        e
    }

    #[allow(clippy::too_many_arguments)]
    pub(crate) fn audit_line(
        &self,
        time: DateTime<Utc>,
        actor: &str,
        activity: &str,
        principal: &str,
        role: &RoleDefinition,
        scope: &str,
        request: Option<&str>,
    ) -> Event {
        Event::Audited(AuditEntry {
            time,
            tenant: self.tenant_of_scope(scope).unwrap_or_default().to_owned(),
            actor: actor.to_owned(),
            activity: activity.to_owned(),
            principal: principal.to_owned(),
            role: role.name,
            scope: scope.to_owned(),
            request: request.map(str::to_owned),
        })
    }
}

/// A notification event.
pub(crate) fn notify(time: DateTime<Utc>, to: &str, subject: String) -> Event {
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

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

/// Queries the portal shows (My roles, Approve requests, Select Resource Guard).
impl World {
    /// The principal's eligible assignments (own and through groups) inside their window.
    pub fn eligible_for(&self, principal: &str) -> Vec<&RoleAssignment> {
        self.assignments_of(principal).filter(|a| a.kind == AssignmentType::Eligible && a.in_window(self.now)).collect()
    }

    /// The principal's active assignments right now (own and through groups).
    pub fn active_for(&self, principal: &str) -> Vec<&RoleAssignment> {
        self.assignments_of(principal).filter(|a| a.is_effective(self.now)).collect()
    }

    /// Pending requests the principal may decide (not their own).
    pub fn approvable_by(&self, principal: &str) -> Vec<&PimRequest> {
        self.requests
            .values()
            .filter(|r| {
                r.status == RequestStatus::PendingApproval && r.principal != principal && self.is_approver(principal, r)
            })
            .collect()
    }

    /// Guards of a tenant the principal can read (Select Resource Guard lists these, G4).
    pub fn readable_guards(&self, principal: &str, tenant: &str) -> Vec<&crate::model::ResourceGuard> {
        self.guards
            .values()
            .filter(|g| self.tenant_of_scope(&g.id) == Some(tenant))
            .filter(|g| {
                self.scope_chain(&g.id).is_some_and(|c| self.find_grant(principal, Action::GuardRead, &c).is_some())
            })
            .collect()
    }

    /// Directories the principal can sign in to: its home and those it is a guest of.
    pub fn directories_of(&self, principal: &str) -> Vec<&crate::model::Tenant> {
        self.tenants.values().filter(|t| self.is_member_or_guest(principal, &t.id)).collect()
    }
}
