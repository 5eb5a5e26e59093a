//! A person's directory profile: what they say about themself and who may see each field. The
//! same rules for the profile page and the API: only the keys given change, and bad input
//! changes nothing.

use std::collections::HashMap;

use rendezvous_platform::email::EmailAddress;
use rendezvous_platform::geo::Province;
use rendezvous_platform::header_text;
use rendezvous_platform::web::FieldErrors;

use crate::model::{LANGUAGES, MAX_CITY, MAX_NAME, MAX_TEXT, Visibility, optional_text, required_text, set_column};
use crate::store::catalogue::CategoryRow;
use crate::store::profiles::ProfileRow;

/// The fields that carry a visibility, by the name of their column.
pub const FIELDS: [&str; 8] =
    ["display_name", "city", "province", "category", "languages", "bio", "contact_email", "groups"];

/// The Fluent id naming a field of [`FIELDS`].
pub fn field_label_id(field: &str) -> &'static str {
    match field {
        "display_name" => "profile-field-display-name",
        "city" => "profile-field-city",
        "province" => "profile-field-province",
        "category" => "profile-field-category",
        "languages" => "profile-field-languages",
        "bio" => "profile-field-bio",
        "contact_email" => "profile-field-contact-email",
        _ => "profile-field-groups",
    }
}

/// A flag given as "1"/"true"/"on" or "0"/"false"/"off".
fn flag(value: &str) -> Option<i64> {
    match value.trim() {
        "1" | "true" | "on" | "yes" => Some(1),
        "0" | "false" | "off" | "no" | "" => Some(0),
        _ => None,
    }
}

fn vis_error(field: &str) -> &'static str {
    match field {
        "display_name" => "display_name_vis",
        "city" => "city_vis",
        "province" => "province_vis",
        "category" => "category_vis",
        "languages" => "languages_vis",
        "bio" => "bio_vis",
        "contact_email" => "contact_email_vis",
        _ => "groups_vis",
    }
}

/// Applies the given keys to `current`; the result, or every field that is wrong.
pub fn apply_changes(
    mut p: ProfileRow,
    input: &HashMap<String, String>,
    categories: &[CategoryRow],
) -> Result<ProfileRow, FieldErrors> {
    let mut errors = FieldErrors::default();
    let get = |k: &str| input.get(k).map(String::as_str);
    if let Some(v) = get("listed") {
        match flag(v) {
            Some(f) => p.listed = f,
            None => errors.add("listed", "members-error-flag"),
        }
    }
    if let Some(v) = get("display_name") {
        match required_text(v, MAX_NAME).and_then(|v| header_text::clean(&v, MAX_NAME).map_err(|e| e.message_id())) {
            Ok(v) => p.display_name = v,
            Err(m) => errors.add("display_name", m),
        }
    }
    if let Some(v) = get("city") {
        match optional_text(v, MAX_CITY) {
            Ok(v) if !v.contains('\n') => p.city = v,
            _ => errors.add("city", "members-error-too-long"),
        }
    }
    if let Some(v) = get("province") {
        match v.trim() {
            "" => p.province = None,
            code => match Province::parse(code) {
                Some(prov) => p.province = Some(prov.code().to_owned()),
                None => errors.add("province", "members-error-province"),
            },
        }
    }
    if let Some(v) = get("category") {
        match v.trim() {
            "" => p.category_id = None,
            slug => match categories.iter().find(|c| c.slug == slug) {
                Some(c) => p.category_id = Some(c.id),
                None => errors.add("category", "members-error-category"),
            },
        }
    }
    if let Some(v) = get("languages") {
        let mut picked = Vec::new();
        for l in v.split(',').map(str::trim).filter(|l| !l.is_empty()) {
            match LANGUAGES.iter().find(|c| **c == l) {
                Some(code) if !picked.contains(code) => picked.push(*code),
                Some(_) => {}
                None => errors.add("languages", "members-error-language"),
            }
        }
        p.languages = set_column(&picked);
    }
    if let Some(v) = get("bio") {
        match optional_text(v, MAX_TEXT) {
            Ok(v) => p.bio = v,
            Err(m) => errors.add("bio", m),
        }
    }
    if let Some(v) = get("contact_email") {
        match v.trim() {
            "" => p.contact_email = String::new(),
            address => match EmailAddress::parse(address) {
                Ok(e) => p.contact_email = e.as_str().to_owned(),
                Err(_) => errors.add("contact_email", "members-error-email"),
            },
        }
    }
    for field in FIELDS {
        let Some(v) = get(&format!("{field}_vis")) else { continue };
        let Some(level) = Visibility::parse(v.trim()) else {
            errors.add(vis_error(field), "members-error-visibility");
            continue;
        };
        let column = match field {
            "display_name" => &mut p.display_name_vis,
            "city" => &mut p.city_vis,
            "province" => &mut p.province_vis,
            "category" => &mut p.category_vis,
            "languages" => &mut p.languages_vis,
            "bio" => &mut p.bio_vis,
            "contact_email" => &mut p.contact_email_vis,
            _ => &mut p.groups_vis,
        };
        *column = level.as_str().to_owned();
    }
    for (key, column) in
        [("reveal_sensitive", &mut p.reveal_sensitive), ("reveal_hidden_groups", &mut p.reveal_hidden_groups)]
    {
        if let Some(v) = input.get(key) {
            match flag(v) {
                Some(f) => *column = f,
                None => errors.add(
                    if key == "reveal_sensitive" { "reveal_sensitive" } else { "reveal_hidden_groups" },
                    "members-error-flag",
                ),
            }
        }
    }
    if errors.is_empty() { Ok(p) } else { Err(errors) }
}

/// The visibility column of a field, for forms.
pub fn visibility_of(p: &ProfileRow, field: &str) -> Visibility {
    Visibility::from_column(match field {
        "display_name" => &p.display_name_vis,
        "city" => &p.city_vis,
        "province" => &p.province_vis,
        "category" => &p.category_vis,
        "languages" => &p.languages_vis,
        "bio" => &p.bio_vis,
        "contact_email" => &p.contact_email_vis,
        _ => &p.groups_vis,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rendezvous_platform::auth::UserId;

    fn input(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    #[test]
    fn only_given_keys_change_and_bad_input_changes_nothing() {
        let p = ProfileRow::default_for(UserId(1));
        let changed =
            apply_changes(p.clone(), &input(&[("city", "Gander"), ("city_vis", "members")]), &[]).expect("ok");
        assert_eq!((changed.city.as_str(), changed.city_vis.as_str()), ("Gander", "members"));
        assert_eq!(changed.bio_vis, "hidden");
        let bad = apply_changes(p, &input(&[("province", "XX"), ("bio_vis", "world"), ("listed", "maybe")]), &[]);
        let errors = bad.expect_err("refused");
        assert_eq!(errors.get("province"), Some("members-error-province"));
        assert_eq!(errors.get("bio_vis"), Some("members-error-visibility"));
        assert_eq!(errors.get("listed"), Some("members-error-flag"));
    }
}
