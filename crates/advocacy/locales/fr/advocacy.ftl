# Lettres aux élus : les pages publiques
act-nav = Écrire à votre député·e
act-title = Écrire à vos élus
act-intro = Les lettres des électeurs font changer les idées. Choisissez une campagne, lisez la lettre, modifiez-la si vous le voulez, et envoyez-la en votre nom ou avec d’autres.
act-none = Aucune campagne de lettres n’est ouverte en ce moment.
act-closed = Cette campagne est terminée : elle ne reçoit plus de lettres.
act-goal = { $count ->
    [one] Objectif : { $shown } lettre
   *[other] Objectif : { $shown } lettres
}
act-count-letters = { $count ->
    [one] { $shown } lettre envoyée
   *[other] { $shown } lettres envoyées
}
act-count-personalised = { $count ->
    [one] { $shown } personnalisée
   *[other] { $shown } personnalisées
}
act-recipients = Votre lettre va à
act-choose-district = Votre code postal touche plus d’une circonscription. Choisissez la vôtre.
act-district = Votre circonscription
act-district-hint = La circonscription où vous habitez. Elle sert à trouver votre élu·e.
act-district-choose = Choisissez votre circonscription
act-district-other = Autre
act-find = Trouvez votre circonscription
act-find-hint = Tapez une partie de son nom ou de votre province. Les majuscules et les accents ne comptent pas.
act-find-button = Chercher dans la liste
act-find-showing = Circonscriptions qui correspondent à « { $text } ».
act-find-none = Aucune circonscription ne correspond à « { $text } ».
act-find-all = Afficher toutes les circonscriptions
act-postal-code = Ou votre code postal
act-postal-code-hint = Par exemple K1A 0A6. Sert seulement à trouver votre circonscription.
act-name = Votre nom
act-name-hint = Tel que vous le voulez au bas de votre lettre. Dans une lettre collective, seul le nom choisi plus bas paraît.
act-email-hint = Nous vous envoyons un lien pour confirmer votre lettre. L’élu·e peut vous répondre à cette adresse.
act-town = Votre ville
act-town-hint = Facultatif. Dans une lettre collective, vous paraissez comme « une personne de » votre ville.
act-address = Votre adresse
act-address-hint = Cette campagne la demande : la lettre d’un électeur porte son adresse.
act-subject = Objet
act-body = Votre lettre
act-body-hint = Modifiez-la à votre guise : une lettre dans vos propres mots compte davantage. Vous pouvez écrire en français ou en anglais.
act-body-fixed = La lettre de cette campagne ne peut pas être modifiée.
act-signing = Comment signez-vous?
act-signing-named = En mon nom
act-signing-named-hint = Votre nom, votre ville et votre adresse vont à l’élu·e, qui peut vous répondre.
act-signing-collective = Collectivement
act-signing-collective-hint = Le réseau envoie une lettre par jour à chaque élu·e, où chaque personne paraît sous le nom qu’elle choisit plus bas. Votre adresse n’y paraît pas.
act-shown-as = Nom affiché dans une lettre collective
act-shown-as-hint = Facultatif : un prénom ou un pseudonyme. Sans lui, vous paraissez comme « une personne de » votre ville.
act-copy = M’envoyer une copie de ma lettre
act-privacy = Nous gardons votre adresse et votre lettre seulement jusqu’à la livraison, puis { $days } jours, ensuite seulement les nombres. Nous ne publions jamais de noms.
act-send = Envoyer ma lettre
act-mailto-intro = Ou envoyez-la vous-même, de votre propre logiciel de courriel : nous ne gardons rien sur vous.
act-mailto = Ouvrir dans mon logiciel de courriel
act-mailto-title = L’envoyer de votre logiciel de courriel
act-mailto-nothing-kept = Le bouton ci-dessous ouvre votre logiciel de courriel avec la lettre déjà remplie. Nous ne gardons rien sur vous.
act-mailto-open = Ouvrir la lettre dans mon logiciel de courriel
act-mailto-copy = La lettre, à copier si le bouton ne marche pas
act-per-target = Lettres par élu·e
act-target = Élu·e
act-letters = Lettres
act-personalised = Personnalisées
act-check-email = Vérifiez vos courriels : nous vous avons envoyé un lien pour confirmer votre lettre. Rien n’est envoyé avant votre confirmation.
act-sent-title = Votre lettre est en route
act-sent = Merci. Votre lettre sera livrée sous peu.
act-back = Retour à la campagne
act-confirm-title = Confirmez votre lettre
act-confirm-intro = Voici votre lettre pour la campagne « { $title } ». Rien n’a encore été envoyé.
act-confirm-button = Envoyer ma lettre
act-confirm-mail-subject = Confirmez votre lettre : { $title }
act-confirm-mail-body = Vous avez écrit une lettre dans la campagne « { $title } ». Elle part seulement quand vous la confirmez. Si vous ne l’avez pas écrite, ignorez ce courriel : rien ne sera envoyé.
act-confirm-mail-action = Confirmer ma lettre
act-confirm-mail-why = Vous recevez ce courriel parce que cette adresse a été donnée dans un formulaire de lettre.
act-link-title = Lien de lettre
act-link-invalid = Ce lien n’est pas valide, ou la lettre n’a jamais été confirmée et a été oubliée.
act-link-used = Cette lettre est déjà confirmée : rien n’est envoyé de nouveau.
act-from-name = { $name } par { $org }
act-letter-constituent = Personne de la circonscription de { $district }
act-collective-resident = une personne de { $place }
act-collective-someone = une personne de la circonscription
act-collective-signed = { $count ->
    [one] Signée par { $shown } personne
   *[other] Signée par { $shown } personnes
}
act-copy-subject = Votre lettre à { $target }
act-copy-intro = Voici la copie demandée de votre lettre à { $target } :
act-copy-why = Vous recevez ce courriel parce que vous avez demandé une copie de votre lettre.
act-reply-title = Vous a-t-on répondu?
act-reply-intro = Votre lettre a été livrée il y a deux semaines. L’élu·e vous a-t-il répondu? Votre réponse est comptée, jamais montrée avec votre nom.
act-reply-nothing = Il ne reste rien à répondre pour cette lettre.
act-reply-thanks = Merci : votre réponse est comptée.
act-reply-yes = On vous a répondu.
act-reply-no = On ne vous a pas répondu.
act-reply-button-yes = Oui, on m’a répondu
act-reply-button-no = Pas de réponse
act-reply-choose = Choisissez Oui ou Non.
act-reply-mail-subject = Vous a-t-on répondu?
act-reply-mail-body = Votre lettre « { $subject } » a été livrée il y a deux semaines. Avez-vous reçu une réponse? Un clic nous le dit, et aide le réseau à savoir qui écoute.
act-reply-mail-action = Répondre
act-reply-mail-why = Vous recevez ce courriel une seule fois, parce que vous avez envoyé une lettre par le réseau.
act-error-name = Entrez votre nom (au plus 100 caractères, sur une ligne).
act-error-signing = Choisissez comment vous signez : en votre nom ou collectivement.
act-error-address = Entrez votre adresse : cette campagne la demande.
act-error-too-long = C’est trop long.
act-error-postcode-invalid = Entrez un code postal comme K1A 0A6.
act-error-postcode-unknown = Nous ne connaissons pas ce code postal : choisissez plutôt votre circonscription.
act-error-district-required = Choisissez votre circonscription.
act-error-district-unknown = Choisissez une circonscription dans la liste.
act-error-no-targets = Personne ne peut encore recevoir de lettre pour ce choix.
act-error-subject-empty = Entrez un objet.
act-error-subject-invalid = L’objet est trop long ou contient un saut de ligne.
act-error-body-empty = Écrivez votre lettre.
act-error-body-too-long = La lettre est trop longue : restez sous 20 000 caractères.
act-error-not-editable = La lettre de cette campagne ne peut pas être modifiée : envoyez-la telle quelle.
act-error-already-written = Vous avez déjà écrit à cet élu dans cette campagne.
act-error-near-duplicate = Vous avez déjà envoyé une lettre presque identique à cet élu.

