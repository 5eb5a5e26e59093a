//! Every SQL statement of the forum, and only the forum's tables.

pub mod moderation;
pub mod notifications;
pub mod personal;
pub mod posts;
pub mod search;
pub mod spaces;
pub mod standing;
pub mod threads;

/// A list of ids as SQL text for `IN (...)`: integers only, so it is safe to splice (sqlx wants
/// literal SQL; the list length varies).
pub(crate) fn id_list<Id: Copy + Into<i64>>(ids: &[Id]) -> String {
    if ids.is_empty() {
        return "NULL".into();
    }
    ids.iter().map(|&id| id.into().to_string()).collect::<Vec<_>>().join(",")
}
