import CartableCore
import Foundation

/// A real school's onboarding: what imports compare with, applying them, activation codes, the charter and the audit log.
public protocol OnboardingStore: Sendable {
    /// Everyone and every class of the school, disabled and closed ones included, for ``ImportPlan/make(records:snapshot:scope:schoolID:confirmed:identifiers:)``.
    func snapshot(of schoolID: School.ID) async throws -> SchoolSnapshot
    /// Applies `plan` in one transaction (all or nothing) and keeps it in the history. New accounts get the first free
    /// login `prenom.nom`, `prenom.nom2`, … across the platform. Refuses a plan with problems.
    func apply(_ plan: ImportPlan, to schoolID: School.ID, by authorID: User.ID?, files: [String], at instant: Date) async throws
        -> ImportRecord
    /// Past imports of the school, the last first.
    func imports(of schoolID: School.ID, limit: Int) async throws -> [ImportRecord]

    /// Replaces the activation code of each of `codes` (its hash), valid until `expiresAt`.
    func issueActivationCodes(_ codes: [(userID: User.ID, codeHash: String)], in schoolID: School.ID, by issuer: User.ID?, at instant: Date,
        expiresAt: Date) async throws
    /// The account with this login if it is waiting for activation (no password yet, enabled), with its code's hash and expiry.
    func pendingActivation(forLogin login: String) async throws -> PendingActivation?
    /// Sets the first password, records the charter's acceptance and spends the code, only if the code with this hash is
    /// still there (a code works once, even for two tries at the same moment). `false` if it was already spent.
    func activate(_ userID: User.ID, codeHash: String, passwordHash: String, at instant: Date) async throws -> Bool
    /// The school's accounts that were never activated (no password), optionally only those of some classes' pupils
    /// or of their guardians.
    func notActivated(in schoolID: School.ID, role: Role?, ofClass classID: SchoolClass.ID?) async throws -> [User]

    /// The school's charter, if staff wrote one.
    func charter(of schoolID: School.ID) async throws -> String?
    /// Sets the school's charter.
    func setCharter(_ text: String, of schoolID: School.ID, by userID: User.ID, at instant: Date) async throws

    /// Applies one change staff make to the school's structure, with its audit entry, in one transaction.
    /// `false` if what it changes is not (or no longer) there: another school's class, a pupil who left.
    func change(_ change: StructureChange, in schoolID: School.ID, audit entry: AuditEntry) async throws -> Bool

    /// Records a change to the school's structure.
    func audit(_ entry: AuditEntry) async throws
    /// The school's audit log, the last first.
    func auditLog(of schoolID: School.ID, limit: Int) async throws -> [AuditEntry]
}

/// An import kept in the school's history.
public struct ImportRecord: Sendable, Equatable {
    /// Its identifier.
    public var id: String
    /// The school.
    public var schoolID: School.ID
    /// Who applied it (nil from the command line).
    public var authorID: User.ID?
    /// When.
    public var createdAt: Date
    /// The files' names.
    public var files: [String]
    /// The school year the files said.
    public var schoolYear: String?
    /// What it changed.
    public var summary: ImportSummary

    /// Creates a record.
    public init(
        id: String, schoolID: School.ID, authorID: User.ID?, createdAt: Date, files: [String], schoolYear: String?, summary: ImportSummary
    ) {
        self.id = id
        self.schoolID = schoolID
        self.authorID = authorID
        self.createdAt = createdAt
        self.files = files
        self.schoolYear = schoolYear
        self.summary = summary
    }
}

/// An account waiting for its first sign-in.
public struct PendingActivation: Sendable {
    /// The account.
    public var user: User
    /// Its code's hash, nil if no code was issued.
    public var codeHash: String?
    /// When the code stops working.
    public var expiresAt: Date?
}

/// One change to a school's structure, for the audit log staff read.
public struct AuditEntry: Sendable, Equatable {
    /// Its identifier.
    public var id: String
    /// The school.
    public var schoolID: School.ID
    /// Who (nil for the command line).
    public var actorID: User.ID?
    /// Their name, when read back.
    public var actorName: String?
    /// When.
    public var at: Date
    /// What kind of change (`import`, `class.create`, `pupil.move`, …).
    public var action: String
    /// What it was done to, in words ("4e B", "Léa Martin").
    public var subject: String
    /// More, in words.
    public var detail: String

