//! The alerts feature's tables: alerts and their versions, reports, regions, subscribers' areas.

mod alerts;
mod areas;
mod reports;

pub use alerts::*;
pub use areas::*;
pub use reports::*;
