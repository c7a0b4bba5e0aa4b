import CartableCore
import Foundation

/// Who acknowledged an announcement, for whom, when.
public struct Acknowledgement: Hashable, Sendable {
    public var userID: User.ID
    public var pupilID: User.ID
    public var at: Date

    public init(userID: User.ID, pupilID: User.ID, at: Date) {
        self.userID = userID
        self.pupilID = pupilID
        self.at = at
    }
}

/// Announcements, their acknowledgements, and urgent banners.
///
/// Publishing moves the school's announcement scope (whole school) or each class's (``ContentVersions``); an
/// acknowledgement moves the pupil's; a banner moves its school's banner scope (every school's, for the platform's).
public protocol AnnouncementStore: Sendable {
    func addAnnouncement(_ announcement: Announcement) async throws
    func announcement(_ id: Announcement.ID, in schoolID: School.ID) async throws -> Announcement?
    /// The school's announcements shown at `now` to readers of `classIDs` (the whole school's too), newest first.
    func visibleAnnouncements(in schoolID: School.ID, forClasses classIDs: Set<SchoolClass.ID>, at now: Date) async throws -> [Announcement]
    /// The school's announcements shown at `now`, and those of `authorID`, newest first (staff and authors).
    func announcements(in schoolID: School.ID, by authorID: User.ID?, at now: Date, limit: Int) async throws -> [Announcement]
    /// Records "j'ai lu"; `false` if it was already said.
    func acknowledge(_ id: Announcement.ID, by userID: User.ID, for pupilID: User.ID, in schoolID: School.ID, at instant: Date) async throws -> Bool
    func acknowledgements(of id: Announcement.ID, in schoolID: School.ID) async throws -> [Acknowledgement]
    /// The acknowledgements `userID` gave among `ids`, as (announcement, pupil) pairs.
    func acknowledged(_ ids: [Announcement.ID], by userIDs: Set<User.ID>, in schoolID: School.ID) async throws -> Set<String>

    func addBanner(_ banner: Banner) async throws
    /// Ends a banner now; `false` if the school has none such (a platform banner is the operator's).
    func endBanner(_ id: Banner.ID, in schoolID: School.ID?, at instant: Date) async throws -> Bool
    /// Banners shown at `now` or later for `schoolID` (its own and the platform's).
    func currentBanners(for schoolID: School.ID, at now: Date) async throws -> [Banner]
}

/// ``AnnouncementStore`` on SQLite or PostgreSQL.
public struct SQLAnnouncementStore: AnnouncementStore {
    let database: any SQLDatabase
    let versions: ContentVersions

    public init(database: any SQLDatabase, versions: ContentVersions) {
        self.database = database
        self.versions = versions
    }

    /// The scope of a school's whole-school announcements.
    public static func scope(ofSchoolAnnouncements schoolID: School.ID) -> String { "announce:\(schoolID)" }
    /// The scope of a class's announcements.
    public static func scope(ofClassAnnouncements classID: SchoolClass.ID) -> String { "announce-class:\(classID)" }
    /// The scope of a school's banners.
    public static func scope(ofBanners schoolID: School.ID) -> String { "banner:\(schoolID)" }

    public func addAnnouncement(_ a: Announcement) async throws {
        let bumped = try await database.write { connection in
            try await connection.execute(
                """
                INSERT INTO announcements (id, school_id, author_id, title, body, audience, visible_from, visible_until, needs_ack, created_at)
                VALUES (\(a.id), \(a.schoolID), \(a.authorID), \(a.title), \(a.body), \(a.audience.rawValue), \(a.visibleFrom), \(a.visibleUntil),
                        \(a.needsAck), \(a.createdAt))
                """)
            try await BatchInsert.run(on: connection, table: "announcement_classes", columns: ["announcement_id", "class_id"], rows: a.classIDs.sorted()) {
                [a.id.sqlValue, $0.sqlValue]
            }
            let scopes: Set<String> =
                a.classIDs.isEmpty ? [Self.scope(ofSchoolAnnouncements: a.schoolID)] : Set(a.classIDs.map { Self.scope(ofClassAnnouncements: $0) })
            return try await ContentVersions.bump(scopes, schoolID: a.schoolID, at: a.createdAt, on: connection)
        }
        versions.recordBumped(bumped, at: a.createdAt)
    }

