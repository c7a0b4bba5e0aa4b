import CartableCore
import Foundation

/// The documents API's JSON shapes.
extension APIModel {
    struct Document: Codable, Sendable {
        var id: String
        var classID: String
        var entryID: String?
        var folder: String
        var name: String
        var contentType: String
        var size: Int64
        var createdAt: Date
        var href: String

        enum CodingKeys: String, CodingKey {
            case classID = "classId"
            case entryID = "entryId"
            case id, folder, name, contentType, size, createdAt, href
        }

        init(_ document: CartableCore.Document) {
            id = document.id.rawValue
            classID = document.classID.rawValue
            entryID = document.entryID?.rawValue
            folder = document.folder
            name = document.file.name
            contentType = document.file.kind.contentType
            size = document.file.size
            createdAt = document.createdAt
            href = Route.document(document.id).href
        }
    }

    struct DocumentList: Codable, Sendable {
        var documents: [Document]
    }
}
