import Foundation

/// A period when the platform failed the people using it, declared by staff or the platform's operator (or
/// proposed by a node from what it measured, then confirmed). An absence from an online course that overlaps
/// it is an **incident**: never counted against the pupil.
public struct IncidentWindow: Hashable, Sendable, Identifiable {
    /// Its identifier.
    public typealias ID = Identifier<IncidentWindow>

    /// What was degraded.
    public enum Scope: String, Hashable, Sendable, Codable, CaseIterable {
        /// The whole platform.
        case platform
        /// Live classes (every video server).
        case liveClasses = "live_classes"
        /// One video server (`server` says which).
        case videoServer = "video_server"
    }

    /// Its identifier.
    public var id: ID
    /// When it began.
    public var start: Date
    /// When it ended.
    public var end: Date
    /// The schools it covers.
    public var schoolIDs: Set<School.ID>
    /// What was degraded.
    public var scope: Scope
    /// For one video server: its address as configured (`https://bbb.example.fr/bigbluebutton/`); "" otherwise.
    public var server: String
    /// What families read ("Les classes en ligne n'ont pas fonctionné de 9:00 à 9:40.").
    public var note: String

    /// Creates a window.
    public init(id: ID, start: Date, end: Date, schoolIDs: Set<School.ID>, scope: Scope, server: String = "", note: String = "") {
        self.id = id
        self.start = start
        self.end = end
        self.schoolIDs = schoolIDs
        self.scope = scope
        self.server = server
        self.note = note
    }

    /// Whether it covers an online course of `schoolID` from `from` to `to`: the two periods overlap (touching ends
    /// do not) and what was degraded is what the course needed. `liveClass` is false for a course of a day declared
    /// remote (work at home through Cartable); `videoServer` is the live class's server ("" for Jitsi or a link).
    public func covers(schoolID: School.ID, from: Date, to: Date, liveClass: Bool, videoServer: String) -> Bool {
        guard schoolIDs.contains(schoolID), start < to, from < end else { return false }
        switch scope {
        case .platform: return true
        case .liveClasses: return liveClass
        case .videoServer: return liveClass && !server.isEmpty && server == videoServer
        }
    }
}

/// An incident window as staff (or the operator) type it, before any check: a day, a start and an end in the
/// school's time.
public struct IncidentWindowInput: Sendable, Hashable, Codable {
    /// The day, `YYYY-MM-DD`.
    public var day: String?
    /// The start, `HH:MM`.
    public var start: String?
    /// The end, `HH:MM` (on the same day: a window longer than a day is declared day by day).
    public var end: String?
    /// `platform`, `live_classes` or `video_server`.
    public var scope: String?
    /// For one video server: its address.
    public var server: String?
    /// What families read.
    public var note: String?

    /// Creates an input.
    public init(day: String? = nil, start: String? = nil, end: String? = nil, scope: String? = nil, server: String? = nil, note: String? = nil) {
        self.day = day
        self.start = start
        self.end = end
        self.scope = scope
        self.server = server
        self.note = note
    }

    /// Limits on a window.
    public enum Limits {
        /// The note's length.
        public static let note = 300
        /// How far back a window may be declared, in days (a term).
        public static let past = 120
        /// The longest server address.
        public static let server = 300
    }

    /// Checks the input; the window covers `schoolIDs`, its times are in `zone`, and it must have begun by `now`
    /// (a window is a record of what happened, not a plan). Throws every problem at once.
    public func validated(id: IncidentWindow.ID, schoolIDs: Set<School.ID>, zone: TimeZone, now: Date) throws(ValidationError) -> IncidentWindow {
        var issues: [FieldIssue] = []
        let today = LocalDate(containing: now, in: zone)
        let dayText = TextRules.clean(day)
        var date: LocalDate?
        if dayText.isEmpty {
            issues.append(.init(field: "day", problem: .required))
        } else if let value = LocalDate(iso: dayText) {
            if value > today || value < today.adding(days: -Limits.past) {
                issues.append(.init(field: "day", problem: .dateOutOfRange))
            } else {
                date = value
            }
        } else {
            issues.append(.init(field: "day", problem: .invalidDate))
        }
        func time(_ field: String, _ text: String?) -> TimeOfDay? {
            let clean = TextRules.clean(text)
            if clean.isEmpty {
                issues.append(.init(field: field, problem: .required))
                return nil
            }
            guard let value = TimeOfDay(text: clean) else {
                issues.append(.init(field: field, problem: .invalidTime))
                return nil
            }
            return value
        }
        let first = time("start", start)
        let last = time("end", end)
        if let first, let last, last <= first { issues.append(.init(field: "end", problem: .endBeforeStart)) }
        if let date, let first, date == today, first.minutes > TimeOfDay.minute(of: now, in: zone) {
            issues.append(.init(field: "start", problem: .dateOutOfRange))
        }

        let scopeText = TextRules.clean(scope)
        let kind = IncidentWindow.Scope(rawValue: scopeText)
        if scopeText.isEmpty {
            issues.append(.init(field: "scope", problem: .required))
        } else if kind == nil {
            issues.append(.init(field: "scope", problem: .invalidChoice))
        }
        var address = ""
        if kind == .videoServer {
            address = TextRules.clean(server)
            if address.isEmpty {
                issues.append(.init(field: "server", problem: .required))
            } else if address.count > Limits.server || URL(string: address)?.host == nil {
                issues.append(.init(field: "server", problem: .invalidURL))
            }
        }
        let words = TextRules.clean(note, multiline: true)
        if words.count > Limits.note { issues.append(.init(field: "note", problem: .tooLong(max: Limits.note))) }
        if schoolIDs.isEmpty { issues.append(.init(field: "schools", problem: .required)) }

        guard issues.isEmpty, let date, let first, let last, let kind else { throw ValidationError(issues) }
        return IncidentWindow(
            id: id, start: date.instant(atMinute: first.minutes, in: zone), end: date.instant(atMinute: last.minutes, in: zone), schoolIDs: schoolIDs,
            scope: kind, server: address, note: words)
    }
}
