import Foundation
import Synchronization

/// Too many requests at once from one address or account, or too many failed sign-ins: answered 429
/// with `Retry-After`, before any database work.
public struct TooManyRequests: Error, Sendable {
    /// Seconds to wait.
    public var retryAfter: Int
    /// Whether it is about failed sign-ins (a different message).
    public var isSignIn: Bool

    /// Creates the error.
    public init(retryAfter: TimeInterval, isSignIn: Bool = false) {
        self.retryAfter = max(1, Int(retryAfter.rounded(.up)))
        self.isSignIn = isSignIn
    }
}
