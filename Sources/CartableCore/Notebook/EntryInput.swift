/// A notebook entry as typed into a form or sent as JSON, before any check.
public struct EntryInput: Sendable, Hashable, Codable {
    /// The subject.
    public var subject: String?
    /// The session's date, `YYYY-MM-DD`.
    public var sessionDate: String?
    /// What was done.
    public var done: String?
    /// The work to do.
    public var work: String?
    /// The due date, `YYYY-MM-DD`.
    public var dueDate: String?
    /// Estimated minutes, as typed.
    public var estimatedMinutes: String?
    /// Links, as typed.
    public var links: [LinkInput]

    /// A link as typed.
    public struct LinkInput: Sendable, Hashable, Codable {
        /// The title (optional: the address's host is used when empty).
        public var title: String?
        /// The address.
        public var url: String?

        /// Creates a link input.
        public init(title: String?, url: String?) {
            self.title = title
            self.url = url
        }
    }

    /// Creates an input.
    public init(
        subject: String? = nil, sessionDate: String? = nil, done: String? = nil, work: String? = nil, dueDate: String? = nil,
        estimatedMinutes: String? = nil, links: [LinkInput] = []
    ) {
        self.subject = subject
        self.sessionDate = sessionDate
        self.done = done
        self.work = work
        self.dueDate = dueDate
        self.estimatedMinutes = estimatedMinutes
        self.links = links
    }

    /// Limits on what an entry may hold.
    public enum Limits {
        /// Longest subject.
        public static let subject = 80
        /// Longest text for what was done and for the work.
        public static let text = 10_000
        /// Most links per entry.
        public static let links = 10
        /// Longest link title.
        public static let linkTitle = 200
        /// Longest web address.
        public static let url = 2_000
        /// Estimated minutes allowed.
        public static let minutes = 1...600
        /// How far from today a session may be, in days.
        public static let sessionWindow = 366
        /// How far after the session a due date may be, in days.
        public static let dueWindow = 366
    }

    /// Checks and cleans the input; throws every problem found at once so a form can show them all.
    /// - Parameter today: today in the school's zone.
    public func validated(today: LocalDate) throws(ValidationError) -> EntryContent {
        var issues: [FieldIssue] = []
        let subject = TextRules.clean(subject)
        if subject.isEmpty {
            issues.append(.init(field: "subject", problem: .required))
        } else if subject.count > Limits.subject {
            issues.append(.init(field: "subject", problem: .tooLong(max: Limits.subject)))
        }

        var session: LocalDate?
        let sessionText = TextRules.clean(sessionDate)
        if sessionText.isEmpty {
            issues.append(.init(field: "sessionDate", problem: .required))
        } else if let date = LocalDate(iso: sessionText) {
            if abs(today.days(until: date)) > Limits.sessionWindow {
                issues.append(.init(field: "sessionDate", problem: .dateOutOfRange))
            } else {
                session = date
            }
        } else {
            issues.append(.init(field: "sessionDate", problem: .invalidDate))
        }

        let done = TextRules.clean(done, multiline: true)
        if done.count > Limits.text { issues.append(.init(field: "done", problem: .tooLong(max: Limits.text))) }
        let work = TextRules.clean(work, multiline: true)
        if work.count > Limits.text { issues.append(.init(field: "work", problem: .tooLong(max: Limits.text))) }
        if done.isEmpty && work.isEmpty { issues.append(.init(field: "done", problem: .nothingWritten)) }

        var due: LocalDate?
        let dueText = TextRules.clean(dueDate)
        if dueText.isEmpty {
            if !work.isEmpty { issues.append(.init(field: "dueDate", problem: .required)) }
        } else if let date = LocalDate(iso: dueText) {
            if work.isEmpty {
                issues.append(.init(field: "work", problem: .required))
            } else if let session, date < session {
                issues.append(.init(field: "dueDate", problem: .dueBeforeSession))
            } else if let session, session.days(until: date) > Limits.dueWindow {
                issues.append(.init(field: "dueDate", problem: .dateOutOfRange))
            } else {
                due = date
            }
        } else {
            issues.append(.init(field: "dueDate", problem: .invalidDate))
        }

        var minutes: Int?
        let minutesText = TextRules.clean(estimatedMinutes)
        if !minutesText.isEmpty {
            if let value = Int(minutesText), Limits.minutes.contains(value) {
                minutes = value
            } else {
                issues.append(
                    .init(field: "estimatedMinutes", problem: .notInRange(min: Limits.minutes.lowerBound, max: Limits.minutes.upperBound)))
            }
        }

        var links: [EntryLink] = []
        let typedLinks = self.links.filter { !TextRules.clean($0.url).isEmpty || !TextRules.clean($0.title).isEmpty }
        if typedLinks.count > Limits.links {
            issues.append(.init(field: "links", problem: .tooMany(max: Limits.links)))
        } else {
            for link in typedLinks {
                let url = TextRules.clean(link.url)
                var title = TextRules.clean(link.title)
                if url.isEmpty {
                    issues.append(.init(field: "links", problem: .invalidURL))
                    break
                }
                guard url.count <= Limits.url, TextRules.isWebAddress(url) else {
                    issues.append(.init(field: "links", problem: .invalidURL))
                    break
                }
                if title.count > Limits.linkTitle {
                    issues.append(.init(field: "links", problem: .tooLong(max: Limits.linkTitle)))
                    break
                }
                if title.isEmpty { title = Self.host(of: url) }
                links.append(EntryLink(title: title, url: url))
            }
        }

        guard issues.isEmpty, let session else { throw ValidationError(issues) }
        return EntryContent(
            subject: subject, sessionDate: session, done: done, work: work, dueDate: due, estimatedMinutes: minutes, links: links)
    }

    private static func host(of url: String) -> String {
        let rest = url.drop { $0 != "/" }.drop { $0 == "/" }
        return String(rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" })
    }
}
