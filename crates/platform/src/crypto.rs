//! Random tokens and hashes. Tokens that grant something (sessions, links, API) are stored only as
//! their SHA-256, so a copy of the database grants nothing.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use sha2::{Digest, Sha256};

/// 32 random bytes, URL-safe base64 (43 characters).
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// A short code people can type: groups of lowercase letters and digits without look-alikes.
pub fn random_code(groups: usize) -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let mut rng = rand::rng();
    let mut out = String::new();
    for g in 0..groups {
        if g > 0 {
            out.push('-');
        }
        for _ in 0..4 {
            let i = (rng.next_u32() as usize) % ALPHABET.len();
            out.push(ALPHABET[i] as char);
        }
    }
    out
}

pub fn sha256_hex(input: &str) -> String {
    let digest = Sha256::digest(input.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Compares two strings in time that does not depend on where they differ.
pub fn constant_time_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The hashed tombstone of an email address: what remains once a person is erased or
/// unsubscribed, so the address is recognised without being kept.
pub fn email_tombstone_hash(email: &str) -> String {
    sha256_hex(&format!("rendezvous-tombstone:{}", email.trim().to_lowercase()))
}
