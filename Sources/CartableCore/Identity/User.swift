/// A person with an account at one school.
public struct User: Hashable, Sendable, Codable {
    /// The user's identifier.
    public typealias ID = Identifier<User>

    /// The identifier.
    public var id: ID
    /// The school the account belongs to.
    public var schoolID: School.ID
    /// The sign-in name, unique across the platform (`prenom.nom`).
    public var login: String
    /// First name.
    public var firstName: String
    /// Last name.
    public var lastName: String
    /// Pupil, guardian, teacher or staff.
    public var role: Role
    /// A disabled account cannot sign in and its sessions stop working.
    public var isDisabled: Bool

    /// Creates a user.
    public init(
        id: ID, schoolID: School.ID, login: String, firstName: String, lastName: String, role: Role, isDisabled: Bool = false
    ) {
        self.id = id
        self.schoolID = schoolID
        self.login = login
        self.firstName = firstName
        self.lastName = lastName
        self.role = role
        self.isDisabled = isDisabled
    }

    /// "Prénom Nom".
    public var displayName: String { "\(firstName) \(lastName)" }
}
