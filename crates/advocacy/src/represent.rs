//! Reading a file of representatives in the column layout of OpenNorth Represent's contact data
//! (name, first and last name, district name, elected office, party, email, offices with phone
//! and address, photo URL, source URL), plus a province and a committees column. Headers are
//! matched loosely (case, accents, spaces and punctuation do not matter; English or French), and
//! a column named twice (Represent repeats its office columns) is read from its first copy, but
//! every office is looked at for the province when the file has no province column.

use encoding_rs::{Encoding, WINDOWS_1252};
use rendezvous_platform::email::EmailAddress;
use rendezvous_platform::geo::{Province, name_key};

/// One representative as the file gives them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TargetRow {
    /// The file's line of the row (1 is the header).
    pub line: u64,
    pub name: String,
    pub first_name: String,
    pub last_name: String,
    pub district: String,
    /// The province's code (`ON`), when the file names a known one, else the one of the
    /// constituency office's postal code (Represent's files have no province column).
    pub province: Option<String>,
    pub office: String,
    pub party: String,
    /// Lower case; none when the file has no address for them.
    pub email: Option<String>,
    pub phone: String,
    pub address: String,
    pub photo_url: Option<String>,
    pub source_url: Option<String>,
    /// Committee codes, upper case, without repeats.
    pub committees: Vec<String>,
}

/// A row left out, and why (a message id).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Rejected {
    pub line: u64,
    pub reason: &'static str,
}

