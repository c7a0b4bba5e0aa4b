import Foundation

/// The one message catalogue: every word of the interface, in French and in English.
///
/// Templates read it as `{{t.key}}`; Swift code through ``Catalogue/text(_:_:)``. Placeholders are
/// written `{name}` and filled by ``Catalogue/text(_:_:_:)``. Keys contain no dots (Mustache reads a
/// dot as a path).
public enum Catalogue {
    /// One message in both languages.
    public struct Message: Sendable {
        /// The key.
        public let key: String
        /// French.
        public let fr: String
        /// English.
        public let en: String

        init(_ key: String, _ fr: String, _ en: String) {
            self.key = key
            self.fr = fr
            self.en = en
        }
    }

    /// The text of `key` in `language`; the key itself if it is missing (a test makes sure none is).
    public static func text(_ key: String, _ language: Language) -> String {
        table(for: language)[key] ?? key
    }

    /// The text of `key` with its `{placeholders}` filled from `values`.
    public static func text(_ key: String, _ language: Language, _ values: [String: String]) -> String {
        var result = text(key, language)
        for (name, value) in values { result = result.replacingOccurrences(of: "{\(name)}", with: value) }
        return result
    }

    /// Every message of `language`, by key (built once).
    public static func table(for language: Language) -> [String: String] {
        switch language {
        case .fr: french
        case .en: english
        }
    }

    private static let french: [String: String] = Dictionary(messages.map { ($0.key, $0.fr) }, uniquingKeysWith: { first, _ in first })
    private static let english: [String: String] = Dictionary(messages.map { ($0.key, $0.en) }, uniquingKeysWith: { first, _ in first })

    /// All messages.
    public static let messages: [Message] =
        layout + signIn + today + notebook + entries + accounts + devices + errors + problems + calendar + work + documents

    static let layout: [Message] = [
        Message("skipToContent", "Aller au contenu", "Skip to content"),
        Message("mainMenu", "Menu principal", "Main menu"),
        Message("signOut", "Se déconnecter", "Sign out"),
        Message("navToday", "Aujourd'hui", "Today"),
        Message("navNotebook", "Cahier de textes", "Homework notebook"),
        Message("navClasses", "Mes classes", "My classes"),
        Message("navAllClasses", "Classes", "Classes"),
        Message("navNewEntry", "Nouvelle entrée", "New entry"),
        Message("navAccounts", "Comptes", "Accounts"),
        Message("navDevices", "Mes appareils", "My devices"),
        Message("optional", "(facultatif)", "(optional)"),
        Message("cancel", "Annuler", "Cancel"),
        Message("edit", "Modifier", "Edit"),
        Message("children", "Mes enfants", "My children"),
        Message("languageChanged", "Langue changée.", "Language changed."),
    ]

    static let signIn: [Message] = [
        Message("signInTitle", "Se connecter", "Sign in"),
        Message("login", "Identifiant", "Username"),
        Message("password", "Mot de passe", "Password"),
        Message("rememberDevice", "Se souvenir de cet appareil", "Remember this device"),
        Message(
            "rememberDeviceHint", "Vous restez connecté plusieurs semaines. Ne cochez pas sur un ordinateur partagé.",
            "You stay signed in for weeks. Do not tick this on a shared computer."),
        Message("signInButton", "Se connecter", "Sign in"),
        Message(
            "signInFailed", "Identifiant ou mot de passe incorrect. Vérifiez les deux et réessayez.",
            "Wrong username or password. Check both and try again."),
        Message(
            "forgotPassword", "Mot de passe oublié ? Demandez-en un nouveau à la vie scolaire ou à votre professeur principal.",
            "Forgot your password? Ask the school office or your form tutor for a new one."),
        Message("signedOut", "Vous êtes déconnecté.", "You are signed out."),
    ]

    static let today: [Message] = [
        Message("todayTitle", "Aujourd'hui", "Today"),
        Message("todayDateLine", "Nous sommes le {date}.", "Today is {date}."),
        Message("dueToday", "Pour aujourd'hui", "Due today"),
        Message("dueTomorrow", "Pour demain", "Due tomorrow"),
        Message("dueOn", "Pour {date}", "Due {date}"),
        Message("nothingDue", "Rien à faire pour les deux prochaines semaines.", "Nothing due in the next two weeks."),
        Message("nothingDueFor", "Rien à faire pour {name} dans les deux prochaines semaines.", "Nothing due for {name} in the next two weeks."),
        Message("seeNotebook", "Voir le cahier de textes de la semaine", "See this week's homework notebook"),
        Message("openEntry", "Ouvrir", "Open"),
        Message("minutes", "environ {count} min", "about {count} min"),
        Message(
            "noPupil", "Aucun élève n'est rattaché à ce compte. Contactez la vie scolaire.",
            "No pupil is linked to this account. Contact the school office."),
    ]

