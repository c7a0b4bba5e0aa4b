/// A message as its author types it, before any check.
public struct MessageInput: Sendable, Hashable, Codable {
    /// The subject (a new thread only; a reply keeps its thread's).
    public var subject: String?
    /// What it says.
    public var body: String?

    /// Creates an input.
    public init(subject: String? = nil, body: String? = nil) {
        self.subject = subject
        self.body = body
    }

    /// Limits on a message.
    public enum Limits {
        /// The subject's length.
        public static let subject = 150
        /// The body's length: a long letter, not a book.
        public static let body = 10_000
        /// People one message reaches (a whole collège with its families).
        public static let recipients = 5_000
    }

    /// Checks a new thread's message; throws every problem at once.
    public func validatedNew() throws(ValidationError) -> (subject: String, body: String) {
        var issues: [FieldIssue] = []
        let subject = TextRules.clean(subject)
        if subject.isEmpty { issues.append(.init(field: "subject", problem: .required)) }
        if subject.count > Limits.subject { issues.append(.init(field: "subject", problem: .tooLong(max: Limits.subject))) }
        let body = checkedBody(&issues)
        if !issues.isEmpty { throw ValidationError(issues) }
        return (subject, body)
    }

    /// Checks a reply (only its body).
    public func validatedReply() throws(ValidationError) -> String {
        var issues: [FieldIssue] = []
        let body = checkedBody(&issues)
        if !issues.isEmpty { throw ValidationError(issues) }
        return body
    }

    private func checkedBody(_ issues: inout [FieldIssue]) -> String {
        let body = TextRules.clean(body, multiline: true)
        if body.isEmpty { issues.append(.init(field: "body", problem: .required)) }
        if body.count > Limits.body { issues.append(.init(field: "body", problem: .tooLong(max: Limits.body))) }
        return body
    }
}

/// Who a message goes to, as the form names them: people and ready-made lists.
public struct RecipientsInput: Sendable, Hashable {
    /// People, by id.
    public var people: [String]
    /// Lists, by key (``RecipientList/key``).
    public var lists: [String]

    /// Creates an input.
    public init(people: [String] = [], lists: [String] = []) {
        self.people = people
        self.lists = lists
    }

    /// The ids and lists named, junk refused (an unknown id or list is not silently dropped: nothing is sent).
    public func validated() throws(ValidationError) -> (people: [User.ID], lists: [RecipientList]) {
        var issues: [FieldIssue] = []
        var ids: [User.ID] = []
        for raw in people where !TextRules.clean(raw).isEmpty {
            guard let id = User.ID(validating: TextRules.clean(raw)) else {
                issues.append(.init(field: "to", problem: .invalidChoice))
                break
            }
            if !ids.contains(id) { ids.append(id) }
        }
        var found: [RecipientList] = []
        for raw in lists where !TextRules.clean(raw).isEmpty {
            guard let list = RecipientList(key: TextRules.clean(raw)) else {
                issues.append(.init(field: "to", problem: .invalidChoice))
                break
            }
            if !found.contains(list) { found.append(list) }
        }
        if issues.isEmpty, ids.isEmpty, found.isEmpty { issues.append(.init(field: "to", problem: .required)) }
        if ids.count > MessageInput.Limits.recipients { issues.append(.init(field: "to", problem: .tooMany(max: MessageInput.Limits.recipients))) }
        if !issues.isEmpty { throw ValidationError(issues) }
        return (ids, found)
    }
}