#[derive(Debug, Default)]
pub struct TargetFile {
    pub rows: Vec<TargetRow>,
    pub rejected: Vec<Rejected>,
    /// Whether the file has a committees column (without one, memberships are left as they are).
    pub has_committees: bool,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum FileError {
    #[error("the file is empty")]
    Empty,
    #[error("no column holds the representatives' names (name, or first and last name)")]
    NoNameColumn,
    #[error("the file cannot be read as CSV: {0}")]
    Unreadable(String),
}

impl FileError {
    pub fn message_id(&self) -> &'static str {
        match self {
            FileError::Empty => "targets-file-empty",
            FileError::NoNameColumn => "targets-file-no-name",
            FileError::Unreadable(_) => "targets-file-unreadable",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Name,
    FirstName,
    LastName,
    District,
    Province,
    Office,
    Party,
    Email,
    Phone,
    Address,
    /// Represent's `Office type` (constituency, legislature), repeated with each office.
    OfficeType,
    Offices,
    PhotoUrl,
    SourceUrl,
    Committees,
}

impl Column {
    fn of(header: &str) -> Option<Column> {
        Some(match name_key(header).as_str() {
            "name" | "nom" | "fullname" | "nomcomplet" | "representative" => Column::Name,
            "firstname" | "givenname" | "prenom" => Column::FirstName,
            "lastname" | "surname" | "familyname" | "nomdefamille" => Column::LastName,
            "districtname"
            | "district"
            | "riding"
            | "electoraldistrict"
            | "constituency"
            | "circonscription"
            | "nomdelacirconscription" => Column::District,
            "province"
            | "provinceterritory"
            | "provinceorterritory"
            | "provinceterritoire"
            | "provinceouterritoire" => Column::Province,
            "electedoffice" | "primaryrole" | "office" | "role" | "poste" | "fonction" => Column::Office,
            "partyname" | "party" | "parti" | "politicalaffiliation" | "affiliation" => Column::Party,
            "email" | "courriel" | "emailaddress" | "adressecourriel" | "adresseelectronique" => Column::Email,
            "phone" | "telephone" | "tel" | "phonenumber" => Column::Phone,
            "address" | "adresse" | "postal" | "postaladdress" | "mailingaddress" | "adressepostale" => Column::Address,
            "officetype" | "typedebureau" => Column::OfficeType,
            "offices" | "bureaux" => Column::Offices,
            "photourl" | "photo" | "image" | "imageurl" => Column::PhotoUrl,
            "sourceurl" | "source" => Column::SourceUrl,
            "committees" | "committee" | "committeecodes" | "comites" | "comite" => Column::Committees,
            _ => return None,
        })
    }
}

/// Reads the whole file. Rows without a name or with an address that is not one are left out
/// (and listed); the others are kept in file order.
pub fn parse(bytes: &[u8]) -> Result<TargetFile, FileError> {
    let text = decode(bytes);
    if text.trim().is_empty() {
        return Err(FileError::Empty);
    }
    let delimiter = delimiter(&text);
    let mut reader =
        csv::ReaderBuilder::new().delimiter(delimiter).flexible(true).has_headers(true).from_reader(text.as_bytes());
    let headers = reader.headers().map_err(|e| FileError::Unreadable(e.to_string()))?.clone();
    // Each column with its copy (0 for the first): Represent repeats type, address and phone
    // once per office.
    let mut columns: Vec<Option<(Column, usize)>> = Vec::with_capacity(headers.len());
    for header in &headers {
        let column = Column::of(header).map(|c| (c, columns.iter().filter(|k| k.is_some_and(|(d, _)| d == c)).count()));
        columns.push(column);
    }
    let has = |c: Column| columns.contains(&Some((c, 0)));
    if !(has(Column::Name) || has(Column::FirstName) || has(Column::LastName)) {
        return Err(FileError::NoNameColumn);
    }
    let mut file = TargetFile { has_committees: has(Column::Committees), ..TargetFile::default() };
    for record in reader.records() {
        let record = record.map_err(|e| FileError::Unreadable(e.to_string()))?;
        let line = record.position().map_or(0, |p| p.line());
        if record.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        let mut row = TargetRow { line, ..TargetRow::default() };
        let mut email = String::new();
        let mut offices: Vec<Office> = Vec::new();
        for (cell, column) in record.iter().zip(&columns) {
            let cell = cell.trim();
            let Some((column, copy)) = *column else { continue };
            if matches!(column, Column::OfficeType | Column::Address) && !cell.is_empty() {
                if offices.len() <= copy {
                    offices.resize_with(copy + 1, Office::default);
                }
                if let Some(office) = offices.get_mut(copy) {
                    if column == Column::OfficeType {
                        office.kind = cell.to_owned();
                    } else {
                        office.postal = cell.to_owned();
                    }
                }
            }
            if copy > 0 {
                continue;
            }
            match column {
                Column::Name => row.name = cell.to_owned(),
                Column::FirstName => row.first_name = cell.to_owned(),
                Column::LastName => row.last_name = cell.to_owned(),
                Column::District => row.district = cell.to_owned(),
                Column::Province => row.province = Province::parse(cell).map(|p| p.code().to_owned()),
                Column::Office => row.office = cell.to_owned(),
                Column::Party => row.party = cell.to_owned(),
                Column::Email => email = cell.to_owned(),
                Column::Phone => row.phone = cell.to_owned(),
                Column::Address => row.address = cell.to_owned(),
                Column::OfficeType => {}
                Column::Offices => offices.extend(json_offices(cell, &mut row)),
                Column::PhotoUrl => row.photo_url = web_address(cell),
                Column::SourceUrl => row.source_url = web_address(cell),
                Column::Committees => row.committees = committee_codes(cell),
            }
        }
        if row.province.is_none() {
            row.province = province_of_offices(&offices).map(|p| p.code().to_owned());
        }
        if row.name.is_empty() {
            row.name = [row.first_name.as_str(), row.last_name.as_str()]
                .iter()
                .filter(|p| !p.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join(" ");
        }
        if row.name.is_empty() || row.name.chars().any(char::is_control) {
            file.rejected.push(Rejected { line, reason: "targets-row-no-name" });
            continue;
        }
        if !email.is_empty() {
            match EmailAddress::parse(&email) {
                Ok(address) => row.email = Some(address.normalized()),
                Err(_) => {
                    file.rejected.push(Rejected { line, reason: "targets-row-bad-email" });
                    continue;
                }
            }
        }
        file.rows.push(row);
    }
    Ok(file)
}

/// Committee codes separated by semicolons (or commas), upper case, each once.
pub fn committee_codes(cell: &str) -> Vec<String> {
    let mut codes: Vec<String> = Vec::new();
    for code in cell.split([';', ',']).map(str::trim).filter(|c| !c.is_empty()) {
        let code = code.to_uppercase();
        if !codes.contains(&code) {
            codes.push(code);
        }
    }
    codes
}

/// One office of a representative, as far as the province needs it.
#[derive(Debug, Default)]
struct Office {
    /// Represent's type: `constituency`, `legislature`...
    kind: String,
    postal: String,
}

/// Represent's `offices` column as JSON (`[{"type": "constituency", "tel": "...", "postal": "..."}]`):
/// the first office with a phone or an address fills those left empty; every office is returned.
fn json_offices(cell: &str, row: &mut TargetRow) -> Vec<Office> {
    let Ok(serde_json::Value::Array(offices)) = serde_json::from_str::<serde_json::Value>(cell) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for office in offices {
        let field = |name: &str| office.get(name).and_then(|v| v.as_str()).unwrap_or_default().trim().to_owned();
        let (tel, postal) = (field("tel"), field("postal"));
        if tel.is_empty() && postal.is_empty() {
            continue;
        }
        if found.is_empty() {
            if row.phone.is_empty() {
                row.phone = tel;
            }
            if row.address.is_empty() {
                row.address = postal.clone();
            }
        }
        found.push(Office { kind: field("type"), postal });
    }
    found
}

/// The province of a representative's offices' postal codes: an office in the riding rather than
/// the one on Parliament Hill (type `legislature`, or the federal government's `K1A` codes),
/// which every member of the House shares; the Hill's only when it is the only one.
fn province_of_offices(offices: &[Office]) -> Option<Province> {
    let coded: Vec<(bool, String)> = offices
        .iter()
        .filter_map(|o| {
            let code = crate::model::postal_code_in(&o.postal)?;
            let on_the_hill = name_key(&o.kind) == "legislature" || code.starts_with("K1A");
            Some((on_the_hill, code))
        })
        .collect();
    let (_, code) = coded.iter().find(|(hill, _)| !hill).or(coded.first())?;
    crate::model::province_of_postal_code(code)
}

fn web_address(cell: &str) -> Option<String> {
    let url = url_ok(cell)?;
    Some(url.to_owned())
}

fn url_ok(cell: &str) -> Option<&str> {
    (cell.starts_with("https://") || cell.starts_with("http://"))
        .then_some(cell)
        .filter(|c| c.len() <= 2000 && !c.chars().any(|ch| ch.is_whitespace() || ch.is_control()))
}

fn decode(bytes: &[u8]) -> String {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        return encoding.decode_without_bom_handling(bytes.get(bom_len..).unwrap_or_default()).0.into_owned();
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => WINDOWS_1252.decode_without_bom_handling(bytes).0.into_owned(),
    }
}

/// The delimiter the header line uses most among comma, semicolon and tab.
fn delimiter(text: &str) -> u8 {
    let header = text.lines().find(|l| !l.trim().is_empty()).unwrap_or_default();
    [b',', b';', b'\t'].into_iter().max_by_key(|d| header.bytes().filter(|b| b == d).count()).unwrap_or(b',')
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn any_bytes_parse_or_are_refused(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..4096)) {
            let _ = parse(&bytes);
        }

