//! Writing a campaign on the web: a draft with a subject, a preheader and a body in each language,
//! checked field by field so the form can say what is wrong; only a draft can be edited.

use crate::ids::{CampaignId, ListId, SegmentId};
use crate::model::CampaignState;
use rendezvous_platform::auth::UserId;
use rendezvous_platform::clock::Clock;
use rendezvous_platform::db::Db;
use rendezvous_platform::i18n::Lang;

use super::{CampaignRow, by_id};
use crate::store;

/// What the compose form says.
#[derive(Debug, Clone, Default)]
pub struct DraftInput {
    pub list_slug: String,
    pub segment_id: Option<SegmentId>,
    pub subject_en: String,
    pub preheader_en: String,
    pub body_en: String,
    pub subject_fr: String,
    pub preheader_fr: String,
    pub body_fr: String,
}

impl DraftInput {
    pub fn from_campaign(campaign: &CampaignRow, list_slug: &str) -> Self {
        Self {
            list_slug: list_slug.to_owned(),
            segment_id: campaign.segment_id,
            subject_en: campaign.subject_en.clone(),
            preheader_en: campaign.preheader_en.clone(),
            body_en: campaign.body_en.clone(),
            subject_fr: campaign.subject_fr.clone(),
            preheader_fr: campaign.preheader_fr.clone(),
            body_fr: campaign.body_fr.clone(),
        }
    }

    fn trimmed(&self) -> Self {
        Self {
            list_slug: self.list_slug.trim().to_owned(),
            segment_id: self.segment_id,
            subject_en: self.subject_en.trim().to_owned(),
            preheader_en: self.preheader_en.trim().to_owned(),
            body_en: self.body_en.clone(),
            subject_fr: self.subject_fr.trim().to_owned(),
            preheader_fr: self.preheader_fr.trim().to_owned(),
            body_fr: self.body_fr.clone(),
        }
    }
}

/// A short line: at most `max` characters, no line breaks or control characters.
fn line_ok(text: &str, max: usize) -> bool {
    text.chars().count() <= max && !text.chars().any(char::is_control)
}

/// What is wrong, as (field, Fluent message id) pairs, in the form's order. The list's default
/// language must have a subject and a body.
pub fn problems(input: &DraftInput, default: Option<Lang>) -> Vec<(&'static str, &'static str)> {
    let mut out = Vec::new();
    if default.is_none() {
        out.push(("list", "campaign-list-missing"));
    }
    // Without a list its language is unknown; a draft with no French at all still needs its
    // English, said now rather than on the next submit.
    let no_french = input.subject_fr.trim().is_empty() && input.body_fr.trim().is_empty();
    let required = default.or_else(|| no_french.then_some(Lang::En));
    let versions = [
        (Lang::En, "subject_en", &input.subject_en, "preheader_en", &input.preheader_en, "body_en", &input.body_en),
        (Lang::Fr, "subject_fr", &input.subject_fr, "preheader_fr", &input.preheader_fr, "body_fr", &input.body_fr),
    ];
    for (lang, subject_field, subject, preheader_field, preheader, body_field, body) in versions {
        let subject = subject.trim();
        if !line_ok(subject, 200) {
            out.push((subject_field, "campaign-subject-invalid"));
        }
        if !line_ok(preheader.trim(), 200) {
            out.push((preheader_field, "campaign-preheader-invalid"));
        }
        if required == Some(lang) {
            if subject.is_empty() {
                out.push((subject_field, "campaign-default-subject-missing"));
            }
            if body.trim().is_empty() {
                out.push((body_field, "campaign-default-body-missing"));
            }
        }
    }
    out
}

