//! Why PIM commands are refused: each reason with its sentence, its stable code and its remedy.

use chrono::{DateTime, Utc};

use super::capitalize;
use crate::decide::reason::{azure, source, Reason};
use crate::error::{AzureError, ErrorCode};
use crate::model::AssignmentType;
use crate::pim::{RequestStatus, ScheduleAsk, MIN_ACTIVATION};

/// Why a PIM command is refused.
#[derive(Debug, thiserror::Error)]
pub(super) enum PimRefusal<'a> {
    /// P1: a window that ends before it starts.
    #[error("The assignment's end must be after its start.")]
    EndBeforeStart,
    /// P2: longer than the role settings allow.
    #[error("{} assignments of {role} at `{scope}` expire after at most {days} days.", capitalize(.kind.as_str()))]
    AssignmentTooLong {
        /// Eligible or active.
        kind: AssignmentType,
        /// The role.
        role: &'static str,
        /// The scope.
        scope: &'a str,
        /// The settings' maximum.
        days: i64,
    },
    /// P2: active assignments need a justification.
    #[error("A justification is required for active assignments of this role.")]
    ActiveJustificationRequired,
    /// P2: active assignments need MFA.
    #[error("Multifactor authentication is required for active assignments of this role.")]
    ActiveMfaRequired,
    /// P1: the same assignment exists.
    #[error("The role assignment already exists.")]
    AssignmentExists,
    /// Nothing to remove, extend or renew.
    #[error("`{principal}` has no {} assignment of {role} at `{scope}`.", .kind.as_str())]
    NoAssignment {
        /// The principal.
        principal: &'a str,
        /// Eligible or active.
        kind: AssignmentType,
        /// The role.
        role: &'static str,
        /// The scope.
        scope: &'a str,
    },
    /// P2: 1 to 24 hours.
    #[error("Activation maximum duration must be between 1 and 24 hours.")]
    MaximumOutOfRange,
    /// P2: approvers are users or groups.
    #[error("Approver `{0}` must be a user or a group.")]
    ApproverKind(&'a str),
    /// P4a: approvers are users or groups of the directory that holds the role.
    #[error("Approver `{approver}` is not a user or group of directory `{tenant}`, which holds the role: select approvers from that directory (members or B2B guests).")]
    ApproverOutsideDirectory {
        /// The approver.
        approver: &'a str,
        /// The directory that holds the role.
        tenant: &'a str,
    },
    /// P2: approval needs approvers.
    #[error("Require approval to activate needs at least one approver.")]
    NoApprovers,
    /// P3: nothing to activate.
    #[error("You have no eligible assignment of {role} at `{scope}`.")]
    NotEligible {
        /// The role.
        role: &'static str,
        /// The scope.
        scope: &'a str,
    },
    /// P4: the requester lost the eligibility before the approval.
    #[error("`{principal}` is no longer eligible for {role} at `{scope}`.")]
    NoLongerEligible {
        /// The requester.
        principal: &'a str,
        /// The role.
        role: &'static str,
        /// The scope.
        scope: &'a str,
    },
    /// P3: outside the role settings.
    #[error("The duration must be between {} minutes and {max_hours} hours.", MIN_ACTIVATION.num_minutes())]
    DurationOutOfRange {
        /// The settings' maximum.
        max_hours: i64,
    },
    /// P3: one pending request per role.
    #[error("A pending request for this role already exists.")]
    RequestPending,
    /// P3: a justification is required.
    #[error("A justification is required to activate this role.")]
    JustificationRequired,
    /// P3: ticket information is required.
    #[error("Ticket information is required to activate this role.")]
    TicketRequired,
    /// P3: MFA is required.
    #[error("Additional verification required: complete multifactor authentication to activate.")]
    MfaRequired,
    /// P4: no self-approval.
    #[error("You can't approve or deny your own request.")]
    SelfApproval,
    /// P4: only approvers decide.
    #[error("You are not an approver of request {id}.")]
    NotAnApprover {
        /// The request.
        id: &'a str,
        /// Who decides it.
        who: String,
    },
    /// P4: only the requester cancels.
    #[error("Only `{requester}` can cancel request {id}.")]
    NotTheRequester {
        /// The request.
        id: &'a str,
        /// Who filed it.
        requester: &'a str,
    },
    /// P4: not decided within 24 hours.
    #[error("Request {0} was not decided within 24 hours and timed out.")]
    TimedOut(&'a str),
    /// P7: decided, cancelled or ended already.
    #[error("Request {id} is {} and can no longer be decided.", .status.as_str())]
    NotPending {
        /// The request.
        id: &'a str,
        /// Its state.
        status: RequestStatus,
    },
    /// P5: nothing to deactivate.
    #[error("You have no active activation of {role} at `{scope}`.")]
    NoActivation {
        /// The role.
        role: &'static str,
        /// The scope.
        scope: &'a str,
    },
    /// P5: not within 5 minutes.
    #[error("You can't deactivate a role within 5 minutes of activating it.")]
    DeactivateTooSoon {
        /// When it can be.
        after: DateTime<Utc>,
    },
    /// P6: the schedule does not allow it now.
    #[error("{why}")]
    ScheduleNotAllowed {
        /// Extend or renew.
        ask: ScheduleAsk,
        /// Why not.
        why: ScheduleProblem<'a>,
    },
}

/// Why an assignment cannot be extended or renewed now (P6).
#[derive(Debug, thiserror::Error)]
pub(super) enum ScheduleProblem<'a> {
    /// No such assignment.
    #[error("You have no {} assignment of {role} at `{scope}`.", .kind.as_str())]
    NoAssignment {
        /// Eligible or active.
        kind: AssignmentType,
        /// The role.
        role: &'static str,
        /// The scope.
        scope: &'a str,
    },
    /// It never ends.
    #[error("A permanent assignment never ends.")]
    Permanent,
    /// Extension: only in the last 14 days.
    #[error("Only assignments ending within 14 days can be extended (this one ends {}).", crate::duration::when(*.0))]
    NotEndingSoon(DateTime<Utc>),
    /// Renewal: only in the 30 days after the end.
    #[error("Only assignments that expired within the last 30 days can be renewed (this one ends {}).", crate::duration::when(*.0))]
    NotRecentlyExpired(DateTime<Utc>),
    /// One pending request at a time.
    #[error("An extension or renewal request is already pending.")]
    AlreadyPending,
}

