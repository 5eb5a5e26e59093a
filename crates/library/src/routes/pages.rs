//! Editable pages: the public page, and the editors' list, form and history.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use rendezvous_platform::AppState;
use rendezvous_platform::web::{
    AppError, FieldErrors, FormPairs, PageContext, SignedIn, redirect_with_flash, render, render_status,
};

use crate::ids::PageVersionId;
use crate::pages::{self, PageInput, STANDARD};
use crate::roles::require_publisher;
use crate::store::pages::{self as store, PageVersion};

#[derive(askama::Template)]
#[template(path = "library/page.html")]
struct PublicPage {
    ctx: PageContext,
    page: PageVersion,
    body: String,
}

pub async fn page(
    State(state): State<AppState>,
    ctx: PageContext,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let page = store::current(&state.db, &slug).await?.ok_or(AppError::NotFound)?;
    let body = page.body_html(ctx.lang);
    render(&PublicPage { ctx, page, body })
}

pub struct Listed {
    pub slug: String,
    pub page: Option<PageVersion>,
}

#[derive(askama::Template)]
#[template(path = "admin/pages.html")]
struct ListPage {
    ctx: PageContext,
    pages: Vec<Listed>,
}

pub async fn list(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: PageContext,
) -> Result<Response, AppError> {
    require_publisher(user)?;
    let written = store::all_current(&state.db).await?;
    let mut pages: Vec<Listed> = STANDARD.iter().map(|s| Listed { slug: (*s).to_owned(), page: None }).collect();
    for page in written {
        match pages.iter_mut().find(|l| l.slug == page.slug) {
            Some(listed) => listed.page = Some(page),
            None => pages.push(Listed { slug: page.slug.clone(), page: Some(page) }),
        }
    }
    render(&ListPage { ctx, pages })
}

#[derive(askama::Template)]
#[template(path = "admin/page_edit.html")]
struct EditPage {
    ctx: PageContext,
    slug: String,
    errors: FieldErrors,
    form: FormPairs,
    history: Vec<PageVersion>,
}

impl EditPage {
    fn value(&self, name: &str) -> String {
        self.form.first(name)
    }
}

fn form_of(page: Option<&PageVersion>) -> FormPairs {
    let Some(p) = page else { return FormPairs(Vec::new()) };
    FormPairs(vec![
        ("title_en".into(), p.title_en.clone()),
        ("title_fr".into(), p.title_fr.clone()),
        ("body_en".into(), p.body_en.clone()),
        ("body_fr".into(), p.body_fr.clone()),
    ])
}

pub async fn edit(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: PageContext,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    require_publisher(user)?;
    let history = store::history(&state.db, &slug).await?;
    let form = form_of(history.first());
    render(&EditPage { ctx, slug, errors: FieldErrors::default(), form, history })
}

pub async fn save(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: PageContext,
    Path(slug): Path<String>,
    form: FormPairs,
) -> Result<Response, AppError> {
    let user = require_publisher(user)?;
    let (title_en, title_fr, body_en, body_fr) =
        (form.first("title_en"), form.first("title_fr"), form.first("body_en"), form.first("body_fr"));
    let input =
        PageInput { slug: &slug, title_en: &title_en, title_fr: &title_fr, body_en: &body_en, body_fr: &body_fr };
    match pages::save(&state, Some(user.id.0), &input).await? {
        Ok(_) => Ok(redirect_with_flash(&format!("/admin/pages/{slug}"), "pages-saved")),
        Err(problems) => {
            let mut errors = FieldErrors::default();
            for (field, message) in problems {
                errors.add(field, message);
            }
            let history = store::history(&state.db, &slug).await?;
            render_status(StatusCode::UNPROCESSABLE_ENTITY, &EditPage { ctx, slug, errors, form, history })
        }
    }
}

#[derive(askama::Template)]
#[template(path = "admin/page_version.html")]
struct VersionPage {
    ctx: PageContext,
    page: PageVersion,
    body_en: String,
    body_fr: String,
}

pub async fn version(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: PageContext,
    Path((slug, id)): Path<(String, PageVersionId)>,
) -> Result<Response, AppError> {
    require_publisher(user)?;
    let page = store::version(&state.db, id).await?.filter(|p| p.slug == slug).ok_or(AppError::NotFound)?;
    let (body_en, body_fr) =
        (page.body_html(rendezvous_platform::i18n::Lang::En), page.body_html(rendezvous_platform::i18n::Lang::Fr));
    render(&VersionPage { ctx, page, body_en, body_fr })
}
