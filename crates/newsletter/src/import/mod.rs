//! Importing subscribers from CSV/TSV files.

pub mod parse;
