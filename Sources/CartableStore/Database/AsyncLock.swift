import Synchronization

/// A first-come, first-served lock that suspends instead of blocking a thread.
///
/// SQLite has one writer: every write transaction takes this lock, so transactions never interleave
/// on the writer connection and never spin on `SQLITE_BUSY`.
final class AsyncLock: Sendable {
    private struct State {
        var isLocked = false
        /// Callers waiting, in order (from `head`). Unbounded by itself: each waiter is a suspended caller,
        /// so the owner bounds it by bounding its callers (``SQLiteDatabase``: one per write in progress,
        /// see its `pending`). A waiter is not cancellable: the lock is held for work already promised
        /// (a queued write runs), and the wait is bounded by the work ahead of it.
        var waiters: [CheckedContinuation<Void, Never>] = []
        var head = 0
    }

    private let state = Mutex(State())

    init() {}

    /// Waits for the lock.
    func lock() async {
        let acquired = state.withLock { state -> Bool in
            if state.isLocked { return false }
            state.isLocked = true
            return true
        }
        if acquired { return }
        await withCheckedContinuation { continuation in
            let granted = state.withLock { state -> Bool in
                if !state.isLocked {
                    state.isLocked = true
                    return true
                }
                state.waiters.append(continuation)
                return false
            }
            if granted { continuation.resume() }
        }
    }

    /// Releases the lock, handing it straight to the next waiter if there is one.
    func unlock() {
        let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
            if state.head < state.waiters.count {
                let next = state.waiters[state.head]
                state.head += 1
                if state.head > 64 && state.head * 2 > state.waiters.count {
                    state.waiters.removeFirst(state.head)
                    state.head = 0
                }
                return next  // the lock stays held, now by the waiter
            }
            state.isLocked = false
            return nil
        }
        next?.resume()
    }

    /// Runs `body` while holding the lock.
    func withLock<Result>(_ body: () async throws -> Result) async rethrows -> Result {
        await lock()
        defer { unlock() }
        return try await body()
    }
}
