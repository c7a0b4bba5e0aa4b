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

    /// What a waiting save is told: its row (or `nil`), or that it now runs the batches.
    private enum Turn: Sendable {
        case done(SQLRow?)
        case drive
    }

    private struct Waiting: Sendable {
        var save: Save
        /// `nil` for the save of the caller running the batches (it is not suspended).
        var continuation: CheckedContinuation<Turn, Never>?
    }

    private struct State {
        /// Saves waiting for a statement, in arrival order. Each is a suspended caller, one per draft save
        /// in progress: about the requests admitted at once (`--admission-limit`, the web layer's
        /// ``AdmissionController``), and never more than ``maximumWaiting``: a save beyond it is not
        /// batched but sent back at once (`nil`), to take the one-save path.
        var waiting: [Waiting] = []
        /// Whether a caller is running the batches (one statement at a time).
        var isRunning = false
    }

    /// Saves per statement at most (5 parameters each).
    static let maximumBatch = 256
    /// Most saves waiting for a statement (see `State.waiting`).
    let maximumWaiting: Int
    /// How many saves wait for a statement now (those of the statement running are not counted; for tests).
    var waitingCount: Int { state.withLock { $0.waiting.count } }

    private let database: any SQLDatabase
    private let dialect: SQLDialect
    private let state = Mutex(State())

    init(database: any SQLDatabase, maximumWaiting: Int = 4096) {
        self.maximumWaiting = max(1, maximumWaiting)
        self.database = database
        self.dialect = database.dialect
    }

    /// Applies `save` with the others waiting; returns the updated row, or `nil` if it was not applied.
    ///
    /// No task of its own: the caller that finds nobody running the batches runs them, in its own task,
    /// until its own save is done, then hands the role to the oldest waiting save (or stops if none).
    func apply(_ save: Save) async -> SQLRow? {
        let turn = await withCheckedContinuation { (continuation: CheckedContinuation<Turn, Never>) in
            let next: Turn? = state.withLock { state in
                if state.isRunning {
                    guard state.waiting.count < maximumWaiting else { return .done(nil) }  // full: the one-save path
                    state.waiting.append(Waiting(save: save, continuation: continuation))
                    return nil
                }
                state.isRunning = true
                state.waiting.append(Waiting(save: save, continuation: nil))
                return .drive
            }
            if let next { continuation.resume(returning: next) }
        }
        switch turn {
        case .done(let row): return row
        case .drive: return await drive()
        }
    }

    /// Runs batches until the caller's own save (the one waiting without a continuation) is done, then
    /// hands over; returns the caller's row.
    private func drive() async -> SQLRow? {
        while true {
            let batch = state.withLock { Self.takeBatch(from: &$0.waiting) }
            var rows: [String: SQLRow] = [:]
            if !batch.isEmpty, let result = try? await database.writeStatement(Self.statement(for: batch.map(\.save), dialect: dialect)) {
                for row in result {
                    if let assignmentID: String = try? row.decode("assignment_id"), let pupilID: String = try? row.decode("pupil_id") {
                        rows[Self.key(assignmentID, pupilID)] = row
                    }
                }
            }
            var mine: SQLRow??
            for waiting in batch {
                let row = rows[Self.key(waiting.save.assignmentID.rawValue, waiting.save.pupilID.rawValue)]
                if let continuation = waiting.continuation { continuation.resume(returning: .done(row)) } else { mine = .some(row) }
            }
            guard let mine else { continue }
            // Done: the oldest waiting save runs the next batches, or nobody does if none waits.
            let next = state.withLock { state -> CheckedContinuation<Turn, Never>? in
                guard !state.waiting.isEmpty else {
                    state.isRunning = false
                    return nil
                }
                let next = state.waiting[0].continuation
                state.waiting[0].continuation = nil
                return next
            }
            next?.resume(returning: .drive)
            return mine
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
