//! DKIM signatures on outgoing mail, made by mail-auth with aws-lc's RSA. lettre can sign too, but
//! with the pure-Rust `rsa` crate, about a tenth of ring's speed; and ring signs at about 60% of
//! aws-lc's rate on this machine (aws-lc uses the processor's big-number instructions, as openssl
//! does). We sign the formatted message, so every header it will carry can be covered,
//! Content-Type included. A signature is a fraction of a millisecond of one core: they are made
//! on the blocking threads, as many at once as there are cores, so the runtime's threads keep
//! the SMTP sessions moving meanwhile.

use mail_auth::common::crypto::{RsaKey, Sha256};
use mail_auth::common::headers::HeaderWriter;
use mail_auth::dkim::{Canonicalization, DkimSigner, Done};
use rustls_pki_types::PrivateKeyDer;
use rustls_pki_types::pem::PemObject;
use std::sync::Arc;

/// Signed when present. The one-click unsubscribe headers must be, for receivers to honour them
/// (RFC 8058).
const SIGNED_HEADERS: [&str; 11] = [
    "From",
    "To",
    "Subject",
    "Date",
    "Message-ID",
    "Reply-To",
    "MIME-Version",
    "Content-Type",
    "List-Unsubscribe",
    "List-Unsubscribe-Post",
    "List-Id",
];

pub struct Dkim {
    signer: DkimSigner<RsaKey<Sha256>, Done>,
    signing: tokio::sync::Semaphore,
}

impl Dkim {
    /// An RSA key in PEM, PKCS#1 ("BEGIN RSA PRIVATE KEY") or PKCS#8 ("BEGIN PRIVATE KEY").
    pub fn new(pem: &str, selector: &str, domain: &str) -> Result<Self, String> {
        let der = PrivateKeyDer::from_pem_slice(pem.as_bytes()).map_err(|e| e.to_string())?;
        let key = RsaKey::<Sha256>::from_key_der(der).map_err(|e| e.to_string())?;
        let signer = DkimSigner::from_key(key)
            .domain(domain)
            .selector(selector)
            .headers(SIGNED_HEADERS)
            .header_canonicalization(Canonicalization::Relaxed)
            .body_canonicalization(Canonicalization::Relaxed);
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        Ok(Self { signer, signing: tokio::sync::Semaphore::new(cores) })
    }

    /// [`Dkim::sign`] on a blocking thread, one per core at most.
    pub async fn sign_off_runtime(self: Arc<Self>, message: Vec<u8>) -> Result<Vec<u8>, String> {
        let _turn = self.signing.acquire().await.map_err(|e| e.to_string())?;
        let signer = self.clone();
        tokio::task::spawn_blocking(move || signer.sign(&message)).await.map_err(|e| e.to_string())?
    }

    /// The message with its DKIM-Signature header in front.
    pub fn sign(&self, message: &[u8]) -> Result<Vec<u8>, String> {
        let signature = self.signer.sign(message).map_err(|e| e.to_string())?;
        let mut signed = signature.to_header().into_bytes();
        signed.extend_from_slice(message);
        Ok(signed)
    }
}
