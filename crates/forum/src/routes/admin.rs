//! Administrators create spaces: names and descriptions in both languages, who reads, who posts,
//! and the space's settings; and name its moderators.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use rendezvous_platform::AppState;
use rendezvous_platform::auth::UserId;
use rendezvous_platform::web::{
    AdminUser, AppError, FieldErrors, Form, PageContext, redirect_with_flash, render, render_status,
};
use serde::Deserialize;

use super::rule_menus::{RuleChoice, menus};
use super::{checked, space_moderators};
use crate::model::{self, PostRule, ReadRule};
use crate::posting::{self, PostError};
use crate::store::spaces::{self as space_store, NewSpace, SpaceRow};
use axum::extract::{Path, Query};
use rendezvous_platform::audit;

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
    pub fn parse(&self) -> Result<(NewSpace, Vec<UserId>), FieldErrors> {
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
        let moderators: Vec<UserId> = self.moderators.split(',').filter_map(|s| s.trim().parse().ok()).collect();
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
    read_choices: Vec<RuleChoice>,
    post_choices: Vec<RuleChoice>,
    spaces: Vec<SpaceRow>,
    form: SpaceForm,
    errors: FieldErrors,
}

pub async fn index(State(state): State<AppState>, _admin: AdminUser, ctx: PageContext) -> Result<Response, AppError> {
    let spaces = space_store::all(&state.db).await?;
    let form = SpaceForm {
        read: "members".into(),
        post: "members".into(),
        hold_first_posts: Some("0".into()),
        ..SpaceForm::default()
    };
    let (read_choices, post_choices) = menus(&state, ctx.lang, &form.read, &form.post).await?;
    render(&AdminPage { ctx, read_choices, post_choices, spaces, form, errors: FieldErrors::default() })
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
                for m in &moderators {
                    space_store::add_moderator(&state.db, id, *m, state.clock.now_ms()).await?;
                }
                // Moderators are named next, on the space's settings page.
                return Ok(redirect_with_flash(&format!("/admin/forum/{}", space.slug), "forum-flash-space-created"));
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
    let (read_choices, post_choices) = menus(&state, ctx.lang, &form.read, &form.post).await?;
    render_status(
        StatusCode::UNPROCESSABLE_ENTITY,
        &AdminPage { ctx, read_choices, post_choices, spaces, form, errors: result },
    )
}

impl SpaceForm {
    /// The form as the space stands.
    fn of(space: &SpaceRow) -> Self {
        let yes = |v: i32| (v != 0).then(|| "1".to_owned());
        SpaceForm {
            slug: space.slug.clone(),
            name_en: space.name_en.clone(),
            name_fr: space.name_fr.clone(),
            description_en: space.description_en.clone(),
            description_fr: space.description_fr.clone(),
            read: space.read_rule.clone(),
            post: space.post_rule.clone(),
            allow_anonymous: yes(space.allow_anonymous),
            content_warnings: yes(space.content_warnings),
            allow_images: yes(space.allow_images),
            hold_first_posts: Some(space.hold_first_posts.to_string()),
            moderators: String::new(),
        }
    }

    pub fn is_checked(&self, field: &str) -> bool {
        let v = match field {
            "allow_anonymous" => &self.allow_anonymous,
            "content_warnings" => &self.content_warnings,
            _ => &self.allow_images,
        };
        checked(v)
    }
}

#[derive(askama::Template)]
#[template(path = "forum/admin_edit.html")]
struct EditPage {
    ctx: PageContext,
    read_choices: Vec<RuleChoice>,
    post_choices: Vec<RuleChoice>,
    form: SpaceForm,
    errors: FieldErrors,
    /// Names of the space's moderators who have no second factor yet, so cannot moderate.
    unprotected: Vec<String>,
    moderators: Vec<space_moderators::Moderator>,
    /// People whose name or address matches `find`, to add as moderators.
    matches: Vec<space_moderators::Moderator>,
    find: String,
}

#[derive(Deserialize)]
pub struct FindQuery {
    #[serde(default)]
    find: String,
}

pub async fn edit_page(
    State(state): State<AppState>,
    _admin: AdminUser,
    ctx: PageContext,
    Path(slug): Path<String>,
    Query(query): Query<FindQuery>,
) -> Result<Response, AppError> {
    let space = space_store::by_slug(&state.db, &slug).await?.ok_or(AppError::NotFound)?;
    let form = SpaceForm::of(&space);
    edit_response(&state, ctx, &space, form, FieldErrors::default(), query.find).await
}

/// The settings page: the form (as typed, with its errors), the moderators and the search for more.
async fn edit_response(
    state: &AppState,
    ctx: PageContext,
    space: &SpaceRow,
    form: SpaceForm,
    errors: FieldErrors,
    find: String,
) -> Result<Response, AppError> {
    let moderators = space_moderators::current(state, space.id).await?;
    let unprotected = moderators.iter().filter(|m| !m.two_factor).map(|m| m.name.clone()).collect();
    let matches = space_moderators::find(state, &find, &moderators).await?;
    let (read_choices, post_choices) = menus(state, ctx.lang, &form.read, &form.post).await?;
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let page = EditPage { ctx, read_choices, post_choices, form, errors, unprotected, moderators, matches, find };
    render_status(status, &page)
}

/// An administrator changes a space (not its address); audited. Its moderators are named on the
/// same page, one at a time (see `space_moderators`).
pub async fn edit(
    State(state): State<AppState>,
    AdminUser(admin): AdminUser,
    ctx: PageContext,
    Path(slug): Path<String>,
    Form(mut form): Form<SpaceForm>,
) -> Result<Response, AppError> {
    let space = space_store::by_slug(&state.db, &slug).await?.ok_or(AppError::NotFound)?;
    form.slug = space.slug.clone();
    let new = match form.parse() {
        Ok((new, _)) => new,
        Err(errors) => return edit_response(&state, ctx, &space, form, errors, String::new()).await,
    };
    space_store::update(&state.db, space.id, &new, state.clock.now_ms()).await?;
    audit::record(&state.db, &state.clock, Some(admin.id), "forum.space.update", None, &format!("space {}", space.id))
        .await?;
    Ok(redirect_with_flash(&format!("/forum/{}", space.slug), "forum-flash-space-saved"))
}
