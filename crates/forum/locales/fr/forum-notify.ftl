forum-notify-nav = Notifications
forum-notify-title = Notifications
forum-notify-unread = { $count ->
    [0] Aucune notification non lue.
    [one] Une notification non lue.
   *[other] { $count } notifications non lues.
}
forum-notify-none = Rien pour l’instant. On vous signalera ici les réponses à vos sujets et messages, les mentions (@VotreNom) et les nouveaux messages dans ce que vous suivez.
forum-notify-new = Nouveau :
forum-notify-mark-all-read = Tout marquer comme lu
forum-notify-all-read = Toutes les notifications sont marquées comme lues.
forum-notify-settings-link = Réglages des courriels de notification
forum-notify-line-reply = { $author } a répondu dans « { $title } » ({ $space }).
forum-notify-line-mention = { $author } vous a mentionné·e dans « { $title } » ({ $space }).
forum-notify-line-watched = { $author } a publié dans « { $title } » ({ $space }), que vous suivez.
forum-notify-settings-title = Courriels sur les discussions
forum-notify-settings-intro = Choisissez si nous vous écrivons au sujet des discussions. Nous n’envoyons rien tant que vous n’avez pas choisi, et vous pouvez arrêter à tout moment, ici ou avec le lien présent dans chaque courriel.
forum-notify-settings-not-chosen = Vous n’avez pas encore choisi : nous ne vous envoyons donc aucun courriel sur les discussions.
forum-notify-settings-mode = Comment voulez-vous recevoir nos courriels?
forum-notify-settings-choose = Choisissez comment recevoir nos courriels.
forum-notify-mode-none = Jamais : je lirai mes notifications sur le site
forum-notify-mode-each = Un courriel à chaque nouveauté
forum-notify-mode-daily = Un courriel par jour avec toutes les nouveautés (résumé quotidien)
forum-notify-mode-weekly = Un courriel par semaine avec toutes les nouveautés (résumé hebdomadaire)
forum-notify-settings-kinds = Me signaler
forum-notify-kind-replies = Les réponses à mes sujets et messages
forum-notify-kind-mentions = Les mentions de mon nom (@VotreNom, votre nom affiché sans espaces)
forum-notify-kind-watched = Les nouveaux messages dans les sujets et espaces que je suis
forum-notify-settings-save = Enregistrer
forum-notify-settings-saved = Votre choix est enregistré.
forum-notify-unsubscribe-title = Ne plus recevoir de courriels sur les discussions
forum-notify-unsubscribe-intro = Appuyez sur le bouton pour ne plus recevoir aucun courriel sur les discussions. Vos notifications restent sur le site.
forum-notify-unsubscribe-submit = Arrêter ces courriels
forum-notify-unsubscribe-done = C’est fait : nous ne vous écrirons plus au sujet des discussions. Vous pouvez choisir de nouveau dans vos réglages.
forum-notify-unsubscribe-expired = Ce lien a expiré. Connectez-vous et changez plutôt vos réglages de courriels de notification.
forum-notify-unsubscribe-invalid = Ce lien n’est pas valide. Connectez-vous et changez plutôt vos réglages de courriels de notification.
forum-notify-subject-reply = Nouvelle réponse dans « { $title } »
forum-notify-subject-mention = On vous a mentionné·e dans « { $title } »
forum-notify-subject-watched = Nouveau message dans « { $title } »
forum-notify-subject-daily = { $count ->
    [one] Discussions du jour : 1 nouveau message
   *[other] Discussions du jour : { $count } nouveaux messages
}
forum-notify-subject-weekly = { $count ->
    [one] Discussions de la semaine : 1 nouveau message
   *[other] Discussions de la semaine : { $count } nouveaux messages
}
forum-notify-digest-intro-daily = { $count ->
    [one] Voici ce qui s’est passé dans les discussions depuis le courriel d’hier.
   *[other] Voici { $count } nouveautés dans les discussions depuis le courriel d’hier.
}
forum-notify-digest-intro-weekly = { $count ->
    [one] Voici ce qui s’est passé dans les discussions cette semaine.
   *[other] Voici { $count } nouveautés dans les discussions cette semaine.
}
forum-notify-mail-quote = « { $text } »
forum-notify-mail-reply-hint = Vous pouvez répondre à ce courriel : votre réponse sera publiée dans le sujet sous votre nom (sans le texte cité ni votre signature). Cette adresse de réponse sert une seule fois, pendant 30 jours.
forum-notify-mail-open = Lire sur le site
forum-notify-mail-open-all = Voir toutes vos notifications
forum-notify-mail-settings = Changer la fréquence de nos courriels : { $url }
forum-notify-mail-unsubscribe = Ne plus recevoir ces courriels : { $url }
forum-notify-mail-why = Vous recevez ce courriel parce que vous avez choisi d’être averti·e des discussions par courriel.
forum-notify-refused-subject = Votre réponse n’a pas été publiée
forum-notify-refused-used = Votre réponse par courriel n’a pas été publiée : son adresse de réponse a déjà servi. Chaque adresse sert à une seule réponse.
forum-notify-refused-expired = Votre réponse par courriel n’a pas été publiée : son adresse de réponse a expiré (elles servent pendant 30 jours).
forum-notify-refused-sender = Votre réponse par courriel n’a pas été publiée : elle vient d’une autre adresse que celle de votre compte.
forum-notify-refused-empty = Votre réponse par courriel n’a pas été publiée : nous n’y avons trouvé aucun texte de vous, seulement du texte cité ou une signature.
forum-notify-refused-locked = Votre réponse par courriel n’a pas été publiée : le sujet est verrouillé.
forum-notify-refused-rate = Votre réponse par courriel n’a pas été publiée : vous avez beaucoup publié dans la dernière heure. Réessayez plus tard avec la même adresse de réponse.
forum-notify-refused-invalid = Votre réponse par courriel n’a pas été publiée : elle est vide, trop longue ou contient des caractères non permis.
forum-notify-refused-forbidden = Votre réponse par courriel n’a pas été publiée : vous ne pouvez pas publier dans ce sujet.
forum-notify-refused-site = Vous pouvez toujours répondre sur le site.
forum-notify-refused-why = Vous recevez ce courriel parce que quelqu’un a répondu par courriel avec votre adresse de réponse.
forum-notify-mail-content-warning = [Avertissement : { $warning }. Ouvrez le message sur le site pour le lire.]
