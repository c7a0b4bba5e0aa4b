import CompressNIO
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
        case entryCardHead = "entry-card-head"
        case childTabs = "child-tabs"
        case classes, devices, accounts
        case accountNew = "account-new"
        case account
        case work
        case workProgress = "work-progress"
        case submission
        case assignmentForm = "assignment-form"
        case documents
        case documentList = "document-list"
        case signinCode = "signin-code"
        case security
        case recoveryCodes = "recovery-codes"
        case securityLog = "security-log"
        case privacy
        case privacyForm = "privacy-form"
        case accountPurge = "account-purge"
        case timetable
        case courseRow = "course-row"
        case occurrenceForm = "occurrence-form"
        case extraCourse = "extra-course"
        case calendar
        case timetableImport = "timetable-import"
        case schoolYear = "school-year"
        case liveJoin = "live-join"
        case liveMode = "live-mode"
        case videoSettings = "video-settings"
        case roll
        case attendance
        case justify
        case justifications
        case schoolDay = "school-day"
        case incidents
        case alerts
        case reasons
        case remoteDays = "remote-days"
        case messages
        case messageNew = "message-new"
        case messageThread = "message-thread"
        case messagingSettings = "messaging-settings"
        case announcements
        case announcementItem = "announcement-item"
        case announcementForm = "announcement-form"
        case announcement
        case banners
        case notificationSettings = "notification-settings"
        case unsubscribe
        case activate
        case activatePassword = "activate-password"
        case importForm = "import-form"
        case importPreview = "import-preview"
        case letters
        case lettersPrint = "letters-print"
        case school
        case structureClasses = "structure-classes"
        case structureClass = "structure-class"
        case pending
        case audit
        case charter
    }

    /// A failure to load the views.
    public struct LoadError: Error, CustomStringConvertible {
        /// What went wrong.
        public var description: String
    }

    private let library: MustacheLibrary
    /// The stylesheet, with its fingerprinted path.
    public let stylesheet: StaticAsset
    /// The pages' script (drafts, offline), with its fingerprinted path.
    public let script: StaticAsset
    /// Files served under fixed names: the service worker (which must live at the root), the web app manifest and its icons.
    public let fixedFiles: [StaticAsset]

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
        func file(_ name: String) throws -> Data {
            guard let data = try? Data(contentsOf: resources.appendingPathComponent("Static/\(name)")) else {
                throw LoadError(description: "Static/\(name) is missing")
            }
            return data
        }
        let fixed =
            [
                StaticAsset(fixedPath: "/sw.js", contentType: "text/javascript; charset=utf-8", bytes: try file("sw.js"), maxAge: 0),
                StaticAsset(
                    fixedPath: "/static/manifest.webmanifest", contentType: "application/manifest+json", bytes: try file("manifest.webmanifest"),
                    maxAge: 86_400),
            ]
            + (try ["icon-192.png", "icon-512.png", "icon-maskable-512.png"].map {
                StaticAsset(fixedPath: "/static/\($0)", contentType: "image/png", bytes: try file($0), maxAge: 86_400)
            })
        return ViewRenderer(
            library: library,
            stylesheet: StaticAsset(name: "app", fileExtension: "css", contentType: "text/css; charset=utf-8", bytes: try file("app.css")),
            script: StaticAsset(name: "app", fileExtension: "js", contentType: "text/javascript; charset=utf-8", bytes: try file("app.js")),
            fixedFiles: fixed)
    }

    private init(library: MustacheLibrary, stylesheet: StaticAsset, script: StaticAsset, fixedFiles: [StaticAsset]) {
        self.library = library
        self.stylesheet = stylesheet
        self.script = script
        self.fixedFiles = fixedFiles
    }

    /// Renders `template` with the page's content inside the layout.
    public func render<Content>(_ template: Template, content: Content, layout: LayoutModel, localizer: Localizer) -> String {
        let page = PageContext(t: localizer.table, layout: layout, content: content)
        return library.render(MustacheBoxing.box(page) ?? [:], withTemplate: template.rawValue) ?? ""
    }

    /// Renders a fragment (no layout) with `content` at its root and the catalogue as `t`.
    func renderFragment(_ template: Template, content: Any, localizer: Localizer) -> String {
        var context = MustacheBoxing.box(content) as? [String: Any] ?? [:]
        context["t"] = localizer.table
        return library.render(context, withTemplate: template.rawValue) ?? ""
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
    /// `Cache-Control` for it.
    public let cacheControl: String
    /// The bytes gzipped once at start-up (text only), for clients that accept it.
    public let gzipped: ByteBuffer?

    /// Creates the asset and its fingerprint.
    public init(name: String, fileExtension: String, contentType: String, bytes: Data) {
        let digest = SHA256.hash(data: bytes).hexString
        let fingerprint = String(digest.prefix(12))
        self.path = "/static/\(name).\(fingerprint).\(fileExtension)"
        self.contentType = contentType
        self.bytes = ByteBuffer(bytes: bytes)
        self.etag = "\"\(fingerprint)\""
        self.cacheControl = "public, max-age=31536000, immutable"
        self.gzipped = Self.gzip(contentType: contentType, bytes: self.bytes)
    }

    /// Text worth compressing, compressed; `nil` for images (already compressed) or when it would not shrink.
    static func gzip(contentType: String, bytes: ByteBuffer) -> ByteBuffer? {
        guard contentType.hasPrefix("text/") || contentType.contains("json") else { return nil }
        var input = bytes
        guard let compressed = try? input.compress(with: .gzip()), compressed.readableBytes < bytes.readableBytes else { return nil }
        return compressed
    }

    /// An asset under a fixed path, revalidated after `maxAge` seconds (0: every time).
    public init(fixedPath: String, contentType: String, bytes: Data, maxAge: Int) {
        self.path = fixedPath
        self.contentType = contentType
        self.bytes = ByteBuffer(bytes: bytes)
        self.etag = "\"\(SHA256.hash(data: bytes).hexString.prefix(16))\""
        self.cacheControl = maxAge == 0 ? "no-cache" : "public, max-age=\(maxAge)"
        self.gzipped = Self.gzip(contentType: contentType, bytes: self.bytes)
    }
}

/// Turns a page's view models into dictionaries once, before rendering.
///
/// Mustache looks every `{{name}}` up through the stack of open sections; on plain structs each
/// look-up reflects (`Mirror`) every struct of the stack again, which was three quarters of the CPU
/// time of *Aujourd'hui* under load (see BENCHMARKS.md). Reflected once into `[String: Any]`, each
/// look-up is a dictionary access.
enum MustacheBoxing {
    /// The value ready for rendering; `nil` for an absent optional (left out, as Mustache treats a missing key).
    static func box(_ value: Any) -> Any? {
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .optional:
            guard let wrapped = mirror.children.first else { return nil }
            return box(wrapped.value)
        case .struct, .class:
            var fields: [String: Any] = [:]
            for child in mirror.children {
                if let label = child.label, let boxed = box(child.value) { fields[label] = boxed }
            }
            return fields
        case .collection, .set:
            return mirror.children.compactMap { box($0.value) }
        default:
            // Strings, numbers, booleans, and the catalogue (a dictionary Mustache reads directly).
            return value
        }
    }
}
