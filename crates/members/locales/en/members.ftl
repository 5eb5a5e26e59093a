nav-directory = Directory
nav-membership = My membership

admin-members-title = Members
admin-members-caption = Memberships and applications, applications first
admin-member-title = Membership
admin-membership-types-title = Membership types
admin-groups-title = Groups

membership-status-applied = Applied
membership-status-active = Active
membership-status-grace = In grace period
membership-status-lapsed = Lapsed
membership-status-rejected = Not accepted
membership-status-cancelled = Cancelled

visibility-public = Everyone
visibility-members = Members only
visibility-admins = Administrators only
visibility-hidden = No one

org-kind-agency = Agency
org-kind-drug-user-organisation = Drug-user organisation
org-kind-coalition = Coalition
org-kind-health-authority = Health authority
org-kind-research-centre = Research centre
org-kind-other = Other

service-naloxone = Naloxone
service-drug-checking = Drug checking
service-supervised-consumption = Supervised consumption
service-needle-syringe = Needle and syringe distribution
service-peer-support = Peer support
service-housing = Housing
service-hiv-hcv-testing = HIV and hepatitis C testing
service-other = Other services

group-visibility-public = Listed publicly
group-visibility-members = Listed to members
group-visibility-hidden = Hidden
group-joining-invitation = By invitation
group-joining-request = On request

language-name = { $code ->
    [en] English
    [fr] French
   *[other] Other languages
}

members-me-title = My membership
members-me-none = You have no membership or application yet.
members-status = Status
members-expires = Ends on
members-grace-until = You can still renew until
members-application-view = See the application
members-renew = Renew for another term
members-renewed = Your membership is renewed.
members-my-organisations = Organisations you act for
members-apply-title = Apply for membership
members-apply-intro = Choose the kind of membership you are applying for.
members-apply-none = No membership is open to applications at the moment.
members-for-person = for a person
members-for-organisation = for an organisation
members-category = Category
members-category-hint = Optional. If you choose "person with lived or living experience", only administrators will see it unless you decide otherwise.
members-org-mode = Your organisation
members-org-mode-new = It is new here: I describe it below
members-org-mode-claim = It is already listed: I give its name
members-claim-name = Name of the organisation you act for
members-claim-name-hint = As it is listed. An administrator checks that you may act for it.
members-new-org = A new organisation
members-apply-submit = Send my application
members-applied = Your application is sent. We have emailed you a copy.
members-application-title = Application
members-applied-on = Applied on
members-review-note = A note from the administrators:
members-answer-title = Add the information asked for
members-answer-note = Anything else you want to tell us
members-answer-submit = Send
members-answered = Thank you. The administrators will look at your application again.
members-person = Person
members-organisation = Organisation
members-type = Membership type
members-info-requested = more information asked for
members-filter = Filter
members-export = Download as CSV
members-export-sensitive = Include the lived-experience category and hidden groups (recorded in the audit log)
members-next-page = Next page
members-add-title = Add a member
members-add-email = Email address of their account
members-add-email-hint = The person needs an account first.
members-add-organisation = Organisation (for an organisation membership)
members-add-organisation-hint = Its name as listed.
members-add-submit = Add the membership
members-added = The membership is added.
members-answers = Answers
members-review-title = Decide
members-review-note-label = Reason or question
members-review-note-hint = Required to decline or to ask for more information; sent to the applicant.
members-approve = Approve
members-ask-info = Ask for more information
members-reject = Decline
members-decided = Done. The applicant has been emailed.
members-change-status = Change the status
members-status-changed = The status is changed.

members-error-required = Fill this in.
members-error-too-long = This is too long, or holds characters that are not allowed.
members-error-website = Give a web address starting with http:// or https://
members-error-province = Choose a province or territory from the list.
members-error-country = We do not know this country. Use its name or its two-letter code.
members-error-service = Choose services from the list.
members-error-language = Choose languages from the list.
members-error-visibility = Choose who may see it from the list.
members-error-org-kind = Choose the kind of organisation.
members-error-org-name-taken = Another organisation already has this name (letter case does not matter).
members-error-no-type = This membership type does not exist.
members-error-type-closed = This membership type is closed to applications.
members-error-wrong-kind = This membership type is for the other kind of member (person or organisation).
members-error-already-open = You already have an application or a membership of this type.
members-error-no-organisation = No organisation has this name.
members-error-wrong-status = This cannot be done to the membership as it stands.
members-error-not-yours = You may not act for this membership.
members-error-answer-required = Answer this question.
members-error-category = Choose a category from the list.
members-error-note-required = Give a reason or a question.
members-error-no-account = No account has this email address.
members-error-slug = Use 2 to 40 lowercase letters, digits or hyphens.
members-error-not-delegate = Only the people who act for this organisation may change it.

mail-members-action = See your membership
mail-members-why = You get this message because you applied for or hold a membership.
mail-members-received-subject = We received your application: { $type }
mail-members-received-body = Thank you for applying for the membership "{ $type }". An administrator will look at it and we will write to you.
mail-members-approved-subject = Welcome: your membership is active
mail-members-approved-body = Your membership "{ $type }" is active. It runs until { $date }.
mail-members-rejected-subject = Your membership application
mail-members-rejected-body = We cannot accept your application for the membership "{ $type }". The reason:
mail-members-info-subject = We need more information for your application
mail-members-info-body = Before we can decide on your application for the membership "{ $type }", we need more information:
mail-members-reminder-subject = Your membership ends soon
mail-members-reminder-body = Your membership "{ $type }" ends on { $date }. You can renew it from your membership page.
mail-members-grace-subject = Your membership has ended: you can still renew
mail-members-grace-body = Your membership "{ $type }" has ended. You can still renew it until { $date }.
mail-members-lapsed-subject = Your membership has lapsed
mail-members-lapsed-body = Your membership "{ $type }" has lapsed. You are welcome to apply again at any time.

org-name-en = Name in English
org-name-fr = Name in French
org-name-fr-hint = Leave empty if it is the same.
org-kind = Kind of organisation
org-city = City or town
org-province = Province or territory
org-country = Country
org-country-hint = Canada if left empty.
org-website = Website
org-website-hint = Starting with https:// or http://
org-services = Services offered
org-languages = Languages served
org-visibility = Who may see this organisation in the directory
org-visibility-hidden = No one: not in the directory
org-visibility-members = Members only
org-visibility-public = Everyone
org-edit = Edit

members-profile-title = My directory profile
