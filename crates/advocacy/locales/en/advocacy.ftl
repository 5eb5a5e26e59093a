# Letters to representatives: the public pages
act-nav = Write to your MP
act-title = Write to your representatives
act-intro = Letters from constituents change minds. Choose a campaign, read the letter, change it if you like, and send it in your name or with others.
act-none = No letter campaign is open right now.
act-closed = This campaign has ended: it no longer takes letters.
act-goal = { $count ->
    [one] Goal: { $shown } letter
   *[other] Goal: { $shown } letters
}
act-count-letters = { $count ->
    [one] { $shown } letter sent
   *[other] { $shown } letters sent
}
act-count-personalised = { $count ->
    [one] { $shown } personalised
   *[other] { $shown } personalised
}
act-recipients = Your letter goes to
act-choose-district = Your postal code is in more than one district. Choose yours.
act-district = Your district
act-district-hint = The electoral district where you live. Your representative is found from it.
act-district-choose = Choose your district
act-district-other = Other
act-find = Find your district
act-find-hint = Type part of its name or of your province. Capitals and accents do not matter.
act-find-button = Search the list
act-find-showing = Districts matching "{ $text }".
act-find-none = No district matches "{ $text }".
act-find-all = Show every district
act-postal-code = Or your postal code
act-postal-code-hint = For example K1A 0A6. Used only to find your district.
act-name = Your name
act-name-hint = As you want it at the foot of your letter. In a collective letter, only the name you choose below is shown.
act-email-hint = We send you a link to confirm your letter. The representative can answer you at this address.
act-town = Your town or city
act-town-hint = Optional. Shown in a collective letter as "a resident of" your town.
act-address = Your street address
act-address-hint = This campaign asks for it: a letter from a constituent carries their address.
act-subject = Subject
act-body = Your letter
act-body-hint = Change it as you like: a letter in your own words counts for more. You may write in English or French.
act-body-fixed = This campaign's letter cannot be changed.
act-signing = How do you sign?
act-signing-named = In my name
act-signing-named-hint = Your name, town and address go to the representative, and they can reply to you.
act-signing-collective = Collectively
act-signing-collective-hint = The network sends one letter a day to each representative, listing each writer by the name they choose below. Your address is not shown.
act-shown-as = Name shown in a collective letter
act-shown-as-hint = Optional: a first name or a pseudonym. Without it you are shown as "a resident of" your town.
act-copy = Send me a copy of my letter
act-privacy = We keep your address and letter only until it is delivered and { $days } days more, then only the counts. We never publish names.
act-send = Send my letter
act-mailto-intro = Or send it yourself, from your own mail program: nothing about you is kept.
act-mailto = Open in my mail program
act-mailto-title = Send it from your own mail program
act-mailto-nothing-kept = The button below opens your mail program with the letter filled in. We keep nothing about you.
act-mailto-open = Open the letter in my mail program
act-mailto-copy = The letter, to copy if the button does not work
act-per-target = Letters per representative
act-target = Representative
act-letters = Letters
act-personalised = Personalised
act-check-email = Check your email: we sent you a link to confirm your letter. Nothing is sent until you confirm.
act-sent-title = Your letter is on its way
act-sent = Thank you. Your letter will be delivered shortly.
act-back = Back to the campaign
act-confirm-title = Confirm your letter
act-confirm-intro = Here is your letter for the campaign "{ $title }". Nothing has been sent yet.
act-confirm-button = Send my letter
act-confirm-mail-subject = Confirm your letter: { $title }
act-confirm-mail-body = You wrote a letter in the campaign "{ $title }". It is sent only when you confirm. If you did not write it, ignore this mail: nothing will be sent.
act-confirm-mail-action = Confirm my letter
act-confirm-mail-why = You get this mail because this address was given on a letter-writing form.
act-link-title = Letter link
act-link-invalid = This link is not valid, or the letter was never confirmed and has been forgotten.
act-link-used = This letter is already confirmed: nothing is sent again.
act-from-name = { $name } via { $org }
act-letter-constituent = Constituent of { $district }
act-collective-resident = a resident of { $place }
act-collective-someone = a resident
act-collective-signed = { $count ->
    [one] Signed by { $shown } person
   *[other] Signed by { $shown } people
}
act-copy-subject = Your letter to { $target }
act-copy-intro = Here is the copy you asked for of your letter to { $target }:
act-copy-why = You get this mail because you asked for a copy of your letter.
act-reply-title = Did they reply?
act-reply-intro = Two weeks ago your letter was delivered. Did the representative answer you? Your answer is counted, never shown with your name.
act-reply-nothing = There is nothing left to answer for this letter.
act-reply-thanks = Thank you: your answer is counted.
act-reply-yes = They replied.
act-reply-no = They did not reply.
act-reply-button-yes = Yes, they replied
act-reply-button-no = No reply
act-reply-choose = Choose Yes or No.
act-reply-mail-subject = Did they reply to your letter?
act-reply-mail-body = Two weeks ago your letter "{ $subject }" was delivered. Did you get an answer? One click tells us, and helps the network know who listens.
act-reply-mail-action = Tell us
act-reply-mail-why = You get this mail once, because you sent a letter through the network.
act-error-name = Enter your name (at most 100 characters, on one line).
act-error-signing = Choose how you sign: in your name or collectively.
act-error-address = Enter your street address: this campaign asks for it.
act-error-too-long = This is too long.
act-error-postcode-invalid = Enter a postal code like K1A 0A6.
act-error-postcode-unknown = We do not know this postal code: choose your district instead.
act-error-district-required = Choose your district.
act-error-district-unknown = Choose a district from the list.
act-error-no-targets = No one can be written to for this choice yet.
act-error-subject-empty = Enter a subject.
act-error-subject-invalid = The subject is too long or holds a line break.
act-error-body-empty = Write your letter.
act-error-body-too-long = The letter is too long: keep it under 20,000 characters.
act-error-not-editable = This campaign's letter cannot be changed: send it as it is.
act-error-already-written = You have already written to this representative in this campaign.
act-error-near-duplicate = You sent nearly the same letter to this representative before.

