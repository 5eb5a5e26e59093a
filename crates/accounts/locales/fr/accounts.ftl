field-email = Adresse courriel
field-new-email = Nouvelle adresse courriel
field-display-name = Nom affiché
field-password = Mot de passe
field-new-password = Nouveau mot de passe
field-current-password = Votre mot de passe actuel
field-code = Code
field-setup-code = Code d’installation
field-language = Langue

email-missing = Entrez votre adresse courriel.
email-invalid = Entrez une adresse courriel valide, comme nom@exemple.org.
email-taken = Cette adresse courriel a déjà un compte.
email-same = C’est déjà votre adresse courriel.
display-name-missing = Entrez un nom affiché. Ce peut être un surnom.
display-name-too-long = Le nom affiché doit compter 60 caractères ou moins.
display-name-invalid = Le nom affiché contient des caractères qui ne peuvent pas être affichés.
password-too-short = Le mot de passe doit compter au moins 10 caractères.
password-too-long = Le mot de passe doit compter 1000 caractères ou moins.
password-is-email = Le mot de passe ne doit pas être votre adresse courriel.
password-current-wrong = Votre mot de passe actuel n’est pas le bon.
lang-invalid = Choisissez l’anglais ou le français.
link-invalid = Ce lien a expiré ou a déjà été utilisé.

signup-title = Créer un compte
signup-intro = Vous n’avez pas à donner votre vrai nom. Choisissez le nom affiché qui vous convient.
signup-email-hint = Nous envoyons un lien à cette adresse pour vérifier qu’elle est à vous. Elle n’est jamais montrée aux autres membres.
signup-display-name-hint = Ce que voient les autres membres. Un surnom ou un pseudonyme convient.
signup-password-hint = Au moins 10 caractères. Quelques mots ensemble font un mot de passe solide.
signup-submit = Créer le compte
signup-have-account = Vous avez déjà un compte?
signup-check-email = Nous avons envoyé un message à l’adresse indiquée. Suivez le lien qu’il contient pour terminer la création de votre compte. Si l’adresse a déjà un compte, le message vous dit quoi faire.
check-email-title = Consultez vos courriels
check-email-spam = Si rien n’arrive d’ici quelques minutes, regardez dans vos indésirables.

verify-title = Confirmez votre adresse courriel
verify-intro = Appuyez sur le bouton pour confirmer cette adresse et terminer la création de votre compte.
verify-submit = Confirmer mon adresse
verify-invalid-next = Connectez-vous pour recevoir un nouveau lien
verify-done = Votre adresse courriel est confirmée. Bienvenue!
verify-done-login = Votre adresse courriel est confirmée. Connectez-vous pour continuer.

login-title = Se connecter
login-submit = Se connecter
login-forgot = Mot de passe oublié?
login-no-account = Pas encore de compte?
login-wrong = L’adresse courriel ou le mot de passe n’est pas le bon.
login-throttled = Il y a eu trop de tentatives. Attendez quelques minutes et réessayez.
login-unverified = Votre adresse courriel n’est pas encore confirmée. Nous vous avons envoyé un nouveau lien.
login-two-factor-title = Entrez votre code à deux facteurs
login-two-factor-hint = Le code à 6 chiffres de votre application d’authentification, ou l’un de vos codes de récupération.
logout-done = Vous êtes déconnecté.
two-factor-code-wrong = Le code n’est pas le bon, ou il a déjà été utilisé.

reset-title = Réinitialiser votre mot de passe
reset-intro = Entrez l’adresse courriel de votre compte. Nous vous enverrons un lien pour choisir un nouveau mot de passe.
reset-submit = Envoyer le lien
reset-sent = Si un compte utilise cette adresse, nous lui avons envoyé un lien pour choisir un nouveau mot de passe. Le lien fonctionne une fois, pendant une heure.
reset-confirm-title = Choisissez un nouveau mot de passe
reset-confirm-submit = Enregistrer le nouveau mot de passe
reset-again = Demander un nouveau lien
reset-done = Votre mot de passe est changé. Connectez-vous avec votre nouveau mot de passe.