impl Reason for PimRefusal<'_> {
    fn code(&self) -> ErrorCode {
        match self {
            PimRefusal::EndBeforeStart
            | PimRefusal::ApproverKind(_)
            | PimRefusal::ApproverOutsideDirectory { .. }
            | PimRefusal::NoApprovers => ErrorCode::InvalidInput,
            PimRefusal::AssignmentTooLong { .. }
            | PimRefusal::MaximumOutOfRange
            | PimRefusal::DurationOutOfRange { .. } => ErrorCode::PimDurationOutOfRange,
            PimRefusal::ActiveJustificationRequired | PimRefusal::JustificationRequired => {
                ErrorCode::PimJustificationRequired
            }
            PimRefusal::ActiveMfaRequired | PimRefusal::MfaRequired => ErrorCode::PimMfaRequired,
            PimRefusal::AssignmentExists | PimRefusal::RequestPending => ErrorCode::AlreadyExists,
            PimRefusal::NoAssignment { .. } | PimRefusal::NoActivation { .. } => ErrorCode::NotFound,
            PimRefusal::NotEligible { .. } | PimRefusal::NoLongerEligible { .. } => ErrorCode::PimNotEligible,
            PimRefusal::TicketRequired => ErrorCode::PimTicketRequired,
            PimRefusal::SelfApproval => ErrorCode::PimSelfApproval,
            PimRefusal::NotAnApprover { .. } => ErrorCode::PimNotAnApprover,
            PimRefusal::NotTheRequester { .. } => ErrorCode::AuthorizationFailed,
            PimRefusal::TimedOut(_) => ErrorCode::PimRequestTimedOut,
            PimRefusal::NotPending { .. } => ErrorCode::PimRequestNotPending,
            PimRefusal::DeactivateTooSoon { .. } => ErrorCode::PimDeactivateTooSoon,
            PimRefusal::ScheduleNotAllowed { ask: ScheduleAsk::Extend, .. } => ErrorCode::PimExtendNotAllowed,
            PimRefusal::ScheduleNotAllowed { ask: ScheduleAsk::Renew, .. } => ErrorCode::PimRenewNotAllowed,
        }
    }

    fn azure(&self) -> Option<AzureError> {
        let code = match self {
            PimRefusal::AssignmentExists => "RoleAssignmentExists",
            PimRefusal::RequestPending
            | PimRefusal::ScheduleNotAllowed { why: ScheduleProblem::AlreadyPending, .. } => {
                "PendingRoleAssignmentRequest"
            }
            PimRefusal::ScheduleNotAllowed { why: ScheduleProblem::NoAssignment { .. }, .. } => {
                "RoleAssignmentDoesNotExist"
            }
            // The role settings' rules (EligibilityRule, ExpirationRule, MfaRule, JustificationRule, ...)
            // that a request must meet.
            PimRefusal::NotEligible { .. }
            | PimRefusal::AssignmentTooLong { .. }
            | PimRefusal::DurationOutOfRange { .. }
            | PimRefusal::JustificationRequired
            | PimRefusal::ActiveJustificationRequired
            | PimRefusal::TicketRequired
            | PimRefusal::MfaRequired
            | PimRefusal::ActiveMfaRequired => "RoleAssignmentRequestPolicyValidationFailed",
            _ => return None,
        };
        azure(code, source::PIM_REQUESTS)
    }

    fn remedy(&self) -> Option<String> {
        Some(match self {
            PimRefusal::AssignmentTooLong { .. } => {
                "Shorten the assignment, or allow permanent assignments in the role settings.".to_owned()
            }
            PimRefusal::ActiveMfaRequired => "Complete MFA (`mfa: true`).".to_owned(),
            PimRefusal::NoApprovers => "Select approvers (users or groups).".to_owned(),
            PimRefusal::NotEligible { role, scope } => {
                format!("An admin adds an eligible assignment of {role} at `{scope}` in PIM.")
            }
            PimRefusal::DurationOutOfRange { max_hours } => format!("Ask for at most {max_hours} hours."),
            PimRefusal::MfaRequired => "Verify your identity with MFA (`mfa: true`).".to_owned(),
            PimRefusal::SelfApproval => "Another approver decides.".to_owned(),
            PimRefusal::NotAnApprover { who, .. } => format!("The request is decided by {who}."),
            PimRefusal::TimedOut(_) => "The requester files a new request.".to_owned(),
            PimRefusal::DeactivateTooSoon { after } => format!("Try again after {}.", crate::duration::when(*after)),
            _ => return None,
        })
    }
}
