import HTTPTypes
import Hummingbird

/// Headers that make every response harder to abuse: a strict Content-Security-Policy (no inline
/// script, no framing), no MIME sniffing, no referrer leaking to other sites.
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    /// Where the node learns whether a request came over HTTPS (a trusted proxy, or `--secure-cookies always`).
    let configuration: AppConfiguration

    static var policy: String {
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; "
            + "frame-ancestors 'none'; form-action 'self'"
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        // A download sets its own, stricter policy (a sandbox).
        if response.headers[HTTPField.Name("Content-Security-Policy")!] == nil {
            response.headers[HTTPField.Name("Content-Security-Policy")!] = Self.policy
        }
        response.headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "same-origin"
        response.headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        // Over HTTPS, browsers are told to come back over HTTPS only (a year, the usual value); never
        // over plain HTTP, where the header means nothing and a school's own network may need it.
        if Cookies.isSecure(request, peer: context.remoteAddress, configuration: configuration) {
            response.headers[HTTPField.Name("Strict-Transport-Security")!] = "max-age=31536000"
        }
        return response
    }
}