    /// Creates an entry.
    public init(
        id: String, schoolID: School.ID, actorID: User.ID?, actorName: String? = nil, at: Date, action: String, subject: String, detail: String
    ) {
        self.id = id
        self.schoolID = schoolID
        self.actorID = actorID
        self.actorName = actorName
        self.at = at
        self.action = action
        self.subject = subject
        self.detail = detail
    }
}

/// A change staff make by hand to the school's structure.
public enum StructureChange: Sendable, Equatable {
    /// A new class or group.
    case createClass(SchoolClass)
    /// A new name.
    case renameClass(SchoolClass.ID, name: String)
    /// Closed (its pupils stay enrolled for the record) or reopened.
    case setClassClosed(SchoolClass.ID, closed: Bool)
    /// A pupil changes division (the old one is left, the new one joined).
    case movePupil(User.ID, toDivision: SchoolClass.ID)
    /// A pupil joins or leaves a group.
    case setGroupMember(User.ID, group: SchoolClass.ID, member: Bool)
    /// A guardian is linked to a pupil, or unlinked.
    case setGuardianship(guardianID: User.ID, pupilID: User.ID, linked: Bool)
    /// A teaching is added or ends.
    case setTeaching(Teaching, active: Bool)
}

/// ``OnboardingStore`` on SQLite or PostgreSQL.
public struct SQLOnboardingStore: OnboardingStore {
    let database: any SQLDatabase
    let versions: ContentVersions

    /// Creates the store.
    public init(database: any SQLDatabase, versions: ContentVersions) {
        self.database = database
        self.versions = versions
    }

    public func snapshot(of schoolID: School.ID) async throws -> SchoolSnapshot {
        let people = try await database.query(
            """
            SELECT id, role, external_id, first_name, last_name, birth_date, login, is_disabled FROM users
            WHERE school_id = \(schoolID) AND purged_at IS NULL
            """
        ).map { row in
            SchoolSnapshot.Person(
                id: try row.decode("id"), role: Role(rawValue: try row.decode("role")) ?? .pupil, externalID: try row.decode("external_id"),
                firstName: try row.decode("first_name"), lastName: try row.decode("last_name"), birthDate: try row.decode("birth_date"),
                login: try row.decode("login"), isDisabled: try row.decode("is_disabled"))
        }
        let classes = try await database.query(
            "SELECT id, school_id, name, kind, level, code, closed_at FROM classes WHERE school_id = \(schoolID)"
        ).map { row in
            let closed: Date? = try row.decode("closed_at")
            return SchoolSnapshot.Structure(schoolClass: try SQLSchoolStore.schoolClass(from: row), code: try row.decode("code"), isClosed: closed != nil)
        }
        let enrolments = try await database.query("SELECT class_id, pupil_id FROM enrolments WHERE school_id = \(schoolID)").map {
            SchoolSnapshot.Enrolment(classID: try $0.decode("class_id"), pupilID: try $0.decode("pupil_id"))
        }
        let links = try await database.query("SELECT guardian_id, pupil_id FROM guardianships WHERE school_id = \(schoolID)").map {
            SchoolSnapshot.Link(guardianID: try $0.decode("guardian_id"), pupilID: try $0.decode("pupil_id"))
        }
        let teachings = try await database.query("SELECT teacher_id, class_id, subject FROM teachings WHERE school_id = \(schoolID)").map {
            Teaching(teacherID: try $0.decode("teacher_id"), classID: try $0.decode("class_id"), subject: try $0.decode("subject"))
        }
        return SchoolSnapshot(people: people, classes: classes, enrolments: enrolments, guardianships: links, teachings: teachings)
    }

