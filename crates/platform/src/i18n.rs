//! Both official languages. Every feature ships Fluent files under `locales/{en,fr}/` and hands
//! its loader to the [`Translator`]; a message id missing in one language fails a test.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex, RwLock};

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{Loader, StaticLoader};
use serde::Serialize;
use unic_langid::LanguageIdentifier;

fluent_templates::static_loader! {
    pub static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    En,
    Fr,
}

impl utoipa::PartialSchema for Lang {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        crate::api::text_enum(&["en", "fr"])
    }
}

impl utoipa::ToSchema for Lang {}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "en" | "english" | "anglais" => Some(Lang::En),
            "fr" | "french" | "français" | "francais" => Some(Lang::Fr),
            _ => None,
        }
    }

    pub fn other(self) -> Self {
        match self {
            Lang::En => Lang::Fr,
            Lang::Fr => Lang::En,
        }
    }

    /// The language's own name, as the switch link shows it.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Fr => "Français",
        }
    }

    fn langid(self) -> LanguageIdentifier {
        match self {
            Lang::En => unic_langid::langid!("en"),
            Lang::Fr => unic_langid::langid!("fr"),
        }
    }

    /// The best of our languages for an `Accept-Language` header, if it names one.
    pub fn from_accept_language(header: &str) -> Option<Self> {
        let mut best: Option<(f32, Lang)> = None;
        for part in header.split(',') {
            let mut pieces = part.trim().split(';');
            let tag = pieces.next().unwrap_or_default().trim();
            let q = pieces.find_map(|p| p.trim().strip_prefix("q=").and_then(|q| q.parse::<f32>().ok())).unwrap_or(1.0);
            let primary = tag.split('-').next().unwrap_or_default();
            if let Some(lang) = Lang::parse(primary).filter(|_| q > 0.0)
                && best.is_none_or(|(bq, _)| q > bq)
            {
                best = Some((q, lang));
            }
        }
        best.map(|(_, lang)| lang)
    }
}

/// One language's messages without arguments, by id.
type Remembered = RwLock<HashMap<Box<str>, Arc<str>>>;

/// Looks messages up across the loaders of every feature.
#[derive(Clone)]
pub struct Translator {
    loaders: Arc<Vec<&'static StaticLoader>>,
    /// Ids asked for that no loader has: logged once each, and read by the tests, which fail on
    /// any (an id built at run time, or returned by a function, escapes a scan of the source).
    missing: Arc<Mutex<BTreeSet<String>>>,
    /// Messages without arguments once looked up, by language: a page asks for the same labels
    /// on every post, and each Fluent look-up walks every feature's bundle. As many entries as
    /// the code has message ids, so it stays small.
    plain: Arc<[Remembered; 2]>,
}

