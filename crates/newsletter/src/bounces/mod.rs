//! Inbound bounces and complaints: which kind of message came back, for which address, and with
//! which status. VERP (`bounces+TOKEN@domain`, see [`verp`]) is the first source of truth; then a
//! delivery-status part (RFC 3464), a feedback report (RFC 5965), or the wording of the notices
//! that some mail systems still write in prose.

mod classify;
mod dsn;
pub mod inbound;
pub mod mailbox;
mod plain;
pub mod policy;
mod scan;
pub mod verp;

pub use classify::{BounceKind, Classification, classify};
pub use verp::{verp_address, verp_token};
