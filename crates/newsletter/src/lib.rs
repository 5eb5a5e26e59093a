//! The audience: lists, subscribers, the consent ledger, imports, segments, suppression,
//! double opt-in, one-click unsubscribe, the preference centre and the reach report.

pub mod import;
