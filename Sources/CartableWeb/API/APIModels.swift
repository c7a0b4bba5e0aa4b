import CartableCore
import Foundation

/// JSON shapes of the API (`/api/v1`). Property names on the wire are the OpenAPI document's, in one
/// casing: lowerCamelCase, an identifier ending in `Id` (`classId`, `otherClassIds`). Swift keeps its own
/// spelling (`classID`) and maps it with `CodingKeys`.
enum APIModel {
    struct User: Codable, Sendable {
        var id: String
        var login: String
        var firstName: String
        var lastName: String
        var role: String
        var isDisabled: Bool

        init(_ user: CartableCore.User) {
            id = user.id.rawValue
            login = user.login
            firstName = user.firstName
            lastName = user.lastName
            role = user.role.rawValue
            isDisabled = user.isDisabled
        }
    }

    struct SchoolClass: Codable, Sendable {
        var id: String
        var name: String
        var kind: String
        var level: String

        init(_ schoolClass: CartableCore.SchoolClass) {
            id = schoolClass.id.rawValue
            name = schoolClass.name
            kind = schoolClass.kind.rawValue
            level = schoolClass.level
        }
    }

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

    struct Link: Codable, Sendable {
        var title: String
        var url: String
    }

    struct Entry: Codable, Sendable {
        var id: String
        var classID: String
        var className: String
        var teacherID: String
        var teacherName: String
        var subject: String
        var sessionDate: String
        var done: String
        var work: String
        var dueDate: String?
        var estimatedMinutes: Int?
        var links: [Link]
        var createdAt: Date
        var updatedAt: Date

        enum CodingKeys: String, CodingKey {
            case classID = "classId"
            case teacherID = "teacherId"
            case id, className, teacherName, subject, sessionDate, done, work, dueDate, estimatedMinutes, links, createdAt, updatedAt
        }

        init(_ entry: NotebookEntry) {
            id = entry.id.rawValue
            classID = entry.classID.rawValue
            className = entry.className
            teacherID = entry.teacherID.rawValue
            teacherName = entry.teacherName
            subject = entry.content.subject
            sessionDate = entry.content.sessionDate.iso
            done = entry.content.done
            work = entry.content.work
            dueDate = entry.content.dueDate?.iso
            estimatedMinutes = entry.content.estimatedMinutes
            links = entry.content.links.map { Link(title: $0.title, url: $0.url) }
            createdAt = entry.createdAt
            updatedAt = entry.updatedAt
        }
    }

    struct EntryList: Codable, Sendable {
        var entries: [Entry]
    }

    struct ClassList: Codable, Sendable {
        var classes: [SchoolClass]
    }

    struct DueDay: Codable, Sendable {
        var date: String
        var entries: [Entry]
    }

    struct Today: Codable, Sendable {
        var pupil: User
        var today: String
        var days: [DueDay]
    }

    /// A notebook entry to create or replace. Every field is optional here so that a missing one is
    /// reported as a field problem (422), not as unreadable JSON.
    struct EntryBody: Decodable, Sendable {
        var subject: String?
        var sessionDate: String?
        var done: String?
        var work: String?
        var dueDate: String?
        var estimatedMinutes: Int?
        var links: [LinkBody]?
        /// `otherClassIds` on the wire; `otherClassIDs`, its spelling before the API had one casing, is
        /// still read when the new one is absent, so that a client written then does not silently post
        /// to one class only (JSON decoding ignores an unknown property).
        var otherClassIDs: [String]?

        struct LinkBody: Decodable, Sendable {
            var title: String?
            var url: String?
        }

        enum CodingKeys: String, CodingKey {
            case otherClassIDs = "otherClassIds"
            case formerOtherClassIDs = "otherClassIDs"
            case subject, sessionDate, done, work, dueDate, estimatedMinutes, links
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            subject = try container.decodeIfPresent(String.self, forKey: .subject)
            sessionDate = try container.decodeIfPresent(String.self, forKey: .sessionDate)
            done = try container.decodeIfPresent(String.self, forKey: .done)
            work = try container.decodeIfPresent(String.self, forKey: .work)
            dueDate = try container.decodeIfPresent(String.self, forKey: .dueDate)
            estimatedMinutes = try container.decodeIfPresent(Int.self, forKey: .estimatedMinutes)
            links = try container.decodeIfPresent([LinkBody].self, forKey: .links)
            otherClassIDs =
                try container.decodeIfPresent([String].self, forKey: .otherClassIDs)
                ?? container.decodeIfPresent([String].self, forKey: .formerOtherClassIDs)
        }

        var input: EntryInput {
            EntryInput(
                subject: subject, sessionDate: sessionDate, done: done, work: work, dueDate: dueDate,
                estimatedMinutes: estimatedMinutes.map(String.init), links: (links ?? []).map { .init(title: $0.title, url: $0.url) })
        }
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
