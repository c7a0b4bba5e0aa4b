/// What a person is to the school. It decides what the access policy lets them see and do.
public enum Role: String, Sendable, Codable, CaseIterable {
    /// A pupil (élève).
    case pupil
    /// A parent or legal guardian (responsable légal).
    case guardian
    /// A teacher (professeur).
    case teacher
    /// School staff: direction, vie scolaire, secretariat.
    case staff
}
