//! A person's own data: every feature that stores something about a person contributes a section
//! to their export and erases it when they erase their account.

use crate::auth::{LookupFuture, UserId};

/// What happens to what a person wrote when they erase their account: their choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ContentChoice {
    /// Delete their posts and other contributions.
    Delete,
    /// Keep them, shown as written by "a former member".
    KeepAsFormerMember,
}

/// The person being exported or erased.
#[derive(Debug, Clone)]
pub struct Person {
    pub id: UserId,
    pub email: String,
}

pub trait PersonalDataSection: Send + Sync {
    /// The key of this section in the export.
    fn name(&self) -> &'static str;
    fn export<'a>(&'a self, person: &'a Person) -> LookupFuture<'a, serde_json::Value>;
    fn erase<'a>(&'a self, person: &'a Person, choice: ContentChoice) -> LookupFuture<'a, ()>;
}
