//! Each crate's SQL names only its own tables: what another crate keeps is reached through a named
//! function of the owner. The owner of every table comes from the migrations: a migration is named
//! `NNNN_<crate>_what.sql` (the few older ones are listed below).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Migrations that landed before the naming rule, with the crate that owns their tables.
const OLDER_MIGRATIONS: &[(&str, &str)] = &[
    ("0003_settings", "platform"),
    ("0005_bounces", "newsletter"),
    ("0006_campaigns", "newsletter"),
    ("0007_campaign_controls", "newsletter"),
    ("0008_campaign_bounces", "newsletter"),
    ("0010_inbound_seen", "newsletter"),
    ("0012_forum_notify", "forum"),
    ("0013_member_invitations", "members"),
    ("0014_deliveries_by_subscriber", "newsletter"),
];

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join("..")
}

fn crates() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(workspace().join("crates"))
        .expect("crates dir")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().join("Cargo.toml").exists())
        .filter_map(|e| e.file_name().to_str().map(str::to_owned))
        .collect();
    names.sort();
    names
}

/// The crate a migration belongs to, from its name.
fn owner_of(stem: &str, crates: &[String]) -> String {
    if let Some((_, owner)) = OLDER_MIGRATIONS.iter().find(|(name, _)| *name == stem) {
        return (*owner).to_owned();
    }
    let rest = stem.split_once('_').map(|(_, rest)| rest).unwrap_or_default();
    crates
        .iter()
        .find(|c| rest == c.as_str() || rest.starts_with(&format!("{c}_")))
        .cloned()
        .unwrap_or_else(|| panic!("migration {stem}: name it NNNN_<owning crate>_what.sql"))
}

/// Every table the migrations create, with its owner.
fn table_owners(crates: &[String]) -> BTreeMap<String, String> {
    let dir = workspace().join("crates/platform/migrations/sqlite");
    let mut owners = BTreeMap::new();
    for entry in std::fs::read_dir(dir).expect("migrations").filter_map(|e| e.ok()) {
        let path = entry.path();
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_owned();
        let owner = owner_of(&stem, crates);
        let sql = std::fs::read_to_string(&path).expect("migration");
        for table in tables_after(&sql, &["table"]) {
            if sql.to_lowercase().contains(&format!("create table {table}"))
                || sql.to_lowercase().contains(&format!("create table if not exists {table}"))
            {
                owners.insert(table, owner.clone());
            }
        }
    }
    owners
}

/// The identifiers that follow one of `keywords` (case-insensitive) in `sql`.
fn tables_after(sql: &str, keywords: &[&str]) -> Vec<String> {
    let words: Vec<String> = sql
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    words
        .windows(2)
        .filter(|pair| keywords.contains(&pair[0].as_str()))
        .map(|pair| pair[1].clone())
        .filter(|w| !matches!(w.as_str(), "if" | "not" | "exists" | "select"))
        .collect()
}

/// The string literals of a Rust source (plain and raw), as written.
fn string_literals(source: &str) -> Vec<(usize, String)> {
    let bytes = source.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'\'' => {
                // A char literal ('"' included) or a lifetime: step over it.
                if bytes.get(i + 2) == Some(&b'\'') {
                    i += 3;
                } else if bytes.get(i + 1) == Some(&b'\\') && bytes.get(i + 3) == Some(&b'\'') {
                    i += 4;
                } else {
                    i += 1;
                }
            }
            b'r' if bytes.get(i + 1) == Some(&b'#') || (bytes.get(i + 1) == Some(&b'"') && !ident_byte(bytes, i)) => {
                let hashes = bytes[i + 1..].iter().take_while(|&&b| b == b'#').count();
                let open = i + 1 + hashes;
                if bytes.get(open) != Some(&b'"') {
                    i += 1;
                    continue;
                }
                let close = format!("\"{}", "#".repeat(hashes));
                let end = source[open + 1..].find(&close).map(|e| open + 1 + e).unwrap_or(bytes.len());
                found.push((line_of(source, i), source[open + 1..end].to_owned()));
                i = end + close.len();
            }
            b'"' => {
                let start = i + 1;
                let mut j = start;
                while j < bytes.len() && bytes[j] != b'"' {
                    j += if bytes[j] == b'\\' { 2 } else { 1 };
                }
                found.push((line_of(source, i), source[start..j.min(bytes.len())].to_owned()));
                i = j + 1;
            }
            _ => i += 1,
        }
    }
    found
}

fn ident_byte(bytes: &[u8], i: usize) -> bool {
    i > 0 && (bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_')
}

fn line_of(source: &str, offset: usize) -> usize {
    source[..offset].matches('\n').count() + 1
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().filter_map(|e| e.ok()) {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

const SQL_VERBS: &[&str] = &["select ", "insert ", "update ", "delete ", "create "];

/// Where a crate's SQL names a table that another crate owns.
fn foreign_tables(owners: &BTreeMap<String, String>, crates: &[String]) -> Vec<String> {
    let mut problems = Vec::new();
    // testkit is test support: it may read any table, as tests do.
    for name in crates.iter().filter(|c| c.as_str() != "testkit") {
        let mut files = Vec::new();
        rust_files(&workspace().join("crates").join(name).join("src"), &mut files);
        for file in files {
            let source = std::fs::read_to_string(&file).expect("source");
            for (line, literal) in string_literals(&source) {
                let lower = literal.to_lowercase();
                if !SQL_VERBS.iter().any(|verb| lower.contains(verb)) {
                    continue;
                }
                for table in tables_after(&literal, &["from", "join", "into", "update", "table"]) {
                    match owners.get(&table) {
                        Some(owner) if owner != name => problems.push(format!(
                            "crates/{name}/{}:{line} names {owner}'s table {table}",
                            file.strip_prefix(workspace().join("crates").join(name)).unwrap_or(&file).display()
                        )),
                        _ => {}
                    }
                }
            }
        }
    }
    problems
}

#[test]
fn every_table_has_one_owning_crate_named_by_its_migration() {
    let crates = crates();
    let owners = table_owners(&crates);
    for table in ["jobs", "users", "subscribers", "memberships", "forum_posts", "deliveries", "inbound_seen"] {
        assert!(owners.contains_key(table), "{table} missing from {owners:?}");
    }
    assert_eq!(owners["users"], "accounts");
    assert_eq!(owners["deliveries"], "newsletter");
    assert_eq!(owners["member_invitations"], "members");
}

#[test]
fn no_crate_names_another_crates_table_in_its_sql() {
    let crates = crates();
    let problems = foreign_tables(&table_owners(&crates), &crates);
    assert!(problems.is_empty(), "SQL reaching into another crate's tables:\n{}", problems.join("\n"));
}

#[test]
fn the_scan_sees_sql_in_plain_raw_and_multi_line_literals() {
    let source = "let a = \"SELECT 1 FROM users WHERE x = 'y'\";\nlet b = r#\"UPDATE jobs\n SET a = \"q\"\"#;\nlet c = '\"'; let d = \"INSERT INTO lists\";";
    let literals = string_literals(source);
    let tables: Vec<String> =
        literals.iter().flat_map(|(_, l)| tables_after(l, &["from", "join", "into", "update", "table"])).collect();
    assert_eq!(tables, ["users", "jobs", "lists"]);
    assert_eq!(literals[1].0, 2);
}
