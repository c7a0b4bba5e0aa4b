/// What the access policy decides about messages (one part of ``AccessPolicy/Action``).
///
/// Who may write to whom is ``MessagingRules`` (it needs the recipients' facts); this decides the rest.
public enum MessagesAccess: Sendable, Hashable {
    /// Read a thread, reply in it, report one of its messages, delete it for oneself: the people in the messages
    /// one sees of it (the store only ever returns those).
    case readThread(participantIDs: Set<User.ID>, schoolID: School.ID)
    /// Recall a message: its author.
    case recall(authorID: User.ID, schoolID: School.ID)
    /// Send a "no reply" message: staff.
    case sendNoReply(schoolID: School.ID)
    /// The school's messaging rules and switch, reported messages, suspensions: staff.
    case manageMessaging(schoolID: School.ID)
}

extension AccessPolicy.Action {
    /// Read (or answer, report, delete for oneself) a thread.
    public static func readThread(_ view: ThreadView) -> Self {
        .messages(.readThread(participantIDs: view.participantIDs, schoolID: view.thread.schoolID))
    }
    /// Recall `message`.
    public static func recall(_ message: Message) -> Self { .messages(.recall(authorID: message.authorID, schoolID: message.schoolID)) }
    /// Send a "no reply" message.
    public static func sendNoReply(schoolID: School.ID) -> Self { .messages(.sendNoReply(schoolID: schoolID)) }
    /// Manage the school's messaging.
    public static func manageMessaging(schoolID: School.ID) -> Self { .messages(.manageMessaging(schoolID: schoolID)) }
}

extension AccessPolicy {
    func allows(_ viewer: Viewer, messages action: MessagesAccess) -> Bool {
        switch action {
        case .readThread(let participantIDs, let schoolID):
            return schoolID == viewer.schoolID && participantIDs.contains(viewer.user.id)
        case .recall(let authorID, let schoolID):
            return schoolID == viewer.schoolID && authorID == viewer.user.id
        case .sendNoReply(let schoolID), .manageMessaging(let schoolID):
            return schoolID == viewer.schoolID && viewer.role == .staff
        }
    }
}
