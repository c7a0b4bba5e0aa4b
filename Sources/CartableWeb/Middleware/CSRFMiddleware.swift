import Foundation
import Hummingbird

/// Refuses state-changing requests that did not come from our own pages.
///
/// - HTML forms (any non-GET outside `/api/`) must carry the `_csrf` field matching the session's
///   token (or, before sign-in, the `cartable_csrf` cookie).
/// - The JSON API needs no token: a write must send `Content-Type: application/json` (which another
///   site cannot do without a CORS preflight we never grant), and if the browser sends `Origin`, it
///   must be our own host. With SameSite=Lax cookies this closes the cross-site paths.
struct CSRFMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    let maximumBodySize: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        switch request.method {
        case .get, .head, .options:
            return try await next(request, context)
        default:
            break
        }
        if request.uri.path.hasPrefix("/api/") {
            if let origin = request.headers[.origin], !Self.isSameOrigin(origin, host: request.head.authority) {
                throw CSRFRejected()
            }
            let hasBody = request.headers[.contentLength].map { $0 != "0" } ?? (request.headers[.transferEncoding] != nil)
            if hasBody {
                let type = request.headers[.contentType]?.lowercased() ?? ""
                guard type.hasPrefix("application/json") else { throw CSRFRejected() }
            }
            return try await next(request, context)
        }
        var request = request
        let form = try await request.formData(limit: maximumBodySize)
        guard let sent = form["_csrf"], !context.csrfToken.isEmpty, SessionToken.constantTimeEquals(sent, context.csrfToken) else {
            throw CSRFRejected()
        }
        return try await next(request, context)
    }

    static func isSameOrigin(_ origin: String, host: String?) -> Bool {
        guard let host, let url = URL(string: origin), let originHost = url.host else { return false }
        let originAuthority = url.port.map { "\(originHost):\($0)" } ?? originHost
        return originAuthority.lowercased() == host.lowercased()
    }
}
