//! The confirmation step of a destructive action, without JavaScript: a page that says what will
//! happen and repeats the form's fields with `confirm=1` behind one POST button.

use rendezvous_platform::web::{AppError, PageContext, render};

#[derive(askama::Template)]
#[template(path = "forum/confirm.html")]
pub struct ConfirmPage {
    pub ctx: PageContext,
    /// Fluent id of the question and of the warning under it.
    pub question: &'static str,
    pub warning: &'static str,
    pub action: String,
    pub fields: Vec<(&'static str, String)>,
    pub button: &'static str,
    pub cancel: String,
}

impl ConfirmPage {
    pub fn respond(self) -> Result<axum::response::Response, AppError> {
        render(&self)
    }
}
