//! Post bodies: Markdown through pulldown-cmark, then ammonia. No raw HTML survives; links get
//! `rel="nofollow ugc noopener"`; images only where the space allows them (otherwise their alt
//! text stays). Bombs are defused while parsing, in one linear pass: containers nested deeper than
//! [`MAX_DEPTH`] are flattened, links after the first [`MAX_LINKS`] become plain text, and the
//! body itself is at most [`crate::model::MAX_BODY`] bytes.

use std::collections::HashSet;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

pub const MAX_DEPTH: usize = 16;
pub const MAX_LINKS: usize = 200;

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
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
fn limited<'a>(markdown: &'a str, allow_images: bool) -> Vec<Event<'a>> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    // Depths at which a container was dropped, so its end is dropped too.
    let mut dropped_depths: Vec<usize> = Vec::new();
    let mut links = 0usize;
    let mut dropped_links = 0usize;
    let mut images_dropped = 0usize;
    for event in Parser::new_ext(markdown, options()) {
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
            Event::Start(Tag::Image { .. }) if !allow_images => images_dropped += 1,
            Event::End(TagEnd::Image) if images_dropped > 0 => images_dropped -= 1,
            // Raw HTML is shown as the text it is, never as markup.
            Event::Html(html) | Event::InlineHtml(html) => out.push(Event::Text(html)),
            other => out.push(other),
        }
    }
    out
}

/// The safe HTML of a post.
pub fn render(markdown: &str, allow_images: bool) -> String {
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, limited(markdown, allow_images).into_iter());
    let mut cleaner = ammonia::Builder::default();
    cleaner.link_rel(Some("nofollow ugc noopener"));
    cleaner.url_schemes(HashSet::from(["http", "https", "mailto"]));
    if allow_images {
        // Only images on this site: a remote one would make every reader's browser or feed
        // reader ask another host for it (and tell it who reads what).
        cleaner.attribute_filter(|element, attribute, value| {
            let remote = element == "img" && attribute == "src" && (!value.starts_with('/') || value.starts_with("//"));
            (!remote).then_some(value.into())
        });
    } else {
        cleaner.rm_tags(["img"]);
    }
    cleaner.clean(&html).to_string()
}

/// The words of a post, without markup: for the search index and mail previews.
pub fn plain_text(markdown: &str) -> String {
    let mut text = String::with_capacity(markdown.len());
    for event in Parser::new_ext(markdown, options()) {
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

/// A reply's opening quote of another post: its Markdown, each line behind `> `, after a line
/// naming its author as shown to everyone (so an anonymous author stays anonymous).
pub fn quote(author_shown: &str, markdown: &str) -> String {
    let mut out = format!("> **{}**\n>\n", author_shown.replace(['*', '_', '[', ']', '<', '>'], ""));
    for line in markdown.lines().take(40) {
        out.push_str("> ");
        out.push_str(line);
        out.push('\n');
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    use super::*;

    #[test]
    fn no_raw_html_and_safe_links() {
        let html = render(
            "<script>alert(1)</script>\n\n[x](javascript:alert(1)) [y](https://example.org) <img src=x onerror=alert(1)>",
            false,
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(!html.contains("href=\"javascript"), "{html}");
        assert!(html.contains(r#"rel="nofollow ugc noopener""#), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
    }

    #[test]
    fn images_only_where_allowed() {
        assert!(!render("![a cat](https://example.org/cat.png)", false).contains("<img"));
        assert!(render("![a cat](https://example.org/cat.png)", false).contains("a cat"));
        assert!(render("![a cat](/static/cat.png)", true).contains(r#"<img src="/static/cat.png""#));
        let remote = render("![a cat](https://example.org/cat.png) ![b](//example.org/b.png)", true);
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
            let html = render(&bomb, false);
            assert!(started.elapsed() < Duration::from_secs(2), "took {:?}", started.elapsed());
            assert!(html.matches("<blockquote>").count() <= MAX_DEPTH);
            assert!(html.matches("<a ").count() <= MAX_LINKS);
        }
    }

    #[test]
    fn quoting_keeps_the_shown_name_only() {
        assert_eq!(quote("anonymous member", "hello\nworld"), "> **anonymous member**\n>\n> hello\n> world\n\n");
    }
}
