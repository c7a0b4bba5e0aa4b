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
