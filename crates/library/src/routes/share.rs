//! A shared link in one language: `/news/{slug}?lang=fr` opens (and previews, through its
//! OpenGraph tags) in French whatever the reader's own choice, so a link posted in French reads in
//! French. The language switch then returns to the page without the query, where the reader's own
//! choice holds again.

use rendezvous_platform::i18n::Lang;
use rendezvous_platform::web::PageContext;

/// Renders the page in the language the link asks for, if it asks.
pub(crate) fn shared_link_language(ctx: &mut PageContext, asked: Option<Lang>, path: String) {
    if let Some(lang) = asked {
        ctx.lang = lang;
        ctx.path = path;
    }
}

/// OpenGraph's name of a language (the network is Canadian).
pub(crate) fn og_locale(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "en_CA",
        Lang::Fr => "fr_CA",
    }
}
