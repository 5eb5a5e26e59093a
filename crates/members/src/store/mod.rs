//! Every SQL statement of the members feature, one file per table group, and only its tables.

pub mod catalogue;
pub mod groups;
pub mod invitations;
pub mod memberships;
pub mod organisations;
pub mod profiles;
