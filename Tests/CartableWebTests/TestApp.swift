import CartableCore
import CartableStore
import CartableTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdBcrypt
import HummingbirdTesting
import Logging
import NIOCore

@testable import CartableWeb

/// A signed-in device for tests: its cookie and the CSRF token its forms carry.
struct TestSession: Sendable {
    var token: String
    var csrf: String
    var cookie: String { "cartable_session=\(token)" }
}

/// The real application on a fresh database seeded with ``World``, driven through the router.
struct TestApp: Sendable {
    let client: any TestClientProtocol
    let world: World
    let services: AppServices
    let clock: TestClock

    /// A bcrypt hash (cost 10) of ``World/password``, computed once.
    static let passwordHash = Bcrypt.hash(World.password, cost: 10)

    static func run(
        engine: TestEngine = .sqlite, configure: @Sendable (inout AppConfiguration) -> Void = { _ in },
        _ body: @Sendable (TestApp) async throws -> Void
    ) async throws {
        let (database, dispose) = try await TestDatabase.make(engine)
        let blobDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("cartable-blobs-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: blobDirectory) }
        do {
            var configuration = AppConfiguration()
            configuration.passwordCost = 10
            configure(&configuration)
            var logger = Logger(label: "cartable.tests")
            logger.logLevel = .error
            let clock = TestClock()
            let services = AppServices(
                configuration: configuration, storage: Storage(database: database), clock: clock,
                passwords: BcryptPasswordHasher(cost: 10, threads: 2), views: try ViewRenderer.load(),
                blobs: try BlobStore(root: blobDirectory, scanner: configuration.clamd.flatMap { ClamdScanner($0) }), logger: logger)
            let app = try await buildApplication(configuration: configuration, services: services)
            let world = World(passwordHash: passwordHash)
            try await app.test(.router) { client in
                try await world.seed(services.storage)
                try await body(TestApp(client: client, world: world, services: services, clock: clock))
            }
        } catch {
            await dispose()
            throw error
        }
        await dispose()
    }

    /// Opens a session for `user` straight in the store (no password check), as a remembered device.
    func session(for user: User) async throws -> TestSession {
        let token = Self.randomToken()
        let now = clock.now()
        let session = DeviceSession(
            id: .make(using: RandomIdentifierGenerator()), userID: user.id, schoolID: user.schoolID, createdAt: now, lastSeenAt: now,
            expiresAt: now.addingTimeInterval(30 * 86_400), isRemembered: true, deviceLabel: "Test", csrfToken: Self.randomToken())
        try await services.storage.sessions.createSession(session, tokenDigest: Self.digest(token))
        return TestSession(token: token, csrf: session.csrfToken)
    }

    static func randomToken() -> String { SessionToken.make() }

    static func digest(_ token: String) -> String { SessionToken.digest(token) }

    // MARK: Requests

    func get(_ path: String, as session: TestSession? = nil, headers: HTTPFields = [:]) async throws -> TestResponse {
        var headers = headers
        if let session { headers[.cookie] = session.cookie }
        return try await client.execute(uri: path, method: .get, headers: headers)
    }

    /// Posts a form; the session's CSRF token is added unless `csrf` says otherwise.
    func post(
        _ path: String, form fields: [(String, String)], as session: TestSession? = nil, csrf: String? = nil, headers: HTTPFields = [:]
    ) async throws -> TestResponse {
        var headers = headers
        if let session { headers[.cookie] = session.cookie }
        headers[.contentType] = "application/x-www-form-urlencoded"
        var all = fields
        if let token = csrf ?? session?.csrf { all.insert(("_csrf", token), at: 0) }
        let body = all.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        return try await client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(string: body))
    }

    /// Sends JSON to the API.
    func json(
        _ method: HTTPRequest.Method, _ path: String, body: String? = nil, as session: TestSession? = nil, headers: HTTPFields = [:]
    ) async throws -> TestResponse {
        var headers = headers
        if let session { headers[.cookie] = session.cookie }
        if body != nil && headers[.contentType] == nil { headers[.contentType] = "application/json" }
        return try await client.execute(uri: path, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
    }

    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(
            withAllowedCharacters: CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"))
            ?? ""
    }

    // MARK: Reading the database

    func entryCount() async throws -> Int {
        try await services.storage.database.query("SELECT count(*) FROM notebook_entries").first?.first(as: Int.self) ?? -1
    }

    func userCount() async throws -> Int {
        try await services.storage.database.query("SELECT count(*) FROM users").first?.first(as: Int.self) ?? -1
    }
}

extension TestResponse {
    /// The body as text.
    var text: String { String(buffer: body) }

    /// The page's visible text, roughly: tags removed, entities decoded, spaces collapsed.
    var visibleText: String {
        var text = self.text
        text = text.replacingOccurrences(of: "<[^>]+>", with: " ", options: .regularExpression)
        for (entity, character) in [("&#39;", "'"), ("&quot;", "\""), ("&lt;", "<"), ("&gt;", ">"), ("&amp;", "&")] {
            text = text.replacingOccurrences(of: entity, with: character)
        }
        return text.replacingOccurrences(of: "\\s+", with: " ", options: .regularExpression)
    }

    /// The value of the `Set-Cookie` header for `name`, if any.
    func setCookie(_ name: String) -> String? {
        headers[values: .setCookie].first { $0.hasPrefix("\(name)=") }
    }

    /// Decodes a JSON body.
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(T.self, from: Data(buffer: body))
    }
}
