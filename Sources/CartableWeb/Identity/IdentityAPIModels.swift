import CartableCore
import Foundation

/// The identity API's JSON shapes: the signed-in person (`Me`), sessions, sign-in and accounts.
extension APIModel {
    struct School: Codable, Sendable {
        var id: String
        var uai: String
        var name: String
    }

    struct Child: Codable, Sendable {
        var pupil: User
        var classes: [SchoolClass]
    }

    struct Teaching: Codable, Sendable {
        var classID: String
        var className: String
        var subject: String

        enum CodingKeys: String, CodingKey {
            case classID = "classId"
            case className, subject
        }
    }

    struct Me: Codable, Sendable {
        var user: User
        var school: School
        var classes: [SchoolClass]
        var children: [Child]
        var teachings: [Teaching]
    }

    struct Session: Codable, Sendable {
        var id: String
        var deviceLabel: String
        var createdAt: Date
        var lastSeenAt: Date
        var expiresAt: Date
        var isRemembered: Bool
        var isCurrent: Bool

        init(_ session: DeviceSession, current: DeviceSession.ID?) {
            id = session.id.rawValue
            deviceLabel = session.deviceLabel
            createdAt = session.createdAt
            lastSeenAt = session.lastSeenAt
            expiresAt = session.expiresAt
            isRemembered = session.isRemembered
            isCurrent = session.id == current
        }
    }

    struct SessionList: Codable, Sendable {
        var sessions: [Session]
    }

    struct SignInBody: Decodable, Sendable {
        var login: String?
        var password: String?
        var rememberDevice: Bool?
        /// The six digits of the authenticator app (or a recovery code), for accounts with two-factor sign-in.
        var code: String?
    }

    struct SignedIn: Codable, Sendable {
        var user: User
        var session: Session
    }

    struct AccountBody: Decodable, Sendable {
        var login: String?
        var firstName: String?
        var lastName: String?
        var role: String?
        var password: String?
    }

    struct PasswordBody: Decodable, Sendable {
        var password: String?
    }

    struct DisabledBody: Decodable, Sendable {
        var isDisabled: Bool
    }

    struct UserList: Codable, Sendable {
        var users: [User]
    }
}
