import CartableCore
import Foundation

/// ``IdentityStore`` on SQLite or PostgreSQL.
public struct SQLIdentityStore: IdentityStore {
    let database: any SQLDatabase

    /// Creates the store.
    public init(database: any SQLDatabase) {
        self.database = database
    }

    static let userColumns = "u.id, u.school_id, u.login, u.first_name, u.last_name, u.role, u.is_disabled"

    static func user(from row: SQLRow) throws -> User {
        let roleText: String = try row.decode("role")
        guard let role = Role(rawValue: roleText) else {
            throw SQLDecodingError(column: "role", expected: "a role", found: .text(roleText))
        }
        return User(
            id: try row.decode("id"), schoolID: try row.decode("school_id"), login: try row.decode("login"),
            firstName: try row.decode("first_name"), lastName: try row.decode("last_name"), role: role,
            isDisabled: try row.decode("is_disabled"))
    }

    public func credentials(forLogin login: String) async throws -> (user: User, passwordHash: String)? {
        let rows = try await database.query(
            "SELECT \(raw: Self.userColumns), u.password_hash FROM users u WHERE u.login = \(login.lowercased()) AND u.purged_at IS NULL")
        guard let row = rows.first else { return nil }
        return (try Self.user(from: row), try row.decode("password_hash"))
    }

    public func user(_ id: User.ID, in schoolID: School.ID) async throws -> User? {
        let rows = try await database.query(
            "SELECT \(raw: Self.userColumns) FROM users u WHERE u.id = \(id) AND u.school_id = \(schoolID)")
        return try rows.first.map(Self.user(from:))
    }

    public func viewer(for id: User.ID) async throws -> Viewer? {
        try await database.read { connection in
            let rows = try await connection.query(
                """
                SELECT \(raw: Self.userColumns), s.uai, s.name AS school_name, s.time_zone
                FROM users u JOIN schools s ON s.id = u.school_id WHERE u.id = \(id)
                """)
            guard let row = rows.first else { return nil }
            let user = try Self.user(from: row)
            let school = School(
                id: user.schoolID, uai: try row.decode("uai"), name: try row.decode("school_name"), timeZoneIdentifier: try row.decode("time_zone"))
            var viewer = Viewer(user: user, school: school)
            switch user.role {
            case .pupil:
                let classes = try await connection.query(
                    "SELECT class_id FROM enrolments WHERE pupil_id = \(id) AND school_id = \(user.schoolID)")
                viewer.classIDs = Set(try classes.map { try $0.decode("class_id") })
            case .guardian:
                let children = try await connection.query(
                    """
                    SELECT \(raw: Self.userColumns) FROM guardianships g JOIN users u ON u.id = g.pupil_id
                    WHERE g.guardian_id = \(id) AND g.school_id = \(user.schoolID) AND u.school_id = \(user.schoolID)
                    ORDER BY u.first_name, u.last_name, u.id
                    """)
                let pupils = try children.map(Self.user(from:))
                let enrolments = try await connection.query(
                    """
                    SELECT e.pupil_id, e.class_id FROM enrolments e JOIN guardianships g ON g.pupil_id = e.pupil_id
                    WHERE g.guardian_id = \(id) AND e.school_id = \(user.schoolID)
                    """)
                var classesByPupil: [User.ID: Set<SchoolClass.ID>] = [:]
                for row in enrolments {
                    classesByPupil[try row.decode("pupil_id"), default: []].insert(try row.decode("class_id"))
                }
                viewer.children = pupils.map { Viewer.Child(pupil: $0, classIDs: classesByPupil[$0.id] ?? []) }
            case .teacher:
                let teachings = try await connection.query(
                    "SELECT class_id, subject FROM teachings WHERE teacher_id = \(id) AND school_id = \(user.schoolID) ORDER BY subject")
                viewer.teachings = try teachings.map {
                    Teaching(teacherID: id, classID: try $0.decode("class_id"), subject: try $0.decode("subject"))
                }
            case .staff:
                break
            }
            return viewer
        }
    }

    public func createUser(_ user: User, passwordHash: String, at instant: Date) async throws {
        try await database.write { connection in
            try await connection.execute(
                """
                INSERT INTO users (id, school_id, login, first_name, last_name, role, password_hash, is_disabled, created_at, updated_at)
                VALUES (\(user.id), \(user.schoolID), \(user.login), \(user.firstName), \(user.lastName), \(user.role),
                        \(passwordHash), \(user.isDisabled), \(instant), \(instant))
                """)
        }
    }

    public func setPasswordHash(_ hash: String, for id: User.ID, in schoolID: School.ID, at instant: Date) async throws -> Bool {
        try await database.write { connection in
            let rows = try await connection.query(
                """
                UPDATE users SET password_hash = \(hash), updated_at = \(instant)
                WHERE id = \(id) AND school_id = \(schoolID) AND purged_at IS NULL RETURNING id
                """)
            return !rows.isEmpty
        }
    }

    public func setDisabled(_ isDisabled: Bool, for id: User.ID, in schoolID: School.ID, at instant: Date) async throws -> Bool {
        try await database.write { connection in
            // `disabled_at` keeps the first day of a long absence (disabling twice does not reset it);
            // a purged account stays disabled.
            let rows = try await connection.query(
                isDisabled
                    ? """
                    UPDATE users SET is_disabled = 1, disabled_at = COALESCE(disabled_at, \(instant)), updated_at = \(instant)
                    WHERE id = \(id) AND school_id = \(schoolID) RETURNING id
                    """
                    : """
                    UPDATE users SET is_disabled = 0, disabled_at = NULL, updated_at = \(instant)
                    WHERE id = \(id) AND school_id = \(schoolID) AND purged_at IS NULL RETURNING id
                    """)
            if !rows.isEmpty && isDisabled {
                try await connection.execute("DELETE FROM sessions WHERE user_id = \(id)")
            }
            return !rows.isEmpty
        }
    }

    public func users(in schoolID: School.ID, role: Role?, matching search: String?, limit: Int, offset: Int) async throws -> [User] {
        // A purged account is nobody's any more: it stays only as a stand-in for others' records.
        var query: SQLQuery = "SELECT \(raw: Self.userColumns) FROM users u WHERE u.school_id = \(schoolID) AND u.purged_at IS NULL"
        if let role { query.append(" AND u.role = \(role)") }
        if let search, !search.isEmpty {
            let pattern = "%" + Self.escapeLike(search.lowercased()) + "%"
            query.append(
                """
                 AND (lower(u.login) LIKE \(pattern) ESCAPE '\\' OR lower(u.first_name) LIKE \(pattern) ESCAPE '\\'
                 OR lower(u.last_name) LIKE \(pattern) ESCAPE '\\' OR lower(u.first_name || ' ' || u.last_name) LIKE \(pattern) ESCAPE '\\')
                """)
        }
        query.append(" ORDER BY u.last_name, u.first_name, u.id LIMIT \(limit) OFFSET \(offset)")
        return try await database.query(query).map(Self.user(from:))
    }

    static func escapeLike(_ text: String) -> String {
        var result = ""
        for character in text {
            if character == "%" || character == "_" || character == "\\" { result.append("\\") }
            result.append(character)
        }
        return result
    }
}