# Lettres : les pages des campagnes
letters-admin-title = Campagnes de lettres
letters-new = Nouvelle campagne de lettres
letters-campaigns = Campagnes
letters-campaign = Campagne
letters-waiting = En attente
letters-replied-yes = Réponse
letters-replied-no = Sans réponse
letters-bounced = Rejetées
letters-count-template = { $count ->
    [one] { $count } telle que rédigée par la campagne
   *[other] { $count } telles que rédigées par la campagne
}
letters-count-mailto = { $count ->
    [one] { $count } ouverte dans le logiciel de courriel de la personne
   *[other] { $count } ouvertes dans le logiciel de courriel des personnes
}
letters-count-waiting = { $count } en attente
letters-count-bounced = { $count } rejetées
letters-slug = Adresse de la page
letters-slug-hint = Lettres minuscules, chiffres et tirets : la page sera /act/…
letters-title-en = Titre (anglais)
letters-title-fr = Titre (français)
letters-intro-en = Introduction (anglais)
letters-intro-fr = Introduction (français)
letters-subject-en = Objet de la lettre (anglais)
letters-subject-fr = Objet de la lettre (français)
letters-body-en = La lettre (anglais)
letters-body-fr = La lettre (français)
letters-editable = Les personnes peuvent modifier la lettre
letters-ask-address = Demander l’adresse aux personnes qui signent en leur nom
letters-goal = Objectif (nombre de lettres)
letters-ends-on = Dernier jour
letters-ends-on-hint = Facultatif. Les lettres sont reçues jusqu’à la fin de ce jour.
letters-targets = À qui vont les lettres
letters-kind-district = À l’élu·e de chaque personne, dans un ensemble
letters-kind-committee = À chaque membre d’un comité
letters-kind-emails = À une liste fixe d’adresses
letters-set = Ensemble
letters-committee = Comité
letters-emails = Adresses
letters-emails-hint = Une par ligne.
letters-create = Lancer la campagne
letters-error-slug = Utilisez de 2 à 60 lettres minuscules, chiffres et tirets.
letters-error-slug-taken = Une campagne utilise déjà cette adresse.
letters-error-title = Entrez un titre (au plus 200 caractères, sur une ligne).
letters-error-intro = L’introduction est trop longue.
letters-error-goal = L’objectif est un nombre entier de lettres, au moins 1.
letters-error-ends-on = Entrez le dernier jour sous forme de date.
letters-error-ends-past = Le dernier jour est déjà passé.
letters-error-targets = Dites à qui vont les lettres : un ensemble et un comité, un ensemble par circonscription, ou une liste d’adresses.
letters-error-target-email = Une des adresses n’est pas une adresse de courriel.
letters-error-set = Aucun ensemble ne porte ce nom.
letters-error-set-empty = Cet ensemble est encore vide : importez-le d’abord.
letters-error-committee = Aucun comité ne porte ce code.
letters-error-committee-empty = Personne de cet ensemble ne siège à ce comité.

