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

    /// All messages: the shared ones here, each feature's in its own folder (`…Messages.swift`).
    public static let messages: [Message] =
        layout + errors + problems + calendar + identityMessages + notebookMessages + assignmentMessages + documentMessages + privacyMessages
        + timetableMessages + attendanceMessages + messageMessages + announcementMessages + notificationMessages + onboardingMessages

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
        Message(
            "errorTwoFactorCode", "Entrez aussi le code de votre application d'authentification.", "Also enter the code from your authenticator app."),
        Message(
            "errorTwoFactorSetUp", "Votre établissement demande la double authentification : activez-la d'abord dans le navigateur.",
            "Your school requires two-step sign-in: turn it on in the browser first."),
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
}
