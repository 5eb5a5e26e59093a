//! Markdown to safe HTML, one renderer for every feature: pulldown-cmark, then ammonia, with
//! limits against Markdown bombs applied while parsing, in one linear pass (containers nested
//! deeper than [`MAX_DEPTH`] are flattened, links after the first [`MAX_LINKS`] become plain
//! text). What differs between features — images, raw HTML, the links' `rel` — is a [`Policy`].
//! Callers bound the input's size (a post, a campaign body) before it gets here.

use std::collections::HashSet;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

pub const MAX_DEPTH: usize = 16;
pub const MAX_LINKS: usize = 200;

/// Which images survive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Images {
    /// None: their alt text stays.
    None,
    /// Only images on this site: a remote one would make every reader's browser or feed reader
    /// ask another host for it (and tell it who reads what).
    SameSite,
    /// Any (mail, where the reader's client decides whether to load them).
    Any,
}

/// What a feature lets through.
#[derive(Debug, Clone, Copy)]
pub struct Policy {
    pub images: Images,
    /// The `rel` every link gets.
    pub link_rel: &'static str,
    /// Raw HTML goes through the sanitiser (its safe part stays) instead of being shown as text.
    pub sanitised_html: bool,
    /// Only http, https and mailto links (others lose their address).
    pub web_links_only: bool,
    pub strikethrough: bool,
}

/// People's posts: no images, no HTML, links marked as user content.
pub const TEXT: Policy = Policy {
    images: Images::None,
    link_rel: "nofollow ugc noopener",
    sanitised_html: false,
    web_links_only: true,
    strikethrough: true,
};

/// People's posts where images of this site are allowed.
pub const WITH_LOCAL_IMAGES: Policy = Policy { images: Images::SameSite, ..TEXT };

/// Campaign mail written by staff: images, safe HTML and tables as mail has them.
pub const MAIL: Policy = Policy {
    images: Images::Any,
    link_rel: "noopener noreferrer",
    sanitised_html: true,
    web_links_only: false,
    strikethrough: false,
};

fn options(policy: &Policy) -> Options {
    let mut options = Options::ENABLE_TABLES;
    if policy.strikethrough {
        options |= Options::ENABLE_STRIKETHROUGH;
    }
    options
}

/// True for tags that nest (and so can be stacked into a bomb).
fn is_container(tag: &Tag<'_>) -> bool {
    matches!(tag, Tag::BlockQuote(_) | Tag::List(_) | Tag::Item | Tag::Emphasis | Tag::Strong | Tag::Strikethrough)
}

fn is_container_end(tag: &TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::BlockQuote(_)
            | TagEnd::List(_)
            | TagEnd::Item
            | TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
    )
}

/// The events to render, with the limits applied.
fn limited<'a>(markdown: &'a str, policy: &Policy) -> Vec<Event<'a>> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    // Depths at which a container was dropped, so its end is dropped too.
    let mut dropped_depths: Vec<usize> = Vec::new();
    let mut links = 0usize;
    let mut dropped_links = 0usize;
    let mut images_dropped = 0usize;
    for event in Parser::new_ext(markdown, options(policy)) {
        match event {
            Event::Start(ref tag) if is_container(tag) => {
                depth += 1;
                if depth > MAX_DEPTH {
                    dropped_depths.push(depth);
                    // Keep the words of a flattened list item apart.
                    if matches!(tag, Tag::Item) {
                        out.push(Event::Text(" ".into()));
                    }
                    continue;
                }
                out.push(event);
            }
            Event::End(ref tag) if is_container_end(tag) => {
                if dropped_depths.last() == Some(&depth) {
                    dropped_depths.pop();
                } else {
                    out.push(event);
                }
                depth = depth.saturating_sub(1);
            }
            Event::Start(Tag::Link { .. }) => {
                links += 1;
                if links > MAX_LINKS {
                    dropped_links += 1;
                    continue;
                }
                out.push(event);
            }
            Event::End(TagEnd::Link) => {
                if dropped_links > 0 {
                    dropped_links -= 1;
                    continue;
                }
                out.push(event);
            }
            Event::Start(Tag::Image { .. }) if policy.images == Images::None => images_dropped += 1,
            Event::End(TagEnd::Image) if images_dropped > 0 => images_dropped -= 1,
            // Raw HTML is shown as the text it is, never as markup (unless the policy lets the
            // sanitiser keep its safe part).
            Event::Html(html) | Event::InlineHtml(html) if !policy.sanitised_html => out.push(Event::Text(html)),
            other => out.push(other),
        }
    }
    out
}

