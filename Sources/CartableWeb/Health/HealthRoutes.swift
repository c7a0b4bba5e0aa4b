import CartableStore
import Hummingbird
import NIOCore

/// `/healthz` (the process answers) and `/readyz` (and its database does), for load balancers and operators.
struct HealthRoutes: Sendable {
    let database: any SQLDatabase

    /// The process answers.
    static let healthz = Path("/healthz")
    /// The process and its database answer.
    static let readyz = Path("/readyz")

    /// Every path of the operator's and the static files' controllers, but the files themselves (their paths come from
    /// their content: ``ViewRenderer``).
    static let all: [any DeclaredPath] = [healthz, readyz, MetricsRoutes.metrics, StaticRoutes.openAPIDocument]

    func addRoutes(to router: some RouterMethods<AppRequestContext>) {
        router.get(Self.healthz) { _, _ in
            Self.text("ok\n", status: .ok)
        }
        router.get(Self.readyz) { _, _ in
            await database.isReachable() ? Self.text("ready\n", status: .ok) : Self.text("database unreachable\n", status: .serviceUnavailable)
        }
    }

    static func text(_ text: String, status: HTTPResponse.Status) -> Response {
        var headers: HTTPFields = [.contentType: "text/plain; charset=utf-8", .cacheControl: "no-store"]
        if status == .serviceUnavailable { headers[.retryAfter] = "5" }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}

/// The fingerprinted stylesheet and script, the service worker, the manifest and its icons, and the OpenAPI document, served from memory.
struct StaticRoutes: Sendable {
    let views: ViewRenderer
    let openAPI: ByteBuffer

    /// The OpenAPI document of the JSON API.
    static let openAPIDocument = Path("/api/v1/openapi.json")

    func addRoutes(to router: some RouterMethods<AppRequestContext>) {
        for asset in [views.stylesheet, views.script] + views.fixedFiles {
            router.get(RouterPath(stringLiteral: asset.path)) { request, _ in
                if request.headers[.ifNoneMatch] == asset.etag {
                    return Response(status: .notModified, headers: [.eTag: asset.etag, .cacheControl: asset.cacheControl])
                }
                var headers: HTTPFields = [.contentType: asset.contentType, .cacheControl: asset.cacheControl, .eTag: asset.etag]
                if let gzipped = asset.gzipped {
                    headers[.vary] = "Accept-Encoding"
                    if request.headers[.acceptEncoding]?.lowercased().contains("gzip") == true {
                        headers[.contentEncoding] = "gzip"
                        return Response(status: .ok, headers: headers, body: .init(byteBuffer: gzipped))
                    }
                }
                return Response(status: .ok, headers: headers, body: .init(byteBuffer: asset.bytes))
            }
        }
        let document = openAPI
        router.get(Self.openAPIDocument) { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "public, max-age=300"],
                body: .init(byteBuffer: document))
        }
    }
}