        #[test]
        fn any_committee_cell_gives_upper_case_codes_once(cell in "\\PC{0,200}") {
            let codes = committee_codes(&cell);
            let mut unique = codes.clone();
            unique.dedup();
            proptest::prop_assert_eq!(unique.len(), codes.len());
            proptest::prop_assert!(codes.iter().all(|c| !c.is_empty() && *c == c.to_uppercase()));
        }
    }

    #[test]
    fn a_represent_file_with_messy_headers_is_read() {
        let file = "\u{feff}District Name; Primary role ;Name;First name;Last name;Party name;E-mail;Photo URL;Source URL;Office type;Address;Phone;Office type;Address;Phone;Province/Territory;Committees\n\
            Sudbury;MP;Viviane Lapointe;Viviane;Lapointe;Liberal;Viviane.Lapointe@parl.gc.ca;https://example.org/p.jpg;https://www.ourcommons.ca;constituency;\"10 Elm St, Sudbury ON\";705-555-0100;legislature;House of Commons;613-555-0100;Ontario;\"hesa; JUST ;HESA\"\n\
            ;;;;;;;;;;;;;;;;\n\
            Papineau;MP;;Jo;Tremblay;;;;;;;;;;;QC;\n\
            Nowhere;MP;;;;;;;;;;;;;;;\n\
            Halifax;MP;Bad Address;;;;not-an-address;;;;;;;;;;\n";
        let parsed = parse(file.as_bytes()).expect("parsed");
        assert!(parsed.has_committees);
        assert_eq!(parsed.rows.len(), 2);
        let first = &parsed.rows[0];
        assert_eq!(first.name, "Viviane Lapointe");
        assert_eq!(first.district, "Sudbury");
        assert_eq!(first.email.as_deref(), Some("viviane.lapointe@parl.gc.ca"));
        assert_eq!(first.address, "10 Elm St, Sudbury ON");
        assert_eq!(first.phone, "705-555-0100");
        assert_eq!(first.province.as_deref(), Some("ON"));
        assert_eq!(first.committees, vec!["HESA".to_owned(), "JUST".to_owned()]);
        assert_eq!(first.photo_url.as_deref(), Some("https://example.org/p.jpg"));
        assert_eq!(parsed.rows[1].name, "Jo Tremblay");
        assert_eq!(parsed.rows[1].province.as_deref(), Some("QC"));
        assert_eq!(
            parsed.rejected,
            vec![
                Rejected { line: 5, reason: "targets-row-no-name" },
                Rejected { line: 6, reason: "targets-row-bad-email" }
            ]
        );
    }