#[derive(Debug, thiserror::Error)]
pub enum DraftError {
    /// The form's problems, to show beside the fields.
    #[error("the draft has {} problem(s)", .0.len())]
    Invalid(Vec<(&'static str, &'static str)>),
    #[error("only a draft can be edited (this one is {0})")]
    NotDraft(CampaignState),
    #[error("no campaign has this id")]
    NoSuchCampaign,
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

async fn checked(db: &Db, input: &DraftInput) -> Result<(DraftInput, ListId), DraftError> {
    let input = input.trimmed();
    let list = store::list_by_slug(db, &input.list_slug).await?;
    let default = list.as_ref().map(|l| Lang::parse(&l.default_lang).unwrap_or_default());
    let mut problems = problems(&input, default);
    if let Some(segment) = input.segment_id
        && crate::segment::by_id(db, segment).await?.is_none()
    {
        problems.push(("segment", "campaign-segment-missing"));
    }
    match list {
        Some(list) if problems.is_empty() => Ok((input, list.id)),
        _ => Err(DraftError::Invalid(problems)),
    }
}

impl DraftInput {
    /// The row a checked draft is saved as.
    fn row(&self, list_id: ListId, by: Option<UserId>) -> store::NewCampaignRow<'_> {
        store::NewCampaignRow {
            list_id,
            segment_id: self.segment_id,
            subject_en: &self.subject_en,
            subject_fr: &self.subject_fr,
            body_en: &self.body_en,
            body_fr: &self.body_fr,
            preheader_en: &self.preheader_en,
            preheader_fr: &self.preheader_fr,
            created_by: by,
        }
    }
}

/// Every problem of a draft as the form would name them, without saving anything (for a form
/// that has other problems of its own).
pub async fn problems_in(db: &Db, input: &DraftInput) -> Result<Vec<(&'static str, &'static str)>, sqlx::Error> {
    match checked(db, input).await {
        Ok(_) => Ok(Vec::new()),
        Err(DraftError::Invalid(problems)) => Ok(problems),
        Err(DraftError::Db(e)) => Err(e),
        Err(_) => Ok(Vec::new()),
    }
}

/// Saves a new draft; returns its id.
pub async fn create(db: &Db, clock: &Clock, input: &DraftInput, by: Option<UserId>) -> Result<CampaignId, DraftError> {
    let (d, list_id) = checked(db, input).await?;
    let now = clock.now_ms();
    Ok(store::insert_campaign(db, &d.row(list_id, by), now, true).await?)
}

/// Replaces a draft's list, segment and text. Anything but a draft is left as it is.
pub async fn update(db: &Db, clock: &Clock, id: CampaignId, input: &DraftInput) -> Result<(), DraftError> {
    let campaign = by_id(db, id).await?.ok_or(DraftError::NoSuchCampaign)?;
    if campaign.state != CampaignState::Draft {
        return Err(DraftError::NotDraft(campaign.state));
    }
    let (d, list_id) = checked(db, input).await?;
    let updated = store::update_draft(db, id, &d.row(list_id, None), clock.now_ms()).await?;
    if !updated {
        let state = by_id(db, id).await?.map(|c| c.state).unwrap_or_default();
        return Err(DraftError::NotDraft(state));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_language_needs_a_subject_and_a_body_and_lines_stay_lines() {
        let mut input = DraftInput { subject_fr: "Bonjour".into(), body_fr: "Texte".into(), ..Default::default() };
        assert_eq!(problems(&input, Some(Lang::Fr)), vec![]);
        assert_eq!(
            problems(&input, Some(Lang::En)),
            vec![("subject_en", "campaign-default-subject-missing"), ("body_en", "campaign-default-body-missing")]
        );
        input.preheader_fr = "two\nlines".into();
        assert_eq!(problems(&input, Some(Lang::Fr)), vec![("preheader_fr", "campaign-preheader-invalid")]);
        assert_eq!(problems(&input, None)[0], ("list", "campaign-list-missing"));
        // No list and nothing written: every problem at once.
        assert_eq!(
            problems(&DraftInput::default(), None),
            vec![
                ("list", "campaign-list-missing"),
                ("subject_en", "campaign-default-subject-missing"),
                ("body_en", "campaign-default-body-missing")
            ]
        );
    }
}
