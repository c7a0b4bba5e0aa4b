import CartableCore

/// Class documents: their paths, pages and API, each written once.
enum DocumentRoutes {
    /// The documents of the viewer's classes.
    static let documents = Path("/documents")
    /// A class's documents, and uploading one.
    static let classDocuments = Path1<SchoolClass.ID>("/classes/:classID/documents")
    /// Uploads a document to an entry.
    static let entryDocuments = Path1<NotebookEntry.ID>("/entries/:entryID/documents")
    /// Downloads a document.
    static let document = Path1<Document.ID>("/documents/:documentID")
    /// Deletes a document.
    static let deleteDocument = Path1<Document.ID>("/documents/:documentID/delete")

    /// The JSON API of class documents.
    enum API {
        /// A class's documents, and adding one.
        static let classDocuments = Path1<SchoolClass.ID>("/api/v1/classes/:classID/documents")
        /// Deletes a document.
        static let document = Path1<Document.ID>("/api/v1/documents/:documentID")

        /// Every API path of documents.
        static let all: [any DeclaredPath] = [classDocuments, document]
    }

    /// Every path of documents, pages and API.
    static let all: [any DeclaredPath] = [documents, classDocuments, entryDocuments, document, deleteDocument] + API.all
}
