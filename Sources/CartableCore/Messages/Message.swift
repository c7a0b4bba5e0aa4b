import Foundation

/// A conversation: a subject, the message that started it and the replies.
public struct MessageThread: Hashable, Sendable, Identifiable {
    /// Its identifier.
    public typealias ID = Identifier<MessageThread>

    /// Its identifier.
    public var id: ID
    /// Its school.
    public var schoolID: School.ID
    /// What it is about.
    public var subject: String
    /// Who wrote its first message.
    public var startedBy: User.ID
    /// When.
    public var startedAt: Date
    /// Staff's "no reply" message: nobody answers in it.
    public var noReply: Bool

    /// Creates a thread.
    public init(id: ID, schoolID: School.ID, subject: String, startedBy: User.ID, startedAt: Date, noReply: Bool = false) {
        self.id = id
        self.schoolID = schoolID
        self.subject = subject
        self.startedBy = startedBy
        self.startedAt = startedAt
        self.noReply = noReply
    }
}

/// One message of a thread, from its author to its recipients.
public struct Message: Hashable, Sendable, Identifiable {
    /// Its identifier.
    public typealias ID = Identifier<Message>

    /// How long after sending its author may still recall a message.
    public static let recallDelay: TimeInterval = 60 * 60

    /// Its identifier.
    public var id: ID
    /// Its school.
    public var schoolID: School.ID
    /// Its thread.
    public var threadID: MessageThread.ID
    /// Who wrote it.
    public var authorID: User.ID
    /// What it says.
    public var body: String
    /// When it was sent.
    public var sentAt: Date
    /// When its author recalled it, if they did: its recipients no longer read it.
    public var recalledAt: Date?
    /// Who it was sent to.
    public var recipientIDs: [User.ID]
    /// A file sent with it (the file store's, checked like every upload).
    public var attachment: StoredFile?

    /// Creates a message.
    public init(
        id: ID, schoolID: School.ID, threadID: MessageThread.ID, authorID: User.ID, body: String, sentAt: Date, recalledAt: Date? = nil,
        recipientIDs: [User.ID], attachment: StoredFile? = nil
    ) {
        self.attachment = attachment
        self.id = id
        self.schoolID = schoolID
        self.threadID = threadID
        self.authorID = authorID
        self.body = body
        self.sentAt = sentAt
        self.recalledAt = recalledAt
        self.recipientIDs = recipientIDs
    }

    /// Whether its author may still recall it at `now`.
    public func isRecallable(at now: Date) -> Bool {
        recalledAt == nil && now.timeIntervalSince(sentAt) <= Self.recallDelay
    }
}

/// A thread as one person's message box lists it.
public struct InboxThread: Hashable, Sendable {
    /// The thread.
    public var thread: MessageThread
    /// When its last message this person sees was sent.
    public var lastAt: Date
    /// How many of its messages this person has not read.
    public var unread: Int
    /// The people in it besides this person (authors and recipients of the messages they see).
    public var otherIDs: [User.ID]

    /// Creates a listed thread.
    public init(thread: MessageThread, lastAt: Date, unread: Int, otherIDs: [User.ID]) {
        self.thread = thread
        self.lastAt = lastAt
        self.unread = unread
        self.otherIDs = otherIDs
    }
}

/// A thread as one person reads it: only the messages they wrote or received.
public struct ThreadView: Hashable, Sendable {
    /// A message, with whether this person had read it before opening the thread.
    public struct Item: Hashable, Sendable {
        /// The message.
        public var message: Message
        /// Whether it was unread when the thread was opened.
        public var wasUnread: Bool

        /// Creates an item.
        public init(message: Message, wasUnread: Bool) {
            self.message = message
            self.wasUnread = wasUnread
        }
    }

    /// The thread.
    public var thread: MessageThread
    /// Its messages this person sees, oldest first.
    public var items: [Item]

    /// Creates a view.
    public init(thread: MessageThread, items: [Item]) {
        self.thread = thread
        self.items = items
    }

    /// Everyone in the messages this person sees.
    public var participantIDs: Set<User.ID> {
        items.reduce(into: Set()) { set, item in
            set.insert(item.message.authorID)
            set.formUnion(item.message.recipientIDs)
        }
    }
}

/// Someone who reported a message, and why.
public struct MessageReport: Hashable, Sendable, Identifiable {
    /// Its identifier.
    public typealias ID = Identifier<MessageReport>

    /// Its identifier.
    public var id: ID
    /// Its school.
    public var schoolID: School.ID
    /// The message reported.
    public var messageID: Message.ID
    /// Who reported it.
    public var reporterID: User.ID
    /// When.
    public var reportedAt: Date
    /// Their words.
    public var note: String

    /// Creates a report.
    public init(id: ID, schoolID: School.ID, messageID: Message.ID, reporterID: User.ID, reportedAt: Date, note: String) {
        self.id = id
        self.schoolID = schoolID
        self.messageID = messageID
        self.reporterID = reporterID
        self.reportedAt = reportedAt
        self.note = note
    }
}
