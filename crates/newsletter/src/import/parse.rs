//! Reading a subscriber file as admins export it from their spreadsheets and other tools (Google
//! Contacts, Outlook, Apple Contacts, Mailchimp, Constant Contact): UTF-8, Windows-1252 or Mac
//! Roman, comma, semicolon or tab separated, headers in English or French in any order, blank
//! lines and quoted cells with line breaks, and a status column saying who is no longer subscribed. Rows come out one at a time as [`ParsedRow`]s of model types, or
//! as [`RejectedRow`]s saying which line was refused and why. No database here: the import job
//! decides what to do with each row.

use std::borrow::Cow;
use std::fmt;

use csv::{Reader, ReaderBuilder, StringRecord};
use encoding_rs::{Encoding, MACINTOSH, WINDOWS_1252};
use rendezvous_platform::email::EmailAddress;
use rendezvous_platform::geo::{Country, Province, name_key};
use rendezvous_platform::header_text;
use rendezvous_platform::i18n::Lang;
use time::{Date, Month};

/// A quoted cell running on for more lines than this almost certainly lost its closing quote and
/// swallowed the rows after it; the row is refused so the admin sees where.
const MAX_LINES_PER_ROW: u64 = 50;

/// How much of a bad value a rejection repeats: enough to find it, not a whole swallowed file.
const MAX_SHOWN_CHARS: usize = 80;

/// How much of the file is looked at to tell text from binary.
const SNIFF_CHARS: usize = 4096;

/// A decoded subscriber file whose header has been read and mapped to our fields.
pub struct ImportFile<'a> {
    /// Borrowed from the caller's bytes when they are UTF-8 already: a large file is not copied.
    text: Cow<'a, str>,
    encoding: &'static str,
    delimiter: u8,
    headers: Vec<String>,
    fields: Vec<Field>,
    columns: ColumnMap,
}

/// Why a whole file cannot be imported.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FileError {
    #[error("the file is empty")]
    Empty,
    #[error("no column holds email addresses (name one \"email\" or \"courriel\")")]
    NoEmailColumn,
    #[error("the file is not readable text: {0}")]
    Unreadable(String),
}

impl FileError {
    pub fn message_id(&self) -> &'static str {
        match self {
            FileError::Empty => "import-file-empty",
            FileError::NoEmailColumn => "import-file-no-email-column",
            FileError::Unreadable(_) => "import-file-unreadable",
        }
    }
}

/// One subscriber as the file describes them; `line` is where the row starts (the header is 1).
#[derive(Debug, Clone)]
pub struct ParsedRow {
    pub line: u64,
    pub email: EmailAddress,
    pub name: Option<String>,
    pub lang: Option<Lang>,
    pub country: Option<Country>,
    pub province: Option<Province>,
    /// A state or region outside Canada, kept as the file wrote it.
    pub region: Option<String>,
    pub tags: Vec<String>,
    /// A finer area than the province, as written (see `Field::Area`).
    pub area: Option<String>,
    /// Midnight UTC of the consent date, in milliseconds since the epoch.
    pub consent_date_ms: Option<i64>,
    /// What the exporting tool says of this address; only `Subscribed` rows are imported.
    pub status: FileStatus,
}

/// A row's standing in the tool it was exported from. Anything but `Subscribed` is left out of
/// the import and counted in its report: consent lost elsewhere is not restored here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FileStatus {
    /// Subscribed, active, opted in, or no status column at all.
    #[default]
    Subscribed,
    /// Unsubscribed or opted out (Mailchimp's "unsubscribed", an UNSUB_TIME).
    Unsubscribed,
    /// The address bounced (Mailchimp's "cleaned", a CLEAN_TIME; Constant Contact's "bounced").
    Bounced,
    /// Never confirmed (a pending double opt-in) or never subscribed (a mere contact).
    NotConfirmed,
}

impl FileStatus {
    /// The Fluent id saying why such a row was left out.
    pub fn message_id(self) -> &'static str {
        match self {
            FileStatus::Subscribed => "import-status-subscribed",
            FileStatus::Unsubscribed => "import-left-out-unsubscribed",
            FileStatus::Bounced => "import-left-out-bounced",
            FileStatus::NotConfirmed => "import-left-out-not-confirmed",
        }
    }

    /// In plain English, for the command line and the JSON report.
    pub fn describe(self) -> &'static str {
        match self {
            FileStatus::Subscribed => "subscribed",
            FileStatus::Unsubscribed => "unsubscribed in the file: not imported",
            FileStatus::Bounced => "bounced (cleaned) in the file: not imported",
            FileStatus::NotConfirmed => "never confirmed or never subscribed in the file: not imported",
        }
    }
}

/// A row refused, and the line of the file where it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RejectedRow {
    pub line: u64,
    pub reason: RejectReason,
}

impl fmt::Display for RejectedRow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.reason)
    }
}

/// Why a row was refused; the text is the offending value (shortened when very long).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RejectReason {
    #[error("no email address")]
    MissingEmail,
    #[error("invalid email address \"{0}\"")]
    InvalidEmail(String),
    #[error("unknown language \"{0}\" (expected English or French)")]
    UnknownLanguage(String),
    #[error("unknown country \"{0}\"")]
    UnknownCountry(String),
    #[error("unknown Canadian province or territory \"{0}\"")]
    UnknownProvince(String),
    #[error("invalid date \"{0}\" (expected year-month-day, like 2024-03-31)")]
    InvalidDate(String),
    #[error("malformed row: {0}")]
    Malformed(String),
    #[error("unknown subscription status \"{0}\"")]
    UnknownStatus(String),
}

impl RejectReason {
    pub fn message_id(&self) -> &'static str {
        match self {
            RejectReason::MissingEmail => "import-reject-missing-email",
            RejectReason::InvalidEmail(_) => "import-reject-invalid-email",
            RejectReason::UnknownLanguage(_) => "import-reject-unknown-language",
            RejectReason::UnknownCountry(_) => "import-reject-unknown-country",
            RejectReason::UnknownProvince(_) => "import-reject-unknown-province",
            RejectReason::InvalidDate(_) => "import-reject-invalid-date",
            RejectReason::Malformed(_) => "import-reject-malformed",
            RejectReason::UnknownStatus(_) => "import-reject-unknown-status",
        }
    }

    /// The offending value or detail, for the `$value` argument of the message.
    pub fn value(&self) -> Option<&str> {
        match self {
            RejectReason::MissingEmail => None,
            RejectReason::InvalidEmail(v)
            | RejectReason::UnknownLanguage(v)
            | RejectReason::UnknownCountry(v)
            | RejectReason::UnknownProvince(v)
            | RejectReason::InvalidDate(v)
            | RejectReason::Malformed(v)
            | RejectReason::UnknownStatus(v) => Some(v),
        }
    }
}

