import CartableCore
import CartableStore
import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import ServiceLifecycle

extension AppServices {
    /// A page that browsers may keep and revalidate: its `ETag` is made from the versions of the
    /// content it shows (``ContentVersions``, in memory), who asks, their form token, the language,
    /// the day and the address, so `If-None-Match` is answered `304` without a query or a render, and
    /// the page itself is rendered once per version and then served from memory (``PageCache``).
    func conditionalPage(
        _ request: Request, context: AppRequestContext, scopes: [String], render: () async throws -> Response
    ) async throws -> Response {
        // Every page's menu shows the person's unread messages: their box's version is part of every page's.
        let inbox = context.viewer.map { [ContentVersions.scope(ofInbox: $0.user.id)] } ?? []
        var parts = (scopes + inbox).sorted().map { "\($0)=\(storage.versions.version(of: $0))" }
        // The banners shown now (one ends by the clock, not by a write).
        parts.append(context.banners.map(\.id).joined(separator: ","))
        parts.append(contentsOf: [
            context.viewer?.user.id.rawValue ?? "-", context.csrfToken, context.language.rawValue,
            context.viewer.map { today(for: $0).iso } ?? "-", request.uri.description, views.stylesheet.path, views.script.path,
        ])
        let digest = SHA256.hash(data: Data(parts.joined(separator: "\n").utf8)).prefix(12).hexString
        let etag = "\"p\(digest)\""
        if request.headers[.ifNoneMatch] == etag {
            return Response(status: .notModified, headers: [.eTag: etag, .cacheControl: "private, no-cache"])
        }
        if let cached = pageCache.page(etag) {
            return Response(status: .ok, headers: cached.headers, body: .init(byteBuffer: cached.body))
        }
        var response = try await render()
        guard response.status == .ok else { return response }
        response.headers[.eTag] = etag
        response.headers[.cacheControl] = "private, no-cache"
        guard response.headers[.setCookie] == nil else { return response }
        let collector = CollectingWriter()
        try await response.body.write(collector)
        pageCache.store(etag, headers: response.headers, body: collector.buffer)
        response.body = .init(byteBuffer: collector.buffer)
        return response
    }

    /// The scopes of what a pupil's pages show: their classes and their own work.
    static func scopes(of pupil: Viewer.Child) -> [String] {
        pupil.classIDs.map { ContentVersions.scope(of: $0) } + [ContentVersions.scope(ofPupil: pupil.pupil.id)]
    }
}
