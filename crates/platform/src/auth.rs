//! Who is asking: the signed-in person (if any) and their roles. platform reads people only
//! through [`UserLookup`], which the accounts feature implements.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;

use serde::Serialize;

use crate::BoxError;
use crate::i18n::Lang;

crate::id_type!(
    /// The id of an account. A newtype so it cannot be mixed up with other ids.
    pub UserId
);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Admin,
    Moderator,
    Member,
    /// Manages lists and sends campaigns without being an administrator.
    Communications,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Admin, Role::Moderator, Role::Member, Role::Communications];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Moderator => "moderator",
            Role::Member => "member",
            Role::Communications => "communications",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// Fluent ids: the role's name, and the admin buttons that grant and revoke it.
    pub fn label_id(self) -> &'static str {
        match self {
            Role::Admin => "role-admin",
            Role::Moderator => "role-moderator",
            Role::Member => "role-member",
            Role::Communications => "role-communications",
        }
    }

    pub fn grant_id(self) -> &'static str {
        match self {
            Role::Admin => "role-grant-admin",
            Role::Moderator => "role-grant-moderator",
            Role::Member => "role-grant-member",
            Role::Communications => "role-grant-communications",
        }
    }

    pub fn revoke_id(self) -> &'static str {
        match self {
            Role::Admin => "role-revoke-admin",
            Role::Moderator => "role-revoke-moderator",
            Role::Member => "role-revoke-member",
            Role::Communications => "role-revoke-communications",
        }
    }

    /// Roles whose powers need two-factor authentication first.
    pub fn needs_two_factor(self) -> bool {
        matches!(self, Role::Admin | Role::Moderator | Role::Communications)
    }
}

/// A signed-in person as every page sees them. Every verified account is "registered";
/// [`Role`] lists what comes on top.
#[derive(Debug, Clone, Serialize)]
pub struct AuthUser {
    pub id: UserId,
    pub email: String,
    pub display_name: String,
    pub lang: Lang,
    pub roles: Vec<Role>,
    pub two_factor_enabled: bool,
}

impl AuthUser {
    pub fn has_role(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    /// Holds the role and has the second factor its powers require.
    pub fn can_use(&self, role: Role) -> bool {
        self.has_role(role) && (!role.needs_two_factor() || self.two_factor_enabled)
    }
}

pub type LookupFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, BoxError>> + Send + 'a>>;

/// How platform reads accounts without knowing their tables.
pub trait UserLookup: Send + Sync {
    fn user_by_id(&self, id: UserId) -> LookupFuture<'_, Option<AuthUser>>;
    fn display_names<'a>(&'a self, ids: &'a [UserId]) -> LookupFuture<'a, HashMap<UserId, String>>;
    fn any_admin_exists(&self) -> LookupFuture<'_, bool>;
    /// Saves the language a person chose with the language switch.
    fn set_lang(&self, id: UserId, lang: Lang) -> LookupFuture<'_, ()>;
}
