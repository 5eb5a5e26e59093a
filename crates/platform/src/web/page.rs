//! Who is asking and in which language: the [`Viewer`] (set once per request by the page
//! middleware), the [`PageContext`] every template gets, and the extractors that require a
//! signed-in person or a role.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use crate::AppState;
use crate::auth::{AuthUser, Role};
use crate::i18n::{Lang, Translator};
use crate::sessions::Session;
use crate::state::NavLink;

use super::AppError;

/// Set by the page middleware on every request.
#[derive(Debug, Clone, Default)]
pub struct Viewer {
    pub user: Option<AuthUser>,
    /// The session, signed in or waiting for the second factor.
    pub session: Option<Session>,
    pub lang: Lang,
    /// A message (Fluent id) left by the previous request.
    pub flash: Option<String>,
}

fn viewer(parts: &Parts) -> Viewer {
    parts.extensions.get::<Viewer>().cloned().unwrap_or_default()
}

/// What every page template needs: language, viewer, the organisation, navigation.
pub struct PageContext {
    pub lang: Lang,
    pub user: Option<AuthUser>,
    /// This page's path and query, so the language switch can come back to it.
    pub path: String,
    pub flash: Option<String>,
    pub org_name: String,
    pub org_postal_address: String,
    pub org_contact_email: String,
    pub nav: Vec<NavLink>,
    /// Unread counts by navigation link, for a signed-in person (see `NavBadge`).
    pub badges: Vec<(&'static str, i64)>,
    tr: Translator,
    tz: jiff::tz::TimeZone,
}

impl PageContext {
    pub fn new(state: &AppState, viewer: &Viewer, path: String) -> Self {
        Self {
            lang: viewer.lang,
            user: viewer.user.clone(),
            path,
            flash: viewer.flash.clone(),
            org_name: state.config.org_name.clone(),
            org_postal_address: state.config.org_postal_address.clone(),
            org_contact_email: state.config.org_contact_email.clone(),
            nav: state.nav.clone(),
            badges: Vec::new(),
            tr: state.tr.clone(),
            tz: state.config.timezone.clone(),
        }
    }

    /// The unread count beside a navigation link, when there is one.
    pub fn badge(&self, href: &str) -> Option<i64> {
        self.badges.iter().find(|(h, n)| *h == href && *n > 0).map(|(_, n)| *n)
    }

    pub fn t(&self, id: &str) -> String {
        self.tr.t(self.lang, id)
    }

    pub fn t1(&self, id: &str, name: &str, value: &str) -> String {
        self.tr.t_args(self.lang, id, &[(name, value)])
    }

    pub fn tn(&self, id: &str, name: &str, count: &i64) -> String {
        self.tr.t_count(self.lang, id, name, *count)
    }

    /// A count in a message that shows it grouped by thousands (`$shown`), for public figures.
    pub fn tnum(&self, id: &str, name: &str, count: &i64) -> String {
        self.tr.t_number(self.lang, id, name, *count)
    }

    /// A number as the page's language writes it (`1,204`, `1 204`).
    pub fn number(&self, n: &i64) -> String {
        crate::i18n::format_number(self.lang, *n)
    }

    /// The words for a stored code (an audit action, a job kind): `family-code` with dots and
    /// underscores as dashes, or the code itself when no message names it yet.
    pub fn code_label(&self, family: &str, code: &str) -> String {
        let id = format!("{family}-{}", code.replace(['.', '_'], "-"));
        if self.tr.has(&id) { self.t(&id) } else { code.to_owned() }
    }

    pub fn other_lang(&self) -> Lang {
        self.lang.other()
    }

    pub fn signed_in(&self) -> bool {
        self.user.is_some()
    }

    /// Shows the Admin link to those who hold the role (the page itself checks two-factor).
    pub fn is_admin(&self) -> bool {
        self.user.as_ref().is_some_and(|u| u.has_role(Role::ADMIN))
    }

    /// A time in the site's --timezone, naming the zone.
    pub fn time(&self, ms: &i64) -> String {
        crate::clock::format_local(&self.tz, *ms)
    }

    /// A stored text with its RFC 3339 instants in the site's time zone (see `clock::local_times_in`).
    pub fn times_in(&self, text: &str) -> String {
        crate::clock::local_times_in(&self.tz, text)
    }

    /// Whether a navigation link leads to the page being shown (or the section it is in).
    pub fn is_current(&self, href: &str) -> bool {
        let path = self.path.split('?').next().unwrap_or_default();
        path == href || (href != "/" && path.starts_with(href) && path[href.len()..].starts_with('/'))
    }
}

impl FromRequestParts<AppState> for PageContext {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let path = parts.uri.path_and_query().map(|p| p.as_str().to_owned()).unwrap_or_else(|| "/".into());
        let mut ctx = Self::new(state, &viewer(parts), path);
        if let Some(user) = &ctx.user {
            for badge in &state.nav_badges {
                // A count that fails to load is left out; the page still renders.
                match (badge.count)(state, user.id).await {
                    Ok(n) => ctx.badges.push((badge.href, n)),
                    Err(e) => tracing::warn!(error = %e, href = badge.href, "could not count a navigation badge"),
                }
            }
        }
        Ok(ctx)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Viewer {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(viewer(parts))
    }
}

/// A signed-in person (fully: password and, if enrolled, second factor).
pub struct SignedIn(pub AuthUser);

impl<S: Send + Sync> FromRequestParts<S> for SignedIn {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, AppError> {
        viewer(parts).user.map(SignedIn).ok_or(AppError::Unauthorized)
    }
}

/// An administrator who has set up two-factor authentication.
pub struct AdminUser(pub AuthUser);

impl<S: Send + Sync> FromRequestParts<S> for AdminUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        let SignedIn(user) = SignedIn::from_request_parts(parts, state).await?;
        require(user, Role::ADMIN).map(AdminUser)
    }
}

/// The person if they are an administrator (with two-factor) or hold `role` with the second
/// factor it requires: what a feature's staff extractor checks.
pub fn require_or_admin(user: AuthUser, role: Role) -> Result<AuthUser, AppError> {
    if user.has_role(Role::ADMIN) { require(user, Role::ADMIN) } else { require(user, role) }
}

/// The person if they may use one of `roles` now; two-factor first when they hold one without it,
/// else forbidden.
pub fn require_any(user: AuthUser, roles: &[Role]) -> Result<AuthUser, AppError> {
    if roles.iter().any(|role| user.can_use(*role)) {
        Ok(user)
    } else if roles.iter().any(|role| user.has_role(*role)) {
        Err(AppError::NeedsTwoFactor)
    } else {
        Err(AppError::Forbidden)
    }
}

/// The person if they hold `role` and have the second factor it requires.
pub fn require(user: AuthUser, role: Role) -> Result<AuthUser, AppError> {
    if !user.has_role(role) {
        Err(AppError::Forbidden)
    } else if !user.can_use(role) {
        Err(AppError::NeedsTwoFactor)
    } else {
        Ok(user)
    }
}
