field-email = Email address
field-new-email = New email address
field-display-name = Display name
field-password = Password
field-new-password = New password
field-current-password = Your current password
field-code = Code
field-setup-code = Setup code
field-language = Language

email-missing = Enter your email address.
email-invalid = Enter an email address in the right form, like name@example.org.
email-taken = This email address already has an account.
email-same = This is already your email address.
display-name-missing = Enter a display name. It can be a nickname.
display-name-too-long = The display name must be 60 characters or fewer.
display-name-invalid = The display name contains characters that cannot be shown.
password-too-short = The password must be at least 10 characters long.
password-too-long = The password must be 1000 characters or fewer.
password-is-email = The password must not be your email address.
password-current-wrong = Your current password is not right.
lang-invalid = Choose English or French.
link-invalid = This link has expired or has already been used.

signup-title = Create an account
signup-intro = You do not need to give your real name. Choose any display name you are comfortable with.
signup-email-hint = We send a link to this address to check it is yours. It is never shown to other members.
signup-display-name-hint = What other members see. A nickname or pseudonym is fine.
signup-password-hint = At least 10 characters. A few words together make a strong password.
signup-submit = Create account
signup-have-account = Already have an account?
signup-check-email = We have sent a message to the address you gave. Follow the link in it to finish creating your account. If the address already has an account, the message tells you what to do.
check-email-title = Check your email
check-email-spam = If nothing arrives within a few minutes, look in your spam folder.

verify-title = Confirm your email address
verify-intro = Press the button to confirm this address and finish creating your account.
verify-submit = Confirm my address
verify-invalid-next = Log in to get a new link
verify-done = Your email address is confirmed. Welcome!
verify-done-login = Your email address is confirmed. Log in to continue.

login-title = Log in
login-submit = Log in
login-forgot = Forgotten your password?
login-no-account = No account yet?
login-wrong = The email address or password is not right.
login-throttled = There have been too many attempts. Wait a few minutes and try again.
login-unverified = Your email address is not confirmed yet. We have sent you a new link.
login-two-factor-title = Enter your two-factor code
login-two-factor-hint = The 6-digit code from your authenticator app, or one of your recovery codes.
logout-done = You are logged out.
two-factor-code-wrong = The code is not right, or it has already been used.

reset-title = Reset your password
reset-intro = Enter the email address of your account. We will send you a link to choose a new password.
reset-submit = Send the link
reset-sent = If an account uses this address, we have sent it a link to choose a new password. The link works once, for one hour.
reset-confirm-title = Choose a new password
reset-confirm-submit = Save the new password
reset-again = Ask for a new link
reset-done = Your password is changed. Log in with your new password.

setup-title = Set up Rendezvous
setup-intro = Create the first administrator account. You need the setup code that was printed in the console where Rendezvous was started.
setup-code-hint = It looks like abcd-efgh-jkmn-pqrs.
setup-code-wrong = The setup code is not right. Look for it in the console where Rendezvous was started.
setup-submit = Create the administrator
setup-done = The administrator account is created. Set up two-factor authentication now: administrators need it to use their powers.

account-title = Your account
account-change-email = Change your email address
account-change-password = Change your password
account-two-factor = Two-factor authentication
account-two-factor-on = On
account-two-factor-off = Off
account-two-factor-manage = Manage
account-profile = Profile
account-save = Save
account-saved = Your changes are saved.
account-sessions = Where you are logged in
account-sessions-count = { $count ->
    [one] You are logged in on 1 device or browser.
   *[other] You are logged in on { $count } devices or browsers.
}
account-end-all = Log out everywhere
sessions-ended = You are logged out everywhere.
account-your-data = Your data
account-export = Download everything we hold about you (JSON)
account-erase = Erase your account
account-email-current = Your current address is { $address }.
account-email-intro = We will send a link to the new address. Your address changes when you follow it.
account-email-submit = Send the link
email-change-sent = We have sent a link to the new address. Your address changes when you follow it.
account-email-confirm-intro = Press the button to make { $address } your email address.
account-email-confirm-submit = Use this address
email-changed = Your email address is changed.
password-changed = Your password is changed. You are logged out on your other devices.

