//! Mailing an alert, its updates and its cancellation through the newsletter's urgent campaigns:
//! each subscriber in their language, the summary first, a link to the page, the usual sender
//! identity and one-click unsubscribe. An alert goes to those who follow its areas; an update and
//! a cancellation to exactly whoever got an earlier version, and an update also to those who follow
//! an area it adds (someone who chose an area after the alert went out gets no update of it).

use std::collections::BTreeSet;

use rendezvous_newsletter::SubscriberId;
use rendezvous_newsletter::campaigns::urgent::{self, UrgentMailing};
use rendezvous_platform::AppState;
use rendezvous_platform::BoxError;
use rendezvous_platform::auth::UserId;
use rendezvous_platform::i18n::Lang;

use crate::LIST_SLUG;
use crate::areas::Places;
use crate::lifecycle::Alert;
use crate::model::MsgType;
use crate::store;

/// Mails a version just written and records its campaign; returns how many it goes to. `before`
/// are the alert's areas before this version.
pub async fn send(
    state: &AppState,
    by: UserId,
    alert: &Alert,
    before: &[String],
    msg_type: MsgType,
    places: &Places,
) -> Result<i64, BoxError> {
    let mut recipients: BTreeSet<SubscriberId> = BTreeSet::new();
    let areas: Vec<String> = match msg_type {
        MsgType::Alert => places.reach(&alert.areas).into_iter().collect(),
        MsgType::Update => places.reach(&alert.areas).difference(&places.reach(before)).cloned().collect(),
        MsgType::Cancel => Vec::new(),
    };
    recipients.extend(store::subscribers_in(&state.db, &areas).await?);
    if msg_type != MsgType::Alert {
        let earlier: Vec<_> = store::versions(&state.db, alert.row.id)
            .await?
            .into_iter()
            .filter(|v| v.version < alert.row.version)
            .filter_map(|v| v.campaign_id)
            .collect();
        recipients.extend(urgent::reached(state, &earlier).await?);
    }
    if recipients.is_empty() {
        return Ok(0);
    }
    let recipients: Vec<SubscriberId> = recipients.into_iter().collect();
    let (subject_en, body_en) = message(state, alert, msg_type, places, Lang::En);
    let (subject_fr, body_fr) = message(state, alert, msg_type, places, Lang::Fr);
    let mailing = UrgentMailing {
        list_slug: LIST_SLUG,
        subject_en: &subject_en,
        body_en: &body_en,
        subject_fr: &subject_fr,
        body_fr: &body_fr,
        created_by: Some(by),
        recipients: &recipients,
    };
    let (campaign, count) = urgent::send(state, &mailing).await?;
    store::set_version_campaign(&state.db, alert.row.id, alert.row.version, campaign, count).await?;
    tracing::info!(alert = %alert.row.id, version = alert.row.version, recipients = count, "alert mailed");
    Ok(count)
}

/// The characters that make Markdown inline markup escaped, for text typed as plain text (a
/// summary, a place): the mail's text part shows the Markdown, so only what could turn into markup
/// is escaped, and a summary still reads as typed.
pub(crate) fn plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\`*_[]<>".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The subject and Markdown body of one language's message.
fn message(state: &AppState, alert: &Alert, msg_type: MsgType, places: &Places, lang: Lang) -> (String, String) {
    let t = |id: &str| state.tr.t(lang, id);
    let text = &alert.text;
    let where_ = places.names(&alert.areas, lang);
    let headline = text.headline.or_other(lang);
    let prefix = match msg_type {
        MsgType::Alert => t("alerts-mail-prefix-alert"),
        MsgType::Update => t("alerts-mail-prefix-update"),
        MsgType::Cancel => t("alerts-mail-prefix-cancel"),
    };
    let subject: String =
        format!("{prefix} {where_}: {headline}").chars().filter(|c| !c.is_control()).take(200).collect();
    let url = format!("{}/alerts/{}", state.config.base_url(), alert.row.id);
    let mut body = String::new();
    if msg_type == MsgType::Cancel {
        body.push_str(&format!("**{}**\n\n", plain(&t("alerts-mail-cancelled"))));
    }
    let note = text.note.or_other(lang);
    if !note.is_empty() {
        body.push_str(&format!("{}\n\n", plain(note)));
    }
    body.push_str(&format!("**{}**\n\n", plain(text.summary.or_other(lang))));
    if msg_type != MsgType::Cancel {
        let sold_as = text.sold_as.or_other(lang);
        if !sold_as.is_empty() {
            body.push_str(&format!("- {}: {}\n", plain(&t("alerts-sold-as")), plain(sold_as)));
        }
        let found = text.found();
        if !found.is_empty() {
            body.push_str(&format!("- {}: {}\n", plain(&t("alerts-found")), plain(&found)));
        }
        let appearance = text.appearance.or_other(lang);
        if !appearance.is_empty() {
            body.push_str(&format!("- {}: {}\n", plain(&t("alerts-appearance")), plain(appearance)));
        }
        let effects = text.effects.or_other(lang);
        if !effects.is_empty() {
            body.push_str(&format!("- {}: {}\n", plain(&t("alerts-effects")), plain(effects)));
        }
        body.push_str(&format!("- {}: {}\n\n", plain(&t("alerts-where")), plain(&where_)));
        body.push_str(&format!("{}\n\n", plain(&instruction(state, alert, lang))));
    }
    body.push_str(&format!("[{}]({url})\n\n", plain(&t("alerts-mail-read-more"))));
    body.push_str(&plain(&t("alerts-no-police")));
    body.push('\n');
    (subject, body)
}

/// The alert's safer-use advice, or the standard text.
pub fn instruction(state: &AppState, alert: &Alert, lang: Lang) -> String {
    let own = alert.text.instruction.or_other(lang);
    if own.is_empty() { state.tr.t(lang, "alerts-standard-instruction") } else { own.to_owned() }
}
