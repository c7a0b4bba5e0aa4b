import CartableCore

/// Messages' paths, each written once: the router, the links and the tests all read them here.
enum MessageRoutes {
    /// One's message box (`?q=` searches one's own messages, `?page=`).
    static let inbox = Path("/messages")
    /// Writing a new message (`?to=` people, `?list=` lists, `?find=` a name to look for); the form posts here.
    static let new = Path("/messages/new")
    /// One thread, as the person reads it (opening it marks it read).
    static let thread = Path1<MessageThread.ID>("/messages/:threadID")
    /// A reply in the thread.
    static let reply = Path1<MessageThread.ID>("/messages/:threadID/reply")
    /// Deletes the thread from one's own box.
    static let delete = Path1<MessageThread.ID>("/messages/:threadID/delete")
    /// Its author recalls a message (within the hour).
    static let recall = Path2<MessageThread.ID, Message.ID>("/messages/:threadID/:messageID/recall")
    /// The file sent with a message (its author, its recipients).
    static let attachment = Path2<MessageThread.ID, Message.ID>("/messages/:threadID/:messageID/attachment")
    /// Anyone who received a message reports it to staff.
    static let report = Path2<MessageThread.ID, Message.ID>("/messages/:threadID/:messageID/report")
    /// Staff: the school's rules, the switch, reported messages and suspensions.
    static let settings = Path("/messages/settings")
    /// Staff suspend (or give back) a person's right to write.
    static let suspension = Path1<User.ID>("/messages/settings/suspensions/:userID")

    /// Every path of messages.
    static let all: [any DeclaredPath] = [inbox, new, thread, reply, delete, recall, report, attachment, settings, suspension]
}
