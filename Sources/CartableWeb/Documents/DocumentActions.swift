import CartableCore
import CartableStore
import Foundation
import HTTPTypes
import Hummingbird

/// What pages and the API both do with documents: policy first, then the blob store and the database.
struct DocumentActions: Sendable {
    let services: AppServices

    /// The class whose documents the viewer may read.
    func readableClass(_ id: SchoolClass.ID, viewer: Viewer) async throws -> SchoolClass {
        guard let schoolClass = try await services.storage.schools.schoolClass(id, in: viewer.schoolID),
            services.policy.allows(viewer, .readDocuments(classID: id, schoolID: schoolClass.schoolID))
        else { throw NotFound() }
        return schoolClass
    }

    /// Checks, before an upload is read, that the viewer may add documents to the class.
    func checkCanAdd(classID: SchoolClass.ID, schoolID: School.ID, viewer: Viewer) throws {
        guard services.policy.allows(viewer, .addDocuments(classID: classID, schoolID: schoolID)) else { throw NotFound() }
    }

    /// Records an uploaded file as a document of the class (and of an entry, if given).
    func add(
        _ file: StoredFile, classID: SchoolClass.ID, entryID: NotebookEntry.ID?, rawFolder: String?, viewer: Viewer
    ) async throws -> Document {
        try checkCanAdd(classID: classID, schoolID: viewer.schoolID, viewer: viewer)
        let folder = entryID == nil ? try Document.folder(from: rawFolder) : ""
        let document = Document(
            id: .make(using: services.identifiers), schoolID: viewer.schoolID, classID: classID, entryID: entryID, folder: folder, file: file,
            uploadedBy: viewer.user.id, createdAt: services.clock.now())
        try await services.storage.documents.addDocument(document)
        return document
    }

    /// A document the viewer may read.
    func readableDocument(_ id: Document.ID, viewer: Viewer) async throws -> Document {
        guard let document = try await services.storage.documents.document(id, in: viewer.schoolID),
            services.policy.allows(viewer, .readDocuments(classID: document.classID, schoolID: document.schoolID))
        else { throw NotFound() }
        return document
    }

    /// Deletes a document the viewer may delete; returns it.
    func delete(_ id: Document.ID, viewer: Viewer) async throws -> Document {
        let document = try await readableDocument(id, viewer: viewer)
        guard services.policy.allows(viewer, .deleteDocument(document)),
            try await services.storage.documents.deleteDocument(document.id, in: viewer.schoolID, at: services.clock.now())
        else { throw NotFound() }
        return document
    }

    /// Streams an upload sent as the raw body (the API), within `limit`.
    func storeRawBody(_ request: Request, name: String?, limit: Int64) async throws -> StoredFile {
        let writer = try services.blobs.makeWriter(limit: limit)
        do {
            for try await buffer in request.body { try writer.write(buffer) }
        } catch {
            writer.discard()
            throw error
        }
        return try await writer.finish(name: name)
    }
}

/// Sends stored files to browsers: the type found at upload, `Content-Disposition` (inline only for
/// kinds browsers show safely), `nosniff`, and a sandbox so that nothing in a file can run as the site.
enum FileDownload {
    static func response(for file: StoredFile, blobs: BlobStore, context: AppRequestContext, forceDownload: Bool = false) async throws -> Response {
        guard let path = blobs.path(for: file.key) else { throw NotFound() }
        let body = try await FileIO().loadFile(path: path, context: context)
        let disposition = forceDownload || !file.kind.opensInBrowser ? "attachment" : "inline"
        var headers = HTTPFields()
        headers[.contentType] = file.kind.contentType
        headers[.contentLength] = String(file.size)
        headers[.contentDisposition] = "\(disposition); filename=\"\(asciiName(file.name))\"; filename*=UTF-8''\(Route.escape(file.name))"
        headers[.cacheControl] = "private, max-age=86400"
        headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        // Chromium's PDF viewer does not run in a sandboxed document; PDFs get the site's policy, the rest a sandbox.
        if file.kind != .pdf {
            headers[HTTPField.Name("Content-Security-Policy")!] = "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
        }
        return Response(status: .ok, headers: headers, body: body)
    }

    /// The name with anything but printable ASCII replaced, for old clients.
    static func asciiName(_ name: String) -> String {
        String(name.unicodeScalars.map { $0.isASCII && $0.value >= 0x20 && $0 != "\"" && $0 != "\\" ? Character($0) : "_" })
    }
}
