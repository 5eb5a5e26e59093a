//! The time to read the text of a 100-page report (for BENCHMARKS.md): builds a PDF of 100 pages
//! of 45 lines each, then reads its text as the library's job does, five times.
//!
//!   cargo run --release -p rendezvous-library --example pdf_text

use std::time::Instant;

fn main() {
    let line = "Supervised consumption sites and safer supply reduce overdose deaths in small cities";
    let page: String = (0..45).map(|i| format!("{i:02} {line}\n")).collect();
    let pages: Vec<&str> = (0..100).map(|_| page.as_str()).collect();
    let pdf = rendezvous_library::demo::sample_pdf_pages(&pages);
    let mut times = Vec::new();
    let mut chars = 0;
    for _ in 0..5 {
        let start = Instant::now();
        let text = rendezvous_library::resources::pdf_text(&pdf).unwrap_or_default();
        times.push(start.elapsed().as_secs_f64() * 1000.0);
        chars = text.chars().count();
    }
    times.sort_by(|a, b| a.total_cmp(b));
    println!(
        "PDF text of a 100-page report ({} KB, {chars} characters read): median {:.1} ms, slowest {:.1} ms of 5 runs",
        pdf.len() / 1024,
        times[2],
        times[4]
    );
}
