/// A class (a division such as "4e B") or a group (such as "Espagnol LV2, 4e") that pupils are enrolled in.
///
/// Notebook entries are written for a class or a group; both are the same thing for the notebook.
public struct SchoolClass: Hashable, Sendable, Codable {
    /// The class's identifier.
    public typealias ID = Identifier<SchoolClass>

    /// Whether this is a pupil's home division or a group that gathers pupils across divisions.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// A division: each pupil belongs to exactly one.
        case division
        /// A teaching group (languages, options), across divisions.
        case group
    }

    /// The identifier.
    public var id: ID
    /// The school it belongs to.
    public var schoolID: School.ID
    /// The name shown to people ("4e B").
    public var name: String
    /// Division or group.
    public var kind: Kind
    /// The year level ("6e", "5e", "4e", "3e"), used to sort classes.
    public var level: String

    /// Creates a class.
    public init(id: ID, schoolID: School.ID, name: String, kind: Kind, level: String) {
        self.id = id
        self.schoolID = schoolID
        self.name = name
        self.kind = kind
        self.level = level
    }
}
