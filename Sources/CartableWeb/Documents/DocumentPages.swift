import CartableCore
import CartableStore
import Foundation
import Hummingbird

/// A class's documents page, uploads to a class or an entry, downloads.
struct DocumentPages: Sendable {
    let services: AppServices
    var actions: DocumentActions { DocumentActions(services: services) }
    var notebook: NotebookActions { NotebookActions(services: services) }

    func addRoutes(to router: some RouterMethods<AppRequestContext>) {
        router.get(DocumentRoutes.documents, use: index)
        router.get(DocumentRoutes.classDocuments, use: classDocuments)
        router.post(DocumentRoutes.classDocuments, use: uploadToClass)
        router.post(DocumentRoutes.entryDocuments, use: uploadToEntry)
        router.get(DocumentRoutes.document, use: download)
        router.post(DocumentRoutes.deleteDocument, use: delete)
    }

    /// The classes whose documents the viewer reads: their own (and groups), their children's, the ones they teach, or all.
    @Sendable func index(request: Request, context: AppRequestContext) async throws -> Response {
        let viewer = try context.requireViewer()
        let t = context.localizer
        let readable = services.policy.readableClassIDs(viewer)
        let classes = try await services.storage.schools.classes(in: viewer.schoolID).filter { readable?.contains($0.id) ?? true }
        let page = ClassesPage.documents(of: classes, t: t)
        return services.page(.classes, content: page, title: page.heading, section: .documents, request: request, context: context)
    }

    @Sendable func classDocuments(request: Request, context: AppRequestContext, classID: SchoolClass.ID) async throws -> Response {
        let viewer = try context.requireViewer()
        let schoolClass = try await actions.readableClass(classID, viewer: viewer)
        return try await services.conditionalPage(request, context: context, scopes: [ContentVersions.scope(of: schoolClass.id)]) {
            try await documentsPage(schoolClass, viewer: viewer, errors: nil, request: request, context: context)
        }
    }

    private func documentsPage(
        _ schoolClass: SchoolClass, viewer: Viewer, errors: ValidationError?, status: HTTPResponse.Status? = nil, request: Request,
        context: AppRequestContext
    ) async throws -> Response {
        let documents = try await services.storage.documents.documents(ofClass: schoolClass.id, in: viewer.schoolID)
        let t = context.localizer
        let canAdd = services.policy.allows(viewer, .addDocuments(classID: schoolClass.id, schoolID: schoolClass.schoolID))
        var page = DocumentsPage(
            schoolClass: schoolClass, documents: documents, canAdd: canAdd, csrf: context.csrfToken, limits: services.configuration.uploadLimits,
            t: t)
        page.errors = errors.map { t.fieldErrors($0) } ?? [:]
        page.hasErrors = errors != nil
        return services.page(
            .documents, content: page, title: page.heading, section: .documents, request: request, context: context,
            status: status ?? (errors == nil ? .ok : .unprocessableContent))
    }

    @Sendable func uploadToClass(request: Request, context: AppRequestContext, classID: SchoolClass.ID) async throws -> Response {
        let viewer = try context.requireViewer()
        let schoolClass = try await actions.readableClass(classID, viewer: viewer)
        try actions.checkCanAdd(classID: schoolClass.id, schoolID: schoolClass.schoolID, viewer: viewer)
        do {
            let upload = try await MultipartUpload.readWithFile(
                request, blobs: services.blobs, fileLimit: services.configuration.uploadLimits.fileSize)
            _ = try await actions.add(upload.file, classID: schoolClass.id, entryID: nil, rawFolder: upload.fields["folder"], viewer: viewer)
            return services.redirect(to: Route.classDocuments(schoolClass.id).href, notice: "documentAdded")
        } catch let error as ValidationError {
            return try await documentsPage(schoolClass, viewer: viewer, errors: error, request: request, context: context)
        } catch let error as BlobTooLarge {
            return try await documentsPage(
                schoolClass, viewer: viewer, errors: error.issues, status: .contentTooLarge, request: request, context: context)
        }
    }

    @Sendable func uploadToEntry(request: Request, context: AppRequestContext, entryID: NotebookEntry.ID) async throws -> Response {
        let viewer = try context.requireViewer()
        let entry = try await notebook.editableEntry(entryID, viewer: viewer)
        try actions.checkCanAdd(classID: entry.classID, schoolID: entry.schoolID, viewer: viewer)
        do {
            let upload = try await MultipartUpload.readWithFile(
                request, blobs: services.blobs, fileLimit: services.configuration.uploadLimits.fileSize)
            _ = try await actions.add(upload.file, classID: entry.classID, entryID: entry.id, rawFolder: nil, viewer: viewer)
            return services.redirect(to: Route.entry(entry.id).href, notice: "documentAdded")
        } catch let error as ValidationError {
            return uploadRefused(error, status: .unprocessableContent, back: Route.entry(entry.id).href, request: request, context: context)
        } catch let error as BlobTooLarge {
            return uploadRefused(
                error.issues, status: .contentTooLarge,
                back: Route.entry(entry.id).href, request: request, context: context)
        }
    }

    private func uploadRefused(_ error: ValidationError, status: HTTPResponse.Status, back: String, request: Request, context: AppRequestContext)
        -> Response
    {
        let t = context.localizer
        let page = ErrorPage(
            heading: t("fileRefusedTitle"), message: t("fileRefused"), issues: error.issues.map { t.problem($0.problem) }, retry: false,
            backHref: back, backLabel: t("back"))
        return services.page(.error, content: page, title: page.heading, section: .none, request: request, context: context, status: status)
    }

    @Sendable func download(request: Request, context: AppRequestContext, documentID: Document.ID) async throws -> Response {
        let viewer = try context.requireViewer()
        let document = try await actions.readableDocument(documentID, viewer: viewer)
        return try await FileDownload.response(
            for: document.file, blobs: services.blobs, context: context, forceDownload: request.queryData["download"] == "1")
    }

    @Sendable func delete(request: Request, context: AppRequestContext, documentID: Document.ID) async throws -> Response {
        let viewer = try context.requireViewer()
        let document = try await actions.delete(documentID, viewer: viewer)
        if let entryID = document.entryID { return services.redirect(to: Route.entry(entryID).href, notice: "documentDeleted") }
        return services.redirect(to: Route.classDocuments(document.classID).href, notice: "documentDeleted")
    }
}
