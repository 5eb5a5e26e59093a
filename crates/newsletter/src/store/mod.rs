//! Every SQL statement of the newsletter's tables, one file per table group: lists, subscribers,
//! subscriptions, the consent ledger, suppressions, imports, bounces, inbound messages seen,
//! campaigns and their deliveries.
//! Functions that are part of a larger change take a connection, so the caller's transaction
//! covers them. Callers use the re-exports below (`store::list_by_slug`).

pub mod audience;
mod bounces;
mod campaigns;
mod consent_events;
mod deliveries;
mod import_batch;
mod import_copy;
mod imports;
mod inbound_seen;
mod lists;
pub mod segments;
mod subscribers;
mod subscriptions;
mod suppressions;

pub use bounces::*;
pub use campaigns::*;
pub use consent_events::*;
pub use deliveries::*;
pub use import_batch::*;
pub use import_copy::*;
pub use imports::*;
pub use inbound_seen::*;
pub use lists::*;
pub use subscribers::*;
pub use subscriptions::*;
pub use suppressions::*;
