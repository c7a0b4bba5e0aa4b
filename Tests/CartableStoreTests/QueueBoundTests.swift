import CartableCore
import Foundation
import Logging
import Testing

@testable import CartableStore

/// The write queues in front of SQLite's one writer hold at most their stated bound: beyond it a write
/// is refused at once (503) and a draft save takes the one-save path, instead of waiting in line.
@Suite struct QueueBoundTests {
    /// A gate a write can wait at while holding the writer.
    final class Gate: Sendable {
        let opened: AsyncStream<Void>
        let open: AsyncStream<Void>.Continuation
        let reached: AsyncStream<Void>
        let reach: AsyncStream<Void>.Continuation
        init() {
            (opened, open) = AsyncStream<Void>.makeStream()
            (reached, reach) = AsyncStream<Void>.makeStream()
        }
        func pass() async {
            reach.yield()
            for await _ in opened { return }
        }
        func waitUntilReached() async {
            for await _ in reached { return }
        }
    }

    static func database(maximumPendingWrites: Int) async throws -> (SQLiteDatabase, URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cartable-bounds-\(UUID().uuidString)")
        let database = try await SQLiteDatabase.open(
            path: folder.appendingPathComponent("test.sqlite").path, readerCount: 1, maximumPendingWrites: maximumPendingWrites,
            logger: Logger(label: "tests"))
        try await database.write { try await $0.execute("CREATE TABLE t (n BIGINT)") }
        return (database, folder)
    }

    static func until(_ condition: @Sendable () -> Bool) async throws {
        for _ in 0..<500 where !condition() { try await Task.sleep(for: .milliseconds(10)) }
        #expect(condition(), "the queue never reached the expected length")
    }

    @Test func aWriteBeyondTheBoundIsRefusedAtOnceAndTheQueuedOnesStillRun() async throws {
        let (database, folder) = try await Self.database(maximumPendingWrites: 2)
        defer { try? FileManager.default.removeItem(at: folder) }
        let gate = Gate()
        let holder = Task { try await database.write { connection in
            await gate.pass()
            try await connection.execute("INSERT INTO t VALUES (1)")
        } }
        await gate.waitUntilReached()
        let queued = (2...3).map { n in Task { try await database.write { try await $0.execute("INSERT INTO t VALUES (\(n))") } } }
        try await Self.until { database.pendingWrites == 2 }
        await #expect(throws: StoreError.self) { try await database.write { try await $0.execute("INSERT INTO t VALUES (4)") } }
        gate.open.yield()
        try await holder.value
        for task in queued { try await task.value }
        let rows = try await database.query("SELECT n FROM t ORDER BY n").map { try $0.first(as: Int.self) }
        #expect(rows == [1, 2, 3], "the queued writes ran; the refused one wrote nothing")
        await database.shutdown()
    }

    @Test func aDraftSaveBeyondTheBoundIsSentBackAtOnce() async throws {
        let (database, folder) = try await Self.database(maximumPendingWrites: 100)
        defer { try? FileManager.default.removeItem(at: folder) }
        let batcher = DraftBatcher(database: database, maximumWaiting: 2)
        let gate = Gate()
        let holder = Task { try await database.write { _ in await gate.pass() } }
        await gate.waitUntilReached()
        func save(_ n: Int) -> DraftBatcher.Save {
            DraftBatcher.Save(assignmentID: .init(rawValue: "a\(n)"), pupilID: .init(rawValue: "p\(n)"), text: "brouillon", revision: 1, savedAt: Date())
        }
        // The first save runs its statement (blocked behind the writer); two more wait for the next one.
        let first = Task { await batcher.apply(save(1)) }
        try await Self.until { batcher.waitingCount == 0 && database.pendingWrites == 1 }
        let waiting = [first] + (2...3).map { n in Task { await batcher.apply(save(n)) } }
        try await Self.until { batcher.waitingCount == 2 }
        let started = ContinuousClock.now
        #expect(await batcher.apply(save(4)) == nil)
        #expect(ContinuousClock.now - started < .seconds(1), "sent back without waiting for the writer")
        #expect(batcher.waitingCount == 2)
        gate.open.yield()
        try await holder.value
        for task in waiting { _ = await task.value }
        #expect(batcher.waitingCount == 0)
        await database.shutdown()
    }
}
