import CartableCore
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The cookies Cartable sets, and how.
enum Cookies {
    /// The session token.
    static let session = "cartable_session"
    /// The anonymous CSRF token used by the sign-in and language forms before there is a session.
    static let csrf = "cartable_csrf"
    /// The chosen language.
    static let language = "cartable_lang"
    /// A sign-in waiting for its two-factor code (ten minutes, sign-in pages only).
    static let challenge = "cartable_challenge"

    /// The session cookie: HttpOnly, SameSite=Lax, `Secure` when the request came over TLS (or always, if so configured).
    /// A remembered device keeps it for the session's lifetime; otherwise it ends with the browser.
    static func session(token: String, maxAge: Int?, isSecure: Bool) -> Cookie {
        Cookie(name: session, value: token, maxAge: maxAge, path: "/", secure: isSecure, httpOnly: true, sameSite: .lax)
    }

    /// Clears the session cookie.
    static func clearSession(isSecure: Bool) -> Cookie {
        Cookie(name: session, value: "", maxAge: 0, path: "/", secure: isSecure, httpOnly: true, sameSite: .lax)
    }

    /// The waiting sign-in's cookie; `token` empty clears it.
    static func challenge(token: String, isSecure: Bool) -> Cookie {
        Cookie(
            name: challenge, value: token, maxAge: token.isEmpty ? 0 : Int(TwoFactorRules.challengeLifetime), path: "/signin", secure: isSecure,
            httpOnly: true, sameSite: .strict)
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
        language(of: request, cookies: CookieHeader(request))
    }

    /// The same, with the request's cookie header already read.
    static func language(of request: Request, cookies: CookieHeader) -> Language {
        if let chosen = cookies[language], let language = Language(rawValue: String(chosen)) { return language }
        return Language.preferred(byAcceptLanguage: request.headers[.acceptLanguage])
    }

    /// Whether the request came over TLS: as a trusted proxy says (`peer` is the TCP peer), or as configured.
    static func isSecure(_ request: Request, peer: SocketAddress?, configuration: AppConfiguration) -> Bool {
        switch configuration.secureCookies {
        case .always: return true
        case .never: return false
        case .auto:
            guard let proto = request.headers[HTTPField.Name("X-Forwarded-Proto")!], proto.lowercased() == "https" else { return false }
            return configuration.trustedProxies.trusts(peer)
        }
    }
}

/// A request's `Cookie` header, read as Hummingbird's `request.cookies[name]?.value` reads it (the
/// first cookie of that name; its value is what follows the first `=` up to the next `;`), without
/// building every cookie and its attributes: three look-ups a request, on every request.
struct CookieHeader {
    /// The header's fields joined with `; ` (HTTP/2 may send several).
    let header: String

    /// Reads the request's cookies.
    init(_ request: Request) {
        header = request.headers[.cookie] ?? ""
    }

    /// Reads a header as it was sent.
    init(header: String) {
        self.header = header
    }

    /// The value of the first cookie called `name`, if any and not empty.
    subscript(_ name: String) -> Substring? {
        let bytes = header.utf8
        var start = bytes.startIndex
        while start < bytes.endIndex {
            while start < bytes.endIndex, bytes[start] == UInt8(ascii: " ") || bytes[start] == UInt8(ascii: "\t") {
                start = bytes.index(after: start)
            }
            let end = bytes[start...].firstIndex(of: UInt8(ascii: ";")) ?? bytes.endIndex
            if let equals = bytes[start..<end].firstIndex(of: UInt8(ascii: "=")), bytes[start..<equals].elementsEqual(name.utf8) {
                let value = header[bytes.index(after: equals)..<end]
                return value.isEmpty ? nil : value  // `a=` is no cookie for Hummingbird either
            }
            start = end == bytes.endIndex ? end : bytes.index(after: end)
        }
        return nil
    }
}
