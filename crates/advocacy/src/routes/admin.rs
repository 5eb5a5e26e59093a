//! The campaigners' pages: campaigns with their counts and target sets with their freshness, a
//! new campaign, and one campaign's counts per target.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use rendezvous_platform::AppState;
use rendezvous_platform::web::{AppError, FieldErrors, FormPairs, PageContext, SignedIn, render, render_status};

use crate::ids::LetterId;
use crate::letters::{self, LetterError, LetterInput, TargetsInput, Totals};
use crate::roles::require_campaigner;
use crate::store::letters::{self as store, LetterRow, TargetCount};
use crate::store::targets::{self as targets, CommitteeRow, SetRow};
use crate::targets::staleness;

pub struct LetterLine {
    pub letter: LetterRow,
    pub totals: Totals,
}

pub struct SetLine {
    pub set: SetRow,
    pub warning: Option<&'static str>,
}

#[derive(askama::Template)]
#[template(path = "admin/letters.html")]
struct OverviewPage {
    ctx: PageContext,
    letters: Vec<LetterLine>,
    sets: Vec<SetLine>,
}

/// Today in the site's time zone, as YYYY-MM-DD.
pub fn today(state: &AppState) -> String {
    rendezvous_platform::clock::date_in(&state.config.timezone, state.clock.now_ms())
}

pub async fn set_lines(state: &AppState) -> Result<Vec<SetLine>, AppError> {
    let now = state.clock.now_ms();
    let today = today(state);
    Ok(targets::all_sets(&state.db)
        .await?
        .into_iter()
        .map(|set| SetLine { warning: staleness(&set, now, &today), set })
        .collect())
}

pub async fn overview(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: PageContext,
) -> Result<Response, AppError> {
    require_campaigner(user)?;
    let mut lines = Vec::new();
    for letter in store::all_letters(&state.db).await? {
        let (totals, _) = letters::counts(&state, letter.id).await?;
        lines.push(LetterLine { letter, totals });
    }
    render(&OverviewPage { ctx, letters: lines, sets: set_lines(&state).await? })
}

#[derive(askama::Template)]
#[template(path = "admin/letter_new.html")]
struct NewPage {
    ctx: PageContext,
    errors: FieldErrors,
    form: FormPairs,
    sets: Vec<SetRow>,
    committees: Vec<CommitteeRow>,
}

impl NewPage {
    fn value(&self, name: &str) -> String {
        self.form.first(name)
    }
    fn is(&self, name: &str, value: &str) -> bool {
        self.form.first(name) == value
    }
    fn checked(&self, name: &str) -> bool {
        self.form.first(name) == "on"
    }
}

async fn new_page(
    state: &AppState,
    ctx: PageContext,
    errors: FieldErrors,
    form: FormPairs,
) -> Result<NewPage, AppError> {
    Ok(NewPage {
        ctx,
        errors,
        form,
        sets: targets::all_sets(&state.db).await?,
        committees: targets::all_committees(&state.db).await?,
    })
}

pub async fn new_form(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: PageContext,
) -> Result<Response, AppError> {
    require_campaigner(user)?;
    let defaults = FormPairs(vec![("editable".into(), "on".into()), ("kind".into(), "district".into())]);
    render(&new_page(&state, ctx, FieldErrors::default(), defaults).await?)
}

fn input_of(form: &FormPairs) -> LetterInput {
    let opt = |name: &str| Some(form.first(name)).filter(|v| !v.trim().is_empty());
    let targets = match form.first("kind").as_str() {
        "committee" => TargetsInput { set: opt("set"), committee: opt("committee"), ..TargetsInput::default() },
        "emails" => TargetsInput {
            emails: Some(
                form.first("emails")
                    .split([',', '\n', ';'])
                    .map(str::trim)
                    .filter(|e| !e.is_empty())
                    .map(str::to_owned)
                    .collect(),
            ),
            ..TargetsInput::default()
        },
        _ => TargetsInput { set: opt("set"), by: Some("district".into()), ..TargetsInput::default() },
    };
    LetterInput {
        slug: form.first("slug"),
        title_en: form.first("title_en"),
        title_fr: form.first("title_fr"),
        intro_en: form.first("intro_en"),
        intro_fr: form.first("intro_fr"),
        subject_en: form.first("subject_en"),
        subject_fr: form.first("subject_fr"),
        body_en: form.first("body_en"),
        body_fr: form.first("body_fr"),
        editable: Some(form.first("editable") == "on"),
        ask_address: Some(form.first("ask_address") == "on"),
        goal: opt("goal").and_then(|g| g.trim().parse().ok()),
        ends_on: opt("ends_on"),
        targets,
    }
}

pub async fn create(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: PageContext,
    form: FormPairs,
) -> Result<Response, AppError> {
    let user = require_campaigner(user)?;
    let mut input = input_of(&form);
    if !form.first("goal").trim().is_empty() && input.goal.is_none() {
        input.goal = Some(0);
    }
    let problems = match letters::create(&state, Some(user.id.0), &input).await {
        Ok(id) => return Ok(Redirect::to(&format!("/admin/letters/{id}")).into_response()),
        Err(LetterError::Invalid(problems)) => problems,
        Err(LetterError::SlugTaken) => vec![("slug", "letters-error-slug-taken")],
        Err(LetterError::Failed(e)) => return Err(e.into()),
    };
    let mut errors = FieldErrors::default();
    for (field, message) in problems {
        errors.add(field, message);
    }
    render_status(StatusCode::UNPROCESSABLE_ENTITY, &new_page(&state, ctx, errors, form).await?)
}

#[derive(askama::Template)]
#[template(path = "admin/letter.html")]
struct LetterPage {
    ctx: PageContext,
    letter: LetterRow,
    totals: Totals,
    per_target: Vec<TargetCount>,
}

pub async fn letter(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: PageContext,
    Path(id): Path<LetterId>,
) -> Result<Response, AppError> {
    require_campaigner(user)?;
    let letter = store::letter(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let (totals, per_target) = letters::counts(&state, id).await?;
    render(&LetterPage { ctx, letter, totals, per_target })
}
