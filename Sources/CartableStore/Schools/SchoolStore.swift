import CartableCore
import Foundation

/// Schools, their classes and groups, and who is in or teaches which.
public protocol SchoolStore: Sendable {
    /// Every school on the platform, by name.
    func schools() async throws -> [School]
    /// The school `id`.
    func school(_ id: School.ID) async throws -> School?
    /// The school with this UAI code.
    func school(uai: String) async throws -> School?
    /// Every class and group of `schoolID`, by level then name.
    func classes(in schoolID: School.ID) async throws -> [SchoolClass]
    /// The class `id` if it belongs to `schoolID`.
    func schoolClass(_ id: SchoolClass.ID, in schoolID: School.ID) async throws -> SchoolClass?
    /// The teachings of a class, with each teacher's name.
    func teachings(ofClass id: SchoolClass.ID, in schoolID: School.ID) async throws -> [(teaching: Teaching, teacherName: String)]
    /// Stores a whole roster in one transaction (a new school year, the demo school, a benchmark).
    func importRoster(_ roster: Roster, at instant: Date) async throws
    /// The pupils enrolled in a class or group, by last then first name.
    func pupils(ofClass id: SchoolClass.ID, in schoolID: School.ID) async throws -> [User]
    /// Which classes and groups of the school have pupils in common (for the timetable's clash checks).
    func sharedPupils(in schoolID: School.ID) async throws -> SharedPupils
}

/// Everything about a school's people and classes, to import at once.
public struct Roster: Sendable {
    /// A new account with its password hash.
    public struct Account: Sendable {
        /// The account.
        public var user: User
        /// Its bcrypt hash.
        public var passwordHash: String

        /// Creates an account.
        public init(user: User, passwordHash: String) {
            self.user = user
            self.passwordHash = passwordHash
        }
    }

    /// Schools to create.
    public var schools: [School] = []
    /// Classes and groups to create.
    public var classes: [SchoolClass] = []
    /// Accounts to create.
    public var accounts: [Account] = []
    /// (class, pupil) pairs.
    public var enrolments: [(classID: SchoolClass.ID, pupilID: User.ID)] = []
    /// (guardian, pupil) pairs.
    public var guardianships: [(guardianID: User.ID, pupilID: User.ID)] = []
    /// Who teaches what to whom.
    public var teachings: [Teaching] = []

    /// An empty roster.
    public init() {}
}
