nav-directory = Répertoire
nav-membership = Mon adhésion

admin-members-title = Membres
admin-members-caption = Adhésions et demandes, les demandes d’abord
admin-member-title = Adhésion
admin-membership-types-title = Types d’adhésion
admin-groups-title = Groupes

membership-status-applied = Demandée
membership-status-active = Active
membership-status-grace = En période de grâce
membership-status-lapsed = Échue
membership-status-rejected = Non acceptée
membership-status-cancelled = Annulée

visibility-public = Tout le monde
visibility-members = Membres seulement
visibility-admins = Administrateurs seulement
visibility-hidden = Personne

org-kind-agency = Organisme
org-kind-drug-user-organisation = Organisation de personnes qui utilisent des drogues
org-kind-coalition = Coalition
org-kind-health-authority = Autorité de santé
org-kind-research-centre = Centre de recherche
org-kind-other = Autre

service-naloxone = Naloxone
service-drug-checking = Analyse de drogues
service-supervised-consumption = Consommation supervisée
service-needle-syringe = Distribution de seringues et d’aiguilles
service-peer-support = Soutien par les pairs
service-housing = Logement
service-hiv-hcv-testing = Dépistage du VIH et de l’hépatite C
service-other = Autres services

group-visibility-public = Affiché publiquement
group-visibility-members = Affiché aux membres
group-visibility-hidden = Caché
group-joining-invitation = Sur invitation
group-joining-request = Sur demande

language-name = { $code ->
    [en] Anglais
    [fr] Français
   *[other] Autres langues
}

members-me-title = Mon adhésion
members-me-none = Vous n’avez encore ni adhésion ni demande.
members-status = Statut
members-expires = Prend fin le
members-grace-until = Vous pouvez encore la renouveler jusqu’au
members-application-view = Voir la demande
members-renew = Renouveler pour une autre période
members-renewed = Votre adhésion est renouvelée.
members-my-organisations = Organisations pour lesquelles vous agissez
members-apply-title = Demander une adhésion
members-apply-intro = Choisissez le type d’adhésion que vous demandez.
members-apply-none = Aucune adhésion n’est ouverte aux demandes pour le moment.
members-for-person = pour une personne
members-for-organisation = pour une organisation
members-category = Catégorie
members-category-hint = Facultatif. Si vous choisissez « personne ayant une expérience vécue ou actuelle », seuls les administrateurs la verront, sauf si vous en décidez autrement.
members-org-mode = Votre organisation
members-org-mode-new = Elle est nouvelle ici : je la décris ci-dessous
members-org-mode-claim = Elle est déjà inscrite : je donne son nom
members-claim-name = Nom de l’organisation pour laquelle vous agissez
members-claim-name-hint = Tel qu’il est inscrit. Un administrateur vérifie que vous pouvez agir pour elle.
members-new-org = Une nouvelle organisation
members-apply-submit = Envoyer ma demande
members-applied = Votre demande est envoyée. Nous vous en avons envoyé une copie par courriel.
members-application-title = Demande
members-applied-on = Demandée le
members-review-note = Un mot des administrateurs :
members-answer-title = Ajouter les renseignements demandés
members-answer-note = Autre chose à nous dire
members-answer-submit = Envoyer
members-answered = Merci. Les administrateurs vont réexaminer votre demande.
members-person = Personne
members-organisation = Organisation
members-type = Type d’adhésion
members-info-requested = renseignements demandés
members-filter = Filtrer
members-export = Télécharger en CSV
members-export-sensitive = Inclure la catégorie « expérience vécue » et les groupes cachés (inscrit au journal d’audit)
members-next-page = Page suivante
members-add-title = Ajouter un membre
members-add-email = Adresse courriel de son compte
members-add-email-hint = La personne doit d’abord avoir un compte.
members-add-organisation = Organisation (pour une adhésion d’organisation)
members-add-organisation-hint = Son nom tel qu’il est inscrit.
members-add-submit = Ajouter l’adhésion
members-added = L’adhésion est ajoutée.
members-answers = Réponses
members-review-title = Décider
members-review-note-label = Raison ou question
members-review-note-hint = Obligatoire pour refuser ou pour demander des renseignements ; envoyé à la personne.
members-approve = Approuver
members-ask-info = Demander des renseignements
members-reject = Refuser
members-decided = C’est fait. La personne a reçu un courriel.
members-change-status = Changer le statut
members-status-changed = Le statut est changé.

