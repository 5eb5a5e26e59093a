home-title = Bienvenue
home-intro = Un lieu de rencontre pour les intervenants en réduction des méfaits, les organismes, les personnes qui consomment des drogues et leurs organisations : pour discuter des besoins et des enjeux, partager de l’information et s’entraider.
home-privacy = Vous pouvez participer sous un pseudonyme. Nous ne conservons pas votre adresse IP, et ce site ne charge rien depuis d’autres sites.
home-welcome-back = Bon retour, { $name }.
home-join = Se joindre au réseau
home-setup-title = Terminer l’installation
home-setup-intro = Aucun administrateur n’existe encore. Créez le premier avec le code d’installation affiché dans la console où Rendezvous a été lancé.
home-setup-link = Créer le premier administrateur
