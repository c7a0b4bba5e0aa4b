import Foundation

/// How a course happens: in its room (the default), as a live class on the school's BigBlueButton server, in a
/// Jitsi Meet room, or behind an external `https` link (the academy's own visio).
public enum LiveMode: Hashable, Sendable {
    case room
    case bigBlueButton
    /// A Jitsi Meet room, by its unguessable name (made when the teacher chose it).
    case jitsi(room: String)
    case link(String)

    /// Its stored name: `room`, `bbb`, `jitsi`, `link`.
    public var kind: String {
        switch self {
        case .room: "room"
        case .bigBlueButton: "bbb"
        case .jitsi: "jitsi"
        case .link: "link"
        }
    }

    /// The mode from its stored name and link; `nil` for anything unknown.
    public init?(kind: String, link: String?) {
        switch kind {
        case "room": self = .room
        case "bbb": self = .bigBlueButton
        case "jitsi":
            guard let link, link.count >= 20, link.utf8.allSatisfy({ $0 < 128 && $0 != UInt8(ascii: "/") }) else { return nil }
            self = .jitsi(room: link)
        case "link":
            guard let link, TextRules.isWebAddress(link), link.lowercased().hasPrefix("https://") else { return nil }
            self = .link(link)
        default: return nil
        }
    }

    /// Whether people join it through Cartable rather than walk to a room.
    public var isOnline: Bool { self != .room }
}

/// A teacher's choice of how one occurrence (or every occurrence) of a course happens.
public struct LiveSetting: Hashable, Sendable {
    /// The course.
    public var courseID: WeeklyCourse.ID
    /// The school.
    public var schoolID: School.ID
    /// The occurrence's planned day, or `nil` for every week.
    public var plannedDate: LocalDate?
    /// How it happens.
    public var mode: LiveMode
    /// When it was chosen.
    public var updatedAt: Date

    /// Creates a setting.
    public init(courseID: WeeklyCourse.ID, schoolID: School.ID, plannedDate: LocalDate?, mode: LiveMode, updatedAt: Date) {
        self.courseID = courseID
        self.schoolID = schoolID
        self.plannedDate = plannedDate
        self.mode = mode
        self.updatedAt = updatedAt
    }

    /// How `occurrence` happens given `settings`: its own day's choice, else the every-week one, else in the room.
    public static func mode(of occurrence: CourseOccurrence, in settings: [LiveSetting]) -> LiveMode {
        let own = settings.filter { $0.courseID == occurrence.course.id }
        return own.first { $0.plannedDate == occurrence.plannedDate }?.mode ?? own.first { $0.plannedDate == nil }?.mode ?? .room
    }
}

/// When people may join a live occurrence: from ten minutes before its start until its end.
public enum LiveWindow {
    /// How early the join opens.
    public static let opensBefore = 10

    /// Where `minute` (minutes since midnight, the school's zone) on `day` falls for `occurrence`.
    public enum State: Equatable, Sendable {
        /// Too early: opens at that time (on the occurrence's day).
        case notYet(opensAt: TimeOfDay, on: LocalDate)
        case open
        case over
    }

    /// The state of `occurrence` at `minute` on `day`.
    public static func state(of occurrence: CourseOccurrence, on day: LocalDate, minute: Int) -> State {
        let opens = max(0, occurrence.start.minutes - opensBefore)
        let opensAt = TimeOfDay(minutes: opens) ?? occurrence.start
        if day < occurrence.date || (day == occurrence.date && minute < opens) { return .notYet(opensAt: opensAt, on: occurrence.date) }
        if day > occurrence.date || minute >= occurrence.end.minutes { return .over }
        return .open
    }
}

/// A teacher's choice of mode as typed into the form, before any check.
public struct LiveModeInput: Sendable, Hashable, Codable {
    /// `room`, `bbb`, `jitsi` or `link`.
    public var mode: String?
    /// The external address, for `link`.
    public var link: String?
    /// `week` for every week, anything else for this occurrence only.
    public var scope: String?

    /// Creates an input.
    public init(mode: String? = nil, link: String? = nil, scope: String? = nil) {
        self.mode = mode
        self.link = link
        self.scope = scope
    }

    /// The mode and whether it is for every week; `available` are the kinds the platform is set up for, and
    /// `newRoom` the unguessable name a new Jitsi room gets.
    public func validated(available: Set<String>, newRoom: String) throws(ValidationError) -> (mode: LiveMode, everyWeek: Bool) {
        let kind = TextRules.clean(mode)
        let link = TextRules.clean(self.link)
        guard available.contains(kind) || kind == "room" || kind == "link" else {
            throw ValidationError([FieldIssue(field: "mode", problem: .invalidChoice)])
        }
        if kind == "link" {
            if link.isEmpty { throw ValidationError([FieldIssue(field: "link", problem: .required)]) }
            if link.count > EntryInput.Limits.url { throw ValidationError([FieldIssue(field: "link", problem: .tooLong(max: EntryInput.Limits.url))]) }
        }
        if kind == "link" && TextRules.isWebAddress(link) && !link.lowercased().hasPrefix("https://") {
            throw ValidationError([FieldIssue(field: "link", problem: .insecureURL)])
        }
        guard let mode = LiveMode(kind: kind, link: kind == "jitsi" ? newRoom : link) else {
            throw ValidationError([FieldIssue(field: kind == "link" ? "link" : "mode", problem: kind == "link" ? .invalidURL : .invalidChoice)])
        }
        return (mode, TextRules.clean(scope) == "week")
    }
}
