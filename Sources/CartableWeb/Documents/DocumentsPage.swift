import CartableCore
import CartableStore
import Foundation

/// A class's documents, by folder, with the upload form for its teachers.
struct DocumentsPage {
    struct Folder {
        var name: String
        var files: [FileRow]
    }

    var heading: String
    var folders: [Folder]
    var hasDocuments: Bool
    var canAdd: Bool
    var uploadAction: String
    var folderNames: [String]
    var maxFileSize: String
    var notebookHref: String
    var errors: [String: String] = [:]
    var hasErrors = false

    init(schoolClass: SchoolClass, documents: [Document], canAdd: Bool, csrf: String, limits: UploadLimits, t: Localizer) {
        heading = t("documentsOf", ["name": schoolClass.name])
        var order: [String] = []
        var byFolder: [String: [Document]] = [:]
        for document in documents {
            let name = document.folder.isEmpty ? t("folderGeneral") : document.folder
            if byFolder[name] == nil { order.append(name) }
            byFolder[name, default: []].append(document)
        }
        folders = order.map { Folder(name: $0, files: FileRow.documents(byFolder[$0] ?? [], canDelete: canAdd, t: t)) }
        hasDocuments = !documents.isEmpty
        self.canAdd = canAdd
        uploadAction = Route.classDocuments(schoolClass.id).href + "?_csrf=" + Route.escape(csrf)
        folderNames = Array(Set(documents.map(\.folder).filter { !$0.isEmpty })).sorted()
        maxFileSize = t.bytes(limits.fileSize)
        notebookHref = Route.classNotebook(schoolClass.id, week: nil).href
    }
}
