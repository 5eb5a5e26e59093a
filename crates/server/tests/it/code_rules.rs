//! Rules of the code that a reviewer would otherwise have to remember: states are enums, so no
//! code or template compares a state or status with a string literal (a typo there compiles and
//! silently never matches).

use std::path::{Path, PathBuf};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join("..")
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().filter_map(|e| e.ok()) {
        let path = entry.path();
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs" || e == "html") {
            out.push(path);
        }
    }
}

/// `state == "x"`, `status != "x"`, `.state == &"x"`, `thread_state == "x"`: a state named by
/// its spelling instead of its enum.
fn compares_a_state_with_text(line: &str) -> bool {
    let compact: String = line.split_whitespace().collect::<Vec<_>>().join(" ");
    ["==", "!="].iter().any(|op| {
        compact.match_indices(op).any(|(at, _)| {
            let before = compact[..at].trim_end();
            let before =
                before.strip_suffix(".as_deref()").or_else(|| before.strip_suffix(".as_str()")).unwrap_or(before);
            let after = compact[at + op.len()..].trim_start().trim_start_matches('&');
            let after = after.strip_prefix("Some(").unwrap_or(after);
            let name: String =
                before.chars().rev().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect::<String>();
            let name: String = name.chars().rev().collect();
            (name.ends_with("state") || name.ends_with("status")) && after.starts_with('"')
        })
    })
}

#[test]
fn no_state_or_status_is_compared_with_a_string() {
    let mut found = Vec::new();
    for krate in std::fs::read_dir(workspace().join("crates")).expect("crates").filter_map(|e| e.ok()) {
        for part in ["src", "templates"] {
            let mut paths = Vec::new();
            files(&krate.path().join(part), &mut paths);
            for path in paths {
                let text = std::fs::read_to_string(&path).expect("source");
                for (n, line) in text.lines().enumerate() {
                    if compares_a_state_with_text(line) {
                        found.push(format!("{}:{}: {}", path.display(), n + 1, line.trim()));
                    }
                }
            }
        }
    }
    assert!(found.is_empty(), "compare the state's enum instead:\n{}", found.join("\n"));
}

#[test]
fn the_rule_sees_the_forms_it_forbids() {
    assert!(compares_a_state_with_text(r#"if post.state != "visible" {"#));
    assert!(compares_a_state_with_text(r#"{% if thread_state == "held" %}"#));
    assert!(compares_a_state_with_text(r#"rows.iter().filter(|m| m.status == "applied")"#));
    assert!(compares_a_state_with_text(r#"if job.state == &"failed""#));
    assert!(compares_a_state_with_text(r#"r.status.as_deref() == Some("subscribed")"#));
    assert!(compares_a_state_with_text(r#"if c.state.as_str() != "draft" {"#));
    assert!(!compares_a_state_with_text("if post.state != PostState::Visible {"));
    assert!(!compares_a_state_with_text(r#"if form.action == "grant" {"#));
}

/// Ids are typed at the row boundary (`platform::id_type!`): a row's or a view's id field, and
/// an id taken from a path, is never a bare integer, so a post id cannot be passed as a thread's.
#[test]
fn no_row_or_path_holds_a_bare_integer_id() {
    let mut paths = Vec::new();
    files(&workspace().join("crates"), &mut paths);
    let mut found = Vec::new();
    for path in paths
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "rs") && !p.components().any(|c| c.as_os_str() == "tests"))
    {
        let text = std::fs::read_to_string(path).expect("source");
        for (n, line) in text.lines().enumerate() {
            let line = line.trim();
            let field = line.strip_prefix("pub ").and_then(|rest| rest.split_once(": ")).is_some_and(|(name, ty)| {
                (name == "id" || name.ends_with("_id")) && (ty.starts_with("i64") || ty.starts_with("Option<i64>"))
            });
            if field || line.contains("Path<i64>") {
                found.push(format!("{}:{}: {line}", path.display(), n + 1));
            }
        }
    }
    assert!(found.is_empty(), "ids as bare integers: {found:#?}");
}
