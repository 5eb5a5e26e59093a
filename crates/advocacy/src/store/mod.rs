//! Every SQL statement of the advocacy feature, on its own tables only.

pub mod letters;
pub mod messages;
pub mod targets;
