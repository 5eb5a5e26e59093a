//! Every SQL statement of the library, on its own tables only.

pub mod consultations;
pub mod events;
pub mod news;
pub mod pages;
pub mod postings;
pub mod resources;
pub mod search;
pub mod submissions;