# Ensembles d’élus
targets-sets = Ensembles d’élus
targets-sets-none = Aucun ensemble pour l’instant. Importez-en un avec la commande ci-dessous.
targets-count = { $count ->
    [one] { $count } élu·e
   *[other] { $count } élu·es
}
targets-imported-at = importé { $time }
targets-import-cli = Importer en ligne de commande : rendezvous targets import FICHIER --set NOM --name-en NOM --name-fr NOM
targets-stale-old = Les données ont plus de 90 jours : importez-les de nouveau.
targets-stale-election = Une élection a eu lieu depuis l’importation : importez les données de nouveau.
targets-stale-never = Cet ensemble n’a pas encore de représentants : importez un fichier ou ajoutez-les à la main.
targets-imported = Le fichier a été importé.
targets-report-added = { $count } ajoutés
targets-report-updated = { $count } mis à jour
targets-report-retired = { $count } absents du fichier (gardés pour les nombres passés)
targets-report-rejected = { $count } lignes écartées
targets-file = Un fichier d’élus (CSV)
targets-file-hint = Dans la disposition des données de contact de Represent d’OpenNorth; une colonne de comités contient des codes séparés par des points-virgules.
targets-import = Importer
targets-postcodes = Codes postaux et circonscriptions (CSV)
targets-postcodes-hint = Deux colonnes : code postal, nom de la circonscription.
targets-postcodes-import = Importer les codes postaux
targets-postcodes-saved = Les codes postaux sont enregistrés.
targets-postcodes-none = Aucun code postal n’a pu être lu dans le fichier.
targets-election = Date de la prochaine élection
targets-election-hint = Après cette date, l’ensemble est marqué périmé jusqu’à sa prochaine importation.
targets-election-save = Enregistrer la date
targets-election-saved = La date de l’élection est enregistrée.
targets-error-election = Entrez la date de l’élection sous forme de date.
targets-list = Élu·es
targets-name = Nom
targets-office = Fonction
targets-party = Parti
targets-phone = Téléphone
targets-address = Adresse
targets-state = État
targets-active = Dans la dernière importation
targets-retired = Retiré (gardé pour les comptes passés)
targets-committees = Comités
targets-committees-hint = Codes séparés par des points-virgules, par exemple HESA; JUST.
targets-photos-pending = Les portraits sont récupérés en arrière-plan.
targets-save = Enregistrer
targets-saved = L’élu·e est enregistré.
targets-error-name = Entrez un nom.
targets-error-slug = Le nom d’un ensemble compte de 2 à 60 lettres minuscules, chiffres et tirets.
targets-file-empty = Le fichier est vide.
targets-file-no-name = Aucune colonne ne contient les noms (nom, ou prénom et nom de famille).
targets-file-unreadable = Le fichier ne peut pas être lu comme un CSV.
targets-upload-failed = Le fichier n’a pas pu être reçu. Réessayez.
targets-row-no-name = sans nom
targets-row-bad-email = l’adresse de courriel n’en est pas une

