//! The confirmation mail of double opt-in, in the person's language.

use rendezvous_platform::i18n::Lang;
use rendezvous_platform::mail::{self, notice::Notice};
use rendezvous_platform::{AppState, BoxError};

use crate::store::ListRow;

pub async fn send_confirmation(
    state: &AppState,
    to: &str,
    name: Option<&str>,
    lang: Lang,
    list: &ListRow,
    link: &str,
) -> Result<(), BoxError> {
    let list_name = list.name(lang);
    let notice = Notice {
        lang,
        to,
        name,
        subject: state.tr.t_args(lang, "mail-confirm-subject", &[("list", list_name)]),
        paragraphs: vec![
            state.tr.t_args(lang, "mail-confirm-body", &[("list", list_name)]),
            state.tr.t(lang, "mail-confirm-note"),
        ],
        action: Some((state.tr.t(lang, "mail-confirm-action"), link.to_owned())),
        why_id: "mail-why-subscribe",
    };
    mail::enqueue(state, &notice.render(state)?).await
}
