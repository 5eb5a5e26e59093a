nav-forum = Discussions
forum-error-empty = Ce champ ne peut pas être vide.
forum-error-too-long = C’est trop long.
forum-error-control = Ce texte contient des caractères non permis.
forum-error-title-empty = Indiquez un titre.
forum-error-body-empty = Écrivez quelque chose avant de publier.
forum-error-body-too-long = Ce message est trop long : la limite est de 64 Ko de texte.
forum-error-reason-empty = Indiquez une raison.
