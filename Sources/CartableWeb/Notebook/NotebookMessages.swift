extension Catalogue {
    /// Aujourd'hui, the notebook and its entries: this feature's messages, in both languages.
    static let notebookMessages: [Message] = today + notebook + entries

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
}
