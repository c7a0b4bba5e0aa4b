/// A reason an absence is justified with, from the school's own list (kept by its vie scolaire).
public struct AbsenceReason: Hashable, Sendable, Identifiable {
    /// Its identifier.
    public typealias ID = Identifier<AbsenceReason>

    /// Its identifier.
    public var id: ID
    /// Its school.
    public var schoolID: School.ID
    /// What families choose ("Maladie", "Rendez-vous médical").
    public var label: String
    /// Whether an absence with this reason still counts as an absence (a school trip does not).
    public var countsAsAbsence: Bool
    /// Whether the family must add a proof (a medical certificate).
    public var needsProof: Bool

    /// Creates a reason.
    public init(id: ID, schoolID: School.ID, label: String, countsAsAbsence: Bool = true, needsProof: Bool = false) {
        self.id = id
        self.schoolID = schoolID
        self.label = label
        self.countsAsAbsence = countsAsAbsence
        self.needsProof = needsProof
    }
}

/// Where a justification stands.
public enum JustificationState: String, Hashable, Sendable, Codable, CaseIterable {
    /// Nobody justified the absence.
    case none
    /// A family sent a reason; staff have not decided.
    case pending
    /// Staff accepted it: the absence is justified.
    case accepted
    /// Staff refused it: the absence stays unjustified.
    case refused
}

/// A reason as staff type it in the school's list, before any check.
public struct AbsenceReasonInput: Sendable, Hashable, Codable {
    /// What families choose.
    public var label: String?
    /// "on" if an absence with this reason counts as an absence.
    public var countsAsAbsence: String?
    /// "on" if families must add a proof.
    public var needsProof: String?

    /// Creates an input.
    public init(label: String? = nil, countsAsAbsence: String? = nil, needsProof: String? = nil) {
        self.label = label
        self.countsAsAbsence = countsAsAbsence
        self.needsProof = needsProof
    }

    /// The longest label.
    public static let labelLimit = 60

    /// The reason `id` of `schoolID` this input describes; throws every problem at once.
    public func validated(id: AbsenceReason.ID, schoolID: School.ID) throws(ValidationError) -> AbsenceReason {
        let text = TextRules.clean(label)
        if text.isEmpty { throw ValidationError([FieldIssue(field: "label", problem: .required)]) }
        if text.count > Self.labelLimit { throw ValidationError([FieldIssue(field: "label", problem: .tooLong(max: Self.labelLimit))]) }
        let yes = ["on", "true", "1", "yes"]
        return AbsenceReason(
            id: id, schoolID: schoolID, label: text, countsAsAbsence: yes.contains(TextRules.clean(countsAsAbsence).lowercased()),
            needsProof: yes.contains(TextRules.clean(needsProof).lowercased()))
    }
}
