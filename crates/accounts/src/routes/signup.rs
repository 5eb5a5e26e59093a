//! Sign-up: an address, a display name (a pseudonym is fine) and a password. The answer is the
//! same whether or not the address already has an account; its owner gets a mail either way.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use rendezvous_platform::AppState;
use rendezvous_platform::db::is_unique_violation;
use rendezvous_platform::ratelimit::Action;
use rendezvous_platform::web::client::ClientKey;
use rendezvous_platform::web::{AppError, FieldErrors, Form, PageContext, render, render_status};
use serde::Deserialize;

use crate::mails::{self, AccountMail};
use crate::model::{DisplayName, EmailAddress, NewPassword};
use crate::store::{self, Purpose};
use crate::{links, password};

#[derive(askama::Template)]
#[template(path = "signup.html")]
struct SignUpPage {
    ctx: PageContext,
    errors: FieldErrors,
    email: String,
    display_name: String,
}

#[derive(askama::Template)]
#[template(path = "check_email.html")]
struct CheckEmailPage {
    ctx: PageContext,
    message_id: &'static str,
}

pub async fn form(ctx: PageContext) -> Result<Response, AppError> {
    render(&SignUpPage { ctx, errors: FieldErrors::default(), email: String::new(), display_name: String::new() })
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SignUpForm {
    email: String,
    display_name: String,
    password: String,
}

pub async fn submit(
    State(state): State<AppState>,
    ctx: PageContext,
    ClientKey(client): ClientKey,
    Form(form): Form<SignUpForm>,
) -> Result<Response, AppError> {
    if !state.limits.check_client(Action::SignUp, &client) {
        return Err(AppError::TooManyRequests);
    }
    let mut errors = FieldErrors::default();
    let email = EmailAddress::parse(&form.email).map_err(|m| errors.add("email", m)).ok();
    let name = DisplayName::parse(&form.display_name).map_err(|m| errors.add("display_name", m)).ok();
    let password = NewPassword::parse(&form.password, email.as_ref().map(|e| e.as_str()))
        .map_err(|m| errors.add("password", m))
        .ok();
    let (Some(email), Some(name), Some(password)) = (email, name, password) else {
        let page = SignUpPage { ctx, errors, email: form.email, display_name: form.display_name };
        return render_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
    };

    // Hash in every case, so the time taken does not tell whether the address is known.
    let hash = password::hash(password.as_str()).await?;
    // However often someone signs up with an address, its owner gets a few mails at most.
    let may_mail = state.limits.check_account(Action::SignUp, &email.normalized());
    let now = state.clock.now_ms();
    let new = store::NewUser {
        email: email.as_str(),
        email_norm: &email.normalized(),
        display_name: name.as_str(),
        password_hash: &hash,
        lang: ctx.lang,
        verified_at: None,
        now,
    };
    match store::insert_user(&state.db, &new).await {
        Ok(id) => {
            let link = links::create(&state, id, Purpose::Verify, None).await?;
            mails::send(&state, email.as_str(), Some(name.as_str()), ctx.lang, AccountMail::Verify { link: &link })
                .await?;
        }
        Err(e) if is_unique_violation(&e) => {
            if !may_mail {
                return render(&CheckEmailPage { ctx, message_id: "signup-check-email" });
            }
            if let Some(owner) = store::user_by_email(&state.db, &email.normalized()).await? {
                let link = links::create(&state, owner.id, Purpose::Reset, None).await?;
                let mail = AccountMail::SignUpExisting { reset_link: &link };
                mails::send(&state, &owner.email, Some(&owner.display_name), owner.lang(), mail).await?;
            }
        }
        Err(e) => return Err(e.into()),
    }
    render(&CheckEmailPage { ctx, message_id: "signup-check-email" })
}