impl<'a> ImportFile<'a> {
    /// Decodes the bytes, finds the delimiter and reads the header. Rows are read later, lazily.
    pub fn open(bytes: &'a [u8]) -> Result<ImportFile<'a>, FileError> {
        refuse_workbooks(bytes)?;
        let (text, encoding) = decode(bytes);
        refuse_binary(&text)?;
        if text.lines().all(is_blank_line) {
            return Err(FileError::Empty);
        }
        let delimiter = detect_delimiter(&text);
        let headers = read_header(&text, delimiter)?;
        let fields = map_fields(&headers);
        let columns = ColumnMap::new(&fields).ok_or(FileError::NoEmailColumn)?;
        Ok(ImportFile { text, encoding, delimiter, headers, fields, columns })
    }

    /// The encoding the file was read in: "UTF-8", "windows-1252", "macintosh" (Excel for Mac's
    /// CSV), or "UTF-16LE"/"UTF-16BE" for Excel's "Unicode text" exports, which carry a byte order
    /// mark.
    pub fn encoding(&self) -> &'static str {
        self.encoding
    }

    pub fn delimiter(&self) -> char {
        char::from(self.delimiter)
    }

    /// Each named column of the file and the field it feeds ("ignored" for the others), in the
    /// file's order, so the admin can check the mapping before importing.
    pub fn columns(&self) -> Vec<(String, &'static str)> {
        self.headers
            .iter()
            .zip(&self.fields)
            .filter(|(header, _)| !header.is_empty())
            .map(|(header, field)| (header.clone(), field.as_str()))
            .collect()
    }

    /// Length of the decoded text, the total against which `rows_with_offset` reports progress.
    pub fn byte_len(&self) -> usize {
        self.text.len()
    }

    /// Every data row in file order, skipping blank lines.
    pub fn rows(&self) -> impl Iterator<Item = Result<ParsedRow, RejectedRow>> + '_ {
        self.rows_with_offset().map(|(_, row)| row)
    }

    /// Every data row with the byte offset just after it in the decoded text (up to `byte_len`).
    pub fn rows_with_offset(&self) -> impl Iterator<Item = (usize, Result<ParsedRow, RejectedRow>)> + '_ {
        let mut records = Records::new(&self.text, self.delimiter);
        // open() has read this header already; here it only has to be stepped over.
        let header = records.next_record();
        let mut done = !matches!(header, Some(Ok(_)));
        std::iter::from_fn(move || {
            if done {
                return None;
            }
            let row = match records.next_record()? {
                Ok(at) => self.columns.row(&records.record, &at),
                Err(reason) => {
                    // The reader cannot be trusted after an error; stop rather than guess.
                    done = true;
                    Err(RejectedRow { line: records.line, reason })
                }
            };
            Some((records.offset(), row))
        })
    }
}

/// Workbooks are zip (.xlsx, .ods) or OLE (.xls) files; saying so helps more than "binary".
fn refuse_workbooks(bytes: &[u8]) -> Result<(), FileError> {
    const SIGNATURES: [&[u8]; 2] = [b"PK\x03\x04", b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"];
    if SIGNATURES.iter().any(|sig| bytes.starts_with(sig)) {
        return Err(FileError::Unreadable("a spreadsheet workbook, not a CSV file; save it as CSV".into()));
    }
    Ok(())
}

/// UTF-8 when the bytes are valid UTF-8 (after a byte order mark, if any), otherwise
/// Windows-1252, which is what Excel on Windows writes "CSV" in for French and English, or Mac
/// Roman, which Excel for Mac writes (see [`looks_like_mac_roman`]).
fn decode(bytes: &[u8]) -> (Cow<'_, str>, &'static str) {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let rest = bytes.get(bom_len..).unwrap_or_default();
        return (encoding.decode_without_bom_handling(rest).0, encoding.name());
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => (Cow::Borrowed(text), "UTF-8"),
        Err(_) => {
            let encoding = if looks_like_mac_roman(bytes) { MACINTOSH } else { WINDOWS_1252 };
            (encoding.decode_without_bom_handling(bytes).0, encoding.name())
        }
    }
}

/// Excel for Mac's "CSV" is Mac Roman with bare CR line ends. Its accented letters (é is 0x8E,
/// è 0x8F, à 0x88, ç 0x8D) sit in 0x80-0x9F, where Windows-1252 has a few holes (0x81, 0x8D,
/// 0x8F, 0x90, 0x9D: never in a Windows file) and rare symbols, besides the curly quotes, dashes,
/// euro and ellipsis that Windows files do carry; Windows-1252's own letters sit in 0xC0-0xFF.
fn looks_like_mac_roman(bytes: &[u8]) -> bool {
    let bare_cr = bytes.contains(&b'\r') && !bytes.contains(&b'\n');
    let windows_hole = bytes.iter().any(|b| matches!(b, 0x81 | 0x8D | 0x8F | 0x90 | 0x9D));
    let mac_letters =
        bytes.iter().filter(|b| (0x80..=0x9F).contains(*b) && !matches!(b, 0x80 | 0x85 | 0x91..=0x97)).count();
    let windows_letters = bytes.iter().filter(|b| **b >= 0xC0).count();
    bare_cr || windows_hole || mac_letters > windows_letters
}

/// Text files have no NUL and almost no control characters; a UTF-16 file without a byte order
/// mark, or any binary file, has plenty.
fn refuse_binary(text: &str) -> Result<(), FileError> {
    let (mut total, mut control) = (0usize, 0usize);
    for c in text.chars().take(SNIFF_CHARS) {
        total += 1;
        if c == '\0' {
            return Err(FileError::Unreadable("binary data".into()));
        }
        if c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0c') {
            control += 1;
        }
    }
    if control * 100 > total {
        return Err(FileError::Unreadable("binary data".into()));
    }
    Ok(())
}

/// The candidate that cuts the header into the most fields (quoted text excepted); a comma on a
/// tie or when the file has a single column.
fn detect_delimiter(text: &str) -> u8 {
    let header = text.lines().find(|line| !is_blank_line(line)).unwrap_or_default();
    let mut best = (b',', 0);
    for candidate in [b',', b';', b'\t'] {
        let count = count_outside_quotes(header, candidate);
        if count > best.1 {
            best = (candidate, count);
        }
    }
    best.0
}

/// Blank lines, including the ",,," spreadsheets write for an empty row.
fn is_blank_line(line: &str) -> bool {
    line.chars().all(|c| c.is_whitespace() || c == ',' || c == ';')
}

fn count_outside_quotes(line: &str, delimiter: u8) -> usize {
    let mut quoted = false;
    let mut count = 0;
    for byte in line.bytes() {
        if byte == b'"' {
            quoted = !quoted;
        } else if byte == delimiter && !quoted {
            count += 1;
        }
    }
    count
}

fn read_header(text: &str, delimiter: u8) -> Result<Vec<String>, FileError> {
    let mut records = Records::new(text, delimiter);
    match records.next_record() {
        None => Err(FileError::Empty),
        Some(Err(reason)) => Err(FileError::Unreadable(reason.to_string())),
        Some(Ok(_)) => Ok(records.record.iter().map(|h| h.trim().to_owned()).collect()),
    }
}

