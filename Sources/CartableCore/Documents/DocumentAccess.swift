import Foundation

/// What the access policy decides about class documents (one part of ``AccessPolicy/Action``).
public enum DocumentAccess: Sendable, Hashable {
    /// Read a class's documents.
    case readDocuments(classID: SchoolClass.ID, schoolID: School.ID)
    /// Add documents to a class (its folders or its entries).
    case addDocuments(classID: SchoolClass.ID, schoolID: School.ID)
    /// Delete one document.
    case deleteDocument(Document)
}

extension AccessPolicy.Action {
    /// Read a class's documents.
    public static func readDocuments(classID: SchoolClass.ID, schoolID: School.ID) -> Self { .documents(.readDocuments(classID: classID, schoolID: schoolID)) }
    /// Add documents to a class (its folders or its entries).
    public static func addDocuments(classID: SchoolClass.ID, schoolID: School.ID) -> Self { .documents(.addDocuments(classID: classID, schoolID: schoolID)) }
    /// Delete one document.
    public static func deleteDocument(_ value: Document) -> Self { .documents(.deleteDocument(value)) }
}

extension AccessPolicy {
    /// The rules about class documents.
    func allows(_ viewer: Viewer, documents action: DocumentAccess) -> Bool {
        switch action {
        case .readDocuments(let classID, let schoolID):
            return allows(viewer, .readNotebook(classID: classID, schoolID: schoolID))

        case .addDocuments(let classID, let schoolID):
            return allows(viewer, .postToClass(classID: classID, schoolID: schoolID))

        case .deleteDocument(let document):
            return allows(viewer, .addDocuments(classID: document.classID, schoolID: document.schoolID))
        }
    }
}
