home-title = Bienvenue
home-intro = Un lieu de rencontre pour les intervenants en réduction des méfaits, les organismes, les personnes qui consomment des drogues et leurs organisations : pour discuter des besoins et des enjeux, partager de l’information et s’entraider.
home-privacy = Vous pouvez participer sous un pseudonyme. Nous ne conservons pas votre adresse IP, et ce site ne charge rien depuis d’autres sites.
home-welcome-back = Bon retour, { $name }.
home-join = Se joindre au réseau
home-setup-title = Terminer l’installation
home-setup-intro = Aucun administrateur n’existe encore. Créez le premier avec le code d’installation affiché dans la console où Rendezvous a été lancé.
home-setup-link = Créer le premier administrateur
home-next-title = Votre prochaine étape
home-join-explain = Se joindre se fait en deux temps. Un compte est à vous tout de suite : il permet de vous connecter, de vous abonner aux nouvelles et de participer aux discussions ouvertes. L’adhésion au réseau vient ensuite, si vous le souhaitez : l’équipe examine chaque demande, et les membres ont accès au forum des membres et au répertoire.
home-step-account = Créez votre compte : une adresse courriel, un nom (un pseudonyme convient) et un mot de passe.
home-step-verify = Confirmez votre adresse avec le lien que nous vous envoyons par courriel. Vous pourrez alors vous connecter.
home-step-apply = Si vous le souhaitez, demandez l’adhésion depuis la page d’accueil une fois connecté·e.
home-next-apply = Vous avez un compte. Ensuite, si vous le souhaitez : demandez l’adhésion au réseau, pour accéder au forum des membres et au répertoire.
home-next-apply-link = Demander l’adhésion
home-next-pending = Votre demande d’adhésion attend l’examen de l’équipe. Nous vous écrirons quand elle sera décidée; d’ici là, vous pouvez participer aux discussions ouvertes.
home-next-answer = L’équipe vous a posé une question sur votre demande d’adhésion. Répondez-y pour qu’elle puisse décider.
home-next-answer-link = Répondre à la question
home-next-renew = Votre adhésion est échue. Renouvelez-la pour accéder de nouveau au forum des membres et au répertoire.
home-next-member = Vous êtes membre du réseau. Où aller maintenant :
home-next-forum = Le forum
home-next-directory = Le répertoire des membres
home-next-membership = Votre adhésion
home-alerts = Alertes en cours sur l’approvisionnement en drogues
home-alerts-region = Alertes en cours sur l’approvisionnement en drogues : { $region }
home-alerts-all = Toutes les alertes, et choisir votre région
home-about-more = En savoir plus sur le réseau
home-unread = { $count ->
    [one] { $count } notification non lue
   *[other] { $count } notifications non lues
}
home-news = Dernières nouvelles
home-events = Prochains événements
home-resources = Nouveautés à la bibliothèque
home-jobs = Emplois ouverts
home-mailing = Notre dernier envoi
home-see-all = Tout voir
