import CartableCore
import Hummingbird

/// What answers a path no feature declares: each group's own 404, so that an unknown page gets the
/// HTML page (with the person's menu) and an unknown API path gets the JSON error, without any
/// middleware looking at the path. The router tries every declared route first; these match only
/// what is left.
enum FallbackRoutes {
    /// Any path under the API that is not one of its routes.
    static let api = Path("/api/**")
    /// Any other path.
    static let page = Path("/**")

    /// Both, for the route tests (they answer 404 by design).
    static let all: [any DeclaredPath] = [api, page]

    /// The methods the API's fallback answers (the API's own); pages take GET and POST.
    static let apiMethods: [HTTPRequest.Method] = [.get, .post, .put, .patch, .delete]

    static func addPageRoutes(to router: some RouterMethods<AppRequestContext>) {
        for method in [HTTPRequest.Method.get, .post] {
            router.on(page.template.pattern, method: method) { _, _ -> Response in throw NotFound() }
        }
    }

    static func addAPIRoutes(to router: some RouterMethods<AppRequestContext>) {
        for method in apiMethods {
            router.on(api.template.pattern, method: method) { _, _ -> Response in throw NotFound() }
        }
    }
}
