import CartableCore
import HummingbirdBcrypt
import NIOCore
import NIOPosix

#if canImport(Glibc)
    import Glibc
#endif

/// bcrypt on a pool of threads of its own, so that hashing never blocks the threads that serve pages.
public final class BcryptPasswordHasher: PasswordHasher {
    private let cost: UInt8
    private let threadPool: NIOThreadPool

    /// Creates the hasher with `threads` threads (one per core by default).
    /// - Parameter cost: bcrypt's cost factor, at least 10.
    public init(cost: Int, threads: Int = System.coreCount) {
        precondition(cost >= 10 && cost <= 31, "bcrypt cost must be between 10 and 31")
        self.cost = UInt8(cost)
        self.threadPool = NIOThreadPool(numberOfThreads: max(1, threads))
        self.threadPool.start()
    }

    deinit {
        threadPool.shutdownGracefully { _ in }
    }

    public func hash(_ password: String) async throws -> String {
        let cost = self.cost
        return try await threadPool.runIfActive {
            Self.yieldToRequests()
            return Bcrypt.hash(password, cost: cost)
        }
    }

    public func verify(_ password: String, against hash: String) async -> Bool {
        (try? await threadPool.runIfActive {
            Self.yieldToRequests()
            return Bcrypt.verify(password, hash: hash)
        }) ?? false
    }

    /// Puts the hashing thread in Linux's idle scheduling class (`SCHED_IDLE`): it runs on whatever
    /// CPU time the threads that answer requests — pages, draft saves, waiting-room refusals — leave
    /// over, and any of them that wakes takes the core from it at once instead of within a time slice.
    /// A hash takes ~100 ms of CPU; a refusal must be answered within a few milliseconds
    /// (BENCHMARKS.md, "Overload"). Sign-ins come after signed-in readers in the admission order, and
    /// this is the same order at the CPU. Per thread (`pid` 0 is the calling thread); a few
    /// microseconds next to a hash.
    private static func yieldToRequests() {
        #if os(Linux)
            var parameters = sched_param(sched_priority: 0)
            _ = sched_setscheduler(0, idleSchedulingPolicy, &parameters)
        #endif
    }

    /// `SCHED_IDLE` from `<sched.h>` (only visible to C with `_GNU_SOURCE`).
    private static let idleSchedulingPolicy: Int32 = 5
}