/// What a column of the file feeds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Email,
    /// A second or third address of the same person, read when the first is empty.
    OtherEmail,
    Name,
    FirstName,
    LastName,
    Language,
    Country,
    Province,
    Tags,
    /// A finer area than the province (a health region, a city), kept as written for the
    /// features that know such areas (the alerts feature's regions).
    Area,
    ConsentDate,
    /// A status column ("Status", Constant Contact's "Email status").
    Status,
    /// Mailchimp's unsubscribed export: a time here means the person unsubscribed.
    UnsubscribedAt,
    /// Mailchimp's cleaned export: a time here means the address bounced.
    CleanedAt,
    Ignored,
}

impl Field {
    fn as_str(self) -> &'static str {
        match self {
            Field::Email => "email",
            Field::OtherEmail => "other_email",
            Field::Name => "name",
            Field::FirstName => "first_name",
            Field::LastName => "last_name",
            Field::Language => "language",
            Field::Country => "country",
            Field::Province => "province",
            Field::Tags => "tags",
            Field::Area => "area",
            Field::ConsentDate => "consent_date",
            Field::Status => "status",
            Field::UnsubscribedAt => "unsubscribed_at",
            Field::CleanedAt => "cleaned_at",
            Field::Ignored => "ignored",
        }
    }

    /// The field of a header, compared as a name key: case, accents, spaces, hyphens and
    /// underscores do not matter ("E-mail", "Adresse électronique", "date_de_consentement").
    /// Other tools' names are the ones their exports document: Google Contacts ("E-mail 1 -
    /// Value"), Outlook ("E-mail Address", "E-mail 2 Address"), Apple Contacts ("Home Email"),
    /// Mailchimp ("Email Address", "OPTIN_TIME", "UNSUB_TIME", "CLEAN_TIME") and Constant Contact
    /// ("Email address", "Email status", "Email permission status").
    fn from_header(header: &str) -> Field {
        match name_key(header).as_str() {
            "email"
            | "courriel"
            | "adressecourriel"
            | "adressedecourriel"
            | "adresseelectronique"
            | "mail"
            | "emailaddress"
            | "email1value"
            | "email1"
            | "email1address"
            | "primaryemail"
            | "emailprimary"
            | "homeemail"
            | "workemail"
            | "otheremail"
            | "emailhome"
            | "emailwork" => Field::Email,
            "email2value" | "email3value" | "email2address" | "email3address" | "email2" | "email3" => {
                Field::OtherEmail
            }
            "name" | "nom" | "fullname" | "nomcomplet" | "displayname" => Field::Name,
            "firstname" | "givenname" | "prenom" => Field::FirstName,
            "lastname" | "surname" | "familyname" | "nomdefamille" => Field::LastName,
            "language" | "langue" | "lang" | "preferredlanguage" | "languepreferee" => Field::Language,
            "country" | "pays" => Field::Country,
            "province"
            | "provinceterritory"
            | "provinceterritoire"
            | "provinceouterritoire"
            | "territory"
            | "territoire"
            | "state"
            | "etat"
            | "region" => Field::Province,
            "tags" | "tag" | "etiquettes" | "etiquette" | "groups" | "groupes" => Field::Tags,
            "area" | "zone" | "healthregion" | "regionsanitaire" | "alertregion" | "regiondalerte" => Field::Area,
            "consentdate" | "datedeconsentement" | "date" | "since" | "depuis" | "optintime" | "confirmtime" => {
                Field::ConsentDate
            }
            "status"
            | "statut"
            | "subscriptionstatus"
            | "statutdabonnement"
            | "emailstatus"
            | "emailpermissionstatus"
            | "emailmarketingstatus"
            | "emailsubscriptionstatus" => Field::Status,
            "unsubtime" | "unsubscribedat" | "unsubscribedate" => Field::UnsubscribedAt,
            "cleantime" | "cleanedat" => Field::CleanedAt,
            _ => Field::Ignored,
        }
    }
}

/// The field of every column. A field named twice is read from its first column only, except an
/// address: a second address column is read when the first is empty.
fn map_fields(headers: &[String]) -> Vec<Field> {
    let geo_guesses = is_mailchimp(headers);
    let mut fields: Vec<Field> = Vec::with_capacity(headers.len());
    for header in headers {
        let field = match Field::from_header(header) {
            Field::Email if fields.contains(&Field::Email) => Field::OtherEmail,
            Field::Province | Field::Country if geo_guesses => Field::Ignored,
            field if field != Field::OtherEmail && fields.contains(&field) => Field::Ignored,
            field => field,
        };
        fields.push(field);
    }
    bare_name_as_last_name(headers, &mut fields);
    fields
}

/// Mailchimp's "CC" and "REGION" columns are guessed from the subscriber's IP address: not where
/// they said they live, so not read (and an American "CA" would read as an unknown province).
fn is_mailchimp(headers: &[String]) -> bool {
    headers.iter().any(|h| matches!(name_key(h).as_str(), "leid" | "euid" | "memberrating" | "optinip"))
}

/// Next to "Prénom" (or "First name"), a plain "Nom" (or "Name") column holds the last name.
fn bare_name_as_last_name(headers: &[String], fields: &mut [Field]) {
    if !fields.contains(&Field::FirstName) || fields.contains(&Field::LastName) {
        return;
    }
    for (header, field) in headers.iter().zip(fields.iter_mut()) {
        if *field == Field::Name && matches!(name_key(header).as_str(), "nom" | "name") {
            *field = Field::LastName;
            return;
        }
    }
}

/// Where each field is in a record.
struct ColumnMap {
    email: usize,
    other_emails: Vec<usize>,
    name: Option<usize>,
    first_name: Option<usize>,
    last_name: Option<usize>,
    language: Option<usize>,
    country: Option<usize>,
    province: Option<usize>,
    tags: Option<usize>,
    area: Option<usize>,
    consent_date: Option<usize>,
    status: Option<usize>,
    unsubscribed_at: Option<usize>,
    cleaned_at: Option<usize>,
}

impl ColumnMap {
    /// None when no column holds email addresses.
    fn new(fields: &[Field]) -> Option<ColumnMap> {
        let find = |wanted: Field| fields.iter().position(|&f| f == wanted);
        Some(ColumnMap {
            email: find(Field::Email)?,
            other_emails: fields.iter().enumerate().filter(|(_, f)| **f == Field::OtherEmail).map(|(i, _)| i).collect(),
            name: find(Field::Name),
            first_name: find(Field::FirstName),
            last_name: find(Field::LastName),
            language: find(Field::Language),
            country: find(Field::Country),
            province: find(Field::Province),
            tags: find(Field::Tags),
            area: find(Field::Area),
            consent_date: find(Field::ConsentDate),
            status: find(Field::Status),
            unsubscribed_at: find(Field::UnsubscribedAt),
            cleaned_at: find(Field::CleanedAt),
        })
    }

