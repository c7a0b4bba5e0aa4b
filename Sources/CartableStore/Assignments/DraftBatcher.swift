import CartableCore
import Foundation
import Synchronization

/// Applies the usual draft saves (a newer revision of a row that exists and is not handed in) many at
/// a time: the saves that arrive while one statement runs go together in the next, one
/// `UPDATE … FROM (VALUES …)` committed on its own (durably: `synchronous_commit` on PostgreSQL,
/// `synchronous = FULL` on SQLite).
///
/// At 9:00 thousands of pupils save every few seconds; one statement per save costs PostgreSQL a
/// round trip, a parse and a WAL flush each, and bounds the node at a fraction of what PostgreSQL can
/// write (BENCHMARKS.md, "Draft saves"). On SQLite, where every write goes through the one writer
/// connection, each save was a savepoint, a statement and a release, three hops to SQLite's thread
/// and back: at the peak of the surge the writer's queue, not the CPU, held drafts for half a second
/// (BENCHMARKS.md, "The 9:00 surge"). One statement at a time, so that two batches
/// never lock the same rows in different orders; a pupil's row appears at most once in a batch, later
/// saves of the same row wait for the next one.
///
/// A save the batch did not apply (stale revision, handed in, no row yet) comes back as `nil`, and so
/// does every save of a batch that failed: the caller then takes the one-save transactional path,
/// which decides and reports it exactly.
final class DraftBatcher: Sendable {
    struct Save: Sendable {
        var assignmentID: Assignment.ID
        var pupilID: User.ID
        var text: String
        var revision: Int64
        var savedAt: Date
    }

    private struct Waiting: Sendable {
        var save: Save
        var continuation: CheckedContinuation<SQLRow?, Never>
    }

    private struct State {
        var waiting: [Waiting] = []
        var isRunning = false
    }

    /// Saves per statement at most (5 parameters each).
    static let maximumBatch = 256

    private let database: any SQLDatabase
    private let dialect: SQLDialect
    private let state = Mutex(State())

    init(database: any SQLDatabase) {
        self.database = database
        self.dialect = database.dialect
    }

    /// Applies `save` with the others waiting; returns the updated row, or `nil` if it was not applied.
    func apply(_ save: Save) async -> SQLRow? {
        await withCheckedContinuation { continuation in
            let start = state.withLock { state in
                state.waiting.append(Waiting(save: save, continuation: continuation))
                if state.isRunning { return false }
                state.isRunning = true
                return true
            }
            if start { Task { await self.drain() } }
        }
    }

    /// Runs batches until nobody waits.
    private func drain() async {
        while true {
            let batch = state.withLock { state -> [Waiting] in
                let batch = Self.takeBatch(from: &state.waiting)
                if batch.isEmpty { state.isRunning = false }
                return batch
            }
            if batch.isEmpty { return }
            var rows: [String: SQLRow] = [:]
            if let result = try? await database.writeStatement(Self.statement(for: batch.map(\.save), dialect: dialect)) {
                for row in result {
                    if let assignmentID: String = try? row.decode("assignment_id"), let pupilID: String = try? row.decode("pupil_id") {
                        rows[Self.key(assignmentID, pupilID)] = row
                    }
                }
            }
            for waiting in batch {
                waiting.continuation.resume(returning: rows[Self.key(waiting.save.assignmentID.rawValue, waiting.save.pupilID.rawValue)])
            }
        }
    }

    private static func key(_ assignmentID: String, _ pupilID: String) -> String { assignmentID + "/" + pupilID }

    /// Takes, in arrival order, up to ``maximumBatch`` saves of distinct rows; the others stay, in order.
    private static func takeBatch(from waiting: inout [Waiting]) -> [Waiting] {
        guard !waiting.isEmpty else { return [] }
        var taken: [Waiting] = []
        var left: [Waiting] = []
        var keys = Set<String>()
        for item in waiting {
            if taken.count < maximumBatch, keys.insert(key(item.save.assignmentID.rawValue, item.save.pupilID.rawValue)).inserted {
                taken.append(item)
            } else {
                left.append(item)
            }
        }
        waiting = left
        return taken
    }

    /// One statement updating every row of `saves` whose stored revision is older and work not handed in,
    /// returning the updated rows. One text for both engines: the values keep their default names
    /// (`column1`…), so `RETURNING` names only the table's own columns, unqualified as SQLite requires.
    /// PostgreSQL needs its number parameters typed (`::bigint`); SQLite takes them as they are (a
    /// `CAST` there measured 4,000–4,400 saves/s against 4,500–6,900 without: BENCHMARKS.md, "Draft saves").
    static func statement(for saves: [Save], dialect: SQLDialect) -> SQLQuery {
        var query: SQLQuery = """
            UPDATE submissions AS s SET text = v.column3, revision = v.column4, saved_at = v.column5
            FROM (VALUES
            """
        for (index, save) in saves.enumerated() {
            if index > 0 { query.append(", ") }
            switch dialect {
            case .postgres:
                query.append("(\(save.assignmentID), \(save.pupilID), \(save.text), \(save.revision)::bigint, \(save.savedAt)::bigint)")
            case .sqlite:
                query.append("(\(save.assignmentID), \(save.pupilID), \(save.text), \(save.revision), \(save.savedAt))")
            }
        }
        query.append(
            """
            ) AS v
            WHERE s.assignment_id = v.column1 AND s.pupil_id = v.column2 AND s.revision < v.column4 AND s.handed_in_at IS NULL
            RETURNING id, school_id, assignment_id, pupil_id, text, revision, saved_at, hand_in_id, handed_in_at, is_late, feedback,
                mark, returned_at
            """)
        return query
    }
}
