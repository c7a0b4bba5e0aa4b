import Synchronization

/// The PostgreSQL operations of a node that are waiting on the server, so that none waits for ever.
///
/// A request must get an answer within seconds even when the server stops answering without closing
/// its connections (a network partition, a frozen host), or when a query is lost on a connection
/// that is closing. Cancelling the task that waits is not enough: PostgresNIO does not always
/// honour it, and a task group waits for its children. So each operation runs in a task of its own
/// and its caller waits on an ``Outcome`` that the first of three events settles: the operation
/// ends; its deadline passes (``sweep(at:)``, run by the database every quarter second); or the
/// health probe finds the server gone (``failAll(_:)``). An operation cut short this way may still
/// finish on the server later: a write then answered 503 may have committed, which every write of
/// ours tolerates (saves and hand-ins are idempotent, and a retry finds the work there).
final class OperationWatch: Sendable {
    struct Entry: Sendable {
        /// Until when the operation may wait for a pooled connection (`nil` once it has one).
        var leaseBy: ContinuousClock.Instant?
        /// Until when the whole operation may run.
        let finishBy: ContinuousClock.Instant
        /// Settles the caller's outcome with an error and cancels the operation's task.
        let fail: @Sendable (StoreError) -> Void
    }

    private let entries = Mutex<(nextID: Int, byID: [Int: Entry])>((0, [:]))

    /// Registers an operation; returns its number for ``leased(_:)`` and ``remove(_:)``.
    func register(leaseBy: ContinuousClock.Instant, finishBy: ContinuousClock.Instant, fail: @escaping @Sendable (StoreError) -> Void) -> Int {
        entries.withLock { state in
            state.nextID &+= 1
            state.byID[state.nextID] = Entry(leaseBy: leaseBy, finishBy: finishBy, fail: fail)
            return state.nextID
        }
    }

    /// The operation has its connection: from now on only its overall deadline applies.
    func leased(_ id: Int) {
        entries.withLock { _ = $0.byID[id]?.leaseBy = nil }
    }

    func remove(_ id: Int) {
        entries.withLock { _ = $0.byID.removeValue(forKey: id) }
    }

    /// How many operations are waiting (for tests).
    var count: Int { entries.withLock { $0.byID.count } }

    /// Fails every operation whose lease or overall deadline has passed at `now`.
    func sweep(at now: ContinuousClock.Instant) {
        let overdue: [(Entry, StoreError)] = entries.withLock { state in
            var overdue: [(Entry, StoreError)] = []
            for (id, entry) in state.byID {
                if let leaseBy = entry.leaseBy, leaseBy <= now {
                    overdue.append((entry, .unavailable("no database connection in time")))
                } else if entry.finishBy <= now {
                    overdue.append((entry, .unavailable("the database did not answer in time")))
                } else {
                    continue
                }
                state.byID.removeValue(forKey: id)
            }
            return overdue
        }
        for (entry, error) in overdue { entry.fail(error) }
    }

    /// Fails every waiting operation at once: the server is gone.
    func failAll(_ error: StoreError) {
        let all = entries.withLock { state in
            let all = Array(state.byID.values)
            state.byID.removeAll()
            return all
        }
        for entry in all { entry.fail(error) }
    }
}

/// The result of one operation, settled once by whichever comes first: the operation, or a failure
/// from ``OperationWatch``. It may be settled before its caller starts waiting.
final class Outcome<Value: Sendable>: Sendable {
    private enum State {
        case pending
        case waiting(CheckedContinuation<Value, any Error>)
        case settled(Result<Value, any Error>)
        case delivered
    }

    private let state = Mutex<State>(.pending)

    /// Settles the outcome, and says whether this call did (later calls change nothing).
    @discardableResult
    func settle(_ result: Result<Value, any Error>) -> Bool {
        let (won, continuation): (Bool, CheckedContinuation<Value, any Error>?) = state.withLock { state in
            switch state {
            case .pending:
                state = .settled(result)
                return (true, nil)
            case .waiting(let continuation):
                state = .delivered
                return (true, continuation)
            case .settled, .delivered:
                return (false, nil)
            }
        }
        continuation?.resume(with: result)
        return won
    }

    /// Waits until the outcome is settled.
    func value() async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            let ready: Result<Value, any Error>? = state.withLock { state in
                if case .settled(let result) = state {
                    state = .delivered
                    return result
                }
                state = .waiting(continuation)
                return nil
            }
            if let ready { continuation.resume(with: ready) }
        }
    }
}
