//! Both languages everywhere: every Fluent message id exists in en and fr, and the two migration
//! folders list the same versions.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn crates_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("crates dir").to_owned()
}

/// Message ids defined in the .ftl files of one language folder.
fn message_ids(dir: &Path) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    let Ok(entries) = std::fs::read_dir(dir) else { return ids };
    for entry in entries.flatten() {
        let text = std::fs::read_to_string(entry.path()).expect("read ftl");
        for line in text.lines() {
            let starts_entry = line.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
            if let Some((id, _)) = line.split_once('=').filter(|_| starts_entry) {
                ids.insert(id.trim().to_owned());
            }
        }
    }
    ids
}

#[test]
fn every_message_exists_in_english_and_french() {
    let mut checked = 0;
    for entry in std::fs::read_dir(crates_dir()).expect("crates").flatten() {
        let locales = entry.path().join("locales");
        if !locales.exists() {
            continue;
        }
        let (en, fr) = (message_ids(&locales.join("en")), message_ids(&locales.join("fr")));
        let only_en: Vec<_> = en.difference(&fr).collect();
        let only_fr: Vec<_> = fr.difference(&en).collect();
        assert!(only_en.is_empty(), "{}: only in English: {only_en:?}", entry.path().display());
        assert!(only_fr.is_empty(), "{}: only in French: {only_fr:?}", entry.path().display());
        checked += en.len();
    }
    assert!(checked > 100, "found only {checked} messages: is the scan looking in the right place?");
}

#[test]
fn every_message_id_used_in_code_and_templates_exists() {
    let mut known = BTreeSet::new();
    let mut scan = Scan::default();
    for entry in std::fs::read_dir(crates_dir()).expect("crates").flatten() {
        known.extend(message_ids(&entry.path().join("locales").join("en")));
        scan.dir(&entry.path().join("templates"));
        scan.dir(&entry.path().join("src"));
    }
    assert!(scan.used.len() > 500, "found only {} ids: is the scan looking in the right place?", scan.used.len());
    let missing: Vec<_> = scan.used.iter().filter(|(id, _)| !known.contains(*id)).collect();
    assert!(missing.is_empty(), "message ids used but not defined: {missing:?}");
    assert!(
        scan.unresolved.is_empty(),
        "message ids built at run time (write each id out, e.g. in a match, so it can be checked):\n{}",
        scan.unresolved.join("\n")
    );
}

/// The message ids a source tree uses, and the places where an id is built where no scan can
/// read it. What the scan reads as ids:
/// - the id argument of every translator call (`ctx.t`, `t1`, `tn`, `tr.t`, `t_args`, `t_count`),
///   of flashes, field errors and `BadRequest`: a literal is checked, a `format!` is refused;
/// - every literal given to a field or binding named `..._id` (`label_id: "nav-lists"`);
/// - every literal in a function named `..._id`, `label...` or `ids` (the functions that map a
///   value to its message, such as `Status::label_id`).
///
/// An id held in a variable is one of those; the tests' run-time check (TestApp fails on a lookup
/// of a missing id) covers what only runs.
#[derive(Default)]
struct Scan {
    used: std::collections::BTreeMap<String, String>,
    unresolved: Vec<String>,
}