    public func apply(_ plan: ImportPlan, to schoolID: School.ID, by authorID: User.ID?, files: [String], at instant: Date) async throws
        -> ImportRecord
    {
        guard plan.canApply else { throw StoreError.duplicate("the import has problems") }
        let record = ImportRecord(
            id: UUID().uuidString.lowercased(), schoolID: schoolID, authorID: authorID, createdAt: instant, files: files,
            schoolYear: plan.schoolYear, summary: plan.summary)
        let summaryJSON = String(decoding: try JSONEncoder().encode(plan.summary), as: UTF8.self)
        let bumped = try await database.write { connection in
            // Classes and groups.
            try await BatchInsert.run(
                on: connection, table: "classes", columns: ["id", "school_id", "name", "kind", "level", "code"], rows: plan.classesToAdd
            ) {
                [$0.schoolClass.id.sqlValue, schoolID.sqlValue, $0.schoolClass.name.sqlValue, $0.schoolClass.kind.sqlValue,
                    $0.schoolClass.level.sqlValue, $0.code.sqlValue]
            }
            for structure in plan.classesToReopen {
                try await connection.execute(
                    "UPDATE classes SET closed_at = NULL, code = \(structure.code ?? structure.schoolClass.name) WHERE id = \(structure.schoolClass.id) AND school_id = \(schoolID)")
            }
            for structure in plan.classesToClose {
                try await connection.execute("UPDATE classes SET closed_at = \(instant) WHERE id = \(structure.schoolClass.id) AND school_id = \(schoolID)")
            }
            // People who left first: their keys may be given to someone else (STS-web reuses ids).
            for person in plan.peopleToDeactivate {
                try await connection.execute(
                    """
                    UPDATE users SET is_disabled = 1, disabled_at = COALESCE(disabled_at, \(instant)), left_at = \(instant), updated_at = \(instant),
                    external_id = CASE WHEN role = 'teacher' THEN NULL ELSE external_id END
                    WHERE id = \(person.id) AND school_id = \(schoolID)
                    """)
                try await connection.execute("DELETE FROM sessions WHERE user_id = \(person.id)")
            }
            // Changed keys go through NULL so that two teachers swapping STS-web ids never collide.
            let rekeyed = plan.peopleToChange.filter { $0.before.externalID != $0.after.externalID }
            for change in rekeyed {
                try await connection.execute("UPDATE users SET external_id = NULL WHERE id = \(change.before.id) AND school_id = \(schoolID)")
            }
            for change in plan.peopleToChange {
                let after = change.after
                var update: SQLQuery = """
                    UPDATE users SET first_name = \(after.firstName), last_name = \(after.lastName), birth_date = \(after.birthDate),
                    external_id = \(after.externalID), updated_at = \(instant)
                    """
                if change.isComingBack { update.append(", is_disabled = 0, disabled_at = NULL, left_at = NULL") }
                update.append(" WHERE id = \(after.id) AND school_id = \(schoolID)")
                try await connection.execute(update)
            }
            let logins = try await Self.freeLogins(for: plan.peopleToAdd.map(\.loginBase), on: connection)
            try await BatchInsert.run(
                on: connection, table: "users",
                columns: [
                    "id", "school_id", "login", "first_name", "last_name", "role", "password_hash", "is_disabled", "created_at", "updated_at",
                    "external_id", "birth_date",
                ],
                rows: Array(zip(plan.peopleToAdd, logins))
            ) { person, login in
                [
                    person.id.sqlValue, schoolID.sqlValue, login.sqlValue, person.firstName.sqlValue, person.lastName.sqlValue,
                    person.role.sqlValue, "".sqlValue, false.sqlValue, instant.sqlValue, instant.sqlValue, person.externalID.sqlValue,
                    person.birthDate.sqlValue,
                ]
            }
            for enrolment in plan.enrolmentsToRemove {
                try await connection.execute("DELETE FROM enrolments WHERE class_id = \(enrolment.classID) AND pupil_id = \(enrolment.pupilID) AND school_id = \(schoolID)")
            }
            try await BatchInsert.run(
                on: connection, table: "enrolments", columns: ["school_id", "class_id", "pupil_id"], rows: plan.enrolmentsToAdd
            ) { [schoolID.sqlValue, $0.classID.sqlValue, $0.pupilID.sqlValue] }
            for link in plan.linksToRemove {
                try await connection.execute("DELETE FROM guardianships WHERE guardian_id = \(link.guardianID) AND pupil_id = \(link.pupilID) AND school_id = \(schoolID)")
            }
            try await BatchInsert.run(
                on: connection, table: "guardianships", columns: ["school_id", "guardian_id", "pupil_id"], rows: plan.linksToAdd
            ) { [schoolID.sqlValue, $0.guardianID.sqlValue, $0.pupilID.sqlValue] }
            for teaching in plan.teachingsToEnd {
                try await connection.execute(
                    "DELETE FROM teachings WHERE teacher_id = \(teaching.teacherID) AND class_id = \(teaching.classID) AND subject = \(teaching.subject) AND school_id = \(schoolID)")
            }
            try await BatchInsert.run(
                on: connection, table: "teachings", columns: ["school_id", "teacher_id", "class_id", "subject"], rows: plan.teachingsToAdd
            ) { [schoolID.sqlValue, $0.teacherID.sqlValue, $0.classID.sqlValue, $0.subject.sqlValue] }
            try await connection.execute(
                """
                INSERT INTO imports (id, school_id, author_id, created_at, files, school_year, summary)
                VALUES (\(record.id), \(schoolID), \(authorID), \(instant), \(files.joined(separator: "\n")), \(plan.schoolYear), \(summaryJSON))
                """)
            try await connection.execute(
                """
                INSERT INTO audit_log (id, school_id, actor_id, at, action, subject, detail)
                VALUES (\(UUID().uuidString.lowercased()), \(schoolID), \(authorID), \(instant), 'import', \(files.joined(separator: ", ")), \(summaryJSON))
                """)
            // Pages built from the classes and pupils that moved are stale.
            var scopes: Set<String> = []
            for enrolment in plan.enrolmentsToAdd + plan.enrolmentsToRemove {
                scopes.insert(ContentVersions.scope(of: enrolment.classID))
                scopes.insert(ContentVersions.scope(ofPupil: enrolment.pupilID))
            }
            for teaching in plan.teachingsToAdd + plan.teachingsToEnd { scopes.insert(ContentVersions.scope(of: teaching.classID)) }
            return try await ContentVersions.bumpMany(scopes, schoolID: schoolID, at: instant, on: connection)
        }
        versions.recordBumped(bumped, at: instant)
        return record
    }

