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

    /// Lowers the hashing thread's priority (nice 5, a third of a request thread's share when both want
    /// a core): a hash takes ~100 ms of CPU, and the threads that answer requests — pages, draft
    /// saves, waiting-room refusals — must get a core within a few milliseconds (BENCHMARKS.md,
    /// "Overload"). Linux's nice is per thread; `who` 0 is the calling thread. A few microseconds next to a hash.
    private static func yieldToRequests() {
        #if os(Linux)
            _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 5)
        #endif
    }
}
