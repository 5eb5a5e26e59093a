//! The forum's Markdown: platform's renderer with the posts' policy (no raw HTML, links marked
//! as user content, images only of this site and only where the space allows them), and the
//! quote a reply opens with.

use rendezvous_platform::markdown::{self, TEXT, WITH_LOCAL_IMAGES};

pub use rendezvous_platform::markdown::plain_text;

/// The safe HTML of a post.
pub fn render(markdown: &str, allow_images: bool) -> String {
    markdown::render(markdown, if allow_images { &WITH_LOCAL_IMAGES } else { &TEXT })
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
    use super::*;

    #[test]
    fn quoting_keeps_the_shown_name_only() {
        assert_eq!(quote("anonymous member", "hello\nworld"), "> **anonymous member**\n>\n> hello\n> world\n\n");
    }

    #[test]
    fn images_follow_the_space() {
        assert!(!render("![a cat](/static/cat.png)", false).contains("<img"));
        assert!(render("![a cat](/static/cat.png)", true).contains("<img"));
    }
}