two-factor-title = Two-factor authentication
two-factor-intro = Two-factor authentication protects your account with a code from an app on your phone or computer, as well as your password. We never use text messages.
two-factor-step-app = Install an authenticator app, such as Aegis, FreeOTP or 2FAS.
two-factor-step-scan = With the app, scan this code. On the phone that has the app, use the link instead.
two-factor-open-app = Open in the authenticator app
two-factor-step-key = Or, in the app, add an account with this key:
two-factor-uri = Or use this address in apps that accept one:
two-factor-step-code = Enter the 6-digit code the app shows.
two-factor-code-hint = 6 digits, no spaces needed.
two-factor-enable-submit = Turn on two-factor authentication
two-factor-on = Two-factor authentication is on.
two-factor-codes-left = { $count ->
    [one] You have 1 unused recovery code.
   *[other] You have { $count } unused recovery codes.
}
two-factor-new-codes = New recovery codes
two-factor-new-codes-submit = Make new recovery codes
two-factor-disable = Turn off two-factor authentication
two-factor-disable-warning = Without it, administrator, moderator and communications powers stop working.
two-factor-disable-submit = Turn it off
two-factor-disabled = Two-factor authentication is off.
two-factor-already = Two-factor authentication is already on.
two-factor-not-enabled = Turn on two-factor authentication first.
recovery-codes-title = Your recovery codes
recovery-codes-intro = Keep these codes somewhere safe. Each one lets you log in once if you lose your phone. They are shown only now.
recovery-codes-done = I have kept them

erase-title = Erase your account
erase-intro = Your account, your sessions and your settings are deleted at once and cannot be recovered. We keep only a scrambled form of your email address, so that it is never added back to a list without you.
erase-export-first = Download your data first
erase-content-legend = What should happen to what you have written?
erase-content-delete = Delete it
erase-content-keep = Keep it, shown as written by “a former member”
erase-choice-missing = Choose what happens to what you have written.
erase-submit = Erase my account
erase-done = Your account is erased.

admin-users-title = People and roles
admin-users-search = Search by name or email
admin-users-search-submit = Search
admin-users-caption = Accounts
admin-users-roles = Roles
admin-users-change = Change
admin-users-unverified = address not confirmed
role-registered = Registered
role-changed = The roles are changed.
role-invalid = This role does not exist.
role-last-admin = The last administrator cannot be removed.

mail-why-account = You are receiving this message because of an account on our site. If you did not ask for it, you can ignore it.
mail-verify-subject = Confirm your email address
mail-verify-body = Thank you for joining. Please confirm your email address to finish creating your account.
mail-verify-action = Confirm my address
mail-verify-note = This link works for 48 hours.
mail-reset-subject = Reset your password
mail-reset-body = Someone asked to reset the password of your account. If it was you, choose a new password with this link.
mail-reset-action = Choose a new password
mail-reset-note = This link works once, for one hour. If you did not ask, ignore this message: your password does not change.
mail-signup-existing-subject = You already have an account
mail-signup-existing-body = Someone tried to create an account with this address, but it already has one. If it was you, log in, or choose a new password with this link.
mail-signup-existing-action = Choose a new password
mail-signup-existing-note = If it was not you, ignore this message: nothing has changed.
mail-change-email-subject = Confirm your new email address
mail-change-email-body = You asked to use this address for your account. Confirm it with this link.
mail-change-email-action = Use this address
mail-change-email-note = This link works for 24 hours.
mail-change-email-taken-subject = This address already has an account
mail-change-email-taken-body = Someone asked to move an account to this address, but it already has an account. Nothing has changed.
mail-email-changed-subject = Your email address was changed
mail-email-changed-body = The email address of your account is now { $address }. If you did not do this, write to us at once.

login-throttled-account = There have been too many attempts to log in to this account. Wait a while, or sign in with a link we email to its address.
login-link-offer = If this is your account, we can email you a sign-in link. It replaces the password, not your two-factor code.
login-link-request = Email me a sign-in link
login-link-title = Sign in by email
login-link-sent = If an account uses this address, we have sent it a sign-in link. It works once, for 15 minutes.
login-link-confirm-intro = Sign in to your account with this link. If you use two-factor authentication, you will then enter your code.
login-link-confirm-submit = Sign in
mail-signin-subject = Your sign-in link
mail-signin-body = Someone asked for a link to sign in to your account without its password. If it was you, sign in with this link.
mail-signin-action = Sign in
mail-signin-note = This link works once, for 15 minutes. If you did not ask, ignore this message: nobody can use it without your mailbox, and your password does not change.

admin-users-change-roles = Change roles
admin-user-roles-title = Roles of an account
admin-user-roles-back = Back to people and roles
admin-user-roles-confirm-title = Confirm this change
admin-user-roles-confirm = Yes, change the role
admin-user-roles-cancel = Cancel
login-password-missing = Enter your password.
