//! What an API token may do: scopes named after the parts of the API. A token holds some of them
//! (or none: everything its owner may do); a route needs the scope of the part it belongs to,
//! which `read` grants for reading (GET) and `admin` grants for everything. The owner's own roles
//! still apply on top: a scope never gives a power the person does not have.

use axum::http::Method;

/// Every scope, in the order a form shows them.
pub const SCOPES: [&str; 11] =
    ["read", "lists", "campaigns", "members", "forum", "alerts", "library", "events", "letters", "webhooks", "admin"];

/// The part of the API a path belongs to (its scope); None for the token's own account (`/me`),
/// which any token may read.
pub fn scope_of(path: &str) -> Option<&'static str> {
    let rest = path.strip_prefix("/api/v1/")?;
    let first = rest.split('/').next().unwrap_or_default();
    Some(match first {
        "me" => return None,
        "lists" | "subscribers" | "segments" => "lists",
        "campaigns" => "campaigns",
        "members" | "organisations" | "applications" | "directory" => "members",
        "spaces" | "threads" | "forum" => "forum",
        "alerts" => "alerts",
        "library" | "resources" | "news" | "job-postings" => "library",
        "events" => "events",
        "letters" | "act" => "letters",
        "webhooks" => "webhooks",
        _ => "admin",
    })
}

/// Whether a token with these scopes may call this route (empty: every scope).
pub fn allows(scopes: &[&str], method: &Method, path: &str) -> bool {
    if scopes.is_empty() || scopes.contains(&"admin") {
        return true;
    }
    let Some(needed) = scope_of(path) else { return true };
    scopes.contains(&needed) || (scopes.contains(&"read") && (method == Method::GET || method == Method::HEAD))
}

/// Parses a space- or comma-separated list, keeping known scopes only, in their order.
pub fn parse(text: &str) -> Result<Vec<&'static str>, String> {
    let mut found = Vec::new();
    for word in text.split([' ', ',']).filter(|w| !w.is_empty()) {
        let scope = SCOPES.iter().find(|s| **s == word).ok_or_else(|| word.to_owned())?;
        if !found.contains(scope) {
            found.push(*scope);
        }
    }
    found.sort_by_key(|s| SCOPES.iter().position(|x| x == s));
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scope_opens_its_part_read_opens_reading_and_admin_everything() {
        assert!(allows(&["alerts"], &Method::POST, "/api/v1/alerts/3/publish"));
        assert!(!allows(&["alerts"], &Method::POST, "/api/v1/lists/news/subscribers"));
        assert!(allows(&["read"], &Method::GET, "/api/v1/campaigns/4"));
        assert!(!allows(&["read"], &Method::POST, "/api/v1/campaigns"));
        assert!(allows(&["forum"], &Method::GET, "/api/v1/me"));
        assert!(allows(&["admin"], &Method::DELETE, "/api/v1/webhooks/1"));
        assert!(allows(&[], &Method::DELETE, "/api/v1/webhooks/1"));
        assert_eq!(parse("lists, read alerts"), Ok(vec!["read", "lists", "alerts"]));
        assert_eq!(parse("lists,everything"), Err("everything".to_owned()));
    }
}