# Letters: the campaigners' pages
letters-admin-title = Letter campaigns
letters-new = New letter campaign
letters-campaigns = Campaigns
letters-campaign = Campaign
letters-waiting = Waiting
letters-replied-yes = Replied
letters-replied-no = No reply
letters-bounced = Bounced
letters-count-template = { $count ->
    [one] { $count } as written by the campaign
   *[other] { $count } as written by the campaign
}
letters-count-mailto = { $count ->
    [one] { $count } opened in the writer's own mail program
   *[other] { $count } opened in writers' own mail programs
}
letters-count-waiting = { $count } waiting
letters-count-bounced = { $count } bounced
letters-slug = Address of the page
letters-slug-hint = Lower-case letters, digits and dashes: the page will be /act/…
letters-title-en = Title (English)
letters-title-fr = Title (French)
letters-intro-en = Introduction (English)
letters-intro-fr = Introduction (French)
letters-subject-en = Subject of the letter (English)
letters-subject-fr = Subject of the letter (French)
letters-body-en = The letter (English)
letters-body-fr = The letter (French)
letters-editable = Writers may change the letter
letters-ask-address = Ask writers signing in their name for their street address
letters-goal = Goal (number of letters)
letters-ends-on = Last day
letters-ends-on-hint = Optional. Letters are taken until the end of this day.
letters-targets = Who the letters go to
letters-kind-district = Each writer's own representative in a set
letters-kind-committee = Every member of a committee
letters-kind-emails = A fixed list of addresses
letters-set = Set
letters-committee = Committee
letters-emails = Addresses
letters-emails-hint = One per line.
letters-create = Start the campaign
letters-error-slug = Use 2 to 60 lower-case letters, digits and dashes.
letters-error-slug-taken = A campaign already uses this address.
letters-error-title = Enter a title (at most 200 characters, on one line).
letters-error-intro = The introduction is too long.
letters-error-goal = The goal is a whole number of letters, at least 1.
letters-error-ends-on = Enter the last day as a date.
letters-error-ends-past = The last day has already passed.
letters-error-targets = Say who the letters go to: a set and a committee, a set by district, or a list of addresses.
letters-error-target-email = One of the addresses is not an email address.
letters-error-set = There is no set with this name.
letters-error-set-empty = This set has no one in it yet: import it first.
letters-error-committee = There is no committee with this code.
letters-error-committee-empty = No one in this set sits on this committee.