members-error-required = Remplissez ce champ.
members-error-too-long = C’est trop long, ou cela contient des caractères non permis.
members-error-website = Donnez une adresse Web qui commence par http:// ou https://
members-error-province = Choisissez une province ou un territoire dans la liste.
members-error-country = Nous ne connaissons pas ce pays. Donnez son nom ou son code à deux lettres.
members-error-service = Choisissez les services dans la liste.
members-error-language = Choisissez les langues dans la liste.
members-error-visibility = Choisissez dans la liste qui peut le voir.
members-error-org-kind = Choisissez le genre d’organisation.
members-error-org-name-taken = Une autre organisation porte déjà ce nom (majuscules et minuscules comprises).
members-error-no-type = Ce type d’adhésion n’existe pas.
members-error-type-closed = Ce type d’adhésion n’accepte pas de demandes.
members-error-wrong-kind = Ce type d’adhésion est pour l’autre genre de membre (personne ou organisation).
members-error-already-open = Vous avez déjà une demande ou une adhésion de ce type.
members-error-no-organisation = Aucune organisation ne porte ce nom.
members-error-wrong-status = Ce n’est pas possible pour cette adhésion dans son état actuel.
members-error-not-yours = Vous ne pouvez pas agir pour cette adhésion.
members-error-answer-required = Répondez à cette question.
members-error-category = Choisissez une catégorie dans la liste.
members-error-note-required = Donnez une raison ou une question.
members-error-no-account = Aucun compte n’a cette adresse courriel.
members-error-slug = Utilisez de 2 à 40 lettres minuscules, chiffres ou traits d’union.
members-error-not-delegate = Seules les personnes qui agissent pour cette organisation peuvent la modifier.

mail-members-action = Voir votre adhésion
mail-members-why = Vous recevez ce message parce que vous avez demandé ou détenez une adhésion.
mail-members-received-subject = Nous avons reçu votre demande : { $type }
mail-members-received-body = Merci d’avoir demandé l’adhésion « { $type } ». Un administrateur va l’examiner et nous vous écrirons.
mail-members-approved-subject = Bienvenue : votre adhésion est active
mail-members-approved-body = Votre adhésion « { $type } » est active. Elle court jusqu’au { $date }.
mail-members-rejected-subject = Votre demande d’adhésion
mail-members-rejected-body = Nous ne pouvons pas accepter votre demande d’adhésion « { $type } ». La raison :
mail-members-info-subject = Il nous faut plus de renseignements pour votre demande
mail-members-info-body = Avant de décider de votre demande d’adhésion « { $type } », il nous faut plus de renseignements :
mail-members-reminder-subject = Votre adhésion prend fin bientôt
mail-members-reminder-body = Votre adhésion « { $type } » prend fin le { $date }. Vous pouvez la renouveler depuis la page de votre adhésion.
mail-members-grace-subject = Votre adhésion a pris fin : vous pouvez encore la renouveler
mail-members-grace-body = Votre adhésion « { $type } » a pris fin. Vous pouvez encore la renouveler jusqu’au { $date }.
mail-members-lapsed-subject = Votre adhésion est échue
mail-members-lapsed-body = Votre adhésion « { $type } » est échue. Vous pouvez en demander une nouvelle quand vous le voulez.

org-name-en = Nom en anglais
org-name-fr = Nom en français
org-name-fr-hint = Laissez vide si c’est le même.
org-kind = Genre d’organisation
org-city = Ville ou village
org-province = Province ou territoire
org-country = Pays
org-country-hint = Le Canada si vide.
org-website = Site Web
org-website-hint = Commençant par https:// ou http://
org-services = Services offerts
org-languages = Langues desservies
org-visibility = Qui peut voir cette organisation dans le répertoire
org-visibility-hidden = Personne : pas dans le répertoire
org-visibility-members = Les membres seulement
org-visibility-public = Tout le monde
org-edit = Modifier

members-profile-title = Ma fiche au répertoire
