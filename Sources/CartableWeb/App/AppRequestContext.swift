import CartableCore
import Foundation
import Hummingbird
import Logging
import NIOCore

/// What a request carries from middleware to handler: who is signed in, their language, the CSRF token.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The signed-in person, if any.
    public var viewer: Viewer?
    /// Their device session, if any.
    public var session: DeviceSession?
    /// The reader's language.
    public var language: Language = .fr
    /// The token forms must carry: the session's, or before sign-in the one in the `cartable_csrf` cookie.
    public var csrfToken: String = ""
    /// Whether the request came over TLS (directly or as the trusted proxy says).
    public var isSecure: Bool = false
    /// The signed-in person's unread messages, for the menu of a page (``MessageCountMiddleware``).
    public var unreadMessages: Int?
    /// The urgent banners shown at the top of the page (``MessageCountMiddleware``), with their ids.
    public var banners: [(id: String, text: String)] = []
    /// The peer's address (the proxy's, behind one).
    public let remoteAddress: SocketAddress?

    public init(source: Source) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress
    }

    /// The signed-in person, or an error that sends them to the sign-in page (401 for the API).
    public func requireViewer() throws -> Viewer {
        guard let viewer else { throw AuthenticationRequired() }
        return viewer
    }

    /// Words in the reader's language.
    public var localizer: Localizer { Localizer(language) }
}

/// The request needs a signed-in person and there is none.
public struct AuthenticationRequired: Error, Sendable {
    /// Creates the error.
    public init() {}
}

/// A form came without the right CSRF token: maybe an old page, maybe another site's trick. Nothing is done.
public struct CSRFRejected: Error, Sendable {
    /// Creates the error.
    public init() {}
}
