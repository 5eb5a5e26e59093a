//! VERP: the envelope sender of every message we send is `bounces+TOKEN@domain`, so a bounce,
//! which goes back to the envelope sender, names the recipient through its token.

/// The local part before the `+`.
const PREFIX: &str = "bounces+";

/// The envelope sender for one recipient: `bounces+TOKEN@domain`.
///
/// TOKEN must be made of `A-Z a-z 0-9 _ . = -` for [`verp_token`] to read it back. Some mail
/// systems lower-case the local part of the address they bounce to, so a token that survives
/// lower-casing (lower-case hex, base32) is the safe choice.
pub fn verp_address(token: &str, domain: &str) -> String {
    format!("{PREFIX}{token}@{domain}")
}

/// The TOKEN of an address `bounces+TOKEN@domain` (`bounces` in any case; surrounding spaces and
/// angle brackets allowed), or `None` for any other address.
pub fn verp_token(address: &str) -> Option<&str> {
    let address = address.trim();
    let address = address.strip_prefix('<').and_then(|a| a.strip_suffix('>')).unwrap_or(address).trim();
    let (local, domain) = address.rsplit_once('@')?;
    if domain.is_empty() || !domain.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-') {
        return None;
    }
    if !local.get(..PREFIX.len())?.eq_ignore_ascii_case(PREFIX) {
        return None;
    }
    let token = local.get(PREFIX.len()..)?;
    (!token.is_empty() && token.bytes().all(is_token_byte)).then_some(token)
}

/// The recipient named by a classic VERP token (`bounces+jane=example.org@...` for
/// jane@example.org), lower-cased. Anyone can write such an address, so what it names is only
/// believed when we mailed that address lately (see `policy`).
pub fn classic_verp_recipient(token: &str) -> Option<String> {
    let (local, domain) = token.rsplit_once('=')?;
    let valid = !local.is_empty() && !local.contains('=') && domain.contains('.') && !domain.starts_with('.');
    valid.then(|| format!("{local}@{domain}").to_lowercase())
}

/// `[A-Za-z0-9_.=-]`
pub(crate) fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'=' | b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn address_and_token_round_trip() {
        let address = verp_address("abc123", "lists.example.org");
        assert_eq!(address, "bounces+abc123@lists.example.org");
        assert_eq!(verp_token(&address), Some("abc123"));
        for token in ["a", "Zq-9_x.y", "user=example.com", "0000"] {
            assert_eq!(verp_token(&verp_address(token, "example.org")), Some(token), "{token}");
        }
    }

    #[test]
    fn token_is_read_from_loose_forms() {
        assert_eq!(verp_token(" <bounces+k3j9@lists.example.org> "), Some("k3j9"));
        assert_eq!(verp_token("Bounces+K3J9@Lists.Example.org"), Some("K3J9"));
    }

    #[test]
    fn classic_verp_names_the_recipient() {
        assert_eq!(classic_verp_recipient("Jane.Doe=Example.org").as_deref(), Some("jane.doe@example.org"));
        for token in ["abc123", "=example.org", "jane=", "jane=localhost", "a=b=c.org", "jane=.org"] {
            assert_eq!(classic_verp_recipient(token), None, "{token}");
        }
    }

    #[test]
    fn other_addresses_have_no_token() {
        for address in [
            "",
            "@",
            "bounces@lists.example.org",
            "bounces+@lists.example.org",
            "bounces+abc",
            "bounces+abc@",
            "bounces+a b@lists.example.org",
            "bounces+a+b@lists.example.org",
            "bounces+a/b@lists.example.org",
            "news+abc@lists.example.org",
            "xbounces+abc@lists.example.org",
            "bounces+abc@exa mple.org",
            "bounces+é@lists.example.org",
            "bounces",
        ] {
            assert_eq!(verp_token(address), None, "{address:?}");
        }
    }
}