    /// The first free login for each base, in order: `base`, then `base2`, `base3`…, never one already taken on the
    /// platform or given to an earlier person of the same import. Queries by exact value so that an index answers.
    static func freeLogins(for bases: [String], on connection: any SQLConnection) async throws -> [String] {
        guard !bases.isEmpty else { return [] }
        var taken: Set<String> = []
        func lookUp(_ candidates: [String]) async throws {
            for start in stride(from: 0, to: candidates.count, by: 500) {
                let chunk = candidates[start..<min(candidates.count, start + 500)].map(\.sqlValue)
                for row in try await connection.query("SELECT login FROM users WHERE login IN (\(list: chunk))") {
                    taken.insert(try row.decode("login"))
                }
            }
        }
        let distinct = Array(Set(bases))
        try await lookUp(distinct)
        // Where a base is taken (or repeats within the import), look at its numbered forms too.
        var counts: [String: Int] = [:]
        for base in bases { counts[base, default: 0] += 1 }
        var reach: [String: Int] = [:]
        var widen = distinct.filter { taken.contains($0) || counts[$0, default: 0] > 1 }
        while !widen.isEmpty {
            var candidates: [String] = []
            for base in widen {
                let from = reach[base, default: 1] + 1
                let to = from + 19 + counts[base, default: 0]
                reach[base] = to
                candidates += (from...to).map { "\(base)\($0)" }
            }
            try await lookUp(candidates)
            widen = widen.filter { base in
                let last = reach[base, default: 1]
                let free = (1...last).count { !taken.contains($0 == 1 ? base : "\(base)\($0)") }
                return free < counts[base, default: 0]
            }
        }
        var next: [String: Int] = [:]
        return bases.map { base in
            var number = next[base, default: 1]
            var login = number == 1 ? base : "\(base)\(number)"
            while taken.contains(login) {
                number += 1
                login = "\(base)\(number)"
            }
            taken.insert(login)
            next[base] = number + 1
            return login
        }
    }

