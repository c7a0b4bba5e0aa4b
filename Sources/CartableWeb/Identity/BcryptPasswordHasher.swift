import CartableCore
import HummingbirdBcrypt
import NIOCore
import NIOPosix

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
        return try await threadPool.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    public func verify(_ password: String, against hash: String) async -> Bool {
        (try? await threadPool.runIfActive { Bcrypt.verify(password, hash: hash) }) ?? false
    }
}
