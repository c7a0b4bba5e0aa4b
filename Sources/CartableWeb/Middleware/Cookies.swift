import Foundation
import HTTPTypes
import Hummingbird

/// The cookies Cartable sets, and how.
enum Cookies {
    /// The session token.
    static let session = "cartable_session"
    /// The anonymous CSRF token used by the sign-in and language forms before there is a session.
    static let csrf = "cartable_csrf"
    /// The chosen language.
    static let language = "cartable_lang"

    /// The session cookie: HttpOnly, SameSite=Lax, `Secure` when the request came over TLS (or always, if so configured).
    /// A remembered device keeps it for the session's lifetime; otherwise it ends with the browser.
    static func session(token: String, maxAge: Int?, isSecure: Bool) -> Cookie {
        Cookie(name: session, value: token, maxAge: maxAge, path: "/", secure: isSecure, httpOnly: true, sameSite: .lax)
    }

    /// Clears the session cookie.
    static func clearSession(isSecure: Bool) -> Cookie {
        Cookie(name: session, value: "", maxAge: 0, path: "/", secure: isSecure, httpOnly: true, sameSite: .lax)
    }

    /// The anonymous CSRF cookie.
    static func csrf(token: String, isSecure: Bool) -> Cookie {
        Cookie(name: csrf, value: token, path: "/", secure: isSecure, httpOnly: true, sameSite: .strict)
    }

    /// The language cookie, kept a year.
    static func language(_ language: Language, isSecure: Bool) -> Cookie {
        Cookie(name: Cookies.language, value: language.rawValue, maxAge: 365 * 86_400, path: "/", secure: isSecure, httpOnly: true, sameSite: .lax)
    }

    /// The language for a request: the cookie, else `Accept-Language`, else French.
    static func language(of request: Request) -> Language {
        language(of: request, cookies: request.cookies)
    }

    /// The same, with the request's cookies already parsed (each `request.cookies` parses the header again).
    static func language(of request: Request, cookies: Hummingbird.Cookies) -> Language {
        if let chosen = cookies[language]?.value, let language = Language(rawValue: chosen) { return language }
        return Language.preferred(byAcceptLanguage: request.headers[.acceptLanguage])
    }

    /// Whether the request came over TLS.
    static func isSecure(_ request: Request, configuration: AppConfiguration) -> Bool {
        switch configuration.secureCookies {
        case .always: return true
        case .never: return false
        case .auto:
            return configuration.trustProxy && request.headers[HTTPField.Name("X-Forwarded-Proto")!]?.lowercased() == "https"
        }
    }
}