setup-title = Installer Rendezvous
setup-intro = Créez le premier compte d’administration. Il vous faut le code d’installation affiché dans la console où Rendezvous a été lancé.
setup-code-hint = Il ressemble à abcd-efgh-jkmn-pqrs.
setup-code-wrong = Le code d’installation n’est pas le bon. Cherchez-le dans la console où Rendezvous a été lancé.
setup-submit = Créer l’administrateur
setup-done = Le compte d’administration est créé. Activez maintenant l’authentification à deux facteurs : les administrateurs en ont besoin pour utiliser leurs pouvoirs.

account-title = Votre compte
account-change-email = Changer votre adresse courriel
account-change-password = Changer votre mot de passe
account-two-factor = Authentification à deux facteurs
account-two-factor-on = Activée
account-two-factor-off = Désactivée
account-two-factor-manage = Gérer
account-profile = Profil
account-save = Enregistrer
account-saved = Vos changements sont enregistrés.
account-sessions = Où vous êtes connecté
account-sessions-count = { $count ->
    [one] Vous êtes connecté sur { $count } appareil ou navigateur.
   *[other] Vous êtes connecté sur { $count } appareils ou navigateurs.
}
account-end-all = Se déconnecter partout
sessions-ended = Vous êtes déconnecté partout.
account-your-data = Vos données
account-export = Télécharger tout ce que nous détenons sur vous (JSON)
account-erase = Effacer votre compte
account-email-current = Votre adresse actuelle est { $address }.
account-email-intro = Nous enverrons un lien à la nouvelle adresse. Votre adresse change quand vous le suivez.
account-email-submit = Envoyer le lien
email-change-sent = Nous avons envoyé un lien à la nouvelle adresse. Votre adresse change quand vous le suivez.
account-email-confirm-intro = Appuyez sur le bouton pour que { $address } devienne votre adresse courriel.
account-email-confirm-submit = Utiliser cette adresse
email-changed = Votre adresse courriel est changée.
password-changed = Votre mot de passe est changé. Vous êtes déconnecté de vos autres appareils.

two-factor-title = Authentification à deux facteurs
two-factor-intro = L’authentification à deux facteurs protège votre compte avec un code venant d’une application sur votre téléphone ou votre ordinateur, en plus de votre mot de passe. Nous n’utilisons jamais de texto.
two-factor-step-app = Installez une application d’authentification, comme Aegis, FreeOTP ou 2FAS.
two-factor-step-scan = Avec l’application, balayez ce code. Sur le téléphone qui a l’application, utilisez plutôt le lien.
two-factor-open-app = Ouvrir dans l’application d’authentification
two-factor-step-key = Ou, dans l’application, ajoutez un compte avec cette clé :
two-factor-uri = Ou utilisez cette adresse dans les applications qui l’acceptent :
two-factor-step-code = Entrez le code à 6 chiffres affiché par l’application.
two-factor-code-hint = 6 chiffres, sans espaces.
two-factor-enable-submit = Activer l’authentification à deux facteurs
two-factor-on = L’authentification à deux facteurs est activée.
two-factor-codes-left = { $count ->
    [one] Il vous reste { $count } code de récupération inutilisé.
   *[other] Il vous reste { $count } codes de récupération inutilisés.
}
two-factor-new-codes = Nouveaux codes de récupération
two-factor-new-codes-submit = Créer de nouveaux codes de récupération
two-factor-disable = Désactiver l’authentification à deux facteurs
two-factor-disable-warning = Sans elle, les pouvoirs d’administration, de modération et de communications cessent de fonctionner.
two-factor-disable-submit = La désactiver
two-factor-disabled = L’authentification à deux facteurs est désactivée.
two-factor-already = L’authentification à deux facteurs est déjà activée.
two-factor-not-enabled = Activez d’abord l’authentification à deux facteurs.
recovery-codes-title = Vos codes de récupération
recovery-codes-intro = Gardez ces codes en lieu sûr. Chacun vous permet de vous connecter une fois si vous perdez votre téléphone. Ils ne sont affichés que maintenant.
recovery-codes-done = Je les ai gardés

erase-title = Effacer votre compte
erase-intro = Votre compte, vos sessions et vos réglages sont supprimés tout de suite et ne peuvent pas être récupérés. Nous ne gardons qu’une forme brouillée de votre adresse courriel, pour qu’elle ne soit jamais réinscrite à une liste sans vous.
erase-export-first = Téléchargez d’abord vos données
erase-content-legend = Que faire de ce que vous avez écrit?
erase-content-delete = Le supprimer
erase-content-keep = Le garder, affiché comme écrit par « un ancien membre »
erase-choice-missing = Choisissez ce qu’il advient de ce que vous avez écrit.
erase-submit = Effacer mon compte
erase-done = Votre compte est effacé.

