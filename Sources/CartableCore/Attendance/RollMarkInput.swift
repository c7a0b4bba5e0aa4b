import Foundation

/// One tap of the roll as the page or the API sends it, before any check.
public struct RollMarkInput: Sendable, Hashable, Codable {
    /// The pupil's id.
    public var pupilID: String?
    /// `present`, `absent`, `late` or `left_early`.
    public var status: String?
    /// For late and left early: how many minutes.
    public var minutes: String?
    /// The teacher's remark, if any.
    public var remark: String?
    /// The page's count of taps on this line (1, 2, …).
    public var revision: String?

    /// Creates an input.
    public init(pupilID: String? = nil, status: String? = nil, minutes: String? = nil, remark: String? = nil, revision: String? = nil) {
        self.pupilID = pupilID
        self.status = status
        self.minutes = minutes
        self.remark = remark
        self.revision = revision
    }

    /// Limits on a tap.
    public enum Limits {
        /// Minutes late or left early: a course lasts at most a morning.
        public static let minutes = 1...240
        /// A remark's length.
        public static let remark = 200
        /// The highest revision a page may send (far above a day of taps; keeps the number in any column).
        public static let revision = 1...1_000_000
    }

    /// What a checked tap says.
    public struct Checked: Sendable, Hashable {
        /// The pupil, one of the roll's.
        public var pupilID: User.ID
        /// What happened.
        public var status: AttendanceMark.Status
        /// Minutes, for late and left early.
        public var minutes: Int?
        /// The remark, cleaned.
        public var remark: String
        /// The tap's revision.
        public var revision: Int

        /// Creates a checked tap.
        public init(pupilID: User.ID, status: AttendanceMark.Status, minutes: Int?, remark: String, revision: Int) {
            self.pupilID = pupilID
            self.status = status
            self.minutes = minutes
            self.remark = remark
            self.revision = revision
        }
    }

    /// Checks the tap against the pupils of the occurrence's class or group; throws every problem at once.
    /// A pupil who is not on the roll is the same as a pupil who does not exist: `invalidChoice`.
    public func validated(rollOf pupils: Set<User.ID>) throws(ValidationError) -> Checked {
        var issues: [FieldIssue] = []
        let pupil = Identifier<User>(validating: TextRules.clean(pupilID)).flatMap { pupils.contains($0) ? $0 : nil }
        if pupil == nil { issues.append(.init(field: "pupilId", problem: .invalidChoice)) }

        let statusText = TextRules.clean(status)
        let value = AttendanceMark.Status(rawValue: statusText)
        if statusText.isEmpty {
            issues.append(.init(field: "status", problem: .required))
        } else if value == nil {
            issues.append(.init(field: "status", problem: .invalidChoice))
        }

        var count: Int?
        if let value, value.hasMinutes {
            let text = TextRules.clean(minutes)
            if text.isEmpty {
                issues.append(.init(field: "minutes", problem: .required))
            } else if let number = Int(text), Limits.minutes.contains(number) {
                count = number
            } else {
                issues.append(.init(field: "minutes", problem: .notInRange(min: Limits.minutes.lowerBound, max: Limits.minutes.upperBound)))
            }
        }

        let note = TextRules.clean(remark)
        if note.count > Limits.remark { issues.append(.init(field: "remark", problem: .tooLong(max: Limits.remark))) }

        let revisionNumber = Int(TextRules.clean(revision))
        if revisionNumber.map({ !Limits.revision.contains($0) }) ?? true {
            issues.append(.init(field: "revision", problem: .notInRange(min: Limits.revision.lowerBound, max: Limits.revision.upperBound)))
        }

        guard issues.isEmpty, let pupil, let value, let revisionNumber else { throw ValidationError(issues) }
        return Checked(pupilID: pupil, status: value, minutes: count, remark: note, revision: revisionNumber)
    }
}

/// When a course occurrence's roll may be taken: from its start on its day until the end of that day (a teacher
/// corrects it the same day); staff (vie scolaire) may correct it later. Never before the course has started.
public enum RollWindow: Sendable, Hashable {
    /// The roll can be saved.
    case open
    /// The course has not started: the roll opens at this time on its day.
    case notYet(opensAt: TimeOfDay, on: LocalDate)
    /// The day is over: only staff may still correct it.
    case closed

    /// The window of `occurrence` at `now`, for a teacher (`byStaff: false`) or staff.
    public static func of(_ occurrence: CourseOccurrence, at now: Date, in zone: TimeZone, byStaff: Bool) -> RollWindow {
        let today = LocalDate(containing: now, in: zone)
        if occurrence.date > today || (occurrence.date == today && TimeOfDay.minute(of: now, in: zone) < occurrence.start.minutes) {
            return .notYet(opensAt: occurrence.start, on: occurrence.date)
        }
        if occurrence.date < today && !byStaff { return .closed }
        return .open
    }
}