    static let columns = "a.id, a.school_id, a.author_id, a.title, a.body, a.audience, a.visible_from, a.visible_until, a.needs_ack, a.created_at"

    static func withClasses(_ rows: [SQLRow], on connection: any SQLConnection) async throws -> [Announcement] {
        guard !rows.isEmpty else { return [] }
        let ids: [Announcement.ID] = try rows.map { try $0.decode("id") }
        var classes: [Announcement.ID: Set<SchoolClass.ID>] = [:]
        for row in try await connection.query("SELECT announcement_id, class_id FROM announcement_classes WHERE announcement_id IN (\(list: ids))") {
            classes[try row.decode("announcement_id"), default: []].insert(try row.decode("class_id"))
        }
        return try rows.map { row in
            let id: Announcement.ID = try row.decode("id")
            return Announcement(
                id: id, schoolID: try row.decode("school_id"), authorID: try row.decode("author_id"), title: try row.decode("title"),
                body: try row.decode("body"), audience: AnnouncementAudience(rawValue: try row.decode("audience")), classIDs: classes[id] ?? [],
                visibleFrom: try row.decode("visible_from"), visibleUntil: try row.decode("visible_until"), needsAck: try row.decode("needs_ack"),
                createdAt: try row.decode("created_at"))
        }
    }

    public func announcement(_ id: Announcement.ID, in schoolID: School.ID) async throws -> Announcement? {
        try await database.read { connection in
            let rows = try await connection.query("SELECT \(raw: Self.columns) FROM announcements a WHERE a.id = \(id) AND a.school_id = \(schoolID)")
            return try await Self.withClasses(rows, on: connection).first
        }
    }

    public func visibleAnnouncements(in schoolID: School.ID, forClasses classIDs: Set<SchoolClass.ID>, at now: Date) async throws -> [Announcement] {
        try await database.read { connection in
            var query: SQLQuery = """
                SELECT \(raw: Self.columns) FROM announcements a
                WHERE a.school_id = \(schoolID) AND a.visible_from <= \(now) AND a.visible_until > \(now)
                  AND (NOT EXISTS (SELECT 1 FROM announcement_classes c WHERE c.announcement_id = a.id)
                """
            if !classIDs.isEmpty {
                query.append(" OR EXISTS (SELECT 1 FROM announcement_classes c WHERE c.announcement_id = a.id AND c.class_id IN (\(list: classIDs.sorted())))")
            }
            query.append(") ORDER BY a.created_at DESC, a.id LIMIT 50")
            return try await Self.withClasses(try await connection.query(query), on: connection)
        }
    }

    public func announcements(in schoolID: School.ID, by authorID: User.ID?, at now: Date, limit: Int) async throws -> [Announcement] {
        try await database.read { connection in
            var query: SQLQuery = "SELECT \(raw: Self.columns) FROM announcements a WHERE a.school_id = \(schoolID) AND a.visible_until > \(now)"
            if let authorID { query.append(" AND a.author_id = \(authorID)") }
            query.append(" ORDER BY a.created_at DESC, a.id LIMIT \(limit)")
            return try await Self.withClasses(try await connection.query(query), on: connection)
        }
    }

    public func acknowledge(_ id: Announcement.ID, by userID: User.ID, for pupilID: User.ID, in schoolID: School.ID, at instant: Date) async throws
        -> Bool
    {
        let result = try await database.write { connection -> [(String, Int64)]? in
            let inserted = try await connection.query(
                """
                INSERT INTO announcement_acks (announcement_id, school_id, user_id, pupil_id, at) VALUES (\(id), \(schoolID), \(userID), \(pupilID), \(instant))
                ON CONFLICT (announcement_id, user_id, pupil_id) DO NOTHING RETURNING pupil_id
                """)
            guard !inserted.isEmpty else { return nil }
            return try await ContentVersions.bump([ContentVersions.scope(ofPupil: pupilID)], schoolID: schoolID, at: instant, on: connection)
        }
        guard let result else { return false }
        versions.recordBumped(result, at: instant)
        return true
    }

