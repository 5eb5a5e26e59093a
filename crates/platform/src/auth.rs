//! Who is asking: the signed-in person (if any) and their roles. platform reads people only
//! through [`UserLookup`], which the accounts feature implements.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::RwLock;

use serde::Serialize;

use crate::BoxError;
use crate::i18n::Lang;

crate::id_type!(
    /// The id of an account. A newtype so it cannot be mixed up with other ids.
    pub UserId
);

/// What a role is: its stored name, its Fluent messages (defined in the feature's own locale
/// files, in both languages) and whether its powers need two-factor authentication. A feature
/// defines its roles as constants (`pub const MODERATOR: Role = Role::new(&RoleDef { .. })`) and
/// names them in its [`crate::feature::Feature`]; platform knows only the administrator.
#[derive(Debug)]
pub struct RoleDef {
    /// Kept in `user_roles.role`: never change it once people hold the role.
    pub name: &'static str,
    pub label_id: &'static str,
    /// The admin buttons that grant and revoke it.
    pub grant_id: &'static str,
    pub revoke_id: &'static str,
    pub needs_two_factor: bool,
}

/// A role someone holds on top of being registered. Compared by name.
#[derive(Debug, Clone, Copy)]
pub struct Role(&'static RoleDef);

impl PartialEq for Role {
    fn eq(&self, other: &Self) -> bool {
        self.0.name == other.0.name
    }
}

impl Eq for Role {}

impl std::hash::Hash for Role {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.0.name.hash(state);
    }
}

impl Serialize for Role {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.0.name)
    }
}

// In the API description a role is its name; which names exist depends on the features built in.
impl utoipa::PartialSchema for Role {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::schema::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .description(Some("A role's name: admin, or one a feature defines (moderator, member, communications...)"))
            .into()
    }
}

impl utoipa::ToSchema for Role {}

/// The roles this process knows: the administrator and those its features named (see
/// [`register_roles`]). A process-wide table because stored role names are read where no state
/// is at hand (the account lookup), and the set is fixed by the features compiled in.
static KNOWN_ROLES: RwLock<Vec<Role>> = RwLock::new(Vec::new());

/// Makes roles known to [`Role::parse`] and [`Role::all`]; the server calls it with every
/// feature's roles at start-up. Registering a role again changes nothing.
pub fn register_roles(roles: &[Role]) {
    let Ok(mut known) = KNOWN_ROLES.write() else { return };
    for role in roles {
        if *role != Role::ADMIN && !known.contains(role) {
            known.push(*role);
        }
    }
}

impl Role {
    /// Runs every administrator power; needs two-factor authentication.
    pub const ADMIN: Role = Role(&RoleDef {
        name: "admin",
        label_id: "role-admin",
        grant_id: "role-grant-admin",
        revoke_id: "role-revoke-admin",
        needs_two_factor: true,
    });

    /// Publishes the network's public content (letters to representatives; the library, news and
    /// events); needs two-factor authentication. Defined here because several features grant
    /// powers to it; each of them names it in its feature.
    pub const EDITOR: Role = Role(&RoleDef {
        name: "editor",
        label_id: "role-editor",
        grant_id: "role-grant-editor",
        revoke_id: "role-revoke-editor",
        needs_two_factor: true,
    });

    pub const fn new(def: &'static RoleDef) -> Self {
        Self(def)
    }

    /// Every known role, the administrator first.
    pub fn all() -> Vec<Role> {
        let mut all = vec![Role::ADMIN];
        if let Ok(known) = KNOWN_ROLES.read() {
            all.extend(known.iter().copied());
        }
        all
    }

    pub fn as_str(self) -> &'static str {
        self.0.name
    }

    /// The known role with this stored name; a name no feature of this build defines is none.
    pub fn parse(s: &str) -> Option<Self> {
        if s == Role::ADMIN.as_str() {
            return Some(Role::ADMIN);
        }
        // Read on every signed-in request: no allocation.
        KNOWN_ROLES.read().ok()?.iter().copied().find(|r| r.as_str() == s)
    }

    pub fn label_id(self) -> &'static str {
        self.0.label_id
    }

    pub fn grant_id(self) -> &'static str {
        self.0.grant_id
    }

    pub fn revoke_id(self) -> &'static str {
        self.0.revoke_id
    }

    /// Whether the role's powers need two-factor authentication first.
    pub fn needs_two_factor(self) -> bool {
        self.0.needs_two_factor
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
