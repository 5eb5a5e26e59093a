//! Reports from anyone, without an account. Nothing identifies the sender: no address unless
//! they choose to leave a way to be reached, no IP or user agent, the time kept to the hour, and a
//! photo decoded and written again as a plain JPEG, so its EXIF (and GPS) never reaches storage.
//! The sender gets a receipt code; only its hash is kept.

use rand::Rng;
use rendezvous_platform::AppState;
use rendezvous_platform::clock::HOUR_MS;
use rendezvous_platform::crypto::sha256_hex;
use rendezvous_platform::geo::Province;
use rendezvous_platform::images::{ImageLimits, ImageRefusal, reencode_jpeg};

use crate::ids::ReportId;
use crate::store::{self, NewReport};

/// The largest photo accepted, in bytes.
pub const PHOTO_MAX_BYTES: usize = 8 * 1024 * 1024;
/// The largest photo accepted, in pixels (decoding is refused beyond it, before allocating).
pub const PHOTO_MAX_PIXELS: u64 = 40_000_000;
/// The report form's body limit: the photo and the fields around it.
pub const BODY_LIMIT: usize = PHOTO_MAX_BYTES + 256 * 1024;
/// Photos are kept no larger than this on their longer side: enough to see a pill's markings.
const KEPT_SIDE: u32 = 1600;

#[derive(Debug, Default, Clone)]
pub struct ReportInput {
    pub lang: String,
    pub province: String,
    pub place: String,
    pub sold_as: String,
    pub colour: String,
    pub form: String,
    pub markings: String,
    pub effects: String,
    pub overdoses: String,
    pub happened_on: String,
    pub test_result: String,
    pub contact: String,
    pub photo: Option<Vec<u8>>,
}

/// Decodes a photo and writes it again as JPEG without any metadata. Refuses what is not an
/// image, or is too large in bytes or pixels, with the message id that says so.
pub fn clean_photo(bytes: &[u8]) -> Result<Vec<u8>, &'static str> {
    let limits = ImageLimits { max_bytes: PHOTO_MAX_BYTES, max_pixels: PHOTO_MAX_PIXELS, kept_side: KEPT_SIDE };
    reencode_jpeg(bytes, limits).map_err(|refusal| match refusal {
        ImageRefusal::NotAnImage => "alerts-report-photo-not-image",
        ImageRefusal::TooBig => "alerts-report-photo-too-big",
        ImageRefusal::TooManyPixels => "alerts-report-photo-too-many-pixels",
    })
}

/// A receipt code people can copy or read out: twelve letters and digits without look-alikes.
pub(crate) fn receipt_code() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    let mut rng = rand::rng();
    let chars: Vec<char> = (0..12).map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char).collect();
    chars.chunks(4).map(|c| c.iter().collect::<String>()).collect::<Vec<_>>().join("-")
}

/// The stored form of a receipt code: its hash, ignoring case, spaces and dashes.
pub fn receipt_hash(code: &str) -> String {
    let norm: String = code.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_uppercase()).collect();
    sha256_hex(format!("alert-receipt:{norm}"))
}

fn field(text: &str, max: usize) -> Result<String, ()> {
    let text = text.trim();
    if text.chars().count() > max || text.chars().any(|c| c.is_control() && c != '\n' && c != '\r') {
        return Err(());
    }
    Ok(text.to_owned())
}

/// Checks a report and keeps it; returns its receipt code, or the (field, message id) problems.
pub async fn submit(
    state: &AppState,
    input: ReportInput,
) -> Result<(ReportId, String), Vec<(&'static str, &'static str)>> {
    let mut problems = Vec::new();
    let province = Province::parse(&input.province).map(|p| p.code().to_owned());
    if province.is_none() {
        problems.push(("province", "alerts-report-province"));
    }
    let mut short = |name: &'static str, value: &str, max: usize| {
        field(value, max).unwrap_or_else(|_| {
            problems.push((name, "alerts-report-too-long"));
            String::new()
        })
    };
    let place = short("place", &input.place, 120);
    let sold_as = short("sold_as", &input.sold_as, 120);
    let colour = short("colour", &input.colour, 80);
    let form = short("form", &input.form, 80);
    let markings = short("markings", &input.markings, 200);
    let effects = short("effects", &input.effects, 2000);
    let happened_on = short("happened_on", &input.happened_on, 40);
    let test_result = short("test_result", &input.test_result, 1000);
    let contact = short("contact", &input.contact, 200);
    let overdoses = match input.overdoses.trim() {
        "" => 0,
        n => n.parse::<i64>().ok().filter(|n| (0..=1000).contains(n)).unwrap_or_else(|| {
            problems.push(("overdoses", "alerts-report-overdoses"));
            0
        }),
    };
    if sold_as.is_empty() && effects.is_empty() && test_result.is_empty() && input.photo.is_none() {
        problems.push(("sold_as", "alerts-report-empty"));
    }
    let photo = match &input.photo {
        Some(bytes) => match clean_photo(bytes) {
            Ok(clean) => Some(clean),
            Err(message) => {
                problems.push(("photo", message));
                None
            }
        },
        None => None,
    };
    if !problems.is_empty() {
        return Err(problems);
    }
    let code = receipt_code();
    let report = NewReport {
        receipt_hash: receipt_hash(&code),
        lang: if input.lang == "fr" { "fr" } else { "en" }.to_owned(),
        province: province.unwrap_or_default(),
        place,
        sold_as,
        colour,
        form,
        markings,
        effects,
        overdoses,
        happened_on,
        test_result,
        contact: (!contact.is_empty()).then_some(contact),
        photo,
    };
    // To the hour: a time to the second could tie a report to someone's visit.
    let now = state.clock.now_ms();
    let id = store::insert_report(&state.db, &report, now - now.rem_euclid(HOUR_MS)).await.map_err(|e| {
        tracing::error!(error = %e, "a report could not be kept");
        vec![("sold_as", "alerts-report-failed")]
    })?;
    Ok((id, code))
}