    public func acknowledgements(of id: Announcement.ID, in schoolID: School.ID) async throws -> [Acknowledgement] {
        try await database.query(
            "SELECT user_id, pupil_id, at FROM announcement_acks WHERE announcement_id = \(id) AND school_id = \(schoolID) ORDER BY at, user_id"
        ).map { Acknowledgement(userID: try $0.decode("user_id"), pupilID: try $0.decode("pupil_id"), at: try $0.decode("at")) }
    }

    public func acknowledged(_ ids: [Announcement.ID], by userIDs: Set<User.ID>, in schoolID: School.ID) async throws -> Set<String> {
        guard !ids.isEmpty, !userIDs.isEmpty else { return [] }
        return Set(
            try await database.query(
                """
                SELECT announcement_id, pupil_id FROM announcement_acks
                WHERE school_id = \(schoolID) AND announcement_id IN (\(list: ids)) AND user_id IN (\(list: userIDs.sorted()))
                """
            ).map { "\(try $0.decode("announcement_id", as: String.self)) \(try $0.decode("pupil_id", as: String.self))" })
    }

    public func addBanner(_ banner: Banner) async throws {
        let bumped = try await database.write { connection -> [(String, Int64)] in
            try await connection.execute(
                """
                INSERT INTO banners (id, school_id, text, starts_at, ends_at, created_by)
                VALUES (\(banner.id), \(banner.schoolID), \(banner.text), \(banner.startsAt), \(banner.endsAt), \(banner.createdBy))
                """)
            return try await Self.bumpBanners(of: banner.schoolID, at: banner.startsAt, on: connection)
        }
        versions.recordBumped(bumped, at: banner.startsAt)
    }

    static func bumpBanners(of schoolID: School.ID?, at instant: Date, on connection: any SQLConnection) async throws -> [(String, Int64)] {
        if let schoolID { return try await ContentVersions.bump([scope(ofBanners: schoolID)], schoolID: schoolID, at: instant, on: connection) }
        var bumped: [(String, Int64)] = []
        for row in try await connection.query("SELECT id FROM schools") {
            let school: School.ID = try row.decode("id")
            bumped += try await ContentVersions.bump([scope(ofBanners: school)], schoolID: school, at: instant, on: connection)
        }
        return bumped
    }

    public func endBanner(_ id: Banner.ID, in schoolID: School.ID?, at instant: Date) async throws -> Bool {
        let bumped = try await database.write { connection -> [(String, Int64)]? in
            var query: SQLQuery = "UPDATE banners SET ends_at = \(instant) WHERE id = \(id) AND ends_at > \(instant)"
            if let schoolID { query.append(" AND school_id = \(schoolID)") } else { query.append(" AND school_id IS NULL") }
            query.append(" RETURNING id")
            guard !(try await connection.query(query)).isEmpty else { return nil }
            return try await Self.bumpBanners(of: schoolID, at: instant, on: connection)
        }
        guard let bumped else { return false }
        versions.recordBumped(bumped, at: instant)
        return true
    }

    public func currentBanners(for schoolID: School.ID, at now: Date) async throws -> [Banner] {
        try await database.query(
            """
            SELECT id, school_id, text, starts_at, ends_at, created_by FROM banners
            WHERE (school_id = \(schoolID) OR school_id IS NULL) AND ends_at > \(now) ORDER BY starts_at, id LIMIT 10
            """
        ).map { row in
            Banner(
                id: try row.decode("id"), schoolID: try row.decode("school_id"), text: try row.decode("text"), startsAt: try row.decode("starts_at"),
                endsAt: try row.decode("ends_at"), createdBy: try row.decode("created_by"))
        }
    }
}
