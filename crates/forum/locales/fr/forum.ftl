nav-forum = Discussions
forum-error-empty = Ce champ ne peut pas être vide.
forum-error-too-long = C’est trop long.
forum-error-control = Ce texte contient des caractères non permis.
forum-error-title-empty = Indiquez un titre.
forum-error-body-empty = Écrivez quelque chose avant de publier.
forum-error-body-too-long = Ce message est trop long : la limite est de 64 Ko de texte.
forum-error-reason-empty = Indiquez une raison.
forum-anonymous-member = membre anonyme
forum-former-member = ancien membre
forum-error-slug = Utilisez de 2 à 60 lettres minuscules, chiffres et tirets (et pas un mot que le forum utilise déjà).
forum-error-slug-taken = Un espace utilise déjà cette adresse.
forum-error-anonymous-not-allowed = Cet espace n’accepte pas les messages anonymes.
forum-error-warnings-not-offered = Cet espace n’offre pas d’avertissements de contenu.
forum-error-space = Choisissez un espace.
forum-error-action = Choisissez une action.
forum-error-hold = Indiquez un nombre de 0 à 100.
forum-error-locked = Ce fil est verrouillé : aucune nouvelle réponse.
forum-error-read-rule = Utilisez public, members, ou group:adresse (plusieurs adresses de groupes séparées par des virgules, ainsi group:a,b).
forum-error-post-rule = Utilisez members, moderators, ou group:adresse (plusieurs adresses de groupes séparées par des virgules, ainsi group:a,b).
forum-title = Discussions
forum-no-spaces = Il n’y a pas encore d’espace de discussion que vous pouvez lire.
forum-no-threads = Aucun fil ici pour l’instant.
forum-thread-count = { $count ->
    [one] 1 fil
   *[other] { $count } fils
}
forum-post-count = { $count ->
    [one] 1 message
   *[other] { $count } messages
}
forum-support = { $count ->
    [0] Soutien
    [one] Soutien (1)
   *[other] Soutien ({ $count })
}
forum-search = Chercher dans les discussions
forum-search-button = Chercher
forum-search-words = Mots à trouver
forum-search-in = Dans
forum-search-all = Tous les espaces que vous pouvez lire
forum-search-none = Rien trouvé.
forum-search-space = Chercher dans cet espace
forum-feed = Fil Atom
forum-pages = Pages
forum-previous = Page précédente
forum-next = Page suivante
forum-pinned = Épinglé
forum-locked = Verrouillé
forum-unread = Nouveau
forum-edited = modifié
forum-state-held = En attente d’une modération
forum-state-hidden = Masqué par la modération
forum-post-deleted = Ce message a été supprimé.
forum-cw-label = Avertissement : { $label }
forum-new-thread = Lancer un fil
forum-thread-title = Titre
forum-body = Votre message
forum-body-hint = Le Markdown fonctionne : **gras**, _italique_, > citations, - listes, [liens](https://example.org). Pas de HTML.
forum-content-warning = Avertissement de contenu (facultatif)
forum-content-warning-hint = Quelques mots, comme « surdose » ou « deuil ». Votre message sera replié sous ces mots.
forum-post-anonymously = Publier comme « membre anonyme »
forum-anonymous-hint = Les autres ne verront pas votre nom. La modération non plus; seule une personne administratrice le peut, et c’est consigné.
forum-post-button = Publier
forum-reply = Répondre
forum-quote = Citer
forum-edit = Modifier
forum-save = Enregistrer
forum-back = Retour
forum-delete = Supprimer
forum-flag = Signaler
forum-flag-reason = Quel est le problème avec ce message?
forum-flag-send = Envoyer le signalement
forum-flag-reason-shown = Signalé : { $reason }
forum-login-to-post = Connectez-vous pour participer
forum-thread-locked = Ce fil est verrouillé : aucune nouvelle réponse.
forum-watch-space = Suivre cet espace
forum-watch-thread = Suivre ce fil
forum-unwatch = Ne plus suivre
forum-mute = Mettre en sourdine
forum-unmute = Réactiver
forum-moderate = Modérer
forum-moderate-thread = Modérer ce fil
forum-mod-reason = Raison (visible dans le journal de modération)
forum-mod-days = Jours de suspension
forum-mod-approve = Approuver
forum-mod-hide = Masquer
forum-mod-unhide = Afficher de nouveau
forum-mod-delete = Supprimer
forum-mod-dismiss = Rejeter les signalements
forum-mod-warn = Avertir l’auteur·e
forum-mod-suspend = Suspendre l’auteur·e
forum-mod-ban = Bannir l’auteur·e
forum-pin = Épingler
forum-unpin = Désépingler
forum-lock = Verrouiller
forum-unlock = Déverrouiller
forum-move = Déplacer
forum-move-to = Déplacer vers
forum-history = Historique des modifications
forum-history-current = Version actuelle
forum-history-before = Avant le { $when }
forum-reveal = Révéler l’auteur·e
forum-reveal-audited = Cette révélation a été consignée dans le journal d’audit.
forum-queue-title = File de modération
forum-queue-held = Messages en attente d’approbation
forum-queue-flags = Messages signalés
forum-queue-empty = Rien en attente.
forum-log-title = Journal de modération
forum-log-empty = Aucune modération dans cet espace pour l’instant.
forum-log-when = Quand
forum-log-moderator = Modération
forum-log-action = Action
forum-log-about = À propos de
forum-log-reason = Raison
forum-log-thread = fil
forum-log-action-name = { $action ->
    [approve] a approuvé un message
    [hide] a masqué un message
    [unhide] a réaffiché un message
    [delete] a supprimé un message
    [dismiss] a rejeté des signalements
    [warn] a averti l’auteur·e
    [suspend] a suspendu l’auteur·e
    [ban] a banni l’auteur·e
    [pin] a épinglé
    [unpin] a désépinglé
    [lock] a verrouillé
    [unlock] a déverrouillé
    [move] a déplacé le fil
   *[other] { $action }
}
forum-flash-held = Merci. Une personne de la modération verra votre message avant les autres.
forum-flash-edited = Vos modifications sont enregistrées.
forum-flash-deleted = Le message a été supprimé.
forum-flash-flagged = Merci. La modération va s’en occuper.
forum-flash-moderated = C’est fait.
forum-flash-watch = Votre choix est enregistré.
forum-flash-space-created = L’espace est créé.
forum-admin-title = Espaces de discussion
forum-admin-spaces = Espaces
forum-admin-name = Nom
forum-admin-read = Qui peut lire
forum-admin-read-hint = public, members, ou group:ADRESSE (plusieurs groupes : group:a,b)
forum-admin-post = Qui peut publier
forum-admin-post-hint = members, moderators, ou group:ADRESSE
forum-admin-new = Nouvel espace
forum-admin-slug = Adresse
forum-admin-slug-hint = Lettres minuscules, chiffres et tirets, comme soutien-pairs
forum-admin-name-en = Nom en anglais
forum-admin-name-fr = Nom en français
forum-admin-description-en = Description en anglais
forum-admin-description-fr = Description en français
forum-admin-moderators = Modération
forum-admin-moderators-hint = Numéros de compte, séparés par des virgules
forum-admin-anonymous = Permettre les messages anonymes
forum-admin-warnings = Offrir les avertissements de contenu
forum-admin-images = Permettre les images
forum-admin-hold = Retenir les premiers messages des nouveaux membres
forum-admin-hold-hint = Combien des premiers messages d’une personne attendent la modération (0 : aucun)
forum-admin-create = Créer l’espace
forum-flag-hint = La modération verra votre signalement et le message. L’auteur·e ne saura pas qui l’a signalé.
forum-admin-edit = Modifier
forum-flash-space-saved = L’espace est enregistré.
forum-sanction-subject = Une décision de modération vous concernant
forum-sanction-warning = Un·e modérateur·rice de « { $space } » vous a adressé un avertissement au sujet d’un de vos messages.
forum-sanction-suspension = Un·e modérateur·rice de « { $space } » a suspendu vos publications pour { $days } jours. Vous pouvez toujours lire.
forum-sanction-ban = Un·e modérateur·rice de « { $space } » vous a interdit de publier. Vous pouvez toujours lire.
forum-sanction-reason = Motif donné : { $reason }
forum-sanction-open = Ouvrir la discussion
forum-sanction-why = Vous recevez ce courriel parce qu’un·e modérateur·rice a agi sur votre compte; vous seul·e le recevez.

# Le rôle que définit ce module (voir feature.rs)
role-moderator = Modérateur
role-grant-moderator = Nommer modérateur
role-revoke-moderator = Retirer modérateur
