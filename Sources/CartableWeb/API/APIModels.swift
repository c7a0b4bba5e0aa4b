import CartableCore
import Foundation

/// JSON shapes of the API (`/api/v1`): the namespace, and the shapes several features share (`User`,
/// `SchoolClass`). Each feature extends it with its own in its folder (`Notebook/NotebookAPIModels.swift`);
/// the error body is `APIErrorBody` (`Support/APIError.swift`).
///
/// Property names on the wire are the OpenAPI document's, in one casing: lowerCamelCase, an identifier
/// ending in `Id` (`classId`, `otherClassIds`). Swift keeps its own spelling (`classID`) and maps it with
/// `CodingKeys`.
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
}