    static let notebook: [Message] = [
        Message("notebookTitle", "Cahier de textes", "Homework notebook"),
        Message("notebookOf", "Cahier de textes · {name}", "Homework notebook · {name}"),
        Message("weeks", "Semaines", "Weeks"),
        Message("previousWeek", "Semaine précédente", "Previous week"),
        Message("thisWeek", "Cette semaine", "This week"),
        Message("nextWeek", "Semaine suivante", "Next week"),
        Message("weekOf", "Semaine du {start} au {end}", "Week of {start} to {end}"),
        Message("noSession", "Rien d'écrit ce jour-là.", "Nothing written that day."),
        Message("doneInClass", "Fait en classe", "Done in class"),
        Message("workToDo", "Travail à faire", "Work to do"),
        Message("dueLabel", "à faire pour {date}", "due {date}"),
        Message("sessionOf", "séance du {date}", "lesson of {date}"),
        Message("links", "Liens", "Links"),
        Message("backToNotebook", "Retour au cahier de textes", "Back to the notebook"),
        Message("classesTitle", "Mes classes", "My classes"),
        Message("allClassesTitle", "Toutes les classes", "All classes"),
        Message("className", "Classe", "Class"),
        Message("subjects", "Matières", "Subjects"),
        Message("noClasses", "Aucune classe pour l'instant.", "No classes yet."),
    ]

    static let entries: [Message] = [
        Message("newEntry", "Nouvelle entrée", "New entry"),
        Message("newEntryTitle", "Écrire dans le cahier de textes", "Write in the homework notebook"),
        Message("editEntryTitle", "Modifier l'entrée", "Edit the entry"),
        Message("forClasses", "Pour les classes", "For the classes"),
        Message(
            "forClassesHint", "Cochez plusieurs classes pour publier la même entrée partout.",
            "Tick several classes to post the same entry to all of them."),
        Message("subject", "Matière", "Subject"),
        Message("sessionDate", "Date de la séance", "Date of the lesson"),
        Message("dueDate", "À faire pour le", "Due on"),
        Message("estimatedMinutes", "Temps estimé (minutes)", "Estimated time (minutes)"),
        Message("linkTitle", "Titre du lien", "Link title"),
        Message("linkURL", "Adresse (https://…)", "Address (https://…)"),
        Message("publish", "Publier", "Publish"),
        Message("save", "Enregistrer", "Save"),
        Message("deleteEntry", "Supprimer l'entrée", "Delete the entry"),
        Message("formHasErrors", "Certaines informations sont à corriger. Rien n'a été enregistré.", "Some details need fixing. Nothing was saved."),
        Message("entryPublished", "Entrée publiée.", "Entry posted."),
        Message("entriesPublished", "Entrée publiée dans {count} classes.", "Entry posted to {count} classes."),
        Message("entrySaved", "Entrée enregistrée.", "Entry saved."),
        Message("entryDeleted", "Entrée supprimée.", "Entry deleted."),
    ]

    static let accounts: [Message] = [
        Message("accountsTitle", "Comptes", "Accounts"),
        Message("newAccount", "Nouveau compte", "New account"),
        Message("search", "Rechercher un nom ou un identifiant", "Search a name or username"),
        Message("searchButton", "Rechercher", "Search"),
        Message("role", "Profil", "Role"),
        Message("allRoles", "Tous les profils", "All roles"),
        Message("rolePupil", "Élève", "Pupil"),
        Message("roleGuardian", "Parent", "Parent"),
        Message("roleTeacher", "Professeur", "Teacher"),
        Message("roleStaff", "Personnel", "Staff"),
        Message("name", "Nom", "Name"),
        Message("firstName", "Prénom", "First name"),
        Message("lastName", "Nom", "Last name"),
        Message("loginHint", "lettres minuscules, chiffres, point, tiret", "lower-case letters, digits, dot, dash"),
        Message("firstPassword", "Premier mot de passe", "First password"),
        Message("passwordHint", "au moins 8 caractères", "at least 8 characters"),
        Message("createAccount", "Créer le compte", "Create the account"),
        Message("disabled", "désactivé", "disabled"),
        Message("noAccounts", "Aucun compte ne correspond.", "No account matches."),
        Message("previousPage", "Page précédente", "Previous page"),
        Message("nextPage", "Page suivante", "Next page"),
        Message("resetPassword", "Nouveau mot de passe", "New password"),
        Message("newPassword", "Nouveau mot de passe", "New password"),
        Message("resetPasswordButton", "Changer le mot de passe", "Change the password"),
        Message("disableAccount", "Désactiver le compte", "Disable the account"),
        Message(
            "disableAccountHint", "La personne ne pourra plus se connecter et ses appareils seront déconnectés.",
            "The person can no longer sign in and their devices are signed out."),
        Message("enableAccount", "Réactiver le compte", "Enable the account"),
        Message("backToAccounts", "Retour aux comptes", "Back to accounts"),
        Message("accountCreated", "Compte créé.", "Account created."),
        Message(
            "passwordChanged", "Mot de passe changé. Donnez-le à la personne : il ne sera plus affiché.",
            "Password changed. Give it to the person: it will not be shown again."),
        Message("accountDisabled", "Compte désactivé.", "Account disabled."),
        Message("accountEnabled", "Compte réactivé.", "Account enabled."),
    ]

