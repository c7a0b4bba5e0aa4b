import CartableCore
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Refuses a flood cheaply: per client address before the session is looked up, per account after.
///
/// A whole collège may share one address, so the address rule is generous (by default 3,000 at once,
/// then 300 a second); the account rule is tight (300 at once, then 10 a second), far above what a
/// person in a browser does, far below what a script can.
struct RateLimitMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    enum Key: Sendable {
        case address
        case account
    }

    let key: Key
    let buckets: TokenBuckets
    let trustProxy: Bool
    let clock: any WallClock

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let identity: String?
        switch key {
        case .address: identity = Self.clientAddress(request, context: context, trustProxy: trustProxy)
        case .account: identity = context.viewer?.user.id.rawValue
        }
        if let identity, let wait = buckets.take(identity, at: clock.now()) {
            Observability.refused(key == .address ? .addressRate : .accountRate)
            throw TooManyRequests(retryAfter: wait)
        }
        return try await next(request, context)
    }

    /// The client's IP address: the last `X-Forwarded-For` hop when our own proxy is trusted, else the peer.
    static func clientAddress(_ request: Request, context: Context, trustProxy: Bool) -> String {
        if trustProxy, let forwarded = request.headers[HTTPField.Name("X-Forwarded-For")!],
            let last = forwarded.split(separator: ",").last?.trimmingCharacters(in: .whitespaces), !last.isEmpty
        {
            return last
        }
        return context.remoteAddress?.ipAddress ?? "unknown"
    }
}
