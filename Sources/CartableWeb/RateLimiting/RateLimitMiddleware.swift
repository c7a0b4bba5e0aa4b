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
    let proxies: TrustedProxies
    let clock: any WallClock

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let identity: String?
        switch key {
        case .address: identity = Self.clientAddress(request, context: context, proxies: proxies)
        case .account: identity = context.viewer?.user.id.rawValue
        }
        if let identity, let wait = buckets.take(identity, at: clock.now()) {
            Observability.refused(key == .address ? .addressRate : .accountRate)
            throw TooManyRequests(retryAfter: wait)
        }
        return try await next(request, context)
    }

    /// The client's IP address. From a trusted proxy, the nearest `X-Forwarded-For` hop that is not
    /// itself a trusted proxy (hops further left were written by the client and prove nothing); from
    /// anyone else, the peer itself, whatever it sends.
    static func clientAddress(_ request: Request, context: Context, proxies: TrustedProxies) -> String {
        let peer = context.remoteAddress?.ipAddress ?? "unknown"
        guard !proxies.isEmpty, let forwarded = request.headers[HTTPField.Name("X-Forwarded-For")!], proxies.trusts(address: peer) else {
            return peer
        }
        var hops = forwarded.split(separator: ",")
        while let hop = hops.popLast() {
            let address = hop.trimmingCharacters(in: .whitespaces)
            if address.isEmpty { break }
            if hops.isEmpty || !proxies.trusts(address: address) { return address }
        }
        return peer
    }
}
