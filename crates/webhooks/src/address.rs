//! Where a delivery may go. A name is resolved here and every address it resolves to is checked;
//! the request is then made to the address that was checked (the client is pinned to it), so a
//! name cannot resolve to a public address for the check and a private one for the connection.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use url::Url;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("the URL is not valid")]
    BadUrl,
    #[error("only https is allowed (http only to a private address, when those are allowed)")]
    Scheme,
    #[error("the name does not resolve")]
    Unresolved,
    #[error("the address is loopback, private or reserved")]
    Private,
}

impl Refusal {
    pub fn message_id(&self) -> &'static str {
        match self {
            Refusal::BadUrl => "webhooks-url-invalid",
            Refusal::Scheme => "webhooks-url-scheme",
            Refusal::Unresolved => "webhooks-url-unresolved",
            Refusal::Private => "webhooks-url-private",
        }
    }
}

fn private_v4(ip: Ipv4Addr) -> bool {
    let [a, b, ..] = ip.octets();
    ip.is_private()
        || ip.is_loopback()
        || ip.is_link_local()
        || ip.is_unspecified()
        || ip.is_broadcast()
        || ip.is_documentation()
        || ip.is_multicast()
        || a == 0
        // Shared address space (carrier-grade NAT) and benchmarking ranges.
        || (a == 100 && (64..128).contains(&b))
        || (a == 198 && (18..20).contains(&b))
        || a >= 240
}

fn private_v6(ip: Ipv6Addr) -> bool {
    if let Some(v4) = ip.to_ipv4_mapped() {
        return private_v4(v4);
    }
    let first = ip.segments()[0];
    ip.is_loopback()
        || ip.is_unspecified()
        || ip.is_multicast()
        || (first & 0xfe00) == 0xfc00 // unique local
        || (first & 0xffc0) == 0xfe80 // link-local
        || first == 0x2001 && ip.segments()[1] == 0x0db8 // documentation
        || first == 0x0064 && ip.segments()[1] == 0xff9b // NAT64 (reaches IPv4 addresses)
}

/// Loopback, private, link-local, reserved: not somewhere a partner's public endpoint lives.
pub fn is_private(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => private_v4(v4),
        IpAddr::V6(v6) => private_v6(v6),
    }
}

/// Checks a URL's form alone (for the form and the API, before any lookup).
pub fn parse(url: &str, allow_private: bool) -> Result<Url, Refusal> {
    let url = Url::parse(url.trim()).map_err(|_| Refusal::BadUrl)?;
    if url.host_str().is_none_or(str::is_empty) || !url.username().is_empty() || url.password().is_some() {
        return Err(Refusal::BadUrl);
    }
    match url.scheme() {
        "https" => Ok(url),
        "http" if allow_private => Ok(url),
        _ => Err(Refusal::Scheme),
    }
}

/// Resolves the URL's host and returns the one address to connect to, every address checked.
pub async fn resolve(url: &Url, allow_private: bool) -> Result<SocketAddr, Refusal> {
    let host = url.host_str().ok_or(Refusal::BadUrl)?;
    let port = url.port_or_known_default().ok_or(Refusal::BadUrl)?;
    let host = host.trim_start_matches('[').trim_end_matches(']');
    let addrs: Vec<SocketAddr> = match host.parse::<IpAddr>() {
        Ok(ip) => vec![SocketAddr::new(ip, port)],
        Err(_) => tokio::net::lookup_host((host, port)).await.map_err(|_| Refusal::Unresolved)?.collect(),
    };
    let first = *addrs.first().ok_or(Refusal::Unresolved)?;
    let any_private = addrs.iter().any(|a| is_private(a.ip()));
    if any_private && !allow_private {
        return Err(Refusal::Private);
    }
    // Plain http only to a private address (a partner's system beside us), never across the internet.
    if url.scheme() == "http" && !addrs.iter().all(|a| is_private(a.ip())) {
        return Err(Refusal::Scheme);
    }
    Ok(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_and_reserved_addresses_are_known() {
        for ip in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "0.0.0.0",
            "100.64.0.1",
            "::1",
            "fc00::1",
            "fe80::1",
            "::ffff:127.0.0.1",
            "64:ff9b::a00:1",
        ] {
            assert!(is_private(ip.parse().expect("ip")), "{ip}");
        }
        for ip in ["8.8.8.8", "142.250.72.14", "2607:f8b0::1"] {
            assert!(!is_private(ip.parse().expect("ip")), "{ip}");
        }
    }

    #[tokio::test]
    async fn a_name_that_resolves_to_loopback_is_refused_unless_allowed() {
        let url = parse("https://localhost:8443/hook", false).expect("form");
        assert_eq!(resolve(&url, false).await, Err(Refusal::Private));
        assert!(resolve(&url, true).await.is_ok());
        assert_eq!(parse("http://example.org/hook", false), Err(Refusal::Scheme));
        assert_eq!(parse("ftp://example.org/", true), Err(Refusal::Scheme));
        assert_eq!(parse("https://user:pw@example.org/", true), Err(Refusal::BadUrl));
        let http_public = parse("http://8.8.8.8/hook", true).expect("form");
        assert_eq!(resolve(&http_public, true).await, Err(Refusal::Scheme));
    }
}