    public func imports(of schoolID: School.ID, limit: Int) async throws -> [ImportRecord] {
        try await database.query(
            """
            SELECT id, school_id, author_id, created_at, files, school_year, summary FROM imports WHERE school_id = \(schoolID)
            ORDER BY created_at DESC, id LIMIT \(limit)
            """
        ).map { row in
            let files: String = try row.decode("files")
            let summary: String = try row.decode("summary")
            return ImportRecord(
                id: try row.decode("id"), schoolID: try row.decode("school_id"), authorID: try row.decode("author_id"),
                createdAt: try row.decode("created_at"), files: files.split(separator: "\n").map(String.init),
                schoolYear: try row.decode("school_year"),
                summary: (try? JSONDecoder().decode(ImportSummary.self, from: Data(summary.utf8))) ?? ImportSummary())
        }
    }

    public func issueActivationCodes(
        _ codes: [(userID: User.ID, codeHash: String)], in schoolID: School.ID, by issuer: User.ID?, at instant: Date, expiresAt: Date
    ) async throws {
        guard !codes.isEmpty else { return }
        try await database.write { connection in
            for start in stride(from: 0, to: codes.count, by: 400) {
                let chunk = codes[start..<min(codes.count, start + 400)].map { $0.userID.sqlValue }
                try await connection.execute("DELETE FROM activation_codes WHERE user_id IN (\(list: chunk)) AND school_id = \(schoolID)")
            }
            try await BatchInsert.run(
                on: connection, table: "activation_codes", columns: ["user_id", "school_id", "code_hash", "created_at", "expires_at", "issued_by"],
                rows: codes
            ) { [$0.userID.sqlValue, schoolID.sqlValue, $0.codeHash.sqlValue, instant.sqlValue, expiresAt.sqlValue, issuer.sqlValue] }
        }
    }

    public func pendingActivation(forLogin login: String) async throws -> PendingActivation? {
        let rows = try await database.query(
            """
            SELECT u.id, u.school_id, u.login, u.first_name, u.last_name, u.role, u.is_disabled, c.code_hash, c.expires_at
            FROM users u LEFT JOIN activation_codes c ON c.user_id = u.id
            WHERE u.login = \(login) AND u.password_hash = '' AND u.is_disabled = 0 AND u.purged_at IS NULL
            """)
        guard let row = rows.first else { return nil }
        let user = User(
            id: try row.decode("id"), schoolID: try row.decode("school_id"), login: try row.decode("login"),
            firstName: try row.decode("first_name"), lastName: try row.decode("last_name"),
            role: Role(rawValue: try row.decode("role")) ?? .pupil, isDisabled: try row.decode("is_disabled"))
        return PendingActivation(user: user, codeHash: try row.decode("code_hash"), expiresAt: try row.decode("expires_at"))
    }

    public func activate(_ userID: User.ID, codeHash: String, passwordHash: String, at instant: Date) async throws -> Bool {
        try await database.write { connection in
            let spent = try await connection.query(
                "DELETE FROM activation_codes WHERE user_id = \(userID) AND code_hash = \(codeHash) AND expires_at > \(instant) RETURNING user_id")
            guard !spent.isEmpty else { return false }
            try await connection.execute(
                """
                UPDATE users SET password_hash = \(passwordHash), charter_accepted_at = \(instant), updated_at = \(instant)
                WHERE id = \(userID) AND password_hash = ''
                """)
            return true
        }
    }

    public func notActivated(in schoolID: School.ID, role: Role?, ofClass classID: SchoolClass.ID?) async throws -> [User] {
        var query: SQLQuery = """
            SELECT DISTINCT u.id, u.school_id, u.login, u.first_name, u.last_name, u.role, u.is_disabled FROM users u
            """
        if let classID {
            query.append(
                """
                 LEFT JOIN guardianships g ON g.guardian_id = u.id
                 JOIN enrolments e ON e.pupil_id = u.id OR e.pupil_id = g.pupil_id
                 WHERE e.class_id = \(classID) AND
                """)
        } else {
            query.append(" WHERE")
        }
        query.append(" u.school_id = \(schoolID) AND u.password_hash = '' AND u.is_disabled = 0 AND u.purged_at IS NULL")
        if let role { query.append(" AND u.role = \(role.rawValue)") }
        query.append(" ORDER BY u.last_name, u.first_name, u.id")
        return try await database.query(query).map { row in
            User(
                id: try row.decode("id"), schoolID: try row.decode("school_id"), login: try row.decode("login"),
                firstName: try row.decode("first_name"), lastName: try row.decode("last_name"),
                role: Role(rawValue: try row.decode("role")) ?? .pupil, isDisabled: try row.decode("is_disabled"))
        }
    }

