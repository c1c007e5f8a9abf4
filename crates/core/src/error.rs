//! Refusals: the stable error codes of SPEC §8, the portal-like sentence, and the ordered trace of
//! checks that led to the decision.

use std::borrow::Cow;
use std::fmt;

/// A stable, kebab-case error code (SPEC §8). The string form is a public contract: scenario files
/// name these codes in `expect`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ErrorCode {
    /// The caller lacks the RBAC permission for the operation at the scope.
    AuthorizationFailed,
    /// The caller holds no active role on the Resource Guard granting the guard request action.
    MuaOperatorRoleMissing,
    /// The guard lives in another tenant and the caller has no valid token for it.
    CrossTenantAuthRequired,
    /// Enabling MUA needs Reader (or more) on the Resource Guard.
    ReaderOnGuardMissing,
    /// The Resource Guard and the vault are in different regions.
    ResourceGuardRegionMismatch,
    /// No Resource Guard with that handle or ARM id.
    ResourceGuardNotFound,
    /// The Resource Guard is still mapped to a vault.
    ResourceGuardInUse,
    /// A mandatory critical operation cannot be excluded from protection.
    OperationCannotBeExcluded,
    /// The operation does not exist for this kind of vault.
    OperationNotSupported,
    /// The vault is already protected by a Resource Guard.
    MuaAlreadyEnabled,
    /// The vault is not protected by a Resource Guard.
    MuaNotEnabled,
    /// A named object does not exist.
    NotFound,
    /// An object with that handle already exists.
    AlreadyExists,
    /// Malformed input: a bad field, handle, role name or duration.
    InvalidInput,
    /// The principal has no eligible assignment for the role at the scope.
    PimNotEligible,
    /// The requested duration is outside what the role settings allow.
    PimDurationOutOfRange,
    /// The role settings require a justification.
    PimJustificationRequired,
    /// The role settings require ticket information.
    PimTicketRequired,
    /// The role settings require multifactor authentication.
    PimMfaRequired,
    /// A requester cannot approve their own request.
    PimSelfApproval,
    /// The caller is not an approver of the request.
    PimNotAnApprover,
    /// The request is not pending.
    PimRequestNotPending,
    /// The request was not decided within 24 hours.
    PimRequestTimedOut,
    /// An activation cannot be deactivated within 5 minutes.
    PimDeactivateTooSoon,
    /// The assignment cannot be extended now.
    PimExtendNotAllowed,
    /// The assignment cannot be renewed now.
    PimRenewNotAllowed,
    /// A system-assigned identity cannot be enabled when the vault is created.
    IdentityNotSupportedAtCreation,
    /// `maximumActivationDuration` is outside PT30M..=PT8H.
    LighthouseInvalidDuration,
    /// `multiFactorAuthProvider` is not `Azure` or `None`.
    LighthouseInvalidMfaProvider,
    /// More than 10 approvers.
    LighthouseTooManyApprovers,
    /// The role cannot be delegated through Lighthouse.
    LighthouseRoleNotAllowed,
    /// The principal cannot be an eligible principal or approver.
    LighthousePrincipalNotAllowed,
    /// The eligible principal has no permanent Reader authorization.
    LighthouseReaderAuthorizationMissing,
    /// Eligible authorizations of one role have different JIT policies.
    LighthousePolicyMismatch,
    /// The template or parameters file is not of the expected shape.
    LighthouseInvalidTemplate,
}

