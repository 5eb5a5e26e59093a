//! A directory search as it arrives in a query string (page or API), checked into a [`Search`].

use rendezvous_platform::geo::Province;
use rendezvous_platform::web::FieldErrors;
use serde::Deserialize;

use crate::directory::Search;
use crate::model::{LANGUAGES, MAX_NAME, Service};

#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchQuery {
    /// Name or city.
    #[serde(default)]
    pub q: String,
    /// Province or territory code, e.g. QC.
    #[serde(default)]
    pub province: String,
    #[serde(default)]
    pub city: String,
    /// A category's slug.
    #[serde(default)]
    pub category: String,
    /// A service's slug (organisations).
    #[serde(default)]
    pub service: String,
    /// en, fr or other.
    #[serde(default)]
    pub language: String,
    #[param(minimum = 1)]
    pub page: Option<usize>,
}

impl SearchQuery {
    pub fn parse(&self) -> Result<Search, FieldErrors> {
        let mut errors = FieldErrors::default();
        if self.q.chars().count() > MAX_NAME {
            errors.add("q", "members-error-too-long");
        }
        if self.city.chars().count() > MAX_NAME {
            errors.add("city", "members-error-too-long");
        }
        let province = match self.province.trim() {
            "" => None,
            p => {
                let parsed = Province::parse(p);
                if parsed.is_none() {
                    errors.add("province", "members-error-province");
                }
                parsed
            }
        };
        let service = match self.service.trim() {
            "" => None,
            s => {
                let parsed = Service::parse(s);
                if parsed.is_none() {
                    errors.add("service", "members-error-service");
                }
                parsed
            }
        };
        let language = match self.language.trim() {
            "" => None,
            l if LANGUAGES.contains(&l) => Some(l.to_owned()),
            _ => {
                errors.add("language", "members-error-language");
                None
            }
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Search {
            text: self.q.trim().to_owned(),
            province,
            city: self.city.trim().to_owned(),
            category: Some(self.category.trim().to_owned()).filter(|c| !c.is_empty()),
            service,
            language,
        })
    }

    /// The directory's own address for page `n` of this search (previous and next links).
    pub fn href_for_page(&self, n: usize) -> String {
        let mut out = url::form_urlencoded::Serializer::new(String::new());
        for (key, value) in [
            ("q", &self.q),
            ("province", &self.province),
            ("city", &self.city),
            ("category", &self.category),
            ("service", &self.service),
            ("language", &self.language),
        ] {
            if !value.is_empty() {
                out.append_pair(key, value);
            }
        }
        out.append_pair("page", &n.to_string());
        format!("/directory?{}", out.finish())
    }

    pub fn page(&self) -> usize {
        self.page.unwrap_or(1).clamp(1, 10_000)
    }
}
