//! Random tokens and hashes. Tokens that grant something (sessions, links, API) are stored only as
//! their SHA-256, so a copy of the database grants nothing.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::hash_key::HashKey;

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

pub fn sha256_hex(input: impl AsRef<[u8]>) -> String {
    hex(&Sha256::digest(input.as_ref()))
}

/// Lowercase hexadecimal.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Compares two strings in time that does not depend on where they differ.
pub fn constant_time_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The hashed tombstone of an email address: what remains once a person is erased or
/// unsubscribed, so the address is recognised without being kept. Keyed (see
/// [`crate::hash_key`]): without the key, a copy of the database cannot confirm an address.
pub fn email_tombstone_hash(key: &HashKey, email: &str) -> String {
    hex(&email_tombstone_digest(key, email))
}

/// The tombstone as raw bytes, for checking many addresses without formatting each:
/// HMAC(key, the unkeyed digest), the form that rows stored before keys were rekeyed into.
pub fn email_tombstone_digest(key: &HashKey, email: &str) -> [u8; 32] {
    key.mac(&unkeyed_tombstone_digest(email))
}

/// The plain SHA-256 that tombstones were before they were keyed: only the step under the HMAC.
pub fn unkeyed_tombstone_digest(email: &str) -> [u8; 32] {
    let mut hasher = Sha256::new();
    hasher.update(b"rendezvous-tombstone:");
    hasher.update(email.trim().to_lowercase().as_bytes());
    hasher.finalize().into()
}

/// Reads back a tombstone written by [`email_tombstone_hash`].
pub fn parse_tombstone_hash(hex: &str) -> Option<[u8; 32]> {
    let mut out = [0u8; 32];
    if hex.len() != 64 {
        return None;
    }
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(hex.get(2 * i..2 * i + 2)?, 16).ok()?;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tombstones_round_trip_and_ignore_case() {
        let key = HashKey::from_secret(&"k".repeat(32)).expect("key");
        let hex = email_tombstone_hash(&key, " Ana@Example.org ");
        assert_eq!(hex, email_tombstone_hash(&key, "ana@example.org"));
        assert_eq!(parse_tombstone_hash(&hex), Some(email_tombstone_digest(&key, "ANA@example.org")));
        assert_eq!(parse_tombstone_hash("zz"), None);
        let plain = super::hex(&unkeyed_tombstone_digest("ana@example.org"));
        assert_ne!(hex, plain, "keyed, not the plain digest");
        let other = HashKey::from_secret(&"o".repeat(32)).expect("key");
        assert_ne!(hex, email_tombstone_hash(&other, "ana@example.org"), "another key, another hash");
    }
}
