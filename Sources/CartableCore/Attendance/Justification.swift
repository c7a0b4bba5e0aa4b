import Foundation

/// A family's reason for a pupil's absences over some days, and what staff decided about it.
///
/// It covers every absence (and lateness) of the pupil on the days `from`…`to`: a family justifies "ill from
/// Monday to Wednesday" once, not course by course. The newest justification covering a day decides for that day,
/// so a refused one can be followed by a better one.
public struct Justification: Hashable, Sendable, Identifiable {
    /// Its identifier.
    public typealias ID = Identifier<Justification>

    /// Its identifier.
    public var id: ID
    /// Its school.
    public var schoolID: School.ID
    /// The pupil.
    public var pupilID: User.ID
    /// The first day it covers.
    public var from: LocalDate
    /// The last day it covers.
    public var to: LocalDate
    /// The reason, from the school's list.
    public var reasonID: AbsenceReason.ID
    /// The family's words.
    public var comment: String
    /// The proof sent with it, if any.
    public var proof: StoredFile?
    /// Where it stands.
    public var state: JustificationState
    /// Who sent it (a guardian, the pupil of age, or staff).
    public var submittedBy: User.ID
    /// When.
    public var submittedAt: Date
    /// Who decided, once decided.
    public var decidedBy: User.ID?
    /// When.
    public var decidedAt: Date?
    /// Staff's word to the family (why it was refused).
    public var decisionNote: String

    /// Creates a justification.
    public init(
        id: ID, schoolID: School.ID, pupilID: User.ID, from: LocalDate, to: LocalDate, reasonID: AbsenceReason.ID, comment: String = "",
        proof: StoredFile? = nil, state: JustificationState = .pending, submittedBy: User.ID, submittedAt: Date, decidedBy: User.ID? = nil,
        decidedAt: Date? = nil, decisionNote: String = ""
    ) {
        self.id = id
        self.schoolID = schoolID
        self.pupilID = pupilID
        self.from = from
        self.to = to
        self.reasonID = reasonID
        self.comment = comment
        self.proof = proof
        self.state = state
        self.submittedBy = submittedBy
        self.submittedAt = submittedAt
        self.decidedBy = decidedBy
        self.decidedAt = decidedAt
        self.decisionNote = decisionNote
    }

    /// Whether it covers `day`.
    public func covers(_ day: LocalDate) -> Bool { from <= day && day <= to }

    /// The justification that decides for `day` among `justifications` (one pupil's): the newest that covers it.
    public static func deciding(_ justifications: [Justification], on day: LocalDate) -> Justification? {
        justifications.filter { $0.covers(day) }.max { ($0.submittedAt, $0.id.rawValue) < ($1.submittedAt, $1.id.rawValue) }
    }
}

/// A justification as a family types it, before any check.
public struct JustificationInput: Sendable, Hashable, Codable {
    /// The reason's id.
    public var reasonID: String?
    /// The first day, `YYYY-MM-DD`.
    public var from: String?
    /// The last day, `YYYY-MM-DD` (empty: the first day only).
    public var to: String?
    /// The family's words.
    public var comment: String?

    /// Creates an input.
    public init(reasonID: String? = nil, from: String? = nil, to: String? = nil, comment: String? = nil) {
        self.reasonID = reasonID
        self.from = from
        self.to = to
        self.comment = comment
    }

    /// Limits on a justification.
    public enum Limits {
        /// The comment's length.
        public static let comment = 500
        /// The longest period one justification covers, in days (longer: the school office handles it).
        public static let days = 31
        /// How far back a family may still justify, in days.
        public static let past = 120
        /// How far ahead a family may announce an absence (a medical appointment), in days.
        public static let ahead = 30
    }

    /// What a checked justification says.
    public struct Checked: Sendable, Hashable {
        public var reason: AbsenceReason
        public var from: LocalDate
        public var to: LocalDate
        public var comment: String
    }

    /// Checks the input against the school's reasons and today; throws every problem at once. A reason that needs a
    /// proof needs `hasProof`.
    public func validated(reasons: [AbsenceReason], today: LocalDate, hasProof: Bool) throws(ValidationError) -> Checked {
        var issues: [FieldIssue] = []
        let reasonText = TextRules.clean(reasonID)
        let reason = reasons.first { $0.id.rawValue == reasonText }
        if reasonText.isEmpty {
            issues.append(.init(field: "reason", problem: .required))
        } else if reason == nil {
            issues.append(.init(field: "reason", problem: .invalidChoice))
        } else if let reason, reason.needsProof, !hasProof {
            issues.append(.init(field: "proof", problem: .proofNeeded))
        }

        func day(_ field: String, _ text: String?) -> LocalDate? {
            let clean = TextRules.clean(text)
            guard !clean.isEmpty else { return nil }
            guard let value = LocalDate(iso: clean) else {
                issues.append(.init(field: field, problem: .invalidDate))
                return nil
            }
            if value < today.adding(days: -Limits.past) || value > today.adding(days: Limits.ahead) {
                issues.append(.init(field: field, problem: .dateOutOfRange))
                return nil
            }
            return value
        }
        let first = day("from", from)
        if TextRules.clean(from).isEmpty { issues.append(.init(field: "from", problem: .required)) }
        let last = day("to", to) ?? (TextRules.clean(to).isEmpty ? first : nil)
        if let first, let last {
            if last < first {
                issues.append(.init(field: "to", problem: .endBeforeStart))
            } else if first.days(until: last) >= Limits.days {
                issues.append(.init(field: "to", problem: .notInRange(min: 1, max: Limits.days)))
            }
        }

        let words = TextRules.clean(comment, multiline: true)
        if words.count > Limits.comment { issues.append(.init(field: "comment", problem: .tooLong(max: Limits.comment))) }

        guard issues.isEmpty, let reason, let first, let last else { throw ValidationError(issues) }
        return Checked(reason: reason, from: first, to: last, comment: words)
    }
}

/// Staff's decision on a justification, as the form sends it.
public struct JustificationDecisionInput: Sendable, Hashable, Codable {
    /// `accepted` or `refused`.
    public var decision: String?
    /// A word for the family (why it is refused).
    public var note: String?

    /// Creates an input.
    public init(decision: String? = nil, note: String? = nil) {
        self.decision = decision
        self.note = note
    }

    /// The longest note.
    public static let noteLimit = 300

    /// The decision and its note, checked.
    public func validated() throws(ValidationError) -> (state: JustificationState, note: String) {
        var issues: [FieldIssue] = []
        let text = TextRules.clean(decision)
        let state = JustificationState(rawValue: text).flatMap { $0 == .accepted || $0 == .refused ? $0 : nil }
        if text.isEmpty {
            issues.append(.init(field: "decision", problem: .required))
        } else if state == nil {
            issues.append(.init(field: "decision", problem: .invalidChoice))
        }
        let words = TextRules.clean(note)
        if words.count > Self.noteLimit { issues.append(.init(field: "note", problem: .tooLong(max: Self.noteLimit))) }
        guard issues.isEmpty, let state else { throw ValidationError(issues) }
        return (state, words)
    }
}
