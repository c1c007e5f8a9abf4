//! Privileged Identity Management for Azure resource roles (SPEC §5, P1–P9), as data: role settings
//! and their defaults, requests and their states, the audit history and notifications. The rules
//! that create and change them are in `decide/pim.rs`.
//!
//! Time is the simulated clock. An activation is an active assignment with a window
//! `[start, end)`, so it grants access exactly inside it (RBAC only counts effective assignments).

use chrono::{DateTime, TimeDelta, Utc};

use crate::model::{AssignmentType, Handle};
use crate::rbac::RoleDefinition;

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
    /// The Notification tab (P4a): who hears of assignments and activations.
    pub notify: Notify,
}

/// The role settings' Notification tab (P4a): per event, whether each default recipient is told,
/// and additional recipients told of every event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notify {
    /// Members assigned as eligible: the resource's admins.
    pub admin_on_eligible: bool,
    /// Members assigned as eligible: the assigned user.
    pub assignee_on_eligible: bool,
    /// Members assigned as active: the resource's admins.
    pub admin_on_active: bool,
    /// Members assigned as active: the assigned user.
    pub assignee_on_active: bool,
    /// Eligible members activate: the resource's admins.
    pub admin_on_activation: bool,
    /// Eligible members activate: the requestor.
    pub requestor_on_activation: bool,
    /// Eligible members activate: the approvers (the request to approve).
    pub approvers_on_activation: bool,
    /// Users or groups told of every event besides the default recipients.
    pub additional: Vec<Handle>,
}

impl Default for Notify {
    /// Every default recipient is told, as the portal's defaults are; no additional recipient.
    fn default() -> Notify {
        Notify {
            admin_on_eligible: true,
            assignee_on_eligible: true,
            admin_on_active: true,
            assignee_on_active: true,
            admin_on_activation: true,
            requestor_on_activation: true,
            approvers_on_activation: true,
            additional: Vec::new(),
        }
    }
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
            notify: Notify::default(),
        }
    }

    pub(crate) fn expire_after(&self, kind: AssignmentType) -> Option<TimeDelta> {
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
    /// See [`Notify::admin_on_eligible`].
    pub notify_admin_on_eligible: Option<bool>,
    /// See [`Notify::assignee_on_eligible`].
    pub notify_assignee_on_eligible: Option<bool>,
    /// See [`Notify::admin_on_active`].
    pub notify_admin_on_active: Option<bool>,
    /// See [`Notify::assignee_on_active`].
    pub notify_assignee_on_active: Option<bool>,
    /// See [`Notify::admin_on_activation`].
    pub notify_admin_on_activation: Option<bool>,
    /// See [`Notify::requestor_on_activation`].
    pub notify_requestor_on_activation: Option<bool>,
    /// See [`Notify::approvers_on_activation`].
    pub notify_approvers_on_activation: Option<bool>,
    /// See [`Notify::additional`].
    pub additional_recipients: Option<Vec<Handle>>,
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
    /// Every state.
    pub const ALL: [RequestStatus; 7] = [
        RequestStatus::PendingApproval,
        RequestStatus::Provisioned,
        RequestStatus::Denied,
        RequestStatus::Canceled,
        RequestStatus::TimedOut,
        RequestStatus::Revoked,
        RequestStatus::Expired,
    ];

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

/// Audit lines as CSV (header + one line per entry).
pub fn audit_csv<'a>(entries: impl Iterator<Item = &'a AuditEntry>) -> String {
    let mut out = String::from("Time,Requestor,Activity,Principal,Role,Scope,Request\n");
    for e in entries {
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

/// Audit lines as a JSON array.
pub fn audit_json<'a>(entries: impl Iterator<Item = &'a AuditEntry>) -> String {
    let rows: Vec<serde_json::Value> = entries
        .map(|e| {
            serde_json::json!({
                "time": e.time.to_rfc3339(), "requestor": e.actor, "activity": e.activity,
                "principal": e.principal, "role": e.role, "scope": e.scope, "request": e.request,
            })
        })
        .collect();
    crate::json::json_line(&serde_json::Value::Array(rows))
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}
