# Sécurité du forum : la modération demande la double authentification, déplacements qui élargissent, formulaires et confirmations.
forum-move-confirm-title = Déplacer cette discussion vers un espace que plus de gens lisent?
forum-move-thread = Discussion : « { $title } »
forum-move-from = De
forum-move-to-space = Vers
forum-move-more-readers = { $count ->
    [one] 1 compte de plus pourra lire cette discussion, avec les noms de celles et ceux qui y ont publié.
   *[other] { $count } comptes de plus pourront lire cette discussion, avec les noms de celles et ceux qui y ont publié.
}
forum-move-to-everyone = L’espace est public : n’importe qui, connecté ou non, pourra la lire.
forum-move-confirm-button = La déplacer et leur en permettre la lecture
forum-move-cancel = Annuler, laisser la discussion où elle est
forum-move-needs-admin = Seul·e un·e administrateur·rice peut déplacer une discussion vers un espace que plus de gens lisent.
forum-error-move-unconfirmed = Confirmez d’abord le déplacement sur sa page : plus de gens liront la discussion.
forum-moderator-no-two-factor = { $name } n’a pas activé la double authentification : cette personne ne pourra pas modérer cet espace avant de l’avoir fait.
forum-moderate-needs-two-factor = Vous modérez cet espace : activez la double authentification pour utiliser les outils de modération.
forum-moderate-turn-on = Activer la double authentification
forum-mod-action = Que faire
forum-mod-days-hint = Pour une suspension : un nombre entier de jours, de 1 à 3650.
forum-mod-submit = Appliquer
forum-error-days = Donnez une durée à la suspension : un nombre entier de jours, de 1 à 3650.
forum-flash-thread-deleted = La discussion a été supprimée.
forum-next-sign-in = Seules les personnes ayant un compte peuvent publier ici.
forum-next-members = Seul·es les membres du réseau peuvent publier ici.
forum-next-apply = Demander l’adhésion
forum-next-groups = Seul·es les membres du groupe { $groups } peuvent publier ici.
forum-next-groups-link = Voir les groupes
forum-next-moderators = Seules les personnes qui modèrent cet espace y publient; vous pouvez le lire et le suivre.
forum-next-archived = Cet espace est archivé : vous pouvez le lire, personne n’y publie plus.
forum-next-blocked = Vous ne pouvez pas publier pour l’instant (décision d’un·e modérateur·rice); vous pouvez toujours lire.
forum-rule-public = Tout le monde, même sans compte
forum-rule-members = Les membres du réseau
forum-rule-moderators = Seulement les personnes qui modèrent l’espace
forum-rule-group = Les membres du groupe { $group }
forum-moderators-none = Cet espace n’a pas encore de modérateur·rice attitré·e.
forum-moderator-tag-no-two-factor = sans double authentification : ne peut pas encore modérer
forum-moderator-remove = Retirer { $name }
forum-moderator-add = Confier la modération à { $name }
forum-moderator-find = Trouver une personne à ajouter
forum-moderator-find-hint = Tapez une partie de son nom ou de son adresse, au moins 2 lettres.
forum-moderator-find-button = Chercher
forum-moderator-no-match = Personne ne correspond.
forum-flash-moderator-added = La personne modère maintenant cet espace.
forum-flash-moderator-removed = La personne ne modère plus cet espace.
forum-error-person = Choisissez une personne dans la liste.