impl Scan {
    fn dir(&mut self, dir: &Path) {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                self.dir(&path);
            } else if path.extension().is_some_and(|e| e == "rs" || e == "html") {
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                self.file(&path.display().to_string(), &text);
            }
        }
    }

    fn file(&mut self, name: &str, text: &str) {
        self.calls(name, text);
        for (n, line) in text.lines().enumerate() {
            let place = format!("{name}:{}", n + 1);
            // `something_id: "x-y"` and `let something_id = "x-y"`.
            for (at, _) in line.match_indices("_id") {
                let rest = line[at + 3..].trim_start();
                let rest = rest.strip_prefix(':').or_else(|| rest.strip_prefix('=')).map(str::trim_start);
                if let Some(id) = rest.and_then(leading_literal) {
                    self.use_id(id, &place);
                }
            }
        }
        self.id_functions(name, text);
    }

    /// Translator calls and their kin.
    fn calls(&mut self, name: &str, text: &str) {
        // (marker, which argument is the id)
        const CALLS: &[(&str, usize)] = &[
            ("ctx.t(", 0),
            ("ctx.t1(", 0),
            ("ctx.tn(", 0),
            ("ctx.tnum(", 0),
            ("tr.t_number(", 1),
            ("tr.t(", 1),
            ("tr.t_args(", 1),
            ("tr.t_count(", 1),
            ("redirect_with_flash(", 1),
            ("BadRequest(", 0),
            ("errors.add(", 1),
        ];
        for (marker, index) in CALLS {
            for (at, _) in text.match_indices(marker) {
                let args = arguments(&text[at + marker.len()..]);
                let Some(arg) = args.get(*index) else { continue };
                let place = format!("{name}:{}", text[..at].matches('\n').count() + 1);
                if arg.contains("format!") {
                    self.unresolved.push(format!("{place}: {marker}{arg}"));
                } else if let Some(id) = leading_literal(arg) {
                    self.use_id(id, &place);
                }
            }
        }
    }

    /// Functions that turn a value into its message id: every id-shaped literal in their body.
    fn id_functions(&mut self, name: &str, text: &str) {
        for (at, _) in text.match_indices("fn ") {
            let fn_name: String = text[at + 3..].chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            if !(fn_name.ends_with("_id") || fn_name.starts_with("label") || fn_name == "ids") {
                continue;
            }
            let Some(open) = text[at..].find('{').map(|o| at + o) else { continue };
            let body = block(&text[open..]);
            for literal in body.split('"').skip(1).step_by(2) {
                if looks_like_id(literal) {
                    self.use_id(literal, &format!("{name}: fn {fn_name}"));
                }
            }
        }
    }

    fn use_id(&mut self, id: &str, place: &str) {
        if looks_like_id(id) {
            self.used.entry(id.to_owned()).or_insert_with(|| place.to_owned());
        }
    }
}

fn looks_like_id(s: &str) -> bool {
    s.contains('-')
        && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && s.starts_with(|c: char| c.is_ascii_lowercase())
}

/// The string literal an expression starts with (`"x-y"`, `&"x-y"`), if it is one.
fn leading_literal(expr: &str) -> Option<&str> {
    let expr = expr.trim_start().trim_start_matches('&');
    expr.strip_prefix('"').and_then(|rest| rest.split('"').next())
}

/// The top-level arguments of a call, from just after its `(`.
fn arguments(text: &str) -> Vec<String> {
    let (mut depth, mut in_string, mut current, mut out) = (0i32, false, String::new(), Vec::new());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' if in_string => {
                current.push(c);
                if let Some(next) = chars.next() {
                    current.push(next);
                }
                continue;
            }
            '"' => in_string = !in_string,
            '(' | '[' | '{' if !in_string => depth += 1,
            ')' | ']' | '}' if !in_string => {
                if depth == 0 {
                    out.push(current.trim().to_owned());
                    return out;
                }
                depth -= 1;
            }
            ',' if !in_string && depth == 0 => {
                out.push(current.trim().to_owned());
                current.clear();
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    out
}

/// A `{ ... }` block from its opening brace (braces in strings are rare enough in these bodies).
fn block(text: &str) -> &str {
    let mut depth = 0;
    for (i, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return &text[..=i];
                }
            }
            _ => {}
        }
    }
    text
}

#[test]
fn the_scan_reads_calls_fields_and_id_functions_and_refuses_built_ids() {
    let mut scan = Scan::default();
    scan.file(
        "sample.rs",
        r#"
        let a = ctx.t("typo-in-a-title");
        let b = state.tr.t_args(lang, "mail-subject-x", &[("name", n)]);
        let c = NavLink { label_id: "nav-thing", href: "/x" };
        fn label_id(self) -> &'static str { match self { A => "state-a", B => "state-b" } }
        let d = state.tr.t(lang, &format!("{prefix}-body"));
        let e = ctx.t(message);
        "#,
    );
    let used: Vec<&str> = scan.used.keys().map(String::as_str).collect();
    assert_eq!(used, ["mail-subject-x", "nav-thing", "state-a", "state-b", "typo-in-a-title"]);
    assert_eq!(scan.unresolved.len(), 1, "{:?}", scan.unresolved);
    assert!(scan.unresolved[0].contains("format!"));
}

#[test]
fn both_migration_folders_list_the_same_versions() {
    let folder = crates_dir().join("platform").join("migrations");
    let versions = |backend: &str| -> BTreeSet<String> {
        std::fs::read_dir(folder.join(backend))
            .expect("migrations folder")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect()
    };
    let (sqlite, postgres) = (versions("sqlite"), versions("postgres"));
    assert!(!sqlite.is_empty());
    assert_eq!(sqlite, postgres);
}
