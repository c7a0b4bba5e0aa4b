import CartableCore
import Foundation
import Synchronization

/// A number per piece of content (a class's notebook and documents, a pupil's work) that grows with
/// every change, so that pages can be revalidated (`ETag`) without being rebuilt.
///
/// The numbers live in the database (`content_versions`), bumped in the same transaction as the
/// change; each node keeps them in memory: its own writes at once, the other nodes' within a
/// second (``ContentVersions/refresh(from:)``, polled by the web layer).
public final class ContentVersions: Sendable {
    /// The scope of a class's notebook, assignments and documents.
    public static func scope(of classID: SchoolClass.ID) -> String { "class:\(classID)" }
    /// The scope of a pupil's own work (submission states).
    public static func scope(ofPupil pupilID: User.ID) -> String { "pupil:\(pupilID)" }

    /// The scope of a person's message box: it moves when a message reaches them, is read, recalled or deleted.
    public static func scope(ofInbox userID: User.ID) -> String { "inbox:\(userID)" }

    /// The scope of a school's messaging rules and switch (the platform's switch moves every school's).
    public static func scope(ofMessagingIn schoolID: School.ID) -> String { "messaging:\(schoolID)" }

    private struct State {
        var versions: [String: Int64] = [:]
        var lastChange = Date.distantPast
    }

    private let state = Mutex(State())
    /// Who hears of a version that moved: the live streams (``observe(_:)``).
    private let observers = Mutex<[@Sendable (String, Int64, Int?) -> Void]>([])
    /// Who tells the other nodes of this node's writes (``publish(to:)``).
    private let publisher = Mutex<(@Sendable ([(String, Int64)], [String: Int]) -> Void)?>(nil)

    /// Calls `observer` with every scope whose version moves from now on (this node's writes, other nodes' through
    /// the change feed or the poll), with the count that goes with it when the write knew it (a message box's unread
    /// messages); never with a version that does not move.
    public func observe(_ observer: @escaping @Sendable (String, Int64, Int?) -> Void) {
        observers.withLock { $0.append(observer) }
    }

    /// Hands this node's committed bumps, with their counts, to `publisher` (which notifies the other nodes).
    public func publish(to publisher: @escaping @Sendable ([(String, Int64)], [String: Int]) -> Void) {
        self.publisher.withLock { $0 = publisher }
    }

    /// An empty board.
    public init() {}

    /// The version of `scope` (0 if it never changed).
    public func version(of scope: String) -> Int64 {
        state.withLock { $0.versions[scope] ?? 0 }
    }

    /// Records a version read from the database, returned by a write, or notified by another node (`changedAt`
    /// `distantPast` then, so that the poll's watermark stays the database's); `count` goes with it, if known.
    public func record(_ scope: String, version: Int64, changedAt: Date, count: Int? = nil) {
        let moved = state.withLock { state -> Bool in
            let before = state.versions[scope] ?? 0
            state.versions[scope] = max(before, version)
            state.lastChange = max(state.lastChange, changedAt)
            return version > before
        }
        guard moved else { return }
        for observer in observers.withLock({ $0 }) { observer(scope, version, count) }
    }

    /// Reads what changed in the database since the last change seen (with a margin for clocks and
    /// transactions committing late), and records it. Returns how many versions were read.
    @discardableResult
    public func refresh(from database: any SQLDatabase) async throws -> Int {
        let last = state.withLock { $0.lastChange }
        let since = last == .distantPast ? Date(timeIntervalSince1970: 0) : last.addingTimeInterval(-10)
        let rows = try await database.query("SELECT scope, version, changed_at FROM content_versions WHERE changed_at >= \(since)")
        for row in rows {
            record(try row.decode("scope"), version: try row.decode("version"), changedAt: try row.decode("changed_at"))
        }
        return rows.count
    }

    /// Bumps `scopes` inside a write transaction; call ``record(_:version:changedAt:)`` with the result after the commit.
    static func bump(_ scopes: Set<String>, schoolID: School.ID, at instant: Date, on connection: any SQLConnection) async throws
        -> [(String, Int64)]
    {
        var bumped: [(String, Int64)] = []
        for scope in scopes.sorted() {
            let rows = try await connection.query(
                """
                INSERT INTO content_versions (scope, school_id, version, changed_at) VALUES (\(scope), \(schoolID), 1, \(instant))
                ON CONFLICT (scope) DO UPDATE SET version = content_versions.version + 1, changed_at = excluded.changed_at
                RETURNING version
                """)
            bumped.append((scope, try rows.first?.decode("version") ?? 0))
        }
        return bumped
    }

    /// Bumps many scopes with a few multi-row statements (a message to a whole collège moves 600 message boxes).
    static func bumpMany(_ scopes: Set<String>, schoolID: School.ID, at instant: Date, on connection: any SQLConnection) async throws
        -> [(String, Int64)]
    {
        let sorted = scopes.sorted()
        var bumped: [(String, Int64)] = []
        for start in stride(from: 0, to: sorted.count, by: 400) {
            let chunk = sorted[start..<min(sorted.count, start + 400)]
            var query = SQLQuery(stringLiteral: "INSERT INTO content_versions (scope, school_id, version, changed_at) VALUES ")
            for (index, scope) in chunk.enumerated() {
                if index > 0 { query.append(", ") }
                query.append("(\(scope), \(schoolID), 1, \(instant))")
            }
            query.append(
                " ON CONFLICT (scope) DO UPDATE SET version = content_versions.version + 1, changed_at = excluded.changed_at RETURNING scope, version")
            for row in try await connection.query(query) {
                bumped.append((try row.decode("scope"), try row.decode("version")))
            }
        }
        return bumped
    }

    /// Records the result of ``bump(_:schoolID:at:on:)`` once the transaction committed.
    func recordBumped(_ bumped: [(String, Int64)], at instant: Date, counts: [String: Int] = [:]) {
        for (scope, version) in bumped { record(scope, version: version, changedAt: instant, count: counts[scope]) }
        if !bumped.isEmpty, let publisher = publisher.withLock({ $0 }) { publisher(bumped, counts) }
    }
}