    static let devices: [Message] = [
        Message("devicesTitle", "Mes appareils", "My devices"),
        Message(
            "devicesIntro", "Les appareils où vous êtes connecté. Déconnectez ceux que vous ne reconnaissez pas.",
            "The devices where you are signed in. Sign out the ones you do not recognise."),
        Message("thisDevice", "cet appareil", "this device"),
        Message("signedInOn", "connecté le", "signed in on"),
        Message("lastSeen", "vu le", "last seen"),
        Message("remembered", "mémorisé", "remembered"),
        Message("revokeDevice", "Déconnecter cet appareil", "Sign out this device"),
        Message("revokeOthers", "Déconnecter tous les autres appareils", "Sign out all other devices"),
        Message("deviceRevoked", "Appareil déconnecté.", "Device signed out."),
        Message("devicesRevoked", "Autres appareils déconnectés.", "Other devices signed out."),
        Message("unknownDevice", "Appareil inconnu", "Unknown device"),
        Message("deviceOn", "{browser} sur {system}", "{browser} on {system}"),
    ]

    static let errors: [Message] = [
        Message("errorNotFoundTitle", "Page introuvable", "Page not found"),
        Message("errorNotFound", "Cette page n'existe pas ou vous n'y avez pas accès.", "This page does not exist or you do not have access to it."),
        Message("errorInvalidTitle", "Demande incorrecte", "Incorrect request"),
        Message("errorInvalid", "Certaines informations sont à corriger. Rien n'a été enregistré.", "Some details need fixing. Nothing was saved."),
        Message("errorExpiredTitle", "Formulaire expiré", "Form expired"),
        Message(
            "errorExpired", "Ce formulaire a expiré. Revenez en arrière, rechargez la page et recommencez. Rien n'a été enregistré.",
            "This form has expired. Go back, reload the page and try again. Nothing was saved."),
        Message("errorTooLargeTitle", "Envoi trop gros", "Too much data"),
        Message(
            "errorTooLarge", "Ce que vous avez envoyé est trop gros. Raccourcissez le texte et réessayez. Rien n'a été enregistré.",
            "What you sent is too large. Shorten the text and try again. Nothing was saved."),
        Message("errorUnavailableTitle", "Service momentanément indisponible", "Service briefly unavailable"),
        Message(
            "errorUnavailable", "Cartable ne peut pas joindre ses données pour l'instant. Votre travail n'est pas perdu : réessayez dans un instant.",
            "Cartable cannot reach its data right now. Nothing is lost: try again in a moment."),
        Message("errorRetryHint", "La page se rechargera d'elle-même si vous réessayez dans quelques secondes.", "Try again in a few seconds."),
        Message("errorServerTitle", "Une erreur s'est produite", "Something went wrong"),
        Message(
            "errorServer", "Une erreur s'est produite de notre côté. Réessayez ; si cela recommence, prévenez l'établissement.",
            "Something went wrong on our side. Try again; if it happens again, tell the school."),
        Message("errorMethodTitle", "Action impossible", "Action not possible"),
        Message("errorMethod", "Cette action n'est pas possible ici.", "This action is not possible here."),
        Message("errorSignInRequired", "Connectez-vous pour continuer.", "Sign in to continue."),
        Message("errorSignInFailed", "Identifiant ou mot de passe incorrect.", "Wrong username or password."),
        Message("errorDuplicate", "Cet élément existe déjà.", "This already exists."),
        Message(
            "errorBadJSON", "Le corps de la requête n'est pas du JSON valide pour cette action.",
            "The request body is not valid JSON for this action."),
        Message(
            "errorBrokenRequest", "La demande est arrivée incomplète ou abîmée. Rien n'a été enregistré : réessayez.",
            "The request arrived incomplete or damaged. Nothing was saved: try again."),
        Message(
            "errorScannerUnavailable", "L'antivirus ne répond pas : le fichier n'a pas été envoyé. Réessayez dans quelques minutes.",
            "The virus scanner is not answering: the file was not sent. Try again in a few minutes."),
        Message("backHome", "Retour à l'accueil", "Back to the home page"),
    ]

