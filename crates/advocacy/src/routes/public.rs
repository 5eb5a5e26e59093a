//! The public pages: open campaigns, a campaign's page with its form (works without
//! JavaScript), the letter in the writer's own mail client, and representatives' portraits.

use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use rendezvous_platform::AppState;
use rendezvous_platform::geo::Province;
use rendezvous_platform::i18n::Lang;
use rendezvous_platform::ratelimit::Action;
use rendezvous_platform::web::client::ClientKey;
use rendezvous_platform::web::{AppError, FieldErrors, FormPairs, PageContext, render, render_status};

use crate::ids::TargetId;
use crate::letters::{self, Totals, is_open};
use crate::model::{TargetKind, district_key};
use crate::store::letters::{self as store, LetterRow, TargetCount};
use crate::store::targets::{self as targets, TargetRow};
use crate::writing::{self, Draft, Resolved, WriteError, Written};

pub struct OpenLetter {
    pub letter: LetterRow,
    pub totals: Totals,
}

#[derive(askama::Template)]
#[template(path = "act/index.html")]
struct IndexPage {
    ctx: PageContext,
    letters: Vec<OpenLetter>,
}

pub async fn index(State(state): State<AppState>, ctx: PageContext) -> Result<Response, AppError> {
    let mut open = Vec::new();
    for letter in store::open_letters(&state.db, state.clock.now_ms()).await? {
        let (totals, _) = letters::counts(&state, letter.id).await?;
        open.push(OpenLetter { letter, totals });
    }
    render(&IndexPage { ctx, letters: open })
}

/// What the writer typed, kept when the form comes back.
#[derive(Debug, Default)]
pub struct FormValues {
    pub name: String,
    pub email: String,
    pub district: String,
    pub postal_code: String,
    pub address: String,
    pub town: String,
    pub subject: String,
    pub body: String,
    pub signing: String,
    pub shown_as: String,
    pub copy: bool,
    /// What the writer searched the district list for (`?find=`), narrowing it on the server.
    pub find: String,
}

/// Districts of one province, for the grouped list.
pub struct DistrictGroup {
    pub label: String,
    pub districts: Vec<String>,
}

#[derive(askama::Template)]
#[template(path = "act/letter.html")]
struct LetterPage {
    ctx: PageContext,
    letter: LetterRow,
    open: bool,
    errors: FieldErrors,
    form: FormValues,
    groups: Vec<DistrictGroup>,
    /// The districts a postal code spans, when the writer must choose.
    choose: Vec<String>,
    postcodes: bool,
    /// Who the letter goes to, when it does not depend on the writer.
    recipients: Vec<TargetRow>,
    totals: Totals,
    per_target: Vec<TargetCount>,
    /// Days a letter is kept after delivery.
    retention: String,
}

impl LetterPage {
    fn by_district(&self) -> bool {
        self.letter.target_kind == TargetKind::District
    }
    fn is_signing(&self, value: &str) -> bool {
        self.form.signing == value || (self.form.signing.is_empty() && value == "named")
    }
    fn is_district(&self, name: &str) -> bool {
        self.form.district == name
    }
    fn title(&self) -> &str {
        self.letter.title(self.ctx.lang)
    }
    fn intro(&self) -> &str {
        self.letter.intro(self.ctx.lang)
    }
}

async fn page(
    state: &AppState,
    ctx: PageContext,
    letter: LetterRow,
    errors: FieldErrors,
    form: FormValues,
    choose: Vec<String>,
) -> Result<LetterPage, AppError> {
    let lang = ctx.lang;
    let form = if form.body.is_empty() && form.subject.is_empty() {
        FormValues { subject: letter.subject(lang).to_owned(), body: letter.body(lang).to_owned(), ..form }
    } else {
        form
    };
    let (groups, postcodes, recipients) = match (letter.target_kind, letter.set_id) {
        (TargetKind::District, Some(set)) => (
            district_groups(&targets::targets_of_set(&state.db, set).await?, lang, &form.find),
            targets::has_postcodes(&state.db, set).await?,
            vec![],
        ),
        (TargetKind::Committee, set) => match (set, letter.committee_id) {
            (Some(set), Some(c)) => (vec![], false, targets::committee_targets(&state.db, set, c).await?),
            _ => (vec![], false, vec![]),
        },
        _ => (vec![], false, targets::fixed_targets(&state.db, letter.id).await?),
    };
    // A search that leaves one district chooses it.
    let form = match groups.as_slice() {
        [only] if form.district.is_empty() && !form.find.is_empty() && only.districts.len() == 1 => {
            FormValues { district: only.districts.concat(), ..form }
        }
        _ => form,
    };
    let (totals, per_target) = letters::counts(state, letter.id).await?;
    Ok(LetterPage {
        open: is_open(&letter, state.clock.now_ms()),
        ctx,
        letter,
        errors,
        form,
        groups,
        choose,
        postcodes,
        recipients,
        totals,
        per_target,
        retention: crate::settings::settings(state).letters_retention_days.to_string(),
    })
}

