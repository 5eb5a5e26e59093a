//! The Fluent id that names each stored code on the admin pages (a status, a consent kind, a
//! ledger action or source, a bounce kind, a language), so a French page never shows
//! `express_import` or `subscribed`. An unknown code gets "value-other" rather than itself.

use crate::model::{ConsentKind, Status};

pub fn status(code: &str) -> &'static str {
    Status::parse(code).map_or("value-other", Status::label_id)
}

pub fn consent_kind(code: &str) -> &'static str {
    ConsentKind::parse(code).map_or("value-other", ConsentKind::label_id)
}

/// What a consent ledger entry records: a status it moved to, or one of the ledger's own actions.
pub fn ledger_action(code: &str) -> &'static str {
    match code {
        "requested" => "ledger-action-requested",
        "renewed" => "ledger-action-renewed",
        _ => status(code),
    }
}

pub fn source(code: &str) -> &'static str {
    match code {
        "form" => "source-form",
        "import" => "source-import",
        "admin" => "source-admin",
        "api" => "source-api",
        "member_record" => "source-member-record",
        "preference_centre" => "source-preference-centre",
        "one_click" => "source-one-click",
        "mail" => "source-mail",
        "account" => "source-account",
        _ => "value-other",
    }
}

pub fn bounce_kind(code: &str) -> &'static str {
    match code {
        "hard" => "bounce-kind-hard",
        "soft" => "bounce-kind-soft",
        "delayed" => "bounce-kind-delayed",
        "complaint" => "bounce-kind-complaint",
        _ => "value-other",
    }
}

pub fn language(code: &str) -> &'static str {
    match code {
        "fr" => "language-fr",
        "en" => "language-en",
        _ => "value-other",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_stored_code_has_a_label() {
        assert_eq!(status("subscribed"), "status-subscribed");
        assert_eq!(consent_kind("express_import"), "consent-express-import");
        assert_eq!(ledger_action("renewed"), "ledger-action-renewed");
        assert_eq!(ledger_action("bounced"), "status-bounced");
        assert_eq!(source("preference_centre"), "source-preference-centre");
        assert_eq!(bounce_kind("hard"), "bounce-kind-hard");
        assert_eq!(language("fr"), "language-fr");
        assert_eq!(status("???"), "value-other");
    }
}