/// The safe HTML of a text, under `policy`.
pub fn render(markdown: &str, policy: &Policy) -> String {
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, limited(markdown, policy).into_iter());
    let mut cleaner = ammonia::Builder::default();
    cleaner.link_rel(Some(policy.link_rel));
    if policy.web_links_only {
        cleaner.url_schemes(HashSet::from(["http", "https", "mailto"]));
    }
    match policy.images {
        Images::None => {
            cleaner.rm_tags(["img"]);
        }
        Images::SameSite => {
            cleaner.attribute_filter(|element, attribute, value| {
                let remote =
                    element == "img" && attribute == "src" && (!value.starts_with('/') || value.starts_with("//"));
                (!remote).then_some(value.into())
            });
        }
        Images::Any => {}
    }
    cleaner.clean(&html).to_string()
}

/// The words of a text, without markup: for search indexes and mail previews.
pub fn plain_text(markdown: &str) -> String {
    let mut text = String::with_capacity(markdown.len());
    for event in Parser::new_ext(markdown, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH) {
        match event {
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                text.push_str(&t);
                text.push(' ');
            }
            Event::SoftBreak | Event::HardBreak | Event::End(_) => text.push(' '),
            _ => {}
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    use super::*;

    #[test]
    fn no_raw_html_and_safe_links() {
        let html = render(
            "<script>alert(1)</script>\n\n[x](javascript:alert(1)) [y](https://example.org) <img src=x onerror=alert(1)>",
            &TEXT,
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(!html.contains("href=\"javascript"), "{html}");
        assert!(html.contains(r#"rel="nofollow ugc noopener""#), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
    }

    #[test]
    fn images_only_where_allowed() {
        assert!(!render("![a cat](https://example.org/cat.png)", &TEXT).contains("<img"));
        assert!(render("![a cat](https://example.org/cat.png)", &TEXT).contains("a cat"));
        assert!(render("![a cat](/static/cat.png)", &WITH_LOCAL_IMAGES).contains(r#"<img src="/static/cat.png""#));
        let remote = render("![a cat](https://example.org/cat.png) ![b](//example.org/b.png)", &WITH_LOCAL_IMAGES);
        assert!(!remote.contains("example.org"), "no image from another host: {remote}");
    }

    #[test]
    fn bombs_render_fast_and_flat() {
        let bombs = [
            ">".repeat(60_000),
            "- ".repeat(30_000),
            "*".repeat(60_000),
            "[a](http://a.b) ".repeat(4_000),
            "|a|b|c|\n|-|-|-|\n".to_owned() + &"|1|2|3|\n".repeat(9_000),
            "[".repeat(60_000),
            "*a **".repeat(12_000),
        ];
        for bomb in bombs {
            let started = Instant::now();
            let html = render(&bomb, &TEXT);
            assert!(started.elapsed() < Duration::from_secs(2), "took {:?}", started.elapsed());
            assert!(html.matches("<blockquote>").count() <= MAX_DEPTH);
            assert!(html.matches("<a ").count() <= MAX_LINKS);
        }
    }

    #[test]
    fn mail_keeps_images_and_safe_html_links_open_nothing() {
        let html = render("![logo](https://example.org/logo.png) <b>bold</b> [x](https://example.org)", &MAIL);
        assert!(html.contains(r#"<img src="https://example.org/logo.png""#), "{html}");
        assert!(html.contains("<b>bold</b>"), "{html}");
        assert!(html.contains(r#"rel="noopener noreferrer""#), "{html}");
        assert!(!render("<script>alert(1)</script>", &MAIL).contains("<script"));
    }
}
