/// The signed-in person and the facts about them the access policy needs.
///
/// Loaded once per session (and cached), so that the policy can decide without any I/O.
public struct Viewer: Sendable, Hashable {
    /// A guardian's child, with the classes the child is enrolled in.
    public struct Child: Sendable, Hashable {
        /// The pupil.
        public var pupil: User
        /// The pupil's classes and groups.
        public var classIDs: Set<SchoolClass.ID>

        /// Creates a child.
        public init(pupil: User, classIDs: Set<SchoolClass.ID>) {
            self.pupil = pupil
            self.classIDs = classIDs
        }
    }

    /// The account.
    public var user: User
    /// The account's school.
    public var school: School
    /// For a pupil: the classes and groups they are enrolled in. Empty otherwise.
    public var classIDs: Set<SchoolClass.ID>
    /// For a guardian: their children, in a stable order. Empty otherwise.
    public var children: [Child]
    /// For a teacher: what they teach, to whom. Empty otherwise.
    public var teachings: [Teaching]

    /// Creates a viewer.
    public init(user: User, school: School, classIDs: Set<SchoolClass.ID> = [], children: [Child] = [], teachings: [Teaching] = []) {
        self.user = user
        self.school = school
        self.classIDs = classIDs
        self.children = children
        self.teachings = teachings
    }

    /// The school every read and write of this viewer is scoped to.
    public var schoolID: School.ID { user.schoolID }
    /// The viewer's role.
    public var role: Role { user.role }
    /// The classes and groups a teacher teaches.
    public var taughtClassIDs: Set<SchoolClass.ID> { Set(teachings.map(\.classID)) }
}
