import Foundation

/// Work to hand in, made from a notebook entry: one per entry, so it belongs to the entry's class.
public struct Assignment: Hashable, Sendable {
    /// The assignment's identifier.
    public typealias ID = Identifier<Assignment>

    /// What pupils may hand in.
    public enum AnswerKinds: String, Sendable, Hashable, CaseIterable, Codable {
        /// A written answer only.
        case text
        /// Files only (photos of a paper copy, documents).
        case files
        /// A written answer, files, or both.
        case both

        /// Whether a written answer is offered.
        public var acceptsText: Bool { self != .files }
        /// Whether files are offered.
        public var acceptsFiles: Bool { self != .text }
    }

    /// The identifier.
    public var id: ID
    /// The school.
    public var schoolID: School.ID
    /// The entry it was made from.
    public var entryID: NotebookEntry.ID
    /// The entry's class: the pupils who hand it in.
    public var classID: SchoolClass.ID
    /// The teacher who set it.
    public var teacherID: User.ID
    /// The entry's subject.
    public var subject: String
    /// What to do, how it is handed in.
    public var settings: AssignmentSettings
    /// When it was set.
    public var createdAt: Date
    /// When it was last changed.
    public var updatedAt: Date
    /// The class's name, for display.
    public var className: String

    /// Creates an assignment.
    public init(
        id: ID, schoolID: School.ID, entryID: NotebookEntry.ID, classID: SchoolClass.ID, teacherID: User.ID, subject: String,
        settings: AssignmentSettings, createdAt: Date, updatedAt: Date, className: String = ""
    ) {
        self.id = id
        self.schoolID = schoolID
        self.entryID = entryID
        self.classID = classID
        self.teacherID = teacherID
        self.subject = subject
        self.settings = settings
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.className = className
    }

    /// Whether a hand-in at `instant` is late.
    public func isLate(at instant: Date) -> Bool { instant > settings.dueAt }

    /// Whether a hand-in at `instant` is refused because the deadline has passed and late work is not taken.
    public func refusesHandIn(at instant: Date) -> Bool { isLate(at: instant) && !settings.allowsLate }
}

/// How an assignment is handed in, checked. Only ``AssignmentInput/validated(now:timeZone:)`` makes one from input.
public struct AssignmentSettings: Hashable, Sendable {
    /// The instructions (may be empty: the entry's work says what to do).
    public var instructions: String
    /// The day it is due, in the school's time zone.
    public var dueDate: LocalDate
    /// The time it is due that day, in minutes after midnight.
    public var dueMinutes: Int
    /// The instant it is due.
    public var dueAt: Date
    /// What may be handed in.
    public var answerKinds: Assignment.AnswerKinds
    /// Whether work handed in after the deadline is taken (and marked late).
    public var allowsLate: Bool

    /// Creates settings.
    public init(instructions: String, dueDate: LocalDate, dueMinutes: Int, dueAt: Date, answerKinds: Assignment.AnswerKinds, allowsLate: Bool) {
        self.instructions = instructions
        self.dueDate = dueDate
        self.dueMinutes = dueMinutes
        self.dueAt = dueAt
        self.answerKinds = answerKinds
        self.allowsLate = allowsLate
    }

    /// The due time as `HH:MM`.
    public var dueTime: String { String(format: "%02d:%02d", dueMinutes / 60, dueMinutes % 60) }
}

/// An assignment as typed into a form or sent as JSON, before any check.
public struct AssignmentInput: Sendable, Hashable, Codable {
    /// The instructions.
    public var instructions: String?
    /// The due date, `YYYY-MM-DD`.
    public var dueDate: String?
    /// The due time, `HH:MM` (defaults to 18:00).
    public var dueTime: String?
    /// `text`, `files` or `both`.
    public var answerKinds: String?
    /// Whether late work is taken.
    public var allowsLate: Bool?

    /// Creates an input.
    public init(instructions: String? = nil, dueDate: String? = nil, dueTime: String? = nil, answerKinds: String? = nil, allowsLate: Bool? = nil) {
        self.instructions = instructions
        self.dueDate = dueDate
        self.dueTime = dueTime
        self.answerKinds = answerKinds
        self.allowsLate = allowsLate
    }

    /// Limits.
    public enum Limits {
        /// Longest instructions.
        public static let instructions = 10_000
        /// Furthest due date, in days from today.
        public static let daysAhead = 366
        /// The due time when none is given.
        public static let defaultDueMinutes = 18 * 60
    }

    /// Parses `HH:MM` (or `H:MM`) into minutes after midnight.
    public static func minutes(fromTime text: String) -> Int? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3, parts[0].count <= 2, parts[1].count == 2,
            let hours = Int(parts[0]), let minutes = Int(parts[1]), (0..<24).contains(hours), (0..<60).contains(minutes)
        else { return nil }
        return hours * 60 + minutes
    }

    /// The checked settings, or every problem found. A deadline already passed is refused.
    public func validated(now: Date, timeZone: TimeZone) throws(ValidationError) -> AssignmentSettings {
        var issues: [FieldIssue] = []
        let instructions = TextRules.clean(self.instructions, multiline: true)
        if instructions.count > Limits.instructions { issues.append(FieldIssue(field: "instructions", problem: .tooLong(max: Limits.instructions))) }
        let today = LocalDate(containing: now, in: timeZone)
        var dueDate: LocalDate?
        let dateText = TextRules.clean(self.dueDate)
        if dateText.isEmpty {
            issues.append(FieldIssue(field: "dueDate", problem: .required))
        } else if let date = LocalDate(iso: dateText) {
            if today.days(until: date) > Limits.daysAhead {
                issues.append(FieldIssue(field: "dueDate", problem: .dateOutOfRange))
            } else {
                dueDate = date
            }
        } else {
            issues.append(FieldIssue(field: "dueDate", problem: .invalidDate))
        }
        let timeText = TextRules.clean(self.dueTime)
        var dueMinutes: Int? = Limits.defaultDueMinutes
        if !timeText.isEmpty {
            dueMinutes = Self.minutes(fromTime: timeText)
            if dueMinutes == nil { issues.append(FieldIssue(field: "dueTime", problem: .invalidTime)) }
        }
        let kindsText = TextRules.clean(self.answerKinds)
        let kinds = kindsText.isEmpty ? Assignment.AnswerKinds.both : Assignment.AnswerKinds(rawValue: kindsText)
        if kinds == nil { issues.append(FieldIssue(field: "answerKinds", problem: .invalidChoice)) }
        var dueAt: Date?
        if let dueDate, let dueMinutes {
            let instant = dueDate.instant(atMinute: dueMinutes, in: timeZone)
            if instant <= now {
                issues.append(FieldIssue(field: "dueDate", problem: .dateInPast))
            } else {
                dueAt = instant
            }
        }
        guard issues.isEmpty, let dueDate, let dueMinutes, let dueAt, let kinds else { throw ValidationError(issues) }
        return AssignmentSettings(
            instructions: instructions, dueDate: dueDate, dueMinutes: dueMinutes, dueAt: dueAt, answerKinds: kinds,
            allowsLate: allowsLate ?? true)
    }
}

extension LocalDate {
    /// The instant of `minute` minutes after midnight on this day in `timeZone`.
    public func instant(atMinute minute: Int, in timeZone: TimeZone) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let (year, month, day) = components
        let parts = DateComponents(year: year, month: month, day: day, hour: minute / 60, minute: minute % 60)
        return calendar.date(from: parts) ?? Date(timeIntervalSince1970: TimeInterval(dayNumber) * 86_400 + TimeInterval(minute * 60))
    }
}