    fn row(&self, record: &StringRecord, at: &RecordAt) -> Result<ParsedRow, RejectedRow> {
        let reject = |reason| RejectedRow { line: at.line, reason };
        if at.extra_lines > MAX_LINES_PER_ROW {
            let detail =
                format!("a quoted cell runs on for {} lines; a closing quote is probably missing", at.extra_lines);
            return Err(reject(RejectReason::Malformed(detail)));
        }
        self.parse(record, at.line).map_err(reject)
    }

    /// Checked in a fixed order (email, language, country, province, date) whatever the order of
    /// the columns, so a row with several problems always gets the same reason.
    fn parse(&self, record: &StringRecord, line: u64) -> Result<ParsedRow, RejectReason> {
        let cell = |column: Option<usize>| column.and_then(|i| record.get(i)).map_or("", str::trim);
        let first_email = cell(Some(self.email));
        let email = if first_email.is_empty() {
            self.other_emails.iter().map(|&i| cell(Some(i))).find(|e| !e.is_empty()).unwrap_or_default()
        } else {
            first_email
        };
        // Google Contacts puts a person's several addresses in one cell, joined by " ::: ".
        let email = parse_email(email.split(":::").next().unwrap_or_default().trim())?;
        let lang = parse_lang(cell(self.language))?;
        let (country, implied_province) = parse_country(cell(self.country))?;
        let mut place = place(country, cell(self.province))?;
        place.province = place.province.or(implied_province);
        let consent_date_ms = parse_date(cell(self.consent_date))?;
        let status = if !cell(self.cleaned_at).is_empty() {
            FileStatus::Bounced
        } else if !cell(self.unsubscribed_at).is_empty() {
            FileStatus::Unsubscribed
        } else {
            parse_status(cell(self.status))?
        };
        let name = clean_text(cell(self.name))
            .or_else(|| join_name(cell(self.first_name), cell(self.last_name)))
            // A name no mail header could carry is left out; the address still counts.
            .and_then(|n| header_text::clean(&n, header_text::NAME_MAX).ok());
        Ok(ParsedRow {
            line,
            email,
            name,
            lang,
            country: place.country,
            province: place.province,
            region: place.region,
            tags: split_tags(cell(self.tags)),
            area: clean_text(cell(self.area)),
            consent_date_ms,
            status,
        })
    }
}

/// The statuses the tools write, in English or French. An unknown one refuses the row rather than
/// guess: importing someone who left would be worse than asking the admin to look.
fn parse_status(value: &str) -> Result<FileStatus, RejectReason> {
    match name_key(value).as_str() {
        "" | "subscribed" | "subscriber" | "active" | "optedin" | "optin" | "confirmed" | "implicit" | "explicit"
        | "yes" | "oui" | "abonne" | "abonnee" | "actif" | "inscrit" | "inscrite" => Ok(FileStatus::Subscribed),
        "unsubscribed" | "unsubscribe" | "optedout" | "optout" | "removed" | "desabonne" | "desabonnee"
        | "desinscrit" | "desinscrite" | "no" | "non" => Ok(FileStatus::Unsubscribed),
        "cleaned" | "bounced" | "bounce" | "hardbounce" | "undeliverable" | "rebondi" | "rejete" | "invalide" => {
            Ok(FileStatus::Bounced)
        }
        "pending"
        | "pendingconfirmation"
        | "unconfirmed"
        | "nonsubscribed"
        | "notsubscribed"
        | "transactional"
        | "archived"
        | "notset"
        | "enattente"
        | "nonconfirme"
        | "nonabonne" => Ok(FileStatus::NotConfirmed),
        _ => Err(RejectReason::UnknownStatus(shown(value))),
    }
}

fn parse_email(value: &str) -> Result<EmailAddress, RejectReason> {
    if value.is_empty() {
        return Err(RejectReason::MissingEmail);
    }
    EmailAddress::parse(value).map_err(|_| RejectReason::InvalidEmail(shown(value)))
}

/// Our two languages by code or name in either language, and the regional tags ("fr-CA").
fn parse_lang(value: &str) -> Result<Option<Lang>, RejectReason> {
    if value.is_empty() {
        return Ok(None);
    }
    match name_key(value).as_str() {
        "en" | "eng" | "english" | "anglais" | "enca" | "enus" | "engb" => Ok(Some(Lang::En)),
        "fr" | "fra" | "fre" | "french" | "francais" | "frca" | "frfr" => Ok(Some(Lang::Fr)),
        _ => Err(RejectReason::UnknownLanguage(shown(value))),
    }
}

/// The country, and a province when the country column names one: "Québec" there means Canada,
/// in Quebec (unless the province column says otherwise). Countries win: "NL" is the Netherlands.
fn parse_country(value: &str) -> Result<(Option<Country>, Option<Province>), RejectReason> {
    if value.is_empty() {
        return Ok((None, None));
    }
    if let Some(country) = Country::parse(value) {
        return Ok((Some(country), None));
    }
    match Province::parse(value) {
        Some(province) => Ok((Some(Country::canada()), Some(province))),
        None => Err(RejectReason::UnknownCountry(shown(value))),
    }
}

/// Where a subscriber lives, once the country and the province column are read together.
struct Place {
    country: Option<Country>,
    province: Option<Province>,
    region: Option<String>,
}

/// Outside Canada the province column is a free-text region (Australia's "NT" is no Canadian
/// territory). In Canada, or with no country, it must be a province, and then implies Canada.
fn place(country: Option<Country>, value: &str) -> Result<Place, RejectReason> {
    if value.is_empty() {
        return Ok(Place { country, province: None, region: None });
    }
    if country.is_some_and(|c| !c.is_canada()) {
        return Ok(Place { country, province: None, region: clean_text(value) });
    }
    match Province::parse(value) {
        Some(province) => Ok(Place { country: Some(Country::canada()), province: Some(province), region: None }),
        None => Err(RejectReason::UnknownProvince(shown(value))),
    }
}

/// Trimmed, with every run of whitespace (line breaks in quoted cells too) made one space.
fn clean_text(value: &str) -> Option<String> {
    let mut out = String::with_capacity(value.len());
    for word in value.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    (!out.is_empty()).then_some(out)
}

fn join_name(first: &str, last: &str) -> Option<String> {
    if first.is_empty() && last.is_empty() {
        return None;
    }
    clean_text(&format!("{first} {last}"))
}

/// Tags in one cell, separated by commas, semicolons or bars; lower case so "Pairs" and "pairs"
/// are one tag, in the order first seen. Mailchimp quotes each tag ("Pairs","Montréal").
fn split_tags(value: &str) -> Vec<String> {
    let mut tags: Vec<String> = Vec::new();
    for tag in value.split([',', ';', '|']).filter_map(|tag| clean_text(tag.trim().trim_matches('"'))) {
        let tag = tag.to_lowercase();
        if !tags.contains(&tag) {
            tags.push(tag);
        }
    }
    tags
}

fn parse_date(value: &str) -> Result<Option<i64>, RejectReason> {
    if value.is_empty() {
        return Ok(None);
    }
    iso_date_ms(value).map(Some).ok_or_else(|| RejectReason::InvalidDate(shown(value)))
}

