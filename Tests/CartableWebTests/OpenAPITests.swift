import CartableCore
import CartableStore
import CartableTestSupport
import Foundation
import Hummingbird
import Testing

@testable import CartableWeb

/// The OpenAPI document describes exactly the API the router serves: no route undocumented, no document without a route.
@Suite struct OpenAPITests {
    @Test func theDocumentListsEveryAPIRouteAndNoOther() async throws {
        let (database, dispose) = try await TestDatabase.make(.sqlite)
        defer { Task { await dispose() } }
        let services = AppServices.make(
            configuration: AppConfiguration(), database: database, passwords: BcryptPasswordHasher(cost: 10, threads: 1),
            views: try ViewRenderer.load(),
            blobs: try BlobStore(root: FileManager.default.temporaryDirectory.appendingPathComponent("cartable-openapi-blobs")),
            logger: .init(label: "test"))
        let router = try await buildRouter(services: services)
        let served = Set(
            router.routes.map { route -> String in
                let path = route.path.description
                    .split(separator: "/").map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }.joined(separator: "/")
                return "\(route.method.rawValue) /\(path)"
            }.filter { $0.contains(" /api/v1/") })

        let url = try #require(ViewRenderer.resourcesURL?.appendingPathComponent("openapi.json"))
        let document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        #expect(document["openapi"] as? String == "3.1.0")
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        var documented: Set<String> = []
        for (path, operations) in paths {
            for method in operations.keys where ["get", "post", "put", "patch", "delete"].contains(method) {
                documented.insert("\(method.uppercased()) \(path)")
            }
        }
        #expect(served.count > 10)
        #expect(served.subtracting(documented).isEmpty, "served but not documented: \(served.subtracting(documented).sorted())")
        #expect(documented.subtracting(served).isEmpty, "documented but not served: \(documented.subtracting(served).sorted())")
        await database.shutdown()
    }
}
