extension Catalogue {
    /// Documents: this feature's messages, in both languages.
    static let documentMessages: [Message] = [
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