/// The set's districts grouped by province (in the page's language), each named once; only those
/// whose name or province holds `find` (case, accents and punctuation aside) when it is given.
fn district_groups(targets: &[TargetRow], lang: Lang, find: &str) -> Vec<DistrictGroup> {
    let find = district_key(find);
    let mut groups: Vec<DistrictGroup> = Vec::new();
    for target in targets.iter().filter(|t| t.active == 1 && !t.district.is_empty()) {
        let province = target.province.as_deref().and_then(Province::parse);
        let found = find.is_empty()
            || target.district_key.contains(&find)
            || province
                .is_some_and(|p| [Lang::En, Lang::Fr].into_iter().any(|l| district_key(p.name(l)).contains(&find)));
        if !found {
            continue;
        }
        let label = province.map(|p| p.name(lang).to_owned()).unwrap_or_default();
        let at = match groups.iter().position(|g| g.label == label) {
            Some(i) => i,
            None => {
                groups.push(DistrictGroup { label, districts: Vec::new() });
                groups.len() - 1
            }
        };
        let group = &mut groups[at];
        if !group.districts.contains(&target.district) {
            group.districts.push(target.district.clone());
        }
    }
    groups.sort_by(|a, b| a.label.cmp(&b.label));
    for g in &mut groups {
        g.districts.sort();
    }
    groups
}

async fn letter_or_404(state: &AppState, slug: &str) -> Result<LetterRow, AppError> {
    store::letter_by_slug(&state.db, slug).await?.ok_or(AppError::NotFound)
}

/// The campaign page's own search of the district list, for browsers without type-ahead.
#[derive(Debug, Default, serde::Deserialize)]
pub struct FindQuery {
    #[serde(default)]
    find: String,
}

pub async fn letter(
    State(state): State<AppState>,
    ctx: PageContext,
    Path(slug): Path<String>,
    Query(query): Query<FindQuery>,
) -> Result<Response, AppError> {
    let letter = letter_or_404(&state, &slug).await?;
    // A search is a short phrase; anything longer is cut rather than refused.
    let find: String = query.find.trim().chars().filter(|c| !c.is_control()).take(100).collect();
    let form = FormValues { find, ..FormValues::default() };
    render(&page(&state, ctx, letter, FieldErrors::default(), form, vec![]).await?)
}

fn values(pairs: &FormPairs) -> FormValues {
    FormValues {
        name: pairs.first("name"),
        email: pairs.first("email"),
        district: pairs.first("district"),
        postal_code: pairs.first("postal_code"),
        address: pairs.first("address"),
        town: pairs.first("town"),
        subject: pairs.first("subject"),
        body: pairs.first("body"),
        signing: pairs.first("signing"),
        shown_as: pairs.first("shown_as"),
        copy: rendezvous_platform::validate::checkbox(Some(pairs.first("copy").as_str())),
        find: String::new(),
    }
}

#[derive(askama::Template)]
#[template(path = "act/message.html")]
pub struct MessagePage {
    pub ctx: PageContext,
    pub title_id: &'static str,
    pub message_id: &'static str,
    pub back: String,
}