    static let problems: [Message] = [
        Message("problemRequired", "Ce champ est obligatoire.", "This field is required."),
        Message("problemTooLong", "Pas plus de {max} caractères.", "No more than {max} characters."),
        Message("problemTooShort", "Au moins {min} caractères.", "At least {min} characters."),
        Message("problemInvalidDate", "Date non valide : choisissez un jour dans le calendrier.", "Not a valid date: pick a day in the calendar."),
        Message("problemDateOutOfRange", "Cette date est trop loin d'aujourd'hui.", "This date is too far from today."),
        Message("problemDueBeforeSession", "La date à rendre ne peut pas être avant la séance.", "The due date cannot be before the lesson."),
        Message("problemNotInRange", "Un nombre entier entre {min} et {max}.", "A whole number between {min} and {max}."),
        Message(
            "problemInvalidURL", "Adresse non valide : elle doit commencer par https:// ou http://.",
            "Not a valid address: it must start with https:// or http://."),
        Message("problemTooMany", "Pas plus de {max}.", "No more than {max}."),
        Message(
            "problemInvalidLogin", "Seulement des lettres minuscules sans accent, des chiffres, le point, le tiret et le tiret bas.",
            "Only lower-case letters without accents, digits, dot, dash and underscore."),
        Message("problemLoginTaken", "Cet identifiant est déjà pris.", "This username is already taken."),
        Message(
            "problemSubjectNotTaught", "Vous n'enseignez pas cette matière dans une des classes choisies.",
            "You do not teach this subject in one of the chosen classes."),
        Message(
            "problemNothingWritten", "Écrivez ce qui a été fait en classe ou le travail à faire.", "Write what was done in class or the work to do."),
        Message("problemInvalidChoice", "Choisissez une des propositions.", "Pick one of the choices."),
        Message("problemChooseClass", "Cochez au moins une classe.", "Tick at least one class."),
    ]

    static let calendar: [Message] = [
        Message("weekday1", "lundi", "Monday"),
        Message("weekday2", "mardi", "Tuesday"),
        Message("weekday3", "mercredi", "Wednesday"),
        Message("weekday4", "jeudi", "Thursday"),
        Message("weekday5", "vendredi", "Friday"),
        Message("weekday6", "samedi", "Saturday"),
        Message("weekday7", "dimanche", "Sunday"),
        Message("month1", "janvier", "January"),
        Message("month2", "février", "February"),
        Message("month3", "mars", "March"),
        Message("month4", "avril", "April"),
        Message("month5", "mai", "May"),
        Message("month6", "juin", "June"),
        Message("month7", "juillet", "July"),
        Message("month8", "août", "August"),
        Message("month9", "septembre", "September"),
        Message("month10", "octobre", "October"),
        Message("month11", "novembre", "November"),
        Message("month12", "décembre", "December"),
        Message("dayFormat", "{weekday} {day} {month}", "{weekday} {day} {month}"),
        Message("dateTimeFormat", "{date} à {time}", "{date} at {time}"),
    ]

