import CartableCore

extension Catalogue {
    /// E-mail notifications and quiet hours; this feature's messages, in both languages.
    static let notificationMessages: [Message] = [
        Message("notificationsTitle", "E-mails et heures calmes", "E-mail and quiet hours"),
        Message("notificationsLink", "E-mails et heures calmes", "E-mail and quiet hours"),
        Message("notificationsEmail", "Être prévenu par e-mail des messages et des annonces", "Get e-mail about messages and announcements"),
        Message("notificationsNoEmail", "Cette plateforme n'envoie pas encore d'e-mails.", "This platform does not send e-mail yet."),
        Message("notificationsAddress", "Adresse e-mail", "E-mail address"),
        Message("emailModeOff", "Jamais", "Never"),
        Message("emailModeImmediate", "Tout de suite (hors heures calmes)", "At once (outside quiet hours)"),
        Message("emailModeDaily", "Un résumé par jour, à 18h", "One summary a day, at 6 pm"),
        Message("emailModeWeekly", "Un résumé par semaine, le vendredi à 18h", "One summary a week, on Friday at 6 pm"),
        Message("notificationsQuiet", "Heures calmes (droit à la déconnexion)", "Quiet hours (right to disconnect)"),
        Message(
            "notificationsQuietHint", "Les messages arrivent quand même, mais rien ne vous est envoyé pendant ces heures.",
            "Messages still arrive, but nothing is sent to you during these hours."),
        Message("notificationsQuietOn", "Pas de notification pendant ces heures", "No notification during these hours"),
        Message("notificationsQuietFrom", "À partir de", "From"),
        Message("notificationsQuietTo", "Jusqu'à", "Until"),
        Message("notificationsQuietWeekends", "Ni le samedi ni le dimanche", "Nor on Saturdays and Sundays"),
        Message("notificationsSaved", "Réglages enregistrés.", "Settings saved."),
        Message("unsubscribeTitle", "Ne plus recevoir d'e-mails", "Stop receiving e-mail"),
        Message("unsubscribeAsk", "Vous ne recevrez plus d'e-mails de Cartable. Vos messages restent dans Cartable.", "You will no longer get e-mail from Cartable. Your messages stay in Cartable."),
        Message("unsubscribeButton", "Ne plus recevoir d'e-mails", "Stop receiving e-mail"),
        Message("unsubscribeDone", "C'est fait : plus aucun e-mail ne vous sera envoyé.", "Done: no more e-mail will be sent to you."),
        Message("emailLineMessage", "Message de {name} : {subject}", "Message from {name}: {subject}"),
        Message("emailLineAnnouncement", "Annonce de {name} : {title}", "Announcement from {name}: {title}"),
        Message("emailSubjectOne", "Cartable · {line}", "Cartable · {line}"),
        Message("emailSubjectMany", "Cartable · {count} nouveautés", "Cartable · {count} new things"),
        Message("emailHello", "Bonjour,\n\nDu nouveau pour vous sur Cartable :", "Hello,\n\nSomething new for you on Cartable:"),
        Message(
            "emailFooter", "Pour ne plus recevoir ces e-mails : {link}\nVous pouvez aussi choisir un résumé par jour ou par semaine dans Cartable.",
            "To stop these e-mails: {link}\nYou can also choose a daily or weekly summary in Cartable."),
        Message("quietNotice", "{count} destinataire(s) sont en heures calmes : ils seront prévenus {when}.", "{count} recipient(s) are in quiet hours: they will be told {when}."),
    ]
}