pub async fn write(
    State(state): State<AppState>,
    ctx: PageContext,
    ClientKey(client): ClientKey,
    Path(slug): Path<String>,
    pairs: FormPairs,
) -> Result<Response, AppError> {
    let letter = letter_or_404(&state, &slug).await?;
    let form = values(&pairs);
    if !is_open(&letter, state.clock.now_ms()) {
        let page = page(&state, ctx, letter, FieldErrors::default(), form, vec![]).await?;
        return render_status(StatusCode::GONE, &page);
    }
    if pairs.first("mode") == "mailto" {
        return mailto(&state, ctx, letter, form).await;
    }
    if !pairs.first("website").trim().is_empty() {
        let back = format!("/act/{}", letter.slug);
        return render(&MessagePage { ctx, title_id: "check-email-title", message_id: "act-check-email", back });
    }
    if !state.limits.check_client(Action::Letter, &client) || !state.limits.check_account(Action::Letter, &form.email) {
        return Err(AppError::TooManyRequests);
    }
    let draft = Draft {
        name: form.name.clone(),
        email: form.email.clone(),
        district: form.district.clone(),
        postal_code: form.postal_code.clone(),
        address: form.address.clone(),
        town: form.town.clone(),
        subject: form.subject.clone(),
        body: form.body.clone(),
        lang: Lang::parse(&pairs.first("lang")).unwrap_or(ctx.lang),
        signing: form.signing.clone(),
        shown_as: form.shown_as.clone(),
        copy_to_writer: form.copy,
    };
    let verified = ctx.user.as_ref().map(|u| u.email.trim().to_lowercase());
    let back = format!("/act/{}", letter.slug);
    match writing::write(&state, &letter, &draft, verified.as_deref()).await {
        Ok(Written::MailedLink) => {
            render(&MessagePage { ctx, title_id: "check-email-title", message_id: "act-check-email", back })
        }
        Ok(Written::Confirmed) => {
            render(&MessagePage { ctx, title_id: "act-sent-title", message_id: "act-sent", back })
        }
        Ok(Written::ChooseDistrict(names)) => {
            render(&page(&state, ctx, letter, FieldErrors::default(), form, names).await?)
        }
        Err(WriteError::Invalid(problems)) => {
            let mut errors = FieldErrors::default();
            for (field, message) in problems {
                errors.add(field, message);
            }
            render_status(StatusCode::UNPROCESSABLE_ENTITY, &page(&state, ctx, letter, errors, form, vec![]).await?)
        }
        Err(WriteError::Failed(e)) => Err(AppError::Internal(e)),
    }
}

#[derive(askama::Template)]
#[template(path = "act/mailto.html")]
struct MailtoPage {
    ctx: PageContext,
    letter: LetterRow,
    link: String,
    recipients: Vec<TargetRow>,
    subject: String,
    text: String,
}

/// The letter as a `mailto:` link for the writer's own mail client: nothing about the writer is
/// kept (only the campaign's count of letters opened this way).
async fn mailto(state: &AppState, ctx: PageContext, letter: LetterRow, form: FormValues) -> Result<Response, AppError> {
    let found = match writing::resolve(state, &letter, &form.district, &form.postal_code).await? {
        Resolved::Targets(found) => found,
        Resolved::Choose(names) => {
            return render(&page(state, ctx, letter, FieldErrors::default(), form, names).await?);
        }
        Resolved::Problem(field, message) => {
            let mut errors = FieldErrors::default();
            errors.add(field, message);
            return render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &page(state, ctx, letter, errors, form, vec![]).await?,
            );
        }
    };
    let lang = ctx.lang;
    let subject =
        if form.subject.trim().is_empty() { letter.subject(lang).to_owned() } else { form.subject.trim().to_owned() };
    let body = if form.body.trim().is_empty() || !letter.is_editable() { letter.body(lang) } else { form.body.trim() };
    let signature: Vec<&str> = [form.name.trim(), form.address.trim(), form.town.trim(), form.postal_code.trim()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect();
    let text = format!("{body}\n\n{}", signature.join("\n"));
    let to: Vec<&str> = found.iter().filter_map(|t| t.email.as_deref()).collect();
    let encode = |s: &str| utf8_percent_encode(s, NON_ALPHANUMERIC).to_string();
    let link =
        format!("mailto:{}?subject={}&body={}", to.join(","), encode(&subject), encode(&text.replace('\n', "\r\n")));
    store::count_mailto(&state.db, letter.id).await?;
    render(&MailtoPage { ctx, letter, link, recipients: found, subject, text })
}

/// A representative's portrait, fetched once at import.
pub async fn photo(State(state): State<AppState>, Path(id): Path<TargetId>) -> Result<Response, AppError> {
    let photo = targets::photo(&state.db, id).await?.ok_or(AppError::NotFound)?;
    Ok(([(header::CONTENT_TYPE, "image/jpeg"), (header::CACHE_CONTROL, "public, max-age=86400")], photo)
        .into_response())
}