    static let work: [Message] = [
        Message("workTitle", "Travail à rendre", "Work to hand in"),
        Message("instructions", "Consignes", "Instructions"),
        Message("yourAnswer", "Votre réponse", "Your answer"),
        Message(
            "answerLabel", "Écrivez votre réponse ici. Elle est enregistrée pendant que vous écrivez.",
            "Write your answer here. It is saved as you type."),
        Message("answer", "Réponse", "Answer"),
        Message("files", "Fichiers", "Files"),
        Message("yourFiles", "Vos fichiers", "Your files"),
        Message("addFileLabel", "Ajouter un fichier ou une photo de votre copie", "Add a file or a photo of your paper"),
        Message("addFile", "Ajouter le fichier", "Add the file"),
        Message("removeFile", "Retirer", "Remove"),
        Message("fileHint", "PDF, photo, document, son. Taille maximale :", "PDF, photo, document, sound. Largest size:"),
        Message("saveDraft", "Enregistrer", "Save"),
        Message("handIn", "Rendre le travail", "Hand in"),
        Message("draftSaving", "Enregistrement…", "Saving…"),
        Message("savedAt", "Enregistré à {time}", "Saved at {time}"),
        Message("draftLocal", "Gardé sur cet appareil à {time}", "Kept on this device at {time}"),
        Message(
            "draftOffline", "Pas de connexion : votre travail est gardé sur cet appareil. Il sera envoyé dès que possible.",
            "No connection: your work is kept on this device. It will be sent as soon as possible."),
        Message(
            "draftRestored", "Votre dernier texte, gardé sur cet appareil, a été remis.", "Your latest text, kept on this device, has been put back."),
        Message("handInBy", "À rendre le {date} à {time}", "Hand in by {date} at {time}"),
        Message("handedInOn", "Rendu le {when}", "Handed in on {when}"),
        Message("stateNotStarted", "Pas commencé", "Not started"),
        Message("stateDraft", "Brouillon", "Draft"),
        Message("stateHandedIn", "Rendu", "Handed in"),
        Message("stateLate", "Rendu en retard", "Handed in late"),
        Message("stateReturned", "Corrigé", "Returned"),
        Message("stateOverdue", "En retard, pas rendu", "Late, not handed in"),
        Message("doTheWork", "Faire le travail", "Do the work"),
        Message("seeWork", "Voir le travail", "See the work"),
        Message("seeSubmissions", "Voir les rendus", "See hand-ins"),
        Message("feedbackTitle", "Retour du professeur", "Teacher's feedback"),
        Message("mark", "Note", "Mark"),
        Message("returnTitle", "Corriger et rendre la copie", "Mark and return"),
        Message("feedbackLabel", "Votre retour à l'élève", "Your feedback to the pupil"),
        Message("returnButton", "Rendre la copie corrigée", "Return with feedback"),
        Message("backToWork", "Retour au travail", "Back to the work"),
        Message("backToProgress", "Retour aux rendus", "Back to hand-ins"),
        Message("backToEntry", "Retour à l'entrée", "Back to the entry"),
        Message("downloadAll", "Tout télécharger (zip)", "Download all (zip)"),
        Message("pupil", "Élève", "Pupil"),
        Message("state", "État", "State"),
        Message("handedInColumn", "Rendu le", "Handed in"),
        Message(
            "progressSummary", "{handedIn} rendus sur {total} · {late} en retard · {drafts} brouillons · {notStarted} pas commencés",
            "{handedIn} of {total} handed in · {late} late · {drafts} drafts · {notStarted} not started"),
        Message("assignmentNewTitle", "Demander un rendu en ligne", "Ask for work online"),
        Message("assignmentEditTitle", "Modifier le rendu", "Change the hand-in"),
        Message("dueTime", "Heure limite", "Time due"),
        Message("answerKindsLegend", "Ce que les élèves rendent", "What pupils hand in"),
        Message("answerKinds_text", "Un texte", "A text"),
        Message("answerKinds_files", "Des fichiers (photos, documents)", "Files (photos, documents)"),
        Message("answerKinds_both", "Un texte et/ou des fichiers", "A text and/or files"),
        Message("allowsLate", "Accepter les rendus en retard (marqués « en retard »)", "Accept late work (marked \"late\")"),
        Message(
            "deadlinePassedClosed", "La date limite est passée : ce travail ne peut plus être rendu. Votre texte reste gardé.",
            "The deadline has passed: this work can no longer be handed in. Your text is still kept."),
        Message("workSaved", "Brouillon enregistré.", "Draft saved."),
        Message("workHandedIn", "Travail rendu. Bravo !", "Work handed in. Well done!"),
        Message("workReturned", "Copie rendue à l'élève.", "Returned to the pupil."),
        Message("fileAdded", "Fichier ajouté.", "File added."),
        Message("fileRemoved", "Fichier retiré.", "File removed."),
        Message("assignmentSaved", "Rendu en ligne enregistré.", "Hand-in saved."),
        Message(
            "entryHasWork", "Des élèves ont commencé ce travail : l'entrée ne peut pas être supprimée.",
            "Pupils have started this work: the entry cannot be deleted."),
        Message("zipAnswerName", "reponse", "answer"),
        Message(
            "offlineBanner", "Hors connexion : vous lisez la copie gardée sur cet appareil.", "Offline: you are reading the copy kept on this device."
        ),
        Message("pageUpdated", "Page du {when}", "Page from {when}"),
        Message("errorConflictTitle", "Impossible pour l'instant", "Not possible right now"),
        Message(
            "errorStaleRevision", "Un texte plus récent est déjà enregistré (autre onglet ou autre appareil).",
            "A newer text is already saved (another tab or device)."),
        Message(
            "errorAlreadyHandedIn", "Ce travail est déjà rendu : il ne peut plus être modifié.",
            "This work is already handed in: it can no longer change."),
        Message("errorNotHandedIn", "Ce travail n'a pas encore été rendu.", "This work has not been handed in yet."),
        Message(
            "errorFileTooLarge", "Ce fichier est trop gros (au plus {max}). Rien n'a été enregistré.",
            "This file is too large (at most {max}). Nothing was saved."),
        Message("problemInvalidTime", "Écrivez une heure comme 18:00.", "Write a time such as 18:00."),
        Message("problemDateInPast", "Cette date limite est déjà passée.", "This deadline has already passed."),
        Message(
            "problemDeadlinePassed", "La date limite est passée et ce travail n'accepte pas de retard.",
            "The deadline has passed and this work does not take late hand-ins."),
        Message(
            "problemNothingToHandIn", "Écrivez une réponse ou ajoutez un fichier avant de rendre.", "Write an answer or add a file before handing in."
        ),
        Message("problemFileTooLarge", "Ce fichier est trop gros : au plus {max}.", "This file is too large: at most {max}."),
        Message("problemFilesTooLarge", "Les fichiers ensemble dépassent {max}.", "The files together are over {max}."),
        Message(
            "problemForbiddenFileType", "Ce type de fichier n'est pas accepté. Envoyez un PDF, une photo, un document ou un son.",
            "This kind of file is not accepted. Send a PDF, a photo, a document or a sound."),
        Message("problemEmptyFile", "Ce fichier est vide.", "This file is empty."),
        Message("problemNotAccepted", "Ce travail ne se rend pas sous cette forme.", "This work is not handed in this way."),
        Message("problemInfectedFile", "Ce fichier contient un virus : il a été refusé.", "This file contains a virus: it was refused."),
    ]