impl ErrorCode {
    /// Every code, in SPEC §8 order.
    pub const ALL: [ErrorCode; 35] = [
        ErrorCode::AuthorizationFailed,
        ErrorCode::MuaOperatorRoleMissing,
        ErrorCode::CrossTenantAuthRequired,
        ErrorCode::ReaderOnGuardMissing,
        ErrorCode::ResourceGuardRegionMismatch,
        ErrorCode::ResourceGuardNotFound,
        ErrorCode::ResourceGuardInUse,
        ErrorCode::OperationCannotBeExcluded,
        ErrorCode::OperationNotSupported,
        ErrorCode::MuaAlreadyEnabled,
        ErrorCode::MuaNotEnabled,
        ErrorCode::NotFound,
        ErrorCode::AlreadyExists,
        ErrorCode::InvalidInput,
        ErrorCode::PimNotEligible,
        ErrorCode::PimDurationOutOfRange,
        ErrorCode::PimJustificationRequired,
        ErrorCode::PimTicketRequired,
        ErrorCode::PimMfaRequired,
        ErrorCode::PimSelfApproval,
        ErrorCode::PimNotAnApprover,
        ErrorCode::PimRequestNotPending,
        ErrorCode::PimRequestTimedOut,
        ErrorCode::PimDeactivateTooSoon,
        ErrorCode::PimExtendNotAllowed,
        ErrorCode::PimRenewNotAllowed,
        ErrorCode::IdentityNotSupportedAtCreation,
        ErrorCode::LighthouseInvalidDuration,
        ErrorCode::LighthouseInvalidMfaProvider,
        ErrorCode::LighthouseTooManyApprovers,
        ErrorCode::LighthouseRoleNotAllowed,
        ErrorCode::LighthousePrincipalNotAllowed,
        ErrorCode::LighthouseReaderAuthorizationMissing,
        ErrorCode::LighthousePolicyMismatch,
        ErrorCode::LighthouseInvalidTemplate,
    ];

    /// The stable kebab-case code.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::AuthorizationFailed => "authorization-failed",
            ErrorCode::MuaOperatorRoleMissing => "mua-operator-role-missing",
            ErrorCode::CrossTenantAuthRequired => "cross-tenant-auth-required",
            ErrorCode::ReaderOnGuardMissing => "reader-on-guard-missing",
            ErrorCode::ResourceGuardRegionMismatch => "resource-guard-region-mismatch",
            ErrorCode::ResourceGuardNotFound => "resource-guard-not-found",
            ErrorCode::ResourceGuardInUse => "resource-guard-in-use",
            ErrorCode::OperationCannotBeExcluded => "operation-cannot-be-excluded",
            ErrorCode::OperationNotSupported => "operation-not-supported",
            ErrorCode::MuaAlreadyEnabled => "mua-already-enabled",
            ErrorCode::MuaNotEnabled => "mua-not-enabled",
            ErrorCode::NotFound => "not-found",
            ErrorCode::AlreadyExists => "already-exists",
            ErrorCode::InvalidInput => "invalid-input",
            ErrorCode::PimNotEligible => "pim-not-eligible",
            ErrorCode::PimDurationOutOfRange => "pim-duration-out-of-range",
            ErrorCode::PimJustificationRequired => "pim-justification-required",
            ErrorCode::PimTicketRequired => "pim-ticket-required",
            ErrorCode::PimMfaRequired => "pim-mfa-required",
            ErrorCode::PimSelfApproval => "pim-self-approval",
            ErrorCode::PimNotAnApprover => "pim-not-an-approver",
            ErrorCode::PimRequestNotPending => "pim-request-not-pending",
            ErrorCode::PimRequestTimedOut => "pim-request-timed-out",
            ErrorCode::PimDeactivateTooSoon => "pim-deactivate-too-soon",
            ErrorCode::PimExtendNotAllowed => "pim-extend-not-allowed",
            ErrorCode::PimRenewNotAllowed => "pim-renew-not-allowed",
            ErrorCode::IdentityNotSupportedAtCreation => "identity-not-supported-at-creation",
            ErrorCode::LighthouseInvalidDuration => "lighthouse-invalid-duration",
            ErrorCode::LighthouseInvalidMfaProvider => "lighthouse-invalid-mfa-provider",
            ErrorCode::LighthouseTooManyApprovers => "lighthouse-too-many-approvers",
            ErrorCode::LighthouseRoleNotAllowed => "lighthouse-role-not-allowed",
            ErrorCode::LighthousePrincipalNotAllowed => "lighthouse-principal-not-allowed",
            ErrorCode::LighthouseReaderAuthorizationMissing => "lighthouse-reader-authorization-missing",
            ErrorCode::LighthousePolicyMismatch => "lighthouse-policy-mismatch",
            ErrorCode::LighthouseInvalidTemplate => "lighthouse-invalid-template",
        }
    }

    /// Parses a kebab-case code.
    pub fn parse(code: &str) -> Option<ErrorCode> {
        ErrorCode::ALL.iter().copied().find(|c| c.as_str() == code)
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One check of a decision, in the order it was made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Check {
    /// What was checked, e.g. "RBAC on the vault: Microsoft.RecoveryServices/vaults/backupconfig/write".
    pub what: Cow<'static, str>,
    /// Whether it passed.
    pub passed: bool,
    /// What decided it: the assignment that granted it, or the piece that is missing.
    pub detail: Cow<'static, str>,
    /// The evidence a later reader needs beside the sentence: the directory (tenant handle) whose
    /// token for a Resource Guard in another directory this check found usable (G9), which an
    /// export writes the request's token from.
    pub guard_token: Option<String>,
}

/// The ordered checks of one command.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Trace {
    checks: Vec<Check>,
}