# Target sets
targets-sets = Target sets
targets-sets-none = No set yet. Import one with the command below.
targets-count = { $count ->
    [one] { $count } representative
   *[other] { $count } representatives
}
targets-imported-at = imported { $time }
targets-import-cli = Import from the command line: rendezvous targets import FILE --set SLUG --name-en NAME --name-fr NAME
targets-stale-old = The data is more than 90 days old: import it again.
targets-stale-election = An election has passed since this data was imported: import it again.
targets-stale-never = This set has no representatives yet: import a file or add them by hand.
targets-imported = The file was imported.
targets-report-added = { $count } added
targets-report-updated = { $count } updated
targets-report-retired = { $count } no longer in the file (kept for past counts)
targets-report-rejected = { $count } rows left out
targets-file = A file of representatives (CSV)
targets-file-hint = In the layout of OpenNorth Represent's contact data; a committees column holds codes separated by semicolons.
targets-import = Import
targets-postcodes = Postal codes to districts (CSV)
targets-postcodes-hint = Two columns: postal code, district name.
targets-postcodes-import = Import postal codes
targets-postcodes-saved = The postal codes were saved.
targets-postcodes-none = No postal code could be read from the file.
targets-election = Date of the next election
targets-election-hint = After it, the set is marked out of date until it is imported again.
targets-election-save = Save the date
targets-election-saved = The election date was saved.
targets-error-election = Enter the election date as a date.
targets-list = Representatives
targets-name = Name
targets-office = Office
targets-party = Party
targets-phone = Phone
targets-address = Address
targets-state = State
targets-active = In the latest import
targets-retired = Retired (kept for past counts)
targets-committees = Committees
targets-committees-hint = Codes separated by semicolons, e.g. HESA; JUST.
targets-photos-pending = Portraits are being fetched in the background.
targets-save = Save
targets-saved = The representative was saved.
targets-error-name = Enter a name.
targets-error-slug = A set's name is 2 to 60 lower-case letters, digits and dashes.
targets-file-empty = The file is empty.
targets-file-no-name = No column holds the names (name, or first and last name).
targets-file-unreadable = The file cannot be read as CSV.
targets-upload-failed = The file could not be received. Try again.
targets-row-no-name = no name
targets-row-bad-email = the email address is not one

# Committees
committees-title = Committees
committees-code = Code
committees-name-en = Name (English)
committees-name-fr = Name (French)
committees-url = Public page
committees-members = Members
committees-edit = Add or change a committee
committees-edit-hint = A code already listed changes that committee.
committees-save = Save the committee
committees-saved = The committee was saved.
committees-error-code = Enter the committee's code: letters, digits and dashes, at most 20.
committees-error-name = Enter the name (at most 200 characters, on one line).
committees-error-url = The page's address starts with https://.

# Target sets kept by hand
sets-new = New target set
sets-new-intro = A set of your own, empty to start with: add its representatives by hand, or import a file into it later.
sets-slug = Short name
sets-slug-hint = Used in addresses and by the import command: lower-case letters, digits and dashes.
sets-name-en = Name (English)
sets-name-fr = Name (French)
sets-create = Create the set
sets-created = The set was created.
sets-error-name = Enter the name (at most 200 characters, on one line).
sets-error-slug-taken = A set already has this short name.
sets-names = Names of the set
sets-rename = Save the names
sets-renamed = The names were saved.
sets-add-target = Add a representative
sets-add-target-hint = The next import of a file replaces the set's representatives: someone added here and not in the file is retired then.
sets-province = Province or territory
sets-province-hint = Optional. Its name or code, e.g. Ontario or ON: the districts are grouped by it.
sets-error-province = Enter a Canadian province or territory, or leave it empty.
sets-add = Add the representative
sets-target-added = The representative was added.
sets-retire = Retire this representative
sets-retire-hint = Letters no longer go to them; past counts keep them.
sets-target-retired = The representative was retired.
