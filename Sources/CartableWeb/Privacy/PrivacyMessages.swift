extension Catalogue {
    /// The privacy page: this feature's messages, in both languages.
    static let privacyMessages: [Message] = [
        Message("privacyTitle", "Vos données", "Your data"),
        Message("privacyFooter", "Vos données", "Your data"),
        Message(
            "privacyWhat",
            "Ce que Cartable garde : votre compte (nom, identifiant, rôle, classes), le cahier de textes, le travail rendu et ses fichiers, les documents des classes, et les appareils où vous êtes connecté.",
            "What Cartable keeps: your account (name, login, role, classes), the homework notebook, work handed in and its files, class documents, and the devices you are signed in on."),
        Message(
            "privacyWhy",
            "Pourquoi : pour que l'école fonctionne en ligne — le travail à faire, le travail rendu, les documents. Rien n'est vendu, rien ne sert à de la publicité.",
            "Why: so that school works online — the work to do, the work handed in, the documents. Nothing is sold, nothing is used for advertising."),
        Message(
            "privacyHowLong",
            "Combien de temps : une connexion dure 30 jours au plus sur un appareil gardé ; le journal de sécurité (connexions, changements de mot de passe) est gardé {days} jours ; le reste tant que votre compte existe, puis selon la durée fixée par l'établissement.",
            "How long: a sign-in lasts 30 days at most on a remembered device; the security log (sign-ins, password changes) is kept {days} days; the rest as long as your account exists, then for the time the school sets."),
        Message(
            "privacyWho",
            "Qui voit quoi : un élève voit son travail et ses classes ; un parent celui de ses enfants ; un professeur ses classes ; la direction tout l'établissement. Personne d'une autre école.",
            "Who sees what: a pupil sees their own work and classes; a parent their children's; a teacher their classes; the school's staff the whole school. Nobody from another school."),
        Message(
            "privacyAsk",
            "Qui contacter : la direction de votre établissement. Vous pouvez demander une copie de tout ce que Cartable garde sur vous, ou qu'une erreur soit corrigée.",
            "Who to ask: your school's office. You may ask for a copy of everything Cartable keeps about you, or for a mistake to be put right."),
        Message("privacyEditTitle", "Texte de la page « Vos données »", "Text of the “Your data” page"),
        Message("privacyEditLabel", "Le texte de votre établissement", "Your school's text"),
        Message(
            "privacyEditHint", "Texte simple ; une ligne vide entre deux paragraphes. Laissez vide pour le texte de la plateforme.",
            "Plain text; a blank line between paragraphs. Leave empty for the platform's text."),
        Message("privacySaved", "Le texte est enregistré.", "The text is saved."),
        Message("formerTeacher", "Ancien professeur", "Former teacher"),
        Message("purgeTitle", "Comptes à effacer", "Accounts to erase"),
        Message(
            "purgeIntro",
            "Un compte désactivé depuis plus de {days} jours peut être effacé. Son travail, ses fichiers, ses classes, ses enfants ou ses parents et ses appareils disparaissent. Ce qu'il a écrit pour une classe (cahier de textes, documents) reste, sans son nom. On ne peut pas revenir en arrière.",
            "An account disabled for more than {days} days can be erased. Its work, files, classes, children or parents and devices go. What it wrote for a class (notebook, documents) stays, without its name. This cannot be undone."),
        Message("purgeDaysLabel", "Garder un compte désactivé pendant (jours)", "Keep a disabled account for (days)"),
        Message("purgeDisabledSince", "Désactivé depuis", "Disabled since"),
        Message("purgeWhatGoes", "Ce qui part", "What goes"),
        Message("purgeRemoved", "Travaux : {work} · fichiers : {files}", "Work: {work} · files: {files}"),
        Message("purgeKept", "Restent, sans nom : {count} (cahier de textes, documents)", "Stay, without a name: {count} (notebook, documents)"),
        Message("purgeConfirm", "J'ai vérifié la liste : ces comptes peuvent être effacés.", "I have checked the list: these accounts can be erased."),
        Message("purgeConfirmMissing", "Cochez la case pour confirmer avant d'effacer.", "Tick the box to confirm before erasing."),
        Message("purgeButton", "Effacer ces {count} comptes", "Erase these {count} accounts"),
        Message("purgeNone", "Aucun compte à effacer.", "No account to erase."),
        Message("accountsPurged", "{count} comptes effacés.", "{count} accounts erased."),
        Message("retentionSaved", "La durée est enregistrée.", "The period is saved."),
        Message("personalDataDownload", "Télécharger toutes ses données", "Download all their data"),
        Message(
            "personalDataReadMe",
            "Ce que Cartable garde sur {name} ({login}).\n\ndonnees.json : le compte, les classes, les enfants ou les parents, les enseignements, les appareils connectés, la double authentification (activée ou non, jamais sa clé), le travail rendu, le cahier de textes écrit, les documents déposés et le journal de sécurité. Aucun mot de passe, aucune clé.\nfichiers/ : les fichiers du travail rendu et les documents déposés.\n\nWhat Cartable keeps about {name} ({login}): donnees.json holds every record, fichiers/ the files. No password and no key is included.",
            "What Cartable keeps about {name} ({login}).\n\ndonnees.json: the account, classes, children or parents, teachings, signed-in devices, two-step sign-in (on or off, never its key), work handed in, notebook entries written, documents uploaded and the security log. No password, no key.\nfichiers/: the files of work handed in and the documents uploaded."),
    ]
}
