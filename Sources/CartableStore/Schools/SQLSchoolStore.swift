import CartableCore
import Foundation

/// ``SchoolStore`` on SQLite or PostgreSQL.
public struct SQLSchoolStore: SchoolStore {
    let database: any SQLDatabase

    /// Creates the store.
    public init(database: any SQLDatabase) {
        self.database = database
    }

    static func school(from row: SQLRow) throws -> School {
        School(id: try row.decode("id"), uai: try row.decode("uai"), name: try row.decode("name"), timeZoneIdentifier: try row.decode("time_zone"))
    }

    static func schoolClass(from row: SQLRow) throws -> SchoolClass {
        let kindText: String = try row.decode("kind")
        return SchoolClass(
            id: try row.decode("id"), schoolID: try row.decode("school_id"), name: try row.decode("name"),
            kind: SchoolClass.Kind(rawValue: kindText) ?? .division, level: try row.decode("level"))
    }

    public func schools() async throws -> [School] {
        try await database.query("SELECT id, uai, name, time_zone FROM schools ORDER BY name, id").map(Self.school(from:))
    }

    public func school(_ id: School.ID) async throws -> School? {
        try await database.query("SELECT id, uai, name, time_zone FROM schools WHERE id = \(id)").first.map(Self.school(from:))
    }

    public func school(uai: String) async throws -> School? {
        try await database.query("SELECT id, uai, name, time_zone FROM schools WHERE uai = \(uai)").first.map(Self.school(from:))
    }

    public func classes(in schoolID: School.ID) async throws -> [SchoolClass] {
        try await database.query(
            "SELECT id, school_id, name, kind, level FROM classes WHERE school_id = \(schoolID) AND closed_at IS NULL ORDER BY level DESC, kind, name, id"
        ).map(Self.schoolClass(from:))
    }

    public func schoolClass(_ id: SchoolClass.ID, in schoolID: School.ID) async throws -> SchoolClass? {
        try await database.query(
            "SELECT id, school_id, name, kind, level FROM classes WHERE id = \(id) AND school_id = \(schoolID)"
        ).first.map(Self.schoolClass(from:))
    }

    public func teachings(ofClass id: SchoolClass.ID, in schoolID: School.ID) async throws -> [(teaching: Teaching, teacherName: String)] {
        let rows = try await database.query(
            """
            SELECT t.teacher_id, t.class_id, t.subject, u.first_name, u.last_name FROM teachings t JOIN users u ON u.id = t.teacher_id
            WHERE t.class_id = \(id) AND t.school_id = \(schoolID) ORDER BY t.subject, u.last_name
            """)
        return try rows.map { row in
            let first: String = try row.decode("first_name")
            let last: String = try row.decode("last_name")
            return (
                Teaching(teacherID: try row.decode("teacher_id"), classID: try row.decode("class_id"), subject: try row.decode("subject")),
                "\(first) \(last)"
            )
        }
    }

    public func importRoster(_ roster: Roster, at instant: Date) async throws {
        let schoolOfUser = Dictionary(roster.accounts.map { ($0.user.id, $0.user.schoolID) }, uniquingKeysWith: { first, _ in first })
        let schoolOfClass = Dictionary(roster.classes.map { ($0.id, $0.schoolID) }, uniquingKeysWith: { first, _ in first })
        try await database.write { connection in
            try await BatchInsert.run(
                on: connection, table: "schools", columns: ["id", "uai", "name", "time_zone", "created_at"], rows: roster.schools
            ) { [$0.id.sqlValue, $0.uai.sqlValue, $0.name.sqlValue, $0.timeZoneIdentifier.sqlValue, instant.sqlValue] }
            try await BatchInsert.run(
                on: connection, table: "classes", columns: ["id", "school_id", "name", "kind", "level"], rows: roster.classes
            ) { [$0.id.sqlValue, $0.schoolID.sqlValue, $0.name.sqlValue, $0.kind.sqlValue, $0.level.sqlValue] }
            try await BatchInsert.run(
                on: connection, table: "users",
                columns: [
                    "id", "school_id", "login", "first_name", "last_name", "role", "password_hash", "is_disabled", "created_at", "updated_at",
                ],
                rows: roster.accounts
            ) {
                [
                    $0.user.id.sqlValue, $0.user.schoolID.sqlValue, $0.user.login.sqlValue, $0.user.firstName.sqlValue,
                    $0.user.lastName.sqlValue, $0.user.role.sqlValue, $0.passwordHash.sqlValue, $0.user.isDisabled.sqlValue,
                    instant.sqlValue, instant.sqlValue,
                ]
            }
            try await BatchInsert.run(
                on: connection, table: "enrolments", columns: ["school_id", "class_id", "pupil_id"], rows: roster.enrolments
            ) { [(schoolOfClass[$0.classID] ?? schoolOfUser[$0.pupilID]).sqlValue, $0.classID.sqlValue, $0.pupilID.sqlValue] }
            try await BatchInsert.run(
                on: connection, table: "guardianships", columns: ["school_id", "guardian_id", "pupil_id"], rows: roster.guardianships
            ) { [schoolOfUser[$0.pupilID].sqlValue, $0.guardianID.sqlValue, $0.pupilID.sqlValue] }
            try await BatchInsert.run(
                on: connection, table: "teachings", columns: ["school_id", "teacher_id", "class_id", "subject"], rows: roster.teachings
            ) { [schoolOfClass[$0.classID].sqlValue, $0.teacherID.sqlValue, $0.classID.sqlValue, $0.subject.sqlValue] }
        }
    }

    public func pupils(ofClass id: SchoolClass.ID, in schoolID: School.ID) async throws -> [User] {
        try await database.query(
            """
            SELECT \(raw: SQLIdentityStore.userColumns) FROM enrolments e JOIN users u ON u.id = e.pupil_id
            WHERE e.class_id = \(id) AND e.school_id = \(schoolID) ORDER BY u.last_name, u.first_name, u.id
            """
        ).map(SQLIdentityStore.user(from:))
    }

    public func sharedPupils(in schoolID: School.ID) async throws -> SharedPupils {
        let rows = try await database.query(
            """
            SELECT DISTINCT a.class_id AS class_a, b.class_id AS class_b FROM enrolments a
            JOIN enrolments b ON b.pupil_id = a.pupil_id AND b.class_id > a.class_id
            WHERE a.school_id = \(schoolID) AND b.school_id = \(schoolID)
            """)
        return SharedPupils(try rows.map { (try $0.decode("class_a"), try $0.decode("class_b")) })
    }
}