    #[test]
    fn offices_as_json_give_phone_and_address() {
        let file = "name,offices\n\"Ana\",\"[{\"\"type\"\": \"\"legislature\"\"}, {\"\"type\"\": \"\"constituency\"\", \"\"tel\"\": \"\"1 613 555 0199\"\", \"\"postal\"\": \"\"1 Main St\"\"}]\"\n";
        let parsed = parse(file.as_bytes()).expect("parsed");
        assert_eq!(parsed.rows[0].phone, "1 613 555 0199");
        assert_eq!(parsed.rows[0].address, "1 Main St");
        assert!(!parsed.has_committees);
    }

    #[test]
    fn without_a_province_column_the_riding_office_names_the_province() {
        // Represent's own layout: the Hill's office first, the riding's second.
        let file = "District name,Primary role,Name,Email,Office type,Address,Phone,Office type,Address,Phone\n\
            Sudbury,MP,Viviane Lapointe,a@parl.example,legislature,\"House of Commons\nOttawa ON  K1A 0A6\",613-555-0100,constituency,\"10 Elm St\nSudbury ON  P3E 5N1\",705-555-0100\n\
            Papineau,MP,Jo Tremblay,b@parl.example,constituency,\"529, rue Jarry Est\nMontréal QC  H2P 1V4\",,legislature,\"House of Commons\nOttawa ON  K1A 0A6\",\n\
            Nunavut,MP,Lori Idlout,c@parl.example,legislature,\"House of Commons\nOttawa ON  K1A 0A6\",,constituency,\"Iqaluit NU  X0A 0H0\",\n\
            Senator,Senator,Ann Senator,d@sen.example,legislature,\"The Senate of Canada\nOttawa ON  K1A 0A4\",,,,\n\
            Nowhere,MP,No Office,e@parl.example,,,,,,\n";
        let parsed = parse(file.as_bytes()).expect("parsed");
        let provinces: Vec<Option<&str>> = parsed.rows.iter().map(|r| r.province.as_deref()).collect();
        assert_eq!(provinces, vec![Some("ON"), Some("QC"), None, Some("ON"), None]);
        assert_eq!(parsed.rows[0].phone, "613-555-0100", "the first office still gives the phone");

        let json = "name,offices\nAna,\"[{\"\"type\"\": \"\"legislature\"\", \"\"postal\"\": \"\"Ottawa ON K1A 0A6\"\"}, {\"\"type\"\": \"\"constituency\"\", \"\"postal\"\": \"\"Halifax NS B3H 1A1\"\"}]\"\n";
        assert_eq!(parse(json.as_bytes()).expect("parsed").rows[0].province.as_deref(), Some("NS"));
        let named = "name,province,address\nAna,Manitoba,\"Halifax NS B3H 1A1\"\n";
        assert_eq!(
            parse(named.as_bytes()).expect("parsed").rows[0].province.as_deref(),
            Some("MB"),
            "a named province wins"
        );
    }

    #[test]
    fn a_file_without_names_or_content_is_refused() {
        assert_eq!(parse(b"").err(), Some(FileError::Empty));
        assert_eq!(parse(b"email,district\na@example.org,X\n").err(), Some(FileError::NoNameColumn));
        let latin1 = b"name,district\nHel\xe8ne,Qu\xe9bec\n";
        assert_eq!(parse(latin1).expect("windows-1252").rows[0].district, "Québec");
    }
}