impl Trace {
    /// Records a passed check.
    pub fn pass(&mut self, what: impl Into<Cow<'static, str>>, detail: impl Into<Cow<'static, str>>) {
        self.checks.push(Check { what: what.into(), passed: true, detail: detail.into(), guard_token: None });
    }

    /// Records a failed check.
    pub fn fail(&mut self, what: impl Into<Cow<'static, str>>, detail: impl Into<Cow<'static, str>>) {
        self.checks.push(Check { what: what.into(), passed: false, detail: detail.into(), guard_token: None });
    }

    /// Records a passed check that found a usable token for the Resource Guard's directory
    /// `tenant` (the guard is in another directory than the vault).
    pub fn pass_with_guard_token(
        &mut self,
        what: impl Into<Cow<'static, str>>,
        detail: impl Into<Cow<'static, str>>,
        tenant: &str,
    ) {
        self.pass(what, detail);
        if let Some(check) = self.checks.last_mut() {
            check.guard_token = Some(tenant.to_owned());
        }
    }

    /// Adds another decision's checks after these (a console block's lines).
    pub fn append(&mut self, other: Trace) {
        self.checks.extend(other.checks);
    }

    /// The directory whose token for a Resource Guard in another directory the decision used, if
    /// it reached that check and the token was usable.
    pub fn guard_token(&self) -> Option<&str> {
        self.checks.iter().find_map(|c| c.guard_token.as_deref())
    }

    /// The checks in order.
    pub fn checks(&self) -> &[Check] {
        &self.checks
    }
}

/// Azure's own error code for a refusal, with the public source that shows it (SPEC §8: never
/// invented; where no source shows one, the refusal has none and its sentence is the simulator's).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AzureError {
    /// The code Azure Resource Manager returns, e.g. `AuthorizationFailed`.
    pub code: &'static str,
    /// Where it is documented.
    pub source: &'static str,
}

/// What removes a refusal's obstacle, offered beside it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fix {
    /// Authenticate to a directory (its tenant's handle), for the token a request lacked.
    Authenticate {
        /// The directory's tenant handle.
        tenant: String,
    },
}

/// Why a command was refused. A refused command changes nothing.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{code}: {message}")]
pub struct Refusal {
    /// The stable code.
    pub code: ErrorCode,
    /// A sentence in the portal's words.
    pub message: String,
    /// What would make the command succeed.
    pub remedy: String,
    /// The ordered checks, the last one being the one that failed.
    pub trace: Trace,
    /// What removes the obstacle, where something does (Authenticate to the guard's directory);
    /// front ends offer it beside the refusal (as a command: `Command::from`). Boxed: a refusal
    /// travels in `Result`s, and stays small.
    pub fix: Option<Box<Fix>>,
    /// Azure's own code for this refusal, where a public source shows it.
    pub azure: Option<AzureError>,
}

impl Refusal {
    /// A refusal without a remedy hint (input errors).
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Refusal {
        Refusal {
            code,
            message: message.into(),
            remedy: String::new(),
            trace: Trace::default(),
            fix: None,
            azure: None,
        }
    }

    /// Adds what would make the command succeed.
    pub fn with_remedy(mut self, remedy: impl Into<String>) -> Refusal {
        self.remedy = remedy.into();
        self
    }

    /// Attaches the trace of checks made so far, plus the failing check.
    pub fn with_trace(mut self, mut trace: Trace, failed_check: impl Into<Cow<'static, str>>) -> Refusal {
        trace.fail(failed_check, self.message.clone());
        self.trace = trace;
        self
    }
}

/// The core's result type.
pub type Result<T> = std::result::Result<T, Refusal>;