/// Year first (YYYY-MM-DD or YYYY/MM/DD) is the only unambiguous order: 03/04/2024 is March in
/// Toronto and April in Montréal. A time after the date, as database exports add, is ignored.
fn iso_date_ms(value: &str) -> Option<i64> {
    let (date, time) = value.split_once([' ', 'T']).unwrap_or((value, ""));
    if !time.is_empty() && !looks_like_time(time) {
        return None;
    }
    let separator = if date.contains('-') { '-' } else { '/' };
    let mut parts = date.split(separator);
    let (year, month, day) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || year.len() != 4 || !(1..=2).contains(&month.len()) || !(1..=2).contains(&day.len()) {
        return None;
    }
    let month = Month::try_from(number::<u8>(month)?).ok()?;
    let date = Date::from_calendar_date(number(year)?, month, number(day)?).ok()?;
    Some(date.midnight().assume_utc().unix_timestamp() * 1000)
}

fn looks_like_time(time: &str) -> bool {
    time.starts_with(|c: char| c.is_ascii_digit())
        && time.bytes().all(|b| b.is_ascii_digit() || matches!(b, b':' | b'.' | b'+' | b'-' | b'Z' | b' '))
}

/// Digits only: `str::parse` would also take a sign.
fn number<T: std::str::FromStr>(digits: &str) -> Option<T> {
    if digits.bytes().all(|b| b.is_ascii_digit()) { digits.parse().ok() } else { None }
}

/// The value as a rejection repeats it, cut short when very long.
fn shown(value: &str) -> String {
    match value.char_indices().nth(MAX_SHOWN_CHARS) {
        Some((cut, _)) => format!("{}…", &value[..cut]),
        None => value.to_owned(),
    }
}

/// Where a record sits in the file.
struct RecordAt {
    /// The line the record starts on, 1-based.
    line: u64,
    /// Line breaks inside the record's quoted cells.
    extra_lines: u64,
}

/// The non-blank records of the text, with the line each starts on. The csv reader gives a record
/// the position where reading began, before the blank lines it skips, so lines are counted here.
struct Records<'a> {
    text: &'a str,
    reader: Reader<&'a [u8]>,
    record: StringRecord,
    /// The line of the byte at `counted_to`.
    line: u64,
    counted_to: usize,
}

impl<'a> Records<'a> {
    fn new(text: &'a str, delimiter: u8) -> Self {
        let reader =
            ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(text.as_bytes());
        Records { text, reader, record: StringRecord::new(), line: 1, counted_to: 0 }
    }

    /// The byte offset just after the last record read.
    fn offset(&self) -> usize {
        usize::try_from(self.reader.position().byte()).unwrap_or(self.text.len())
    }

    fn next_record(&mut self) -> Option<Result<RecordAt, RejectReason>> {
        loop {
            match self.reader.read_record(&mut self.record) {
                Ok(false) => return None,
                Err(e) => return Some(Err(RejectReason::Malformed(e.to_string()))),
                Ok(true) if self.record.iter().all(|cell| cell.trim().is_empty()) => continue,
                Ok(true) => return Some(Ok(self.locate())),
            }
        }
    }

    /// Counts the line breaks from the previous record to this one and within it.
    fn locate(&mut self) -> RecordAt {
        let read_from = self.record.position().map_or(self.counted_to, |p| p.byte() as usize);
        let bytes = self.text.as_bytes();
        let end = self.offset();
        let start = skip_line_breaks(bytes, read_from.max(self.counted_to), end);
        let content_end = trim_line_breaks(bytes, start, end);
        let line = self.line + count_line_breaks(bytes.get(self.counted_to..start).unwrap_or_default());
        let extra_lines = count_line_breaks(bytes.get(start..content_end).unwrap_or_default());
        self.line = line + extra_lines;
        self.counted_to = content_end;
        RecordAt { line, extra_lines }
    }
}

fn skip_line_breaks(bytes: &[u8], mut from: usize, end: usize) -> usize {
    while from < end && matches!(bytes.get(from), Some(b'\r' | b'\n')) {
        from += 1;
    }
    from
}

fn trim_line_breaks(bytes: &[u8], start: usize, mut end: usize) -> usize {
    while end > start && matches!(bytes.get(end - 1), Some(b'\r' | b'\n')) {
        end -= 1;
    }
    end
}