# Comités
committees-title = Comités
committees-code = Code
committees-name-en = Nom (anglais)
committees-name-fr = Nom (français)
committees-url = Page publique
committees-members = Membres
committees-edit = Ajouter ou modifier un comité
committees-edit-hint = Un code déjà présent modifie ce comité.
committees-save = Enregistrer le comité
committees-saved = Le comité est enregistré.
committees-error-code = Entrez le code du comité : lettres, chiffres et tirets, au plus 20.
committees-error-name = Entrez le nom (au plus 200 caractères, sur une ligne).
committees-error-url = L’adresse de la page commence par https://.

# Ensembles tenus à la main
sets-new = Nouvel ensemble de destinataires
sets-new-intro = Un ensemble à vous, vide au départ : ajoutez ses représentants à la main, ou importez-y un fichier plus tard.
sets-slug = Nom court
sets-slug-hint = Utilisé dans les adresses et par la commande d’importation : lettres minuscules, chiffres et tirets.
sets-name-en = Nom (anglais)
sets-name-fr = Nom (français)
sets-create = Créer l’ensemble
sets-created = L’ensemble a été créé.
sets-error-name = Entrez le nom (200 caractères au plus, sur une ligne).
sets-error-slug-taken = Un ensemble porte déjà ce nom court.
sets-names = Noms de l’ensemble
sets-rename = Enregistrer les noms
sets-renamed = Les noms ont été enregistrés.
sets-add-target = Ajouter un représentant
sets-add-target-hint = La prochaine importation d’un fichier remplace les représentants de l’ensemble : une personne ajoutée ici et absente du fichier sera alors retirée.
sets-province = Province ou territoire
sets-province-hint = Facultatif. Son nom ou son code, par exemple Ontario ou ON : les circonscriptions sont regroupées ainsi.
sets-error-province = Entrez une province ou un territoire du Canada, ou laissez vide.
sets-add = Ajouter le représentant
sets-target-added = Le représentant a été ajouté.
sets-retire = Retirer ce représentant
sets-retire-hint = Les lettres ne lui sont plus envoyées, mais les comptes passés le gardent.
sets-target-retired = Le représentant a été retiré.
