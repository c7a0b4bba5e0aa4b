import Foundation

/// A signed-in device: one browser or app that holds a session cookie.
///
/// The cookie carries a random token; the store keeps only its SHA-256 digest, so a copy of the
/// database does not let anyone sign in. `id` is a separate public identifier used to list and revoke.
public struct DeviceSession: Hashable, Sendable {
    /// The session's public identifier (not the secret token).
    public typealias ID = Identifier<DeviceSession>

    /// The public identifier.
    public var id: ID
    /// Who is signed in.
    public var userID: User.ID
    /// Their school.
    public var schoolID: School.ID
    /// When the person signed in.
    public var createdAt: Date
    /// The last time the device was seen (updated at most every few minutes).
    public var lastSeenAt: Date
    /// When the session stops working unless used again.
    public var expiresAt: Date
    /// Whether the person asked to be remembered on this device.
    public var isRemembered: Bool
    /// A short description of the device ("Firefox sur Android").
    public var deviceLabel: String
    /// The token that forms of this session must carry (CSRF protection).
    public var csrfToken: String

    /// Creates a session.
    public init(
        id: ID, userID: User.ID, schoolID: School.ID, createdAt: Date, lastSeenAt: Date, expiresAt: Date, isRemembered: Bool,
        deviceLabel: String, csrfToken: String
    ) {
        self.id = id
        self.userID = userID
        self.schoolID = schoolID
        self.createdAt = createdAt
        self.lastSeenAt = lastSeenAt
        self.expiresAt = expiresAt
        self.isRemembered = isRemembered
        self.deviceLabel = deviceLabel
        self.csrfToken = csrfToken
    }

    /// Whether the session still works at `instant`.
    public func isActive(at instant: Date) -> Bool { instant < expiresAt }
}