    public func charter(of schoolID: School.ID) async throws -> String? {
        try await database.query("SELECT body FROM school_charters WHERE school_id = \(schoolID)").first?.first()
    }

    public func setCharter(_ text: String, of schoolID: School.ID, by userID: User.ID, at instant: Date) async throws {
        try await database.write { connection in
            try await connection.execute("DELETE FROM school_charters WHERE school_id = \(schoolID)")
            try await connection.execute(
                "INSERT INTO school_charters (school_id, body, updated_at, updated_by) VALUES (\(schoolID), \(text), \(instant), \(userID))")
            try await connection.execute(
                """
                INSERT INTO audit_log (id, school_id, actor_id, at, action, subject, detail)
                VALUES (\(UUID().uuidString.lowercased()), \(schoolID), \(userID), \(instant), 'charter.update', '', '')
                """)
        }
    }

    public func change(_ change: StructureChange, in schoolID: School.ID, audit entry: AuditEntry) async throws -> Bool {
        let result = try await database.write { connection -> [(String, Int64)]? in
            func exists(_ query: SQLQuery) async throws -> Bool { try await !connection.query(query).isEmpty }
            func isClass(_ id: SchoolClass.ID, kind: SchoolClass.Kind? = nil) async throws -> Bool {
                var query: SQLQuery = "SELECT id FROM classes WHERE id = \(id) AND school_id = \(schoolID)"
                if let kind { query.append(" AND kind = \(kind.rawValue)") }
                return try await exists(query)
            }
            func isPerson(_ id: User.ID, _ role: Role) async throws -> Bool {
                try await exists("SELECT id FROM users WHERE id = \(id) AND school_id = \(schoolID) AND role = \(role.rawValue) AND is_disabled = 0")
            }
            var scopes: Set<String> = []
            switch change {
            case .createClass(let schoolClass):
                guard schoolClass.schoolID == schoolID else { return nil }
                if try await exists("SELECT id FROM classes WHERE school_id = \(schoolID) AND name = \(schoolClass.name)") {
                    throw StoreError.duplicate("class name")
                }
                try await connection.execute(
                    """
                    INSERT INTO classes (id, school_id, name, kind, level) VALUES
                    (\(schoolClass.id), \(schoolID), \(schoolClass.name), \(schoolClass.kind.rawValue), \(schoolClass.level))
                    """)
            case .renameClass(let id, let name):
                guard try await isClass(id) else { return nil }
                if try await exists("SELECT id FROM classes WHERE school_id = \(schoolID) AND name = \(name) AND id <> \(id)") {
                    throw StoreError.duplicate("class name")
                }
                try await connection.execute("UPDATE classes SET name = \(name) WHERE id = \(id) AND school_id = \(schoolID)")
                scopes.insert(ContentVersions.scope(of: id))
            case .setClassClosed(let id, let closed):
                guard try await isClass(id) else { return nil }
                let at: Date? = closed ? entry.at : nil
                try await connection.execute("UPDATE classes SET closed_at = \(at) WHERE id = \(id) AND school_id = \(schoolID)")
                scopes.insert(ContentVersions.scope(of: id))
            case .movePupil(let pupilID, let division):
                guard try await isPerson(pupilID, .pupil), try await isClass(division, kind: .division) else { return nil }
                let old = try await connection.query(
                    """
                    SELECT e.class_id FROM enrolments e JOIN classes c ON c.id = e.class_id
                    WHERE e.pupil_id = \(pupilID) AND e.school_id = \(schoolID) AND c.kind = 'division'
                    """)
                for row in old {
                    let classID: SchoolClass.ID = try row.decode("class_id")
                    scopes.insert(ContentVersions.scope(of: classID))
                    try await connection.execute("DELETE FROM enrolments WHERE class_id = \(classID) AND pupil_id = \(pupilID)")
                }
                try await connection.execute(
                    "INSERT INTO enrolments (school_id, class_id, pupil_id) VALUES (\(schoolID), \(division), \(pupilID))")
                scopes.insert(ContentVersions.scope(of: division))
                scopes.insert(ContentVersions.scope(ofPupil: pupilID))
            case .setGroupMember(let pupilID, let group, let member):
                guard try await isPerson(pupilID, .pupil), try await isClass(group, kind: .group) else { return nil }
                try await connection.execute("DELETE FROM enrolments WHERE class_id = \(group) AND pupil_id = \(pupilID)")
                if member {
                    try await connection.execute("INSERT INTO enrolments (school_id, class_id, pupil_id) VALUES (\(schoolID), \(group), \(pupilID))")
                }
                scopes.insert(ContentVersions.scope(of: group))
                scopes.insert(ContentVersions.scope(ofPupil: pupilID))
            case .setGuardianship(let guardianID, let pupilID, let linked):
                guard try await isPerson(guardianID, .guardian), try await isPerson(pupilID, .pupil) else { return nil }
                try await connection.execute("DELETE FROM guardianships WHERE guardian_id = \(guardianID) AND pupil_id = \(pupilID)")
                if linked {
                    try await connection.execute(
                        "INSERT INTO guardianships (school_id, guardian_id, pupil_id) VALUES (\(schoolID), \(guardianID), \(pupilID))")
                }
                scopes.insert(ContentVersions.scope(ofPupil: pupilID))
            case .setTeaching(let teaching, let active):
                guard try await isPerson(teaching.teacherID, .teacher), try await isClass(teaching.classID) else { return nil }
                try await connection.execute(
                    "DELETE FROM teachings WHERE teacher_id = \(teaching.teacherID) AND class_id = \(teaching.classID) AND subject = \(teaching.subject)")
                if active {
                    try await connection.execute(
                        """
                        INSERT INTO teachings (school_id, teacher_id, class_id, subject)
                        VALUES (\(schoolID), \(teaching.teacherID), \(teaching.classID), \(teaching.subject))
                        """)
                }
                scopes.insert(ContentVersions.scope(of: teaching.classID))
            }
            try await connection.execute(
                """
                INSERT INTO audit_log (id, school_id, actor_id, at, action, subject, detail)
                VALUES (\(entry.id), \(schoolID), \(entry.actorID), \(entry.at), \(entry.action), \(entry.subject), \(entry.detail))
                """)
            return try await ContentVersions.bumpMany(scopes, schoolID: schoolID, at: entry.at, on: connection)
        }
        guard let result else { return false }
        versions.recordBumped(result, at: entry.at)
        return true
    }

    public func audit(_ entry: AuditEntry) async throws {
        try await database.write { connection in
            try await connection.execute(
                """
                INSERT INTO audit_log (id, school_id, actor_id, at, action, subject, detail)
                VALUES (\(entry.id), \(entry.schoolID), \(entry.actorID), \(entry.at), \(entry.action), \(entry.subject), \(entry.detail))
                """)
        }
    }

    public func auditLog(of schoolID: School.ID, limit: Int) async throws -> [AuditEntry] {
        try await database.query(
            """
            SELECT a.id, a.school_id, a.actor_id, a.at, a.action, a.subject, a.detail, u.first_name, u.last_name
            FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id
            WHERE a.school_id = \(schoolID) ORDER BY a.at DESC, a.id LIMIT \(limit)
            """
        ).map { row in
            let first: String? = try row.decode("first_name")
            let last: String? = try row.decode("last_name")
            return AuditEntry(
                id: try row.decode("id"), schoolID: try row.decode("school_id"), actorID: try row.decode("actor_id"),
                actorName: first.map { "\($0) \(last ?? "")" }, at: try row.decode("at"), action: try row.decode("action"),
                subject: try row.decode("subject"), detail: try row.decode("detail"))
        }
    }
}
