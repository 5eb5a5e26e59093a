//! Previous/next pages for any list that grows: the page number from the query, the rows to read
//! (one more than a page, to know whether another follows), and the links.

use serde::Deserialize;

/// `?page=N` as a list page reads it; a missing page is the first.
#[derive(Debug, Default, Deserialize)]
pub struct PageQuery {
    pub page: Option<i64>,
}

/// Which slice of a list a page shows.
#[derive(Debug, Clone, Copy)]
pub struct Pager {
    pub page: i64,
    pub per_page: i64,
}

impl Pager {
    /// Page numbers below 1 show the first page; absurdly large ones are bounded.
    pub fn new(page: Option<i64>, per_page: i64) -> Self {
        Self { page: page.unwrap_or(1).clamp(1, 1_000_000), per_page }
    }

    /// How many rows to read: a page and one more, which only says whether a next page exists.
    pub fn limit(&self) -> i64 {
        self.per_page + 1
    }

    pub fn offset(&self) -> i64 {
        (self.page - 1) * self.per_page
    }

    /// Cuts the extra row off and says which links the page shows.
    pub fn finish<T>(&self, rows: &mut Vec<T>) -> PageLinks {
        let has_next = rows.len() as i64 > self.per_page;
        rows.truncate(self.per_page as usize);
        PageLinks { page: self.page, has_next }
    }
}

/// The previous/next links of a page (rendered by `pager.html`'s `links` macro).
#[derive(Debug, Clone, Copy)]
pub struct PageLinks {
    pub page: i64,
    pub has_next: bool,
}

impl PageLinks {
    pub fn has_previous(&self) -> bool {
        self.page > 1
    }

    /// `base` with `page=N` added to its query.
    pub fn href(&self, base: &str, page: i64) -> String {
        let separator = if base.contains('?') { '&' } else { '?' };
        format!("{base}{separator}page={page}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_reads_one_row_more_and_says_whether_another_follows() {
        let pager = Pager::new(Some(2), 3);
        assert_eq!((pager.limit(), pager.offset()), (4, 3));
        let mut rows = vec![1, 2, 3, 4];
        let links = pager.finish(&mut rows);
        assert_eq!(rows, [1, 2, 3]);
        assert!(links.has_next && links.has_previous());
        let mut last = vec![1];
        assert!(!Pager::new(Some(-5), 3).finish(&mut last).has_next);
        assert_eq!(links.href("/admin/jobs", 3), "/admin/jobs?page=3");
        assert_eq!(links.href("/directory?q=a", 1), "/directory?q=a&page=1");
    }
}