/// "\n", "\r\n" and the lone "\r" of old Mac exports each end one line, as for the csv reader.
fn count_line_breaks(bytes: &[u8]) -> u64 {
    let mut count = 0;
    for (i, &byte) in bytes.iter().enumerate() {
        if byte == b'\n' || (byte == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
            count += 1;
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    fn open(bytes: &[u8]) -> ImportFile<'_> {
        ImportFile::open(bytes).expect("the file opens")
    }

    fn read(bytes: &[u8]) -> (Vec<ParsedRow>, Vec<RejectedRow>) {
        let (mut parsed, mut rejected) = (Vec::new(), Vec::new());
        for row in open(bytes).rows() {
            match row {
                Ok(row) => parsed.push(row),
                Err(row) => rejected.push(row),
            }
        }
        (parsed, rejected)
    }

    fn lines(rows: &[ParsedRow]) -> Vec<u64> {
        rows.iter().map(|r| r.line).collect()
    }

    fn emails(rows: &[ParsedRow]) -> Vec<&str> {
        rows.iter().map(|r| r.email.as_str()).collect()
    }

    fn reasons(rows: &[RejectedRow]) -> Vec<(u64, RejectReason)> {
        rows.iter().map(|r| (r.line, r.reason.clone())).collect()
    }

    /// The mapping as "header=field" strings, easy to compare with literals.
    fn columns(file: &ImportFile) -> Vec<String> {
        file.columns().into_iter().map(|(header, field)| format!("{header}={field}")).collect()
    }

    const MARCH_1_2024_MS: i64 = 1_709_251_200_000;

    #[test]
    fn a_utf8_byte_order_mark_is_dropped() {
        let file = open(b"\xEF\xBB\xBFemail,name\nana@example.org,Ana\n");
        assert_eq!(file.encoding(), "UTF-8");
        assert_eq!(columns(&file), ["email=email", "name=name"]);
        let (parsed, rejected) = read(b"\xEF\xBB\xBFemail,name\nana@example.org,Ana\n");
        assert_eq!((emails(&parsed), lines(&parsed), rejected.len()), (vec!["ana@example.org"], vec![2], 0));
    }

    #[test]
    fn windows_1252_files_are_decoded() {
        let bytes = b"Courriel;Nom;R\xe9gion;Pays;\xc9tiquettes\r\n\
            ana@example.org;Ren\xe9e Tremblay;Qu\xe9bec;;Montr\xe9al|Pairs\r\n\
            marc@example.fr;Marc;\xcele-de-France;France;\r\n";
        let file = open(bytes);
        assert_eq!((file.encoding(), file.delimiter()), ("windows-1252", ';'));
        assert_eq!(
            columns(&file),
            ["Courriel=email", "Nom=name", "Région=province", "Pays=country", "Étiquettes=tags"]
        );
        let (parsed, rejected) = read(bytes);
        assert_eq!((parsed.len(), rejected.len()), (2, 0));
        assert_eq!(parsed[0].name.as_deref(), Some("Renée Tremblay"));
        assert_eq!((parsed[0].province, parsed[0].country), (Some(Province::QC), Some(Country::canada())));
        assert_eq!(parsed[0].tags, ["montréal", "pairs"]);
        assert_eq!(parsed[1].region.as_deref(), Some("Île-de-France"));
        assert_eq!(lines(&parsed), [2, 3]);
    }

    #[test]
    fn utf16_with_a_byte_order_mark_is_decoded() {
        let text = "email\tname\nana@example.org\tRenée\n";
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        let file = open(&bytes);
        assert_eq!((file.encoding(), file.delimiter()), ("UTF-16LE", '\t'));
        let (parsed, _) = read(&bytes);
        assert_eq!(parsed[0].name.as_deref(), Some("Renée"));
    }

    #[test]
    fn tab_separated_files_keep_commas_in_cells() {
        let bytes = b"Email\tName\tLanguage\tCountry\nana@example.org\tSilva, Ana\tFran\xc3\xa7ais\tCanada\n";
        let file = open(bytes);
        assert_eq!(file.delimiter(), '\t');
        let (parsed, rejected) = read(bytes);
        assert_eq!((parsed.len(), rejected.len()), (1, 0));
        assert_eq!(parsed[0].name.as_deref(), Some("Silva, Ana"));
        assert_eq!((parsed[0].lang, parsed[0].country), (Some(Lang::Fr), Some(Country::canada())));
    }

    #[test]
    fn french_headers_in_any_order() {
        let bytes = "Langue;Pays;Adresse électronique;Nom complet;Province ou territoire;Date de consentement;\
            Étiquettes;Téléphone\n\
            FR;Canada;ana@example.org;  Ana   Silva ;Qc;2024-03-01;\"Pairs, Montréal ;montréal\";514-555-0100\n"
            .as_bytes();
        let file = open(bytes);
        assert_eq!(file.delimiter(), ';');
        assert_eq!(
            columns(&file),
            [
                "Langue=language",
                "Pays=country",
                "Adresse électronique=email",
                "Nom complet=name",
                "Province ou territoire=province",
                "Date de consentement=consent_date",
                "Étiquettes=tags",
                "Téléphone=ignored",
            ]
        );
        let (parsed, rejected) = read(bytes);
        assert_eq!((parsed.len(), rejected.len()), (1, 0));
        let row = &parsed[0];
        assert_eq!((row.line, row.email.as_str(), row.name.as_deref()), (2, "ana@example.org", Some("Ana Silva")));
        assert_eq!(
            (row.lang, row.country, row.province),
            (Some(Lang::Fr), Some(Country::canada()), Some(Province::QC))
        );
        assert_eq!((row.region.as_deref(), row.consent_date_ms), (None, Some(MARCH_1_2024_MS)));
        assert_eq!(row.tags, ["pairs", "montréal"]);
    }

    #[test]
    fn header_names_ignore_case_accents_and_separators() {
        for header in ["EMAIL", "E-mail", "e_mail", "Courriel", "adresse courriel", "Adresse Electronique", "Mail"] {
            let text = format!("{header},x\na@example.org,1\n");
            let file = open(text.as_bytes());
            assert_eq!(columns(&file)[0], format!("{header}=email"));
        }
    }

    #[test]
    fn quoted_cells_keep_commas_and_line_breaks_and_later_lines_stay_right() {
        let bytes = b"email,name,notes\n\
            ana@example.org,\"Silva, Ana\",\"first\nsecond\nthird\"\n\
            bob@example.org,Bob,\n\
            \n\
            \"carl@example.org\",\"Carl\r\nJr\",x\r\n\
            dee@example.org,Dee,\n";
        let (parsed, rejected) = read(bytes);
        assert_eq!(rejected.len(), 0);
        assert_eq!(lines(&parsed), [2, 5, 7, 9]);
        assert_eq!(parsed[0].name.as_deref(), Some("Silva, Ana"));
        assert_eq!(parsed[2].name.as_deref(), Some("Carl Jr"), "the line break becomes a space");
    }

    #[test]
    fn old_mac_line_endings_count_as_lines() {
        let (parsed, rejected) =
            read(b"email,name\rana@example.org,Ana\r\rbob@example.org,\"B\rob\"\rcat@example.org,Cat");
        assert_eq!((lines(&parsed), rejected.len()), (vec![2, 4, 6], 0));
    }

    #[test]
    fn blank_lines_are_neither_rows_nor_rejections() {
        let bytes = b"\n\n  \nemail,name\n\nana@example.org,Ana\n   \n,,\nbob@example.org,\n\n";
        let (parsed, rejected) = read(bytes);
        assert_eq!((lines(&parsed), rejected.len()), (vec![6, 9], 0));
    }

    #[test]
    fn bad_and_missing_addresses_are_rejected_with_their_line() {
        let bytes =
            b"name,email\nAna,  ANA@Example.ORG  \nBob,bob@@x.org\nNobody,\nDee,dee@localhost\nEve,eve@example.org\n";
        let (parsed, rejected) = read(bytes);
        assert_eq!(emails(&parsed), ["ANA@example.org", "eve@example.org"]);
        assert_eq!(lines(&parsed), [2, 6]);
        assert_eq!(
            reasons(&rejected),
            [
                (3, RejectReason::InvalidEmail("bob@@x.org".into())),
                (4, RejectReason::MissingEmail),
                (5, RejectReason::InvalidEmail("dee@localhost".into())),
            ]
        );
        assert_eq!(rejected[0].reason.to_string(), "invalid email address \"bob@@x.org\"");
        assert_eq!(rejected[0].to_string(), "line 3: invalid email address \"bob@@x.org\"");
        assert_eq!(rejected[0].reason.message_id(), "import-reject-invalid-email");
        assert_eq!(rejected[1].reason.message_id(), "import-reject-missing-email");
    }

    #[test]
    fn a_header_without_an_email_column_is_refused() {
        let error = ImportFile::open(b"name,phone\nAna,555\n").err();
        assert_eq!(error, Some(FileError::NoEmailColumn));
        assert_eq!(FileError::NoEmailColumn.message_id(), "import-file-no-email-column");
    }

    #[test]
    fn empty_files_are_refused_but_a_lone_header_is_fine() {
        for bytes in [&b""[..], b"\n\n  \r\n", b"\xEF\xBB\xBF", b",,,\n;;\n"] {
            assert_eq!(ImportFile::open(bytes).err(), Some(FileError::Empty), "{bytes:?}");
        }
        assert_eq!(FileError::Empty.message_id(), "import-file-empty");
        let file = open(b"email,name\n\n");
        assert_eq!(file.rows().count(), 0);
    }

    #[test]
    fn binary_files_are_unreadable() {
        let utf16_without_bom: Vec<u8> = "email\nana@example.org\n".bytes().flat_map(|b| [b, 0]).collect();
        let zeros = [0u8; 512];
        let xlsx = b"PK\x03\x04\x14\x00\x06\x00rest of a workbook";
        let controls: Vec<u8> = (0..200u8).map(|i| i % 8 + 1).collect();
        for bytes in [&utf16_without_bom[..], &zeros, xlsx, &controls] {
            let error = ImportFile::open(bytes).err();
            assert!(matches!(error, Some(FileError::Unreadable(_))), "{error:?}");
            assert_eq!(error.map(|e| e.message_id()), Some("import-file-unreadable"));
        }
    }

    #[test]
    fn provinces_regions_and_countries() {
        let bytes = "email,country,province\n\
            a@example.org,,Ontario\n\
            b@example.org,Canada,qué.\n\
            c@example.org,États-Unis,California\n\
            d@example.org,Australia,NT\n\
            e@example.org,,Californie\n\
            f@example.org,CA,Narnia\n\
            g@example.org,Narnia,\n\
            h@example.org,France,\n\
            i@example.org,,\n\
            j@example.org,Québec,\n\
            k@example.org,NL,\n\
            l@example.org,Ontario,Nunavut\n"
            .as_bytes();
        let (parsed, rejected) = read(bytes);
        let places: Vec<_> = parsed
            .iter()
            .map(|r| (r.line, r.country.map(|c| c.code().to_owned()), r.province, r.region.as_deref()))
            .collect();
        assert_eq!(
            places,
            [
                (2, Some("CA".to_owned()), Some(Province::ON), None),
                (3, Some("CA".to_owned()), Some(Province::QC), None),
                (4, Some("US".to_owned()), None, Some("California")),
                (5, Some("AU".to_owned()), None, Some("NT")),
                (9, Some("FR".to_owned()), None, None),
                (10, None, None, None),
                (11, Some("CA".to_owned()), Some(Province::QC), None),
                (12, Some("NL".to_owned()), None, None),
                (13, Some("CA".to_owned()), Some(Province::NU), None),
            ]
        );
        assert_eq!(
            reasons(&rejected),
            [
                (6, RejectReason::UnknownProvince("Californie".into())),
                (7, RejectReason::UnknownProvince("Narnia".into())),
                (8, RejectReason::UnknownCountry("Narnia".into())),
            ]
        );
    }

    #[test]
    fn tags_are_split_trimmed_lowercased_and_deduplicated() {
        let bytes = b"email\ttags\na@example.org\tPairs; pairs | Sant\xc3\xa9,, Harm  Reduction ,|\nb@example.org\t\n";
        let (parsed, _) = read(bytes);
        assert_eq!(parsed[0].tags, ["pairs", "santé", "harm reduction"]);
        assert!(parsed[1].tags.is_empty());
    }

    #[test]
    fn only_year_first_dates_are_accepted() {
        let good = ["2024-03-01", "2024/03/01", "2024-3-1", "2024-03-01 10:22:00", "2024-03-01T10:22:00Z"];
        let bad =
            ["01/03/2024", "03/01/2024", "2024-02-30", "2024-13-01", "yesterday", "2024-03-01 soon", "2024-03/01"];
        let mut text = String::from("email,date\n");
        for (i, date) in good.iter().chain(&bad).enumerate() {
            text.push_str(&format!("p{i}@example.org,{date}\n"));
        }
        text.push_str("none@example.org,\n");
        let (parsed, rejected) = read(text.as_bytes());
        let dates: Vec<_> = parsed.iter().map(|r| r.consent_date_ms).collect();
        assert_eq!(dates, [Some(MARCH_1_2024_MS); 5].into_iter().chain([None]).collect::<Vec<_>>());
        let expected: Vec<_> =
            bad.iter().enumerate().map(|(i, d)| (i as u64 + 7, RejectReason::InvalidDate((*d).into()))).collect();
        assert_eq!(reasons(&rejected), expected);
    }

    #[test]
    fn languages_in_either_language_any_case() {
        let bytes = "email,langue\n\
            a@example.org,en\nb@example.org,English\nc@example.org,ANGLAIS\nd@example.org,fr-CA\n\
            e@example.org,FRANÇAIS\nf@example.org,francais\ng@example.org,\nh@example.org,es\n"
            .as_bytes();
        let (parsed, rejected) = read(bytes);
        let langs: Vec<_> = parsed.iter().map(|r| r.lang).collect();
        let (en, fr) = (Some(Lang::En), Some(Lang::Fr));
        assert_eq!(langs, [en, en, en, fr, fr, fr, None]);
        assert_eq!(reasons(&rejected), [(9, RejectReason::UnknownLanguage("es".into()))]);
    }

    #[test]
    fn first_and_last_names_are_joined() {
        let bytes =
            "Prénom,Nom,Courriel\nAna,Silva,ana@example.org\n,Tremblay,t@example.org\n,,n@example.org\n".as_bytes();
        let file = open(bytes);
        assert_eq!(columns(&file), ["Prénom=first_name", "Nom=last_name", "Courriel=email"]);
        let (parsed, _) = read(bytes);
        let names: Vec<_> = parsed.iter().map(|r| r.name.as_deref()).collect();
        assert_eq!(names, [Some("Ana Silva"), Some("Tremblay"), None]);
    }

    #[test]
    fn a_field_named_twice_is_read_from_its_first_column() {
        let bytes = b"email,Email,,name\na@example.org,b@example.org,x,A\n";
        let file = open(bytes);
        assert_eq!(columns(&file), ["email=email", "Email=other_email", "name=name"], "unnamed columns are not listed");
        let (parsed, _) = read(bytes);
        assert_eq!(emails(&parsed), ["a@example.org"]);
    }

    #[test]
    fn short_and_long_rows_are_read() {
        let (parsed, rejected) = read(b"email,name,lang\na@example.org\nb@example.org,B,fr,extra,cells\n");
        assert_eq!((lines(&parsed), rejected.len()), (vec![2, 3], 0));
        assert_eq!(parsed[1].lang, Some(Lang::Fr));
    }

    #[test]
    fn an_unclosed_quote_is_reported_where_it_opens() {
        let mut text = String::from("email,name\na@example.org,A\nb@example.org,\"Bob\n");
        for i in 0..60 {
            text.push_str(&format!("c{i}@example.org,C\n"));
        }
        let (parsed, rejected) = read(text.as_bytes());
        assert_eq!(lines(&parsed), [2]);
        assert_eq!(rejected.len(), 1);
        assert_eq!((rejected[0].line, rejected[0].reason.message_id()), (3, "import-reject-malformed"));
    }

    #[test]
    fn offsets_grow_to_the_decoded_length() {
        let file = open(b"email\na@example.org\n\nb@example.org\n\n");
        let offsets: Vec<usize> = file.rows_with_offset().map(|(offset, _)| offset).collect();
        assert_eq!(offsets.len(), 2);
        assert!(offsets[0] < offsets[1] && offsets[1] <= file.byte_len());
        assert_eq!(file.byte_len(), 36);
    }

    #[test]
    fn rejections_name_the_value_and_shorten_long_ones() {
        let long = "x".repeat(500);
        let reason = RejectReason::UnknownCountry(shown(&long));
        assert_eq!(reason.value().map(|v| v.chars().count()), Some(MAX_SHOWN_CHARS + 1));
        let all = [
            (RejectReason::MissingEmail, "import-reject-missing-email", "no email address"),
            (RejectReason::UnknownLanguage("es".into()), "import-reject-unknown-language", "\"es\""),
            (RejectReason::UnknownCountry("Narnia".into()), "import-reject-unknown-country", "\"Narnia\""),
            (RejectReason::UnknownProvince("Narnia".into()), "import-reject-unknown-province", "\"Narnia\""),
            (RejectReason::InvalidDate("01/02/2024".into()), "import-reject-invalid-date", "\"01/02/2024\""),
            (RejectReason::Malformed("oops".into()), "import-reject-malformed", "oops"),
        ];
        for (reason, id, shown_text) in all {
            assert_eq!(reason.message_id(), id);
            assert!(reason.to_string().contains(shown_text), "{reason}");
        }
    }
    fn fixture_rows(bytes: &[u8]) -> Vec<(u64, String, Option<String>, FileStatus)> {
        let (parsed, rejected) = read(bytes);
        assert_eq!(rejected, [], "no fixture row is refused");
        parsed.into_iter().map(|r| (r.line, r.email.as_str().to_owned(), r.name, r.status)).collect()
    }

    fn row(line: u64, email: &str, name: &str, status: FileStatus) -> (u64, String, Option<String>, FileStatus) {
        (line, email.to_owned(), Some(name.to_owned()).filter(|n| !n.is_empty()), status)
    }

    const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/import-fixtures/");

    fn fixture(name: &str) -> Vec<u8> {
        std::fs::read(format!("{FIXTURES}{name}")).expect("fixture")
    }

    use FileStatus::{Bounced, NotConfirmed, Subscribed, Unsubscribed};

    #[test]
    fn google_contacts_exports_use_the_first_address_found() {
        assert_eq!(
            fixture_rows(&fixture("google-contacts.csv")),
            [
                row(2, "renee.tremblay@example.org", "Renée Tremblay", Subscribed),
                row(3, "sam@pairs.example.org", "Sam Okafor", Subscribed),
                row(4, "jo@example.net", "Jo", Subscribed),
            ]
        );
    }

    #[test]
    fn outlook_exports_read_the_second_address_when_the_first_is_empty() {
        let bytes = fixture("outlook.csv");
        let file = open(&bytes);
        assert!(columns(&file).contains(&"E-mail Address=email".to_owned()));
        assert!(columns(&file).contains(&"E-mail 2 Address=other_email".to_owned()));
        assert_eq!(
            fixture_rows(&bytes),
            [
                row(2, "marc.gagnon@example.ca", "Marc Gagnon", Subscribed),
                row(3, "aisha@example.com", "Aisha Benali", Subscribed)
            ]
        );
    }

    #[test]
    fn apple_contacts_exports_read_home_then_work_addresses() {
        assert_eq!(
            fixture_rows(&fixture("apple-contacts.csv")),
            [
                row(2, "lou.martin@example.org", "Lou Martin", Subscribed),
                row(3, "dee.roy@cactus.example.org", "Dee Roy", Subscribed)
            ]
        );
    }

    #[test]
    fn mailchimp_exports_keep_consent_times_and_statuses_and_ignore_ip_guesses() {
        let bytes = fixture("mailchimp-subscribed.csv");
        let file = open(&bytes);
        let columns = columns(&file);
        for expected in ["OPTIN_TIME=consent_date", "CC=ignored", "REGION=ignored", "OPTIN_IP=ignored", "TAGS=tags"] {
            assert!(columns.contains(&expected.to_owned()), "{expected} in {columns:?}");
        }
        let (parsed, rejected) = read(&bytes);
        assert_eq!(rejected, []);
        assert_eq!((parsed[0].province, parsed[1].country.as_ref()), (None, None), "geolocation is not read");
        assert_eq!(parsed[0].tags, ["pairs", "montréal"]);
        assert_eq!(parsed[0].consent_date_ms, iso_date_ms("2023-04-02"));
        assert_eq!(fixture_rows(&fixture("mailchimp-unsubscribed.csv"))[0].3, Unsubscribed);
        assert_eq!(fixture_rows(&fixture("mailchimp-cleaned.csv"))[0].3, Bounced);
    }

    #[test]
    fn constant_contact_exports_say_who_left_or_bounced() {
        assert_eq!(
            fixture_rows(&fixture("constant-contact.csv")),
            [
                row(2, "active@example.org", "Active Person", Subscribed),
                row(3, "optedout@example.org", "Opted Out", Unsubscribed),
                row(4, "bounced@example.org", "Bounced Person", Bounced),
            ]
        );
    }

    #[test]
    fn excel_for_mac_files_are_mac_roman_with_bare_carriage_returns() {
        let bytes = fixture("excel-mac.csv");
        let file = open(&bytes);
        assert_eq!(file.encoding(), "macintosh");
        assert_eq!(
            columns(&file),
            ["Courriel=email", "Prénom=first_name", "Nom=last_name", "Langue=language", "Région=province"]
        );
        let (parsed, rejected) = read(&bytes);
        assert_eq!(rejected, []);
        assert_eq!(parsed[0].name.as_deref(), Some("Hélène Bérubé"));
        assert_eq!((parsed[0].lang, parsed[0].province), (Some(Lang::Fr), Some(Province::QC)));
        assert_eq!(
            (parsed[1].line, parsed[1].name.as_deref(), parsed[1].province),
            (3, Some("François Lefèvre"), Some(Province::PE))
        );
    }

    #[test]
    fn windows_files_with_curly_quotes_stay_windows_1252() {
        let bytes = b"email,name\r\na@example.org,\x93Ren\xe9e\x94 O\x92Neil\r\n";
        let file = open(bytes);
        assert_eq!(file.encoding(), "windows-1252");
        let (parsed, _) = read(bytes);
        assert_eq!(parsed[0].name.as_deref(), Some("\u{201c}Renée\u{201d} O\u{2019}Neil"));
    }

    #[test]
    fn statuses_in_either_language_and_unknown_ones_refused() {
        let bytes = "email,statut\n\
            a@example.org,Abonné\nb@example.org,désabonné\nc@example.org,pending\nd@example.org,cleaned\n\
            e@example.org,\nf@example.org,maybe\n"
            .as_bytes();
        let (parsed, rejected) = read(bytes);
        let statuses: Vec<_> = parsed.iter().map(|r| r.status).collect();
        assert_eq!(statuses, [Subscribed, Unsubscribed, NotConfirmed, Bounced, Subscribed]);
        assert_eq!(reasons(&rejected), [(7, RejectReason::UnknownStatus("maybe".into()))]);
        assert_eq!(rejected[0].reason.message_id(), "import-reject-unknown-status");
    }
}
