import Foundation
import Hummingbird

/// Refuses state-changing requests that did not come from our own pages.
///
/// One instance per group of routes: `isAPI` says which rule it applies.
///
/// - HTML forms (any non-GET of the pages' group) must carry the `_csrf` field matching the session's
///   token (or, before sign-in, the `cartable_csrf` cookie).
/// - File uploads from pages (`multipart/form-data`, streamed, so the body is not read here) carry the
///   token in the form's address instead (`?_csrf=`).
/// - The JSON API needs no token: a write must send a `Content-Type` that another site cannot send
///   without a CORS preflight we never grant (`application/json`, or `application/octet-stream` for
///   uploads: anything but the three "simple" form types), and if the browser sends `Origin`, it
///   must be our own host. With SameSite=Lax cookies this closes the cross-site paths.
struct CSRFMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    let maximumBodySize: Int
    /// Whether it guards the API's group (JSON writes) rather than the pages' (forms).
    let isAPI: Bool

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        switch request.method {
        case .get, .head, .options:
            return try await next(request, context)
        default:
            break
        }
        if isAPI {
            if let origin = request.headers[.origin], !Self.isSameOrigin(origin, host: request.head.authority) {
                throw CSRFRejected()
            }
            let hasBody = request.headers[.contentLength].map { $0 != "0" } ?? (request.headers[.transferEncoding] != nil)
            if hasBody {
                let type = request.headers[.contentType]?.lowercased() ?? ""
                let simpleTypes = ["text/plain", "multipart/form-data", "application/x-www-form-urlencoded"]
                guard !type.isEmpty, !simpleTypes.contains(where: { type.hasPrefix($0) }) else { throw CSRFRejected() }
            }
            return try await next(request, context)
        }
        if request.headers[.contentType]?.lowercased().hasPrefix("multipart/form-data") == true {
            guard let sent = request.queryData["_csrf"], !context.csrfToken.isEmpty,
                SessionToken.constantTimeEquals(sent, context.csrfToken)
            else { throw CSRFRejected() }
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