admin-users-title = Personnes et rôles
admin-users-search = Chercher par nom ou courriel
admin-users-search-submit = Chercher
admin-users-caption = Comptes
admin-users-roles = Rôles
admin-users-change = Modifier
admin-users-unverified = adresse non confirmée
role-registered = Inscrit
role-changed = Les rôles sont modifiés.
role-invalid = Ce rôle n’existe pas.
role-last-admin = Le dernier administrateur ne peut pas être retiré.

mail-why-account = Vous recevez ce message à cause d’un compte sur notre site. Si vous ne l’avez pas demandé, vous pouvez l’ignorer.
mail-verify-subject = Confirmez votre adresse courriel
mail-verify-body = Merci de vous joindre à nous. Veuillez confirmer votre adresse courriel pour terminer la création de votre compte.
mail-verify-action = Confirmer mon adresse
mail-verify-note = Ce lien fonctionne pendant 48 heures.
mail-reset-subject = Réinitialisez votre mot de passe
mail-reset-body = Quelqu’un a demandé à réinitialiser le mot de passe de votre compte. Si c’est vous, choisissez un nouveau mot de passe avec ce lien.
mail-reset-action = Choisir un nouveau mot de passe
mail-reset-note = Ce lien fonctionne une fois, pendant une heure. Si vous n’avez rien demandé, ignorez ce message : votre mot de passe ne change pas.
mail-signup-existing-subject = Vous avez déjà un compte
mail-signup-existing-body = Quelqu’un a essayé de créer un compte avec cette adresse, mais elle en a déjà un. Si c’est vous, connectez-vous, ou choisissez un nouveau mot de passe avec ce lien.
mail-signup-existing-action = Choisir un nouveau mot de passe
mail-signup-existing-note = Si ce n’est pas vous, ignorez ce message : rien n’a changé.
mail-change-email-subject = Confirmez votre nouvelle adresse courriel
mail-change-email-body = Vous avez demandé à utiliser cette adresse pour votre compte. Confirmez-la avec ce lien.
mail-change-email-action = Utiliser cette adresse
mail-change-email-note = Ce lien fonctionne pendant 24 heures.
mail-change-email-taken-subject = Cette adresse a déjà un compte
mail-change-email-taken-body = Quelqu’un a demandé à déplacer un compte vers cette adresse, mais elle a déjà un compte. Rien n’a changé.
mail-email-changed-subject = Votre adresse courriel a été changée
mail-email-changed-body = L’adresse courriel de votre compte est maintenant { $address }. Si ce n’est pas vous, écrivez-nous tout de suite.

login-throttled-account = Il y a eu trop de tentatives de connexion à ce compte. Attendez un moment, ou connectez-vous avec un lien que nous envoyons à son adresse.
login-link-offer = Si c’est votre compte, nous pouvons vous envoyer un lien de connexion par courriel. Il remplace le mot de passe, pas votre code à deux facteurs.
login-link-request = M’envoyer un lien de connexion
login-link-title = Connexion par courriel
login-link-sent = Si un compte utilise cette adresse, nous lui avons envoyé un lien de connexion. Il fonctionne une fois, pendant 15 minutes.
login-link-confirm-intro = Connectez-vous à votre compte avec ce lien. Si vous utilisez l’authentification à deux facteurs, vous entrerez ensuite votre code.
login-link-confirm-submit = Me connecter
mail-signin-subject = Votre lien de connexion
mail-signin-body = Quelqu’un a demandé un lien pour se connecter à votre compte sans son mot de passe. Si c’est vous, connectez-vous avec ce lien.
mail-signin-action = Me connecter
mail-signin-note = Ce lien fonctionne une fois, pendant 15 minutes. Si vous n’avez rien demandé, ignorez ce message : personne ne peut l’utiliser sans votre boîte de courriel, et votre mot de passe ne change pas.

admin-users-change-roles = Changer les rôles
admin-user-roles-title = Rôles d’un compte
admin-user-roles-back = Retour aux personnes et rôles
admin-user-roles-confirm-title = Confirmez ce changement
admin-user-roles-confirm = Oui, changer le rôle
admin-user-roles-cancel = Annuler
login-password-missing = Entrez votre mot de passe.
