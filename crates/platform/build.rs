// The migrations are embedded by `sqlx::migrate!`; a new file must rebuild this crate.
fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
