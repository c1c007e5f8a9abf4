//! Commands: what a principal asks for. One declarative table ([`commands!`]) gives each command its
//! scenario action name, its activity-log label and its fields with how each is read from a scenario
//! step; the enum, the names, the step reader and the field list a step writer uses are all derived
//! from it, so they cannot disagree.

use chrono::{DateTime, TimeDelta, Utc};

use crate::critical_operations::VaultKind;
use crate::model::{AssignmentType, Handle, IdentityRef};
use crate::pim::SettingsChange;
use crate::rbac::Role;
use crate::world::World;

/// Where a Lighthouse delegation applies (the parameters file is deployed at one of these).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DelegatedScope {
    /// A whole subscription.
    Subscription(Handle),
    /// One resource group.
    ResourceGroup(Handle),
    /// Several resource groups of one subscription (the multiple-RG template, L1a).
    ResourceGroups(Vec<Handle>),
}

impl DelegatedScope {
    /// The subscription or resource group with this handle.
    pub fn of(world: &World, handle: &str) -> Option<DelegatedScope> {
        if world.subscriptions().contains_key(handle) {
            Some(DelegatedScope::Subscription(handle.to_owned()))
        } else if world.resource_groups().contains_key(handle) {
            Some(DelegatedScope::ResourceGroup(handle.to_owned()))
        } else {
            None
        }
    }

    /// The scope's handles: the subscription, the resource group, or each resource group.
    pub fn handles(&self) -> &[Handle] {
        match self {
            DelegatedScope::Subscription(h) | DelegatedScope::ResourceGroup(h) => std::slice::from_ref(h),
            DelegatedScope::ResourceGroups(list) => list,
        }
    }
}

