//! Who is asking, to the forum, taken from the request once: every forum handler starts from it.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use rendezvous_platform::AppState;
use rendezvous_platform::auth::AuthUser;
use rendezvous_platform::web::{AppError, SignedIn, Viewer};

use crate::access::{ForumViewer, viewer_for, viewer_for_user};

/// Anyone reading the forum, signed in or not.
pub(crate) struct Reader(pub ForumViewer);

impl FromRequestParts<AppState> for Reader {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let viewer = Viewer::from_request_parts(parts, state).await.unwrap_or_else(|never| match never {});
        Ok(Reader(viewer_for(state, viewer.user.as_ref()).await?))
    }
}

/// A signed-in person and who they are to the forum (sign-in is asked for otherwise).
pub(crate) struct Participant {
    pub user: AuthUser,
    pub who: ForumViewer,
}

impl FromRequestParts<AppState> for Participant {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let SignedIn(user) = SignedIn::from_request_parts(parts, state).await?;
        let who = viewer_for_user(state, &user).await?;
        Ok(Participant { user, who })
    }
}
