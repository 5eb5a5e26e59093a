//! Administrators create spaces: names and descriptions in both languages, who reads, who posts,
//! and the space's settings; and name its moderators.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use rendezvous_platform::AppState;
use rendezvous_platform::web::{
    AdminUser, AppError, FieldErrors, Form, PageContext, redirect_with_flash, render, render_status,
};
use serde::Deserialize;

use super::checked;
use crate::model::{self, PostRule, ReadRule};
use crate::posting::{self, PostError};
use crate::store::spaces::{self as space_store, NewSpace, SpaceRow};

#[derive(Deserialize, Default)]
pub struct SpaceForm {
    #[serde(default)]
    pub slug: String,
    #[serde(default)]
    pub name_en: String,
    #[serde(default)]
    pub name_fr: String,
    #[serde(default)]
    pub description_en: String,
    #[serde(default)]
    pub description_fr: String,
    #[serde(default)]
    pub read: String,
    #[serde(default)]
    pub post: String,
    pub allow_anonymous: Option<String>,
    pub content_warnings: Option<String>,
    pub allow_images: Option<String>,
    pub hold_first_posts: Option<String>,
    /// Account ids of the space's moderators, comma-separated.
    #[serde(default)]
    pub moderators: String,
}

impl SpaceForm {
    /// The space, or every field that is wrong.
    pub fn parse(&self) -> Result<(NewSpace, Vec<i64>), FieldErrors> {
        let mut errors = FieldErrors::default();
        let mut text = |field: &'static str, r: Result<String, &'static str>| match r {
            Ok(v) => v,
            Err(id) => {
                errors.add(field, id);
                String::new()
            }
        };
        let slug = self.slug.trim().to_owned();
        let name_en = text("name_en", model::name(&self.name_en));
        let name_fr = text("name_fr", model::name(&self.name_fr));
        let description_en = text("description_en", model::description(&self.description_en));
        let description_fr = text("description_fr", model::description(&self.description_fr));
        if !model::is_slug(&slug) {
            errors.add("slug", "forum-error-slug");
        }
        let read = ReadRule::parse(&self.read);
        if read.is_none() {
            errors.add("read", "forum-error-read-rule");
        }
        let post = PostRule::parse(&self.post);
        if post.is_none() {
            errors.add("post", "forum-error-post-rule");
        }
        let hold = match self.hold_first_posts.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => 0,
            Some(n) => match n.parse::<i64>() {
                Ok(n) if (0..=100).contains(&n) => n,
                _ => {
                    errors.add("hold_first_posts", "forum-error-hold");
                    0
                }
            },
        };
        let moderators: Vec<i64> = self.moderators.split(',').filter_map(|s| s.trim().parse().ok()).collect();
        match (read, post) {
            (Some(read), Some(post)) if errors.is_empty() => Ok((
                NewSpace {
                    slug,
                    name_en,
                    name_fr,
                    description_en,
                    description_fr,
                    read,
                    post,
                    allow_anonymous: checked(&self.allow_anonymous),
                    content_warnings: checked(&self.content_warnings),
                    allow_images: checked(&self.allow_images),
                    hold_first_posts: hold,
                },
                moderators,
            )),
            _ => Err(errors),
        }
    }
}

#[derive(askama::Template)]
#[template(path = "forum/admin.html")]
struct AdminPage {
    ctx: PageContext,
    spaces: Vec<SpaceRow>,
    form: SpaceForm,
    errors: FieldErrors,
}

pub async fn index(State(state): State<AppState>, _admin: AdminUser, ctx: PageContext) -> Result<Response, AppError> {
    let spaces = space_store::all(&state.db).await?;
    render(&AdminPage {
        ctx,
        spaces,
        form: SpaceForm { read: "members".into(), post: "members".into(), ..SpaceForm::default() },
        errors: FieldErrors::default(),
    })
}

pub async fn create(
    State(state): State<AppState>,
    AdminUser(admin): AdminUser,
    ctx: PageContext,
    Form(form): Form<SpaceForm>,
) -> Result<Response, AppError> {
    let result = match form.parse() {
        Ok((space, moderators)) => match posting::create_space(&state, admin.id, &space).await {
            Ok(id) => {
                for m in moderators {
                    space_store::add_moderator(&state.db, id, m, state.clock.now_ms()).await?;
                }
                return Ok(redirect_with_flash(&format!("/forum/{}", space.slug), "forum-flash-space-created"));
            }
            Err(PostError::Invalid(field, id)) => {
                let mut errors = FieldErrors::default();
                errors.add(field, id);
                errors
            }
            Err(e) => return Err(e.into()),
        },
        Err(errors) => errors,
    };
    let spaces = space_store::all(&state.db).await?;
    render_status(StatusCode::UNPROCESSABLE_ENTITY, &AdminPage { ctx, spaces, form, errors: result })
}