/// Reads the fields of one command from wherever commands are written down (a scenario step). Each
/// method reads one field by its key and says what is wrong with it; the command table names which
/// method reads which field.
pub trait FieldReader {
    /// Why a field could not be read.
    type Error;
    /// A handle that must already be known.
    fn handle(&mut self, key: &'static str) -> Result<Handle, Self::Error>;
    /// A handle the command creates.
    fn new_handle(&mut self, key: &'static str) -> Result<Handle, Self::Error>;
    /// A Resource Guard given by handle or by ARM id.
    fn guard_ref(&mut self, key: &'static str) -> Result<String, Self::Error>;
    /// Free text; empty when absent.
    fn text(&mut self, key: &'static str) -> Result<String, Self::Error>;
    /// Optional free text.
    fn opt_text(&mut self, key: &'static str) -> Result<Option<String>, Self::Error>;
    /// What a backup protects; `vm-workload` when absent.
    fn datasource(&mut self, key: &'static str) -> Result<String, Self::Error>;
    /// A list of names; empty when absent.
    fn text_list(&mut self, key: &'static str) -> Result<Vec<String>, Self::Error>;
    /// A built-in role by name or GUID.
    fn role(&mut self, key: &'static str) -> Result<Role, Self::Error>;
    /// A flag; false when absent.
    fn flag(&mut self, key: &'static str) -> Result<bool, Self::Error>;
    /// A flag; true when absent.
    fn flag_or_true(&mut self, key: &'static str) -> Result<bool, Self::Error>;
    /// A vault kind.
    fn vault_kind(&mut self, key: &'static str) -> Result<VaultKind, Self::Error>;
    /// An optional vault kind (by scenario name or ARM resource type).
    fn opt_vault_kind(&mut self, key: &'static str) -> Result<Option<VaultKind>, Self::Error>;
    /// Eligible or active, required.
    fn assignment_type(&mut self, key: &'static str) -> Result<AssignmentType, Self::Error>;
    /// Eligible or active; eligible when absent.
    fn assignment_type_or_eligible(&mut self, key: &'static str) -> Result<AssignmentType, Self::Error>;
    /// An optional RFC 3339 time.
    fn opt_time(&mut self, key: &'static str) -> Result<Option<DateTime<Utc>>, Self::Error>;
    /// A required ISO 8601 duration.
    fn duration(&mut self, key: &'static str) -> Result<TimeDelta, Self::Error>;
    /// An optional ISO 8601 duration.
    fn opt_duration(&mut self, key: &'static str) -> Result<Option<TimeDelta>, Self::Error>;
    /// `system` or a user-assigned identity handle.
    fn identity_ref(&mut self, key: &'static str) -> Result<IdentityRef, Self::Error>;
    /// An optional identity reference.
    fn opt_identity_ref(&mut self, key: &'static str) -> Result<Option<IdentityRef>, Self::Error>;
    /// Exactly one of `subscription` or `resource_group`.
    fn delegated_scope(&mut self, key: &'static str) -> Result<DelegatedScope, Self::Error>;
    /// The role settings fields that are present.
    fn settings_change(&mut self, key: &'static str) -> Result<SettingsChange, Self::Error>;
    /// A JSON document carried as it is (an ARM parameters file).
    fn document(&mut self, key: &'static str) -> Result<serde_json::Value, Self::Error>;
    /// Resource tags; none when absent.
    fn tags(&mut self, key: &'static str) -> Result<Tags, Self::Error>;
    /// Resource tags, or `None` (unchanged) when absent.
    fn opt_tags(&mut self, key: &'static str) -> Result<Option<Tags>, Self::Error>;
}

/// A command's field, borrowed, for writers (the scenario step writer turns these into JSON).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum FieldRef<'a> {
    /// A handle or text.
    Text(&'a str),
    /// Optional text.
    OptText(Option<&'a str>),
    /// A list of names.
    List(&'a [String]),
    /// A flag.
    Flag(bool),
    /// A role (written by name).
    Role(Role),
    /// A vault kind.
    VaultKind(VaultKind),
    /// An optional vault kind, written as its ARM resource type.
    ResourceType(Option<VaultKind>),
    /// Eligible or active.
    AssignmentType(AssignmentType),
    /// An optional time.
    Time(Option<DateTime<Utc>>),
    /// A duration.
    Duration(Option<TimeDelta>),
    /// An identity reference.
    Identity(Option<&'a IdentityRef>),
    /// A delegated scope (written as `subscription` or `resource_group`).
    Scope(&'a DelegatedScope),
    /// Role settings (written as their own fields).
    Settings(&'a SettingsChange),
    /// A JSON document.
    Document(&'a serde_json::Value),
    /// Resource tags (name → value); `None` leaves them as they are.
    Tags(Option<&'a Tags>),
}

pub use crate::model::Tags;

impl From<crate::error::Fix> for Command {
    fn from(fix: crate::error::Fix) -> Command {
        match fix {
            crate::error::Fix::Authenticate { tenant } => Command::Authenticate { tenant },
        }
    }
}

impl AsField for Tags {
    fn as_field(&self) -> FieldRef<'_> {
        FieldRef::Tags((!self.is_empty()).then_some(self))
    }
}
impl AsField for Option<Tags> {
    fn as_field(&self) -> FieldRef<'_> {
        FieldRef::Tags(self.as_ref())
    }
}

/// A type a command field can have.
pub trait AsField {
    /// The field, borrowed.
    fn as_field(&self) -> FieldRef<'_>;
    /// Takes `handle` as its value, where the field is a handle (see [`Command::adopt_new_handles`]).
    fn adopt(&mut self, _handle: &str) {}
}

impl AsField for String {
    fn as_field(&self) -> FieldRef<'_> {
        FieldRef::Text(self)
    }
    fn adopt(&mut self, handle: &str) {
        handle.clone_into(self);
    }
}
impl AsField for Option<String> {
    fn as_field(&self) -> FieldRef<'_> {
        FieldRef::OptText(self.as_deref())
    }
}
impl AsField for Vec<String> {
    fn as_field(&self) -> FieldRef<'_> {
        FieldRef::List(self)
    }
}
impl AsField for bool {
    fn as_field(&self) -> FieldRef<'_> {
        FieldRef::Flag(*self)
    }
}
impl AsField for Role {
    fn as_field(&self) -> FieldRef<'_> {
        FieldRef::Role(self)
    }
}
impl AsField for VaultKind {
    fn as_field(&self) -> FieldRef<'_> {
        FieldRef::VaultKind(*self)
    }
}
impl AsField for Option<VaultKind> {
    fn as_field(&self) -> FieldRef<'_> {
        FieldRef::ResourceType(*self)
    }
}
impl AsField for AssignmentType {
    fn as_field(&self) -> FieldRef<'_> {
        FieldRef::AssignmentType(*self)
    }
}
impl AsField for Option<DateTime<Utc>> {
    fn as_field(&self) -> FieldRef<'_> {
        FieldRef::Time(*self)
    }
}
impl AsField for TimeDelta {
    fn as_field(&self) -> FieldRef<'_> {
        FieldRef::Duration(Some(*self))
    }
}
impl AsField for Option<TimeDelta> {
    fn as_field(&self) -> FieldRef<'_> {
        FieldRef::Duration(*self)
    }
}
impl AsField for IdentityRef {
    fn as_field(&self) -> FieldRef<'_> {
        FieldRef::Identity(Some(self))
    }
}
impl AsField for Option<IdentityRef> {
    fn as_field(&self) -> FieldRef<'_> {
        FieldRef::Identity(self.as_ref())
    }
}
impl AsField for DelegatedScope {
    fn as_field(&self) -> FieldRef<'_> {
        FieldRef::Scope(self)
    }
}
impl AsField for SettingsChange {
    fn as_field(&self) -> FieldRef<'_> {
        FieldRef::Settings(self)
    }
}
impl AsField for serde_json::Value {
    fn as_field(&self) -> FieldRef<'_> {
        FieldRef::Document(self)
    }
}

/// The command table: `Variant("action_name", "Activity log label") { field: Type = reader("key"), }`.
macro_rules! commands {
    ($(
        $(#[$doc:meta])*
        $variant:ident($action:literal, $label:literal) {
            $( $(#[$fdoc:meta])* $field:ident: $ty:ty = $read:ident($key:literal), )*
        }
    )*) => {
        /// A command, executed as a principal.
        #[derive(Clone, Debug, PartialEq, Eq)]
        pub enum Command {
            $( $(#[$doc])* $variant { $( $(#[$fdoc])* $field: $ty, )* }, )*
        }

        impl Command {
            /// Every scenario action name, in table order.
            pub const ACTIONS: &'static [&'static str] = &[$($action),*];

            /// Every action with its fields: each key and the [`FieldReader`] method that reads it
            /// (what the JSON Schema of a step is made from: `schema.rs`).
            pub const FIELDS: &'static [(&'static str, &'static [(&'static str, &'static str)])] =
                &[$( ($action, &[$( ($key, stringify!($read)) ),*]) ),*];

            /// The scenario action name (`do`).
            pub fn action_name(&self) -> &'static str {
                match self { $( Command::$variant { .. } => $action, )* }
            }

            /// The activity log's operation name (the portal's words).
            pub fn label(&self) -> &'static str {
                match self { $( Command::$variant { .. } => $label, )* }
            }

            /// The keys of this command's fields, in table order.
            pub fn keys(&self) -> &'static [&'static str] {
                match self { $( Command::$variant { .. } => &[$($key),*], )* }
            }

            /// How each field is read (the [`FieldReader`] method's name), parallel to [`Command::keys`].
            pub fn readers(&self) -> &'static [&'static str] {
                match self { $( Command::$variant { .. } => &[$(stringify!($read)),*], )* }
            }

            /// Gives this command the handles `planned` (the same command) creates, so that the
            /// steps of a plan that refer to them still do.
            pub fn adopt_new_handles(&mut self, planned: &Command) {
                match self {
                    $( Command::$variant { $($field,)* } => { $(
                        if stringify!($read) == "new_handle" {
                            if let Some(FieldRef::Text(handle)) = planned.field($key) {
                                $field.adopt(handle);
                            }
                        }
                    )* } )*
                }
            }

            /// Replaces every handle given as an ARM id (`/subscriptions/…`, the seeds' `-VaultId`
            /// and `--ids`) by the handle it names in `world`, and every user given by sign-in name
            /// (`bob@contoso.com`, in a `principal` or `user` field) by theirs; what names nothing
            /// stays, and the decision says it is not found.
            pub fn resolve_arm_ids(&mut self, world: &World) {
                match self {
                    $( Command::$variant { $($field,)* } => { $(
                        if stringify!($read) == "handle" {
                            let resolved = match $field.as_field() {
                                FieldRef::Text(text) if text.starts_with('/') => world.handle_of(text).map(str::to_owned),
                                FieldRef::Text(text) if text.contains('@') && matches!($key, "principal" | "user") => {
                                    world.find_principal(text).map(|p| p.id.clone())
                                }
                                _ => None,
                            };
                            if let Some(handle) = resolved {
                                $field.adopt(&handle);
                            }
                        }
                    )* } )*
                }
            }

            /// One field by key.
            pub fn field(&self, key: &str) -> Option<FieldRef<'_>> {
                match self {
                    $( Command::$variant { $($field,)* } => match key {
                        $( $key => Some($field.as_field()), )*
                        _ => None,
                    }, )*
                }
            }

            /// Reads the command named `action`; `None` when no command has that name.
            pub fn read<R: FieldReader>(action: &str, reader: &mut R) -> Option<Result<Command, R::Error>> {
                match action {
                    $( $action => Some((|| Ok(Command::$variant { $( $field: reader.$read($key)?, )* }))()), )*
                    _ => None,
                }
            }
        }
    };
}

commands! {
    /// Create a vault in a resource group.
    CreateVault("create_vault", "Create or update vault") {
        /// New handle.
        id: Handle = new_handle("id"),
        /// Kind.
        kind: VaultKind = vault_kind("kind"),
        /// Resource group.
        resource_group: Handle = handle("resource_group"),
        /// Location; the resource group's when absent.
        location: Option<String> = opt_text("location"),
        /// Identity at creation: system-assigned (refused, I1) or a user-assigned identity (I2).
        identity: Option<IdentityRef> = opt_identity_ref("identity"),
    }
    /// Create a resource group in a subscription (`az group create`, `New-AzResourceGroup`).
    CreateResourceGroup("create_resource_group", "Create resource group") {
        /// New handle (also its name).
        id: Handle = new_handle("id"),
        /// Subscription.
        subscription: Handle = handle("subscription"),
        /// Location.
        location: String = text("location"),
    }
    /// Register a subscription to a resource provider (`az provider register`,
    /// `Register-AzResourceProvider`): the backup providers G11 needs.
    RegisterProvider("register_provider", "Register resource provider") {
        /// Subscription.
        subscription: Handle = handle("subscription"),
        /// The provider's namespace (`Microsoft.RecoveryServices`, `Microsoft.DataProtection`).
        namespace: String = text("namespace"),
    }
    /// Delete a vault.
    DeleteVault("delete_vault", "Delete vault") {
        /// Vault.
        vault: Handle = handle("vault"),
    }
    /// Protect a datasource in a vault (new protected item / backup instance).
    ConfigureBackup("configure_backup", "Configure backup") {
        /// New item handle.
        id: Handle = new_handle("id"),
        /// Vault.
        vault: Handle = handle("vault"),
        /// What to protect.
        datasource: String = datasource("datasource"),
    }
    /// Create a Resource Guard, with the operations its Protected operations tab disables.
    CreateResourceGuard("create_resource_guard", "Create Resource Guard") {
        /// New handle.
        id: Handle = new_handle("id"),
        /// Resource group.
        resource_group: Handle = handle("resource_group"),
        /// Location; the resource group's when absent.
        location: Option<String> = opt_text("location"),
        /// Description shown on linked vaults.
        description: String = text("description"),
        /// Operations excluded (disabled) from the start.
        excluded_operations: Vec<String> = text_list("excluded_operations"),
        /// Tags.
        tags: Tags = tags("tags"),
    }
    /// Set the guard's excluded (disabled) operations.
    UpdateResourceGuard("update_resource_guard", "Update Resource Guard") {
        /// Guard.
        guard: Handle = handle("guard"),
        /// Operations to exclude, in any of the seeds' notations (G2a); every other one is protected.
        excluded_operations: Vec<String> = text_list("excluded_operations"),
        /// The vault kind the list is for (az's `--resource-type`): the other kind's exclusions stay
        /// as they are. Absent: the list is for both kinds.
        resource_type: Option<VaultKind> = opt_vault_kind("resource_type"),
        /// A new description (G3a); unchanged when absent.
        description: Option<String> = opt_text("description"),
        /// New tags (G3a); unchanged when absent.
        tags: Option<Tags> = opt_tags("tags"),
    }
    /// Delete a Resource Guard.
    DeleteResourceGuard("delete_resource_guard", "Delete Resource Guard") {
        /// Guard.
        guard: Handle = handle("guard"),
    }
    /// Assign a role (Access control (IAM)).
    AssignRole("assign_role", "Create role assignment") {
        /// Principal.
        principal: Handle = handle("principal"),
        /// Role.
        role: Role = role("role"),
        /// Scope.
        scope: Handle = handle("scope"),
    }
    /// Remove a role assignment.
    RemoveRoleAssignment("remove_role_assignment", "Delete role assignment") {
        /// Principal.
        principal: Handle = handle("principal"),
        /// Role.
        role: Role = role("role"),
        /// Scope.
        scope: Handle = handle("scope"),
    }
    /// Invite a user as a B2B guest into a tenant.
    InviteGuest("invite_guest", "Invite external user") {
        /// User.
        user: Handle = handle("user"),
        /// Tenant.
        tenant: Handle = handle("tenant"),
    }
    /// Add a member to a group (Microsoft Entra ID → Groups → Members → Add members): its owners may.
    AddGroupMember("add_group_member", "Add group member") {
        /// Group.
        group: Handle = handle("group"),
        /// The user, group or service principal added.
        principal: Handle = handle("principal"),
    }
    /// Remove a member from a group: its owners may.
    RemoveGroupMember("remove_group_member", "Remove group member") {
        /// Group.
        group: Handle = handle("group"),
        /// The member removed.
        principal: Handle = handle("principal"),
    }
    /// Get a token for a tenant ("Authenticate" to that directory).
    Authenticate("authenticate", "Sign in to directory") {
        /// Tenant.
        tenant: Handle = handle("tenant"),
    }
    /// Protect a vault with a Resource Guard.
    EnableMua("enable_mua", "Update Resource Guard proxy") {
        /// Vault.
        vault: Handle = handle("vault"),
        /// Guard handle or ARM id.
        guard: String = guard_ref("guard"),
    }
    /// Remove the vault's Resource Guard mapping (protected).
    DisableMua("disable_mua", "Remove MUA protection") {
        /// Vault.
        vault: Handle = handle("vault"),
    }
    /// Disable soft delete (protected).
    DisableSoftDelete("disable_soft_delete", "Disable soft delete") {
        /// Vault.
        vault: Handle = handle("vault"),
    }
    /// Enable soft delete (not protected); `always_on` makes it irreversible (enhanced soft delete).
    EnableSoftDelete("enable_soft_delete", "Enable soft delete") {
        /// Vault.
        vault: Handle = handle("vault"),
        /// Always on: soft delete can never be turned off again.
        always_on: bool = flag("always_on"),
    }
    /// Modify the vault's backup policy (protected only when retention goes down).
    ModifyPolicy("modify_policy", "Modify policy") {
        /// Vault.
        vault: Handle = handle("vault"),
        /// Whether retention goes down.
        reduce_retention: bool = flag_or_true("reduce_retention"),
    }
    /// Modify an item's protection (protected only when retention goes down).
    ModifyProtection("modify_protection", "Modify protection") {
        /// Item.
        item: Handle = handle("item"),
        /// Whether retention goes down.
        reduce_retention: bool = flag_or_true("reduce_retention"),
    }
    /// Stop protection and delete data (Recovery Services vault).
    DeleteProtection("delete_protection", "Delete protection") {
        /// Item.
        item: Handle = handle("item"),
    }
    /// Stop protection and retain data (Recovery Services vault).
    StopProtectionRetainData("stop_protection_retain_data", "Stop protection and retain data") {
        /// Item.
        item: Handle = handle("item"),
    }
    /// Generate the security PIN (Recovery Services vault).
    GetSecurityPin("get_security_pin", "Get backup security PIN") {
        /// Vault.
        vault: Handle = handle("vault"),
    }
    /// Disable immutability.
    DisableImmutability("disable_immutability", "Disable immutability") {
        /// Vault.
        vault: Handle = handle("vault"),
    }
    /// Delete a backup instance (Backup vault).
    DeleteBackupInstance("delete_backup_instance", "Delete backup instance") {
        /// Item.
        item: Handle = handle("item"),
    }
    /// Stop backup and retain forever (Backup vault).
    StopBackupRetainForever("stop_backup_retain_forever", "Stop backup and retain forever") {
        /// Item.
        item: Handle = handle("item"),
    }
    /// Stop backup and retain as per policy (Backup vault).
    StopBackupRetainAsPerPolicy("stop_backup_retain_as_per_policy", "Stop backup and retain as per policy") {
        /// Item.
        item: Handle = handle("item"),
    }
    /// Back up now (not protected).
    TriggerBackup("trigger_backup", "Back up now") {
        /// Item.
        item: Handle = handle("item"),
    }
    /// Restore (not protected).
    Restore("restore", "Restore") {
        /// Item.
        item: Handle = handle("item"),
    }
    /// PIM: add an eligible or active assignment (P1).
    PimAssign("pim_assign", "Add role assignment (PIM)") {
        /// Principal.
        principal: Handle = handle("principal"),
        /// Role.
        role: Role = role("role"),
        /// Scope.
        scope: Handle = handle("scope"),
        /// Eligible or active.
        kind: AssignmentType = assignment_type("type"),
        /// Start; now when absent.
        start: Option<DateTime<Utc>> = opt_time("start"),
        /// End; permanent or the settings' maximum when absent.
        end: Option<DateTime<Utc>> = opt_time("end"),
        /// Justification (active assignments may require it).
        justification: String = text("justification"),
        /// Whether the admin completed MFA (active assignments may require it).
        mfa: bool = flag("mfa"),
    }
    /// PIM: remove assignments of a type.
    PimRemoveAssignment("pim_remove_assignment", "Remove role assignment (PIM)") {
        /// Principal.
        principal: Handle = handle("principal"),
        /// Role.
        role: Role = role("role"),
        /// Scope.
        scope: Handle = handle("scope"),
        /// Eligible or active.
        kind: AssignmentType = assignment_type_or_eligible("type"),
    }
    /// PIM: edit role settings (P2).
    PimUpdateSettings("pim_update_settings", "Update role settings (PIM)") {
        /// Role.
        role: Role = role("role"),
        /// Scope.
        scope: Handle = handle("scope"),
        /// The changes.
        change: SettingsChange = settings_change("change"),
    }
    /// PIM: activate an eligible role (P3).
    PimActivate("pim_activate", "Activate role (PIM)") {
        /// New request handle.
        id: Handle = new_handle("id"),
        /// Role.
        role: Role = role("role"),
        /// Scope.
        scope: Handle = handle("scope"),
        /// Duration.
        duration: TimeDelta = duration("duration"),
        /// Justification.
        justification: String = text("justification"),
        /// Ticket information.
        ticket: Option<String> = opt_text("ticket"),
        /// Whether the user completed MFA.
        mfa: bool = flag("mfa"),
    }
    /// PIM: approve a pending request (P4).
    PimApprove("pim_approve", "Approve request (PIM)") {
        /// Request.
        request: Handle = handle("request"),
        /// Justification.
        justification: String = text("justification"),
    }
    /// PIM: deny a pending request (P4).
    PimDeny("pim_deny", "Deny request (PIM)") {
        /// Request.
        request: Handle = handle("request"),
        /// Justification.
        justification: String = text("justification"),
    }
    /// PIM: the requester cancels a pending request (P4).
    PimCancel("pim_cancel", "Cancel request (PIM)") {
        /// Request.
        request: Handle = handle("request"),
    }
    /// PIM: end one's activation early (P5).
    PimDeactivate("pim_deactivate", "Deactivate role (PIM)") {
        /// Role.
        role: Role = role("role"),
        /// Scope.
        scope: Handle = handle("scope"),
    }
    /// PIM: request extension of one's time-bound assignment (P6).
    PimExtend("pim_extend", "Extend role assignment (PIM)") {
        /// New request handle.
        id: Handle = new_handle("id"),
        /// Role.
        role: Role = role("role"),
        /// Scope.
        scope: Handle = handle("scope"),
        /// Which assignment (eligible by default).
        kind: AssignmentType = assignment_type_or_eligible("type"),
        /// Justification.
        justification: String = text("justification"),
    }
    /// PIM: request renewal of one's expired assignment (P6).
    PimRenew("pim_renew", "Renew role assignment (PIM)") {
        /// New request handle.
        id: Handle = new_handle("id"),
        /// Role.
        role: Role = role("role"),
        /// Scope.
        scope: Handle = handle("scope"),
        /// Which assignment (eligible by default).
        kind: AssignmentType = assignment_type_or_eligible("type"),
        /// Justification.
        justification: String = text("justification"),
    }
    /// Turn a vault's system-assigned identity on (I1).
    EnableSystemIdentity("enable_system_identity", "Enable system-assigned identity") {
        /// Vault.
        vault: Handle = handle("vault"),
    }
    /// Turn a vault's system-assigned identity off (I1).
    DisableSystemIdentity("disable_system_identity", "Disable system-assigned identity") {
        /// Vault.
        vault: Handle = handle("vault"),
    }
    /// Create a user-assigned identity (I2).
    CreateUserIdentity("create_user_identity", "Create user-assigned identity") {
        /// New handle.
        id: Handle = new_handle("id"),
        /// Resource group.
        resource_group: Handle = handle("resource_group"),
    }
    /// Attach a user-assigned identity to a vault (I2).
    AttachUserIdentity("attach_user_identity", "Add user-assigned identity") {
        /// Vault.
        vault: Handle = handle("vault"),
        /// Identity.
        identity: Handle = handle("identity"),
    }
    /// Detach a user-assigned identity from a vault (I2).
    DetachUserIdentity("detach_user_identity", "Remove user-assigned identity") {
        /// Vault.
        vault: Handle = handle("vault"),
        /// Identity.
        identity: Handle = handle("identity"),
    }
    /// Create a Key Vault (holds encryption keys).
    CreateKeyVault("create_key_vault", "Create key vault") {
        /// New handle.
        id: Handle = new_handle("id"),
        /// Resource group.
        resource_group: Handle = handle("resource_group"),
    }
    /// Encrypt a vault's backups with a customer-managed key, reached through an identity (I3).
    ConfigureEncryption("configure_encryption", "Update encryption settings") {
        /// Vault.
        vault: Handle = handle("vault"),
        /// Key Vault.
        key_vault: Handle = handle("key_vault"),
        /// The identity the vault reaches the key with.
        identity: IdentityRef = identity_ref("identity"),
    }
    /// Lighthouse: onboard a managing tenant on a subscription or resource group (L1).
    LighthouseOnboard("lighthouse_onboard", "Register managed services delegation") {
        /// New delegation handle.
        id: Handle = new_handle("id"),
        /// The delegated scope.
        scope: DelegatedScope = delegated_scope("scope"),
        /// The ARM parameters file (or its `parameters` object), parsed when decided.
        parameters: serde_json::Value = document("parameters"),
    }
    /// Lighthouse: activate an eligible authorization (L8).
    LighthouseActivate("lighthouse_activate", "Activate eligible role (Lighthouse)") {
        /// New request handle.
        id: Handle = new_handle("id"),
        /// Delegation.
        delegation: Handle = handle("delegation"),
        /// Role.
        role: Role = role("role"),
        /// Duration; the policy's maximum when absent.
        duration: Option<TimeDelta> = opt_duration("duration"),
        /// Justification.
        justification: String = text("justification"),
        /// Whether the user completed MFA.
        mfa: bool = flag("mfa"),
    }
}

/// Which object a command acts on, for the activity log: the first of these fields it has.
const TARGET_KEYS: [&str; 9] =
    ["vault", "item", "guard", "scope", "resource_group", "tenant", "request", "delegation", "subscription"];

impl Command {
    /// The handle a command creates (its `id` field), if any.
    pub fn created_handle(&self) -> Option<&str> {
        match self.field("id") {
            Some(FieldRef::Text(id)) => Some(id),
            _ => None,
        }
    }

    /// The object the command acts on, by the key of the field naming it.
    pub fn target(&self) -> Option<(&'static str, &str)> {
        TARGET_KEYS.iter().find_map(|key| match self.field(key)? {
            FieldRef::Text(h) => Some((*key, h)),
            FieldRef::Scope(s) => s.handles().first().map(|h| (*key, h.as_str())),
            _ => None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn action_names_are_unique() {
        let mut names = Command::ACTIONS.to_vec();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Command::ACTIONS.len());
    }
}
