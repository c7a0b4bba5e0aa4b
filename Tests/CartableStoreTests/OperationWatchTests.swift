import Testing

@testable import CartableStore

/// The bookkeeping that keeps a PostgreSQL operation from waiting for ever (the live behaviour, against
/// a silent server, is `Tests/EndToEnd/test_database_outage.py`).
@Suite struct OperationWatchTests {
    @Test func anOutcomeIsSettledOnceWhetherOrNotItsCallerWaitsYet() async throws {
        let early = Outcome<Int>()
        #expect(early.settle(.success(1)))
        #expect(!early.settle(.success(2)))
        #expect(try await early.value() == 1)

        let late = Outcome<Int>()
        let waiter = Task { try await late.value() }
        try await Task.sleep(for: .milliseconds(20))
        #expect(late.settle(.failure(StoreError.unavailable("gone"))))
        #expect(!late.settle(.success(3)))
        await #expect(throws: StoreError.unavailable("gone")) { try await waiter.value }
    }

    @Test func theSweepFailsOnlyWhatIsOverdue() {
        let watch = OperationWatch()
        let start = ContinuousClock.now
        let failures = Failures()
        _ = watch.register(leaseBy: start + .seconds(3), finishBy: start + .seconds(30)) { failures.add("waiting", $0) }
        let leased = watch.register(leaseBy: start + .seconds(3), finishBy: start + .seconds(30)) { failures.add("leased", $0) }
        let done = watch.register(leaseBy: start + .seconds(3), finishBy: start + .seconds(30)) { failures.add("done", $0) }
        watch.leased(leased)
        watch.remove(done)

        watch.sweep(at: start + .seconds(1))
        #expect(failures.names.isEmpty)
        watch.sweep(at: start + .seconds(4))
        #expect(failures.names == ["waiting"])
        #expect(failures.errors == [.unavailable("no database connection in time")])
        #expect(watch.count == 1)
        watch.sweep(at: start + .seconds(31))
        #expect(failures.names == ["waiting", "leased"])
        #expect(watch.count == 0)
    }

    @Test func anOutageFailsEveryWaitingOperationAtOnce() {
        let watch = OperationWatch()
        let start = ContinuousClock.now
        let failures = Failures()
        for name in ["a", "b"] {
            _ = watch.register(leaseBy: start + .seconds(3), finishBy: start + .seconds(30)) { failures.add(name, $0) }
        }
        watch.failAll(.unavailable("database unreachable"))
        #expect(failures.names.sorted() == ["a", "b"])
        #expect(watch.count == 0)
        watch.failAll(.unavailable("database unreachable"))
        #expect(failures.names.count == 2)
    }
}

import Synchronization

private final class Failures: Sendable {
    private let list = Mutex<[(String, StoreError)]>([])
    func add(_ name: String, _ error: StoreError) { list.withLock { $0.append((name, error)) } }
    var names: [String] { list.withLock { $0.map(\.0) } }
    var errors: [StoreError] { list.withLock { $0.map(\.1) } }
}
