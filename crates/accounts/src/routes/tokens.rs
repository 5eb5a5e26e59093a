//! API tokens people manage themselves: a name, scopes within their own powers, an expiry; the
//! token shown once and stored hashed; listed with the day of last use; revocable.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use rendezvous_platform::AppState;
use rendezvous_platform::auth::{AuthUser, Role};
use rendezvous_platform::clock::DAY_MS;
use rendezvous_platform::scopes::SCOPES;
use rendezvous_platform::web::{
    AppError, FieldErrors, FormPairs, PageContext, SignedIn, redirect_with_flash, render, render_status,
};

use crate::store::{self, ApiTokenId, ApiTokenRow};

/// The scopes a person may give a token: those whose part of the API their roles open (the roles
/// still decide on each request; a scope never adds a power).
pub fn scopes_for(user: &AuthUser) -> Vec<&'static str> {
    let holds = |name: &str| user.roles.iter().any(|r| r.as_str() == name);
    let admin = holds(Role::ADMIN.as_str());
    SCOPES
        .iter()
        .copied()
        .filter(|scope| match *scope {
            "read" | "forum" => true,
            "lists" | "campaigns" | "library" | "events" | "letters" => admin || holds("communications"),
            "alerts" => admin || holds("alerts") || holds("moderator"),
            _ => admin,
        })
        .collect()
}

#[derive(askama::Template)]
#[template(path = "account_tokens.html")]
struct TokensPage {
    ctx: PageContext,
    tokens: Vec<ApiTokenRow>,
    offered: Vec<&'static str>,
    errors: FieldErrors,
    label: String,
    chosen: Vec<String>,
    days: String,
    /// The token just made, shown this once.
    created: Option<String>,
}

impl TokensPage {
    fn is_chosen(&self, scope: &str) -> bool {
        self.chosen.iter().any(|c| c == scope)
    }

    fn scope_label(&self, scopes: &str) -> String {
        if scopes.is_empty() { self.ctx.t("tokens-all-powers") } else { scopes.replace(' ', ", ") }
    }
}

async fn page(state: &AppState, ctx: PageContext, user: &AuthUser) -> Result<TokensPage, AppError> {
    Ok(TokensPage {
        tokens: store::api_tokens_of(&state.db, user.id).await?,
        offered: scopes_for(user),
        errors: FieldErrors::default(),
        label: String::new(),
        chosen: Vec::new(),
        days: "90".into(),
        created: None,
        ctx,
    })
}

pub async fn list(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedIn(user): SignedIn,
) -> Result<Response, AppError> {
    render(&page(&state, ctx, &user).await?)
}

pub async fn create(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedIn(user): SignedIn,
    form: FormPairs,
) -> Result<Response, AppError> {
    let value = |key: &str| form.first(key).trim().to_owned();
    let chosen = form.all("scope");
    let offered = scopes_for(&user);
    let mut errors = FieldErrors::default();
    let label = value("label");
    if label.is_empty() || label.chars().count() > 80 {
        errors.add("label", "tokens-label-missing");
    }
    let scopes: Vec<&'static str> = offered.iter().copied().filter(|s| chosen.iter().any(|c| c == s)).collect();
    if scopes.len() != chosen.len() || scopes.is_empty() {
        errors.add("scopes", "tokens-scopes-invalid");
    }
    let days = value("days");
    let expires_days = match days.as_str() {
        "" => None,
        d => match d.parse::<i64>() {
            Ok(n) if (1..=3650).contains(&n) => Some(n),
            _ => {
                errors.add("days", "tokens-days-invalid");
                None
            }
        },
    };
    if !errors.is_empty() {
        let mut page = page(&state, ctx, &user).await?;
        (page.errors, page.label, page.chosen, page.days) = (errors, label, chosen, days);
        return render_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
    }
    let expires_at = expires_days.map(|d| state.clock.now_ms() + d * DAY_MS);
    let token = crate::issue_token(&state.db, &state.clock, user.id, &label, &scopes, expires_at).await?;
    let mut page = page(&state, ctx, &user).await?;
    page.created = Some(token);
    render(&page)
}

pub async fn revoke(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<ApiTokenId>,
) -> Result<Response, AppError> {
    if !store::revoke_api_token(&state.db, user.id, id).await? {
        return Err(AppError::NotFound);
    }
    rendezvous_platform::audit::record(
        &state.db,
        &state.clock,
        Some(user.id),
        "api_token.revoke",
        Some(user.id),
        &format!("token {id}"),
    )
    .await?;
    Ok(redirect_with_flash("/account/tokens", "tokens-revoked"))
}
