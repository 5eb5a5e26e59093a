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
    let mut used = BTreeSet::new();
    for entry in std::fs::read_dir(crates_dir()).expect("crates").flatten() {
        known.extend(message_ids(&entry.path().join("locales").join("en")));
        collect_used(&entry.path().join("templates"), &mut used);
        collect_used(&entry.path().join("src"), &mut used);
    }
    let missing: Vec<_> = used.difference(&known).collect();
    assert!(missing.is_empty(), "message ids used but not defined: {missing:?}");
}

/// Ids in `ctx.t("...")` and its kin, in error and flash calls, and in field errors.
fn collect_used(dir: &Path, used: &mut BTreeSet<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_used(&path, used);
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        for marker in
            ["ctx.t(\"", "ctx.t1(\"", "ctx.tn(\"", "redirect_with_flash(\"/", "BadRequest(\"", "errors.add(\""]
        {
            for piece in text.split(marker).skip(1) {
                let id = if marker.starts_with("redirect") || marker.starts_with("errors") {
                    piece.split("\", \"").nth(1).and_then(|p| p.split('"').next())
                } else {
                    piece.split('"').next()
                };
                if let Some(id) = id.filter(|id| id.contains('-') && !id.contains(' ') && !id.contains('{')) {
                    used.insert(id.to_owned());
                }
            }
        }
    }
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
