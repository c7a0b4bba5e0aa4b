import Crypto
import Foundation
import Hummingbird
import Mustache
import NIOCore

/// The pages' templates and the stylesheet, loaded once at start-up.
///
/// The server refuses to start if a template is missing or does not parse: better a clear failure
/// at 6:00 than a blank page at 9:00.
public struct ViewRenderer: Sendable {
    /// Every template the application renders.
    public enum Template: String, CaseIterable, Sendable {
        case layout, signin, error, today, notebook, entry
        case entryForm = "entry-form"
        case entryCard = "entry-card"
        case childTabs = "child-tabs"
        case classes, devices, accounts
        case accountNew = "account-new"
        case account
    }

    /// A failure to load the views.
    public struct LoadError: Error, CustomStringConvertible {
        /// What went wrong.
        public var description: String
    }

    private let library: MustacheLibrary
    /// The stylesheet, with its fingerprinted path.
    public let stylesheet: StaticAsset

    /// Where the module's resources are.
    static var resourcesURL: URL? { Bundle.module.url(forResource: "Resources", withExtension: nil) }

    /// Loads the templates and assets shipped with the module.
    public static func load() throws -> ViewRenderer {
        guard let resources = resourcesURL else {
            throw LoadError(description: "the Resources folder is missing from the CartableWeb bundle")
        }
        return try load(from: resources)
    }

    /// Loads templates from `resources/Templates` and assets from `resources/Static`.
    public static func load(from resources: URL) throws -> ViewRenderer {
        var library = MustacheLibrary()
        for template in Template.allCases {
            let url = resources.appendingPathComponent("Templates/\(template.rawValue).mustache")
            guard let text = try? String(contentsOf: url, encoding: .utf8) else {
                throw LoadError(description: "template \(template.rawValue).mustache is missing")
            }
            do {
                try library.register(text, named: template.rawValue)
            } catch {
                throw LoadError(description: "template \(template.rawValue).mustache does not parse: \(error)")
            }
        }
        let cssURL = resources.appendingPathComponent("Static/app.css")
        guard let css = try? Data(contentsOf: cssURL) else { throw LoadError(description: "Static/app.css is missing") }
        return ViewRenderer(
            library: library, stylesheet: StaticAsset(name: "app", fileExtension: "css", contentType: "text/css; charset=utf-8", bytes: css))
    }

    private init(library: MustacheLibrary, stylesheet: StaticAsset) {
        self.library = library
        self.stylesheet = stylesheet
    }

    /// Renders `template` with the page's content inside the layout.
    public func render<Content>(_ template: Template, content: Content, layout: LayoutModel, localizer: Localizer) -> String {
        let page = PageContext(t: localizer.table, layout: layout, content: content)
        return library.render(page, withTemplate: template.rawValue) ?? ""
    }

    /// An HTML response for a page.
    public func page<Content>(
        _ template: Template, content: Content, layout: LayoutModel, localizer: Localizer, status: HTTPResponse.Status = .ok
    ) -> Response {
        let html = render(template, content: content, layout: layout, localizer: localizer)
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}

/// What every template sees at its root.
struct PageContext<Content> {
    /// The catalogue in the reader's language.
    let t: [String: String]
    /// The frame of the page.
    let layout: LayoutModel
    /// The page's own data.
    let content: Content
}

/// A file served from memory under a name that changes when its content does, so browsers may keep it forever.
public struct StaticAsset: Sendable {
    /// The URL path, e.g. `/static/app.3f9a1c0b2d.css`.
    public let path: String
    /// The `Content-Type`.
    public let contentType: String
    /// The bytes.
    public let bytes: ByteBuffer
    /// A strong ETag.
    public let etag: String

    /// Creates the asset and its fingerprint.
    public init(name: String, fileExtension: String, contentType: String, bytes: Data) {
        let digest = SHA256.hash(data: bytes).hexString
        let fingerprint = String(digest.prefix(12))
        self.path = "/static/\(name).\(fingerprint).\(fileExtension)"
        self.contentType = contentType
        self.bytes = ByteBuffer(bytes: bytes)
        self.etag = "\"\(fingerprint)\""
    }
}