    static let documents: [Message] = [
        Message("documents", "Documents", "Documents"),
        Message("documentsOf", "Documents · {name}", "Documents · {name}"),
        Message("classDocuments", "Documents de la classe", "Class documents"),
        Message("folderGeneral", "Général", "General"),
        Message("noDocuments", "Aucun document pour l'instant.", "No documents yet."),
        Message("addDocument", "Ajouter un document", "Add a document"),
        Message("folder", "Dossier", "Folder"),
        Message("file", "Fichier", "File"),
        Message("documentAdded", "Document ajouté.", "Document added."),
        Message("documentDeleted", "Document supprimé.", "Document deleted."),
        Message("fileRefusedTitle", "Fichier refusé", "File refused"),
        Message("fileRefused", "Ce fichier n'a pas été enregistré.", "This file was not saved."),
        Message("back", "Retour", "Back"),
        Message("errorTooManyTitle", "Un instant", "One moment"),
        Message("waitingRoomTitle", "Beaucoup de monde en ce moment", "Many people right now"),
        Message(
            "waitingRoomPlace", "Vous êtes n° {place} dans la file. Attente estimée : environ {seconds} s.",
            "You are number {place} in the queue. Estimated wait: about {seconds} s."),
        Message(
            "waitingRoomKeep", "La page se recharge toute seule : gardez-la ouverte, vous gardez votre place. Votre travail n'est pas perdu.",
            "This page reloads by itself: keep it open and you keep your place. Your work is not lost."),
        Message(
            "waitingRoomAPI", "Beaucoup de monde en ce moment : place n° {place}, réessayez dans environ {seconds} s.",
            "Many people right now: place {place}, try again in about {seconds} s."),
        Message(
            "errorTooMany", "Trop de demandes d'un coup. Réessayez dans {seconds} s : rien n'est perdu.",
            "Too many requests at once. Try again in {seconds} s: nothing is lost."),
        Message(
            "errorTooManySignIns", "Trop d'essais pour ce compte. Réessayez dans {seconds} s.",
            "Too many tries for this account. Try again in {seconds} s."),
        Message("delete", "Supprimer", "Delete"),
    ]
}
