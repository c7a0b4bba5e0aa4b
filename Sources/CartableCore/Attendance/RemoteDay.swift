import Foundation

/// A day staff declared remote, for the whole school or one class or group: its courses happen at home, through
/// Cartable (the lockdown morning, a snow day, a strike of the buses). Each course of that day is an **online course**:
/// an absence from it that overlaps a platform incident window is an incident, never counted against the pupil.
public struct RemoteDay: Hashable, Sendable, Identifiable {
    /// Its identifier.
    public typealias ID = Identifier<RemoteDay>

    /// Its identifier.
    public var id: ID
    /// The school.
    public var schoolID: School.ID
    /// The day.
    public var day: LocalDate
    /// The class or group whose courses are remote; `nil`: every course of the school.
    public var classID: SchoolClass.ID?
    /// What families read ("Collège fermé : les cours ont lieu à distance.").
    public var note: String

    /// Creates a remote day.
    public init(id: ID, schoolID: School.ID, day: LocalDate, classID: SchoolClass.ID?, note: String = "") {
        self.id = id
        self.schoolID = schoolID
        self.day = day
        self.classID = classID
        self.note = note
    }

    /// Whether it makes `occurrence` remote: the same school and day, and the whole school or the course's class or group.
    public func covers(_ occurrence: CourseOccurrence) -> Bool {
        occurrence.course.schoolID == schoolID && occurrence.date == day && (classID == nil || classID == occurrence.course.classID)
    }
}

extension Collection<RemoteDay> {
    /// The remote day that makes `occurrence` remote, if any (a cancelled course is not a course).
    public func covering(_ occurrence: CourseOccurrence) -> RemoteDay? {
        occurrence.isCancelled ? nil : first { $0.covers(occurrence) }
    }
}

/// A remote day as staff type it, before any check.
public struct RemoteDayInput: Sendable, Hashable, Codable {
    /// The day, `YYYY-MM-DD`.
    public var day: String?
    /// The class or group; empty or `all`: the whole school.
    public var classID: String?
    /// What families read.
    public var note: String?

    /// Creates an input.
    public init(day: String? = nil, classID: String? = nil, note: String? = nil) {
        self.day = day
        self.classID = classID
        self.note = note
    }

    /// Limits on a remote day.
    public enum Limits {
        /// The note's length.
        public static let note = 300
        /// How far back a day may be declared (a term: after a bad morning, staff record it later).
        public static let past = 120
        /// How far ahead (a closure announced for the next weeks).
        public static let future = 60
    }

    /// Checks the input against the school's open classes and groups and `today`. Throws every problem at once.
    public func validated(id: RemoteDay.ID, schoolID: School.ID, classes: [SchoolClass], today: LocalDate) throws(ValidationError) -> RemoteDay {
        var issues: [FieldIssue] = []
        let dayText = TextRules.clean(day)
        var date: LocalDate?
        if dayText.isEmpty {
            issues.append(.init(field: "day", problem: .required))
        } else if let value = LocalDate(iso: dayText) {
            if value > today.adding(days: Limits.future) || value < today.adding(days: -Limits.past) {
                issues.append(.init(field: "day", problem: .dateOutOfRange))
            } else {
                date = value
            }
        } else {
            issues.append(.init(field: "day", problem: .invalidDate))
        }
        let classText = TextRules.clean(classID)
        var schoolClass: SchoolClass.ID?
        if !classText.isEmpty, classText != "all" {
            if let found = classes.first(where: { $0.id.rawValue == classText && $0.schoolID == schoolID }) {
                schoolClass = found.id
            } else {
                issues.append(.init(field: "classID", problem: .invalidChoice))
            }
        }
        let words = TextRules.clean(note, multiline: true)
        if words.count > Limits.note { issues.append(.init(field: "note", problem: .tooLong(max: Limits.note))) }
        guard issues.isEmpty, let date else { throw ValidationError(issues) }
        return RemoteDay(id: id, schoolID: schoolID, day: date, classID: schoolClass, note: words)
    }
}

/// The school's attendance settings.
public struct AttendanceSettings: Hashable, Sendable {
    /// Pupils of age (18 and over) justify their own absences, as their guardians do. Off unless staff turn it on.
    public var pupilsOfAgeJustify: Bool

    /// Creates settings.
    public init(pupilsOfAgeJustify: Bool = false) {
        self.pupilsOfAgeJustify = pupilsOfAgeJustify
    }

    /// The age of majority in France.
    public static let majority = 18

    /// Whether someone born on `birthDate` is of age on `day` (born on 29 February: of age on 1 March).
    public static func isOfAge(bornOn birthDate: LocalDate?, on day: LocalDate) -> Bool {
        guard let birthDate else { return false }
        let born = birthDate.components
        let now = day.components
        let years = now.year - born.year - ((now.month, now.day) < (born.month, born.day) ? 1 : 0)
        return years >= majority
    }

    /// Whether the pupil born on `birthDate` justifies their own absences on `day` under these settings.
    public func pupilMayJustify(bornOn birthDate: LocalDate?, on day: LocalDate) -> Bool {
        pupilsOfAgeJustify && Self.isOfAge(bornOn: birthDate, on: day)
    }
}
