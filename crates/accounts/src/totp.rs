//! Two-factor authentication by TOTP (RFC 6238, an authenticator app; never SMS) and one-time
//! recovery codes.

use rendezvous_platform::crypto::random_code;
use totp_rs::{Builder, Secret, Totp};

pub const RECOVERY_CODE_COUNT: usize = 10;

pub fn new_secret() -> String {
    Secret::generate().to_base32()
}

fn totp(secret_base32: &str, issuer: &str, account: &str) -> Option<Totp> {
    let secret = Secret::try_from_base32(secret_base32).ok()?;
    Builder::new()
        .with_secret(secret)
        .with_issuer(Some(issuer.replace(':', " ")))
        .with_account_name(account.replace(':', " "))
        .build()
        .ok()
}

/// The otpauth:// URI that authenticator apps read.
pub fn otpauth_url(secret_base32: &str, issuer: &str, account: &str) -> Option<String> {
    totp(secret_base32, issuer, account).and_then(|t| t.to_url().ok())
}

/// The otpauth address as a QR code: an SVG drawn here (no request to any other host), with a
/// quiet zone, black on white whatever the page's colours. Empty if the address cannot be drawn.
pub fn qr_svg(otpauth: &str) -> String {
    use qrcode::render::svg;
    let Ok(code) = qrcode::QrCode::new(otpauth.as_bytes()) else { return String::new() };
    let drawn = code
        .render::<svg::Color>()
        .min_dimensions(220, 220)
        .dark_color(svg::Color("#000000"))
        .light_color(svg::Color("#ffffff"))
        .build();
    // Inline in the page: the XML declaration has no place inside HTML.
    match drawn.find("<svg") {
        Some(start) => drawn[start..].to_owned(),
        None => String::new(),
    }
}

/// The time step a code is valid for (±1 step of clock skew), if it is valid at `now_ms`.
pub fn check(secret_base32: &str, code: &str, now_ms: i64) -> Option<i64> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() != 6 || !code.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let totp = totp(secret_base32, "x", "x")?;
    totp.check(&code, (now_ms / 1000).max(0) as u64).map(|step| step as i64)
}

/// The current code (for tests and for the demo's printed instructions).
pub fn current_code(secret_base32: &str, now_ms: i64) -> Option<String> {
    totp(secret_base32, "x", "x").map(|t| t.generate((now_ms / 1000).max(0) as u64).to_string())
}

/// Fresh recovery codes, shown once; only their hashes are kept.
pub fn new_recovery_codes() -> Vec<String> {
    (0..RECOVERY_CODE_COUNT).map(|_| random_code(2)).collect()
}

/// A recovery code as typed: lower case, spaces dropped.
pub fn normalize_recovery_code(input: &str) -> String {
    input.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_lowercase()
}

/// Groups the secret in fours so it can be typed into an app by hand.
pub fn grouped(secret: &str) -> String {
    secret.as_bytes().chunks(4).map(|c| String::from_utf8_lossy(c).into_owned()).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_generated_code_checks_and_a_wrong_one_does_not() {
        let secret = new_secret();
        let now = 1_800_000_000_000;
        let code = current_code(&secret, now).unwrap_or_default();
        assert_eq!(check(&secret, &code, now), Some(now / 1000 / 30));
        assert_eq!(check(&secret, "000000x", now), None);
        let wrong = if code == "123456" { "654321" } else { "123456" };
        assert_eq!(check(&secret, wrong, now + 10 * 60 * 1000), None);
    }
}