impl Translator {
    pub fn new(feature_loaders: &[&'static StaticLoader]) -> Self {
        let mut loaders = vec![&*LOCALES];
        loaders.extend_from_slice(feature_loaders);
        Self { loaders: Arc::new(loaders), missing: Arc::default(), plain: Arc::default() }
    }

    /// The message, or its id when no loader has it (so a gap shows instead of a blank).
    pub fn t(&self, lang: Lang, id: &str) -> String {
        let plain = &self.plain[lang as usize];
        if let Some(text) = plain.read().ok().and_then(|m| m.get(id).cloned()) {
            return text.as_ref().to_owned();
        }
        let text = self.lookup(lang, id, None);
        if self.has(id)
            && let Ok(mut m) = plain.write()
        {
            m.insert(id.into(), text.as_str().into());
        }
        text
    }

    pub fn t_args(&self, lang: Lang, id: &str, args: &[(&str, &str)]) -> String {
        let map: HashMap<Cow<'static, str>, FluentValue> =
            args.iter().map(|(k, v)| (Cow::Owned((*k).to_owned()), FluentValue::from(v.to_string()))).collect();
        self.lookup(lang, id, Some(&map))
    }

    pub fn t_count(&self, lang: Lang, id: &str, name: &str, count: i64) -> String {
        let mut map: HashMap<Cow<'static, str>, FluentValue> = HashMap::new();
        map.insert(Cow::Owned(name.to_owned()), FluentValue::from(count));
        self.lookup(lang, id, Some(&map))
    }

    /// Like [`Translator::t_count`], with `$shown` holding the count as the language writes it
    /// ([`format_number`]): Fluent prints numbers without grouping, so the message shows `$shown`
    /// and still chooses its plural by `$name`.
    pub fn t_number(&self, lang: Lang, id: &str, name: &str, count: i64) -> String {
        let mut map: HashMap<Cow<'static, str>, FluentValue> = HashMap::new();
        map.insert(Cow::Owned(name.to_owned()), FluentValue::from(count));
        map.insert(Cow::Borrowed("shown"), FluentValue::from(format_number(lang, count)));
        self.lookup(lang, id, Some(&map))
    }

    pub fn has(&self, id: &str) -> bool {
        self.loaders.iter().any(|l| l.try_lookup(&Lang::En.langid(), id).is_some())
    }

    /// The ids looked up so far that no loader has, in order.
    pub fn missing(&self) -> Vec<String> {
        self.missing.lock().map(|m| m.iter().cloned().collect()).unwrap_or_default()
    }

    fn lookup(&self, lang: Lang, id: &str, args: Option<&HashMap<Cow<'static, str>, FluentValue>>) -> String {
        let langid = lang.langid();
        self.loaders.iter().find_map(|l| l.try_lookup_complete(&langid, id, args)).unwrap_or_else(|| {
            if let Ok(mut missing) = self.missing.lock()
                && missing.insert(id.to_owned())
            {
                tracing::warn!(id, "a message id has no message");
            }
            id.to_owned()
        })
    }
}

/// A whole number with the language's thousands separator: `1,204` in English, `1 204` in French
/// with a narrow no-break space (U+202F), so a figure never breaks across lines.
pub fn format_number(lang: Lang, n: i64) -> String {
    let separator = match lang {
        Lang::En => ',',
        Lang::Fr => '\u{202f}',
    };
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_grouped_by_thousands_as_each_language_writes_them() {
        assert_eq!(format_number(Lang::En, 1204), "1,204");
        assert_eq!(format_number(Lang::Fr, 1204), "1\u{202f}204");
        assert_eq!(format_number(Lang::En, 380), "380");
        assert_eq!(format_number(Lang::En, 0), "0");
        assert_eq!(format_number(Lang::En, 1_234_567), "1,234,567");
        assert_eq!(format_number(Lang::Fr, 1_234_567), "1\u{202f}234\u{202f}567");
        assert_eq!(format_number(Lang::En, -12_345), "-12,345");
        assert_eq!(format_number(Lang::En, i64::MIN), "-9,223,372,036,854,775,808");
    }

    #[test]
    fn accept_language_prefers_the_highest_quality_known_language() {
        assert_eq!(Lang::from_accept_language("fr-CA,fr;q=0.9,en;q=0.8"), Some(Lang::Fr));
        assert_eq!(Lang::from_accept_language("de-DE, en;q=0.5, fr;q=0.7"), Some(Lang::Fr));
        assert_eq!(Lang::from_accept_language("en-GB"), Some(Lang::En));
        assert_eq!(Lang::from_accept_language("de, es"), None);
        assert_eq!(Lang::from_accept_language("fr;q=0"), None);
    }

    #[test]
    fn platform_messages_exist_in_both_languages() {
        let tr = Translator::new(&[]);
        assert_eq!(tr.t(Lang::En, "error-not-found-title"), "Page not found");
        assert_eq!(tr.t(Lang::Fr, "error-not-found-title"), "Page introuvable");
    }

    #[test]
    fn a_remembered_message_stays_in_its_language_and_a_missing_one_is_still_reported() {
        let translator = Translator::new(&[]);
        for _ in 0..2 {
            assert_eq!(translator.t(Lang::Fr, "error-not-found-title"), "Page introuvable");
            assert_eq!(translator.t(Lang::En, "error-not-found-title"), "Page not found");
            assert_eq!(translator.t(Lang::En, "no-such-message-id"), "no-such-message-id");
        }
        assert_eq!(translator.missing(), ["no-such-message-id"]);
    }
}
