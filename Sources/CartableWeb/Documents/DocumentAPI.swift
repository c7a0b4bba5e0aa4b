import CartableCore
import CartableStore
import Foundation
import Hummingbird

/// `/api/v1`: a class's documents. Downloads use the same address as the pages (`href`).
struct DocumentAPI: Sendable {
    let services: AppServices
    var actions: DocumentActions { DocumentActions(services: services) }
    var notebook: NotebookActions { NotebookActions(services: services) }

    func addRoutes(to router: some RouterMethods<AppRequestContext>) {
        router.get(DocumentRoutes.API.classDocuments, use: list)
        router.post(DocumentRoutes.API.classDocuments, use: add)
        router.delete(DocumentRoutes.API.document, use: delete)
    }

    @Sendable func list(request: Request, context: AppRequestContext, classID: SchoolClass.ID) async throws -> Response {
        let viewer = try context.requireViewer()
        let schoolClass = try await actions.readableClass(classID, viewer: viewer)
        let documents = try await services.storage.documents.documents(ofClass: schoolClass.id, in: viewer.schoolID)
        return try JSON.response(APIModel.DocumentList(documents: documents.map(APIModel.Document.init)))
    }

    /// A file sent as the raw body, named by `?name=`, in `?folder=` or attached to `?entryId=`.
    @Sendable func add(request: Request, context: AppRequestContext, classID: SchoolClass.ID) async throws -> Response {
        let viewer = try context.requireViewer()
        let schoolClass = try await actions.readableClass(classID, viewer: viewer)
        try actions.checkCanAdd(classID: schoolClass.id, schoolID: schoolClass.schoolID, viewer: viewer)
        let query = request.queryData
        var entryID: NotebookEntry.ID?
        if let rawEntry = query["entryId"], !rawEntry.isEmpty {
            guard let id = NotebookEntry.ID(validating: rawEntry) else { throw NotFound() }
            let entry = try await notebook.editableEntry(id, viewer: viewer)
            guard entry.classID == schoolClass.id else { throw NotFound() }
            entryID = entry.id
        }
        // Checked before the body is read, so that a bad folder name does not cost an upload.
        _ = try Document.folder(from: query["folder"])
        let file = try await actions.storeRawBody(request, name: query["name"], limit: services.configuration.uploadLimits.fileSize)
        let document = try await actions.add(file, classID: schoolClass.id, entryID: entryID, rawFolder: query["folder"], viewer: viewer)
        return try JSON.response(APIModel.Document(document), status: .created)
    }

    @Sendable func delete(request: Request, context: AppRequestContext, documentID: Document.ID) async throws -> Response {
        let viewer = try context.requireViewer()
        _ = try await actions.delete(documentID, viewer: viewer)
        return Response(status: .noContent)
    }
}
