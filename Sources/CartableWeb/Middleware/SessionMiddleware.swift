import CartableCore
import Foundation
import Hummingbird

/// Finds who is signed in from the session cookie, picks the language, and provides the CSRF token.
struct SessionMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    let authenticator: Authenticator
    let configuration: AppConfiguration

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.isSecure = Cookies.isSecure(request, peer: context.remoteAddress, configuration: configuration)
        let jar = CookieHeader(request)
        context.language = Cookies.language(of: request, cookies: jar)
        var cookies: [Cookie] = []

        if let token = jar[Cookies.session].map(String.init), !token.isEmpty {
            if let resolved = try await authenticator.resolve(token: token) {
                context.viewer = resolved.viewer
                context.session = resolved.session
                context.csrfToken = resolved.session.csrfToken
                if resolved.wasTouched && resolved.session.isRemembered {
                    cookies.append(
                        Cookies.session(
                            token: token, maxAge: Int(configuration.sessionPolicy.rememberedLifetime), isSecure: context.isSecure))
                }
            } else {
                cookies.append(Cookies.clearSession(isSecure: context.isSecure))
            }
        }
        if context.viewer == nil {
            if let token = jar[Cookies.csrf].map(String.init), SessionToken.isWellFormed(token) {
                context.csrfToken = token
            } else {
                context.csrfToken = SessionToken.make()
                cookies.append(Cookies.csrf(token: context.csrfToken, isSecure: context.isSecure))
            }
        }

        var response = try await next(request, context)
        // The handler's cookie wins: a sign-in that replaces a stale or renewed session must not be
        // followed by this middleware's clearing or renewal of the old one (the last one wins in a browser).
        for cookie in cookies where !response.setsCookie(named: cookie.name) { response.setCookie(cookie) }
        return response
    }
}

extension Response {
    /// Whether the response already carries a `Set-Cookie` for `name`.
    func setsCookie(named name: String) -> Bool {
        headers[values: .setCookie].contains { field in
            field.utf8.count > name.utf8.count && field.hasPrefix(name) && field.utf8.dropFirst(name.utf8.count).first == UInt8(ascii: "=")
        }
    }
}
