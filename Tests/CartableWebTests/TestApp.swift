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
import Synchronization

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

    /// - Parameters:
    ///   - setup: `.router` (requests handed to the router) or `.live` (a real server on a free port, for what only a socket shows).
    ///   - logs: where the application's log lines go, if a test reads them (else errors only, to the console).
    ///   - random: the application's random numbers (the system's unless a test pins them).
    static func run(
        engine: TestEngine = .sqlite, setup: TestingSetup = .router, logs: RecordedLogs? = nil, random: any RandomSource = SystemRandomSource(),
        configure: @Sendable (inout AppConfiguration) -> Void = { _ in },
        _ body: @Sendable (TestApp) async throws -> Void
    ) async throws {
        let (database, dispose) = try await TestDatabase.make(engine)
        let blobDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("cartable-blobs-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: blobDirectory) }
        do {
            var configuration = AppConfiguration()
            configuration.passwordCost = 10
            configure(&configuration)
            var logger =
                logs.map { logs in Logger(label: "cartable.tests") { _ in RecordingLogHandler(logs: logs) } } ?? Logger(label: "cartable.tests")
            logger.logLevel = logs == nil ? .error : .info
            let clock = TestClock()
            let services = AppServices.make(
                configuration: configuration, database: database, clock: clock, random: random,
                passwords: BcryptPasswordHasher(cost: 10, threads: 2), views: try ViewRenderer.load(),
                blobs: try BlobStore(root: blobDirectory, scanner: configuration.clamd.flatMap { ClamdScanner($0) }), logger: logger)
            let app = try await buildApplication(configuration: configuration, services: services)
            let world = World(passwordHash: passwordHash)
            try await app.test(setup) { client in
                try await world.seed(services.storage)
                let file = try await services.blobs.store(TestApp.documentBytes, name: "cours.pdf")
                for document in world.documents(file: file) { try await services.storage.documents.addDocument(document) }
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

    /// The content of the world's documents.
    static let documentBytes = Array("%PDF-1.4\n% Cartable test\n%%EOF\n".utf8)

    /// Sends a file as a page's form does (`multipart/form-data`, the CSRF token in the address).
    func upload(
        _ path: String, fields: [(String, String)] = [], fileName: String = "photo.png", bytes: [UInt8], as session: TestSession?,
        csrf: String? = nil
    ) async throws -> TestResponse {
        let boundary = "----cartable-test-boundary"
        var body = ByteBuffer()
        for (name, value) in fields {
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
        }
        body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(fileName)\"\r\n")
        body.writeString("Content-Type: application/octet-stream\r\n\r\n")
        body.writeBytes(bytes)
        body.writeString("\r\n--\(boundary)--\r\n")
        var headers = HTTPFields()
        if let session { headers[.cookie] = session.cookie }
        headers[.contentType] = "multipart/form-data; boundary=\(boundary)"
        let token = csrf ?? session?.csrf ?? ""
        return try await client.execute(uri: path + "?_csrf=\(Self.encode(token))", method: .post, headers: headers, body: body)
    }

    /// Sends raw bytes to the API.
    func raw(_ path: String, bytes: [UInt8], as session: TestSession?) async throws -> TestResponse {
        var headers = HTTPFields()
        if let session { headers[.cookie] = session.cookie }
        headers[.contentType] = "application/octet-stream"
        return try await client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(bytes: bytes))
    }

    /// A fingerprint of everything a request could write: counts and revisions of every table.
    func writtenState() async throws -> [Int] {
        var state: [Int] = []
        for query in [
            "SELECT count(*) FROM notebook_entries", "SELECT count(*) FROM users WHERE is_disabled = 1", "SELECT count(*) FROM assignments",
            "SELECT count(*) FROM submissions", "SELECT CAST(coalesce(sum(revision), 0) AS BIGINT) FROM submissions",
            "SELECT count(handed_in_at) FROM submissions", "SELECT count(returned_at) FROM submissions",
            "SELECT count(*) FROM submission_files", "SELECT count(*) FROM documents",
            "SELECT CAST(coalesce(sum(due_minutes + length(instructions)), 0) AS BIGINT) FROM assignments",
            "SELECT count(*) FROM two_factor", "SELECT count(*) FROM recovery_codes", "SELECT count(*) FROM school_security",
            "SELECT count(*) FROM privacy_texts", "SELECT count(*) FROM retention_settings", "SELECT count(purged_at) FROM users",
            "SELECT count(*) FROM course_changes", "SELECT count(*) FROM weekly_courses", "SELECT count(*) FROM school_holidays",
            "SELECT count(*) FROM school_years WHERE last_day = '2027-07-03'", "SELECT count(*) FROM course_live",
            "SELECT count(*) FROM course_joins", "SELECT count(*) FROM school_video_settings",
            "SELECT count(*) FROM rolls", "SELECT CAST(coalesce(sum(revision), 0) AS BIGINT) FROM attendance_marks",
            "SELECT count(*) FROM absence_reasons", "SELECT count(*) FROM incident_windows", "SELECT count(*) FROM incident_lifts",
            "SELECT count(*) FROM justifications", "SELECT count(decided_at) FROM justifications", "SELECT count(*) FROM roll_reminders", "SELECT count(*) FROM signal_decisions",
            "SELECT count(*) FROM message_threads", "SELECT count(*) FROM messages", "SELECT count(*) FROM message_recipients",
            "SELECT count(read_at) FROM message_recipients", "SELECT count(recalled_at) FROM messages", "SELECT count(hidden_at) FROM message_boxes",
            "SELECT count(*) FROM message_reports", "SELECT count(*) FROM messaging_suspensions", "SELECT count(*) FROM messaging_switch_log",
            "SELECT count(*) FROM messaging_rules", "SELECT count(*) FROM announcements", "SELECT count(*) FROM announcement_acks",
            "SELECT count(*) FROM banners", "SELECT count(*) FROM notification_settings", "SELECT count(*) FROM email_outbox", "SELECT CAST(coalesce(sum(ends_at), 0) AS BIGINT) FROM banners",
            "SELECT count(*) FROM users", "SELECT count(*) FROM users WHERE password_hash = ''", "SELECT count(*) FROM classes",
            "SELECT count(closed_at) FROM classes", "SELECT count(*) FROM enrolments", "SELECT count(*) FROM guardianships",
            "SELECT count(*) FROM teachings", "SELECT count(*) FROM activation_codes", "SELECT count(*) FROM school_charters",
            "SELECT count(*) FROM imports", "SELECT count(*) FROM audit_log", "SELECT count(*) FROM remote_days",
            "SELECT count(*) FROM attendance_settings", "SELECT CAST(coalesce(sum(pupils_of_age_justify), 0) AS BIGINT) FROM attendance_settings",
            "SELECT count(birth_date) FROM users",
        ] {
            state.append(try await services.storage.database.query(SQLQuery(stringLiteral: query)).first?.first(as: Int.self) ?? -1)
        }
        return state
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

/// Log lines kept for a test to read.
final class RecordedLogs: Sendable {
    private let lines = Mutex<[(level: Logger.Level, message: String)]>([])

    func append(_ level: Logger.Level, _ message: String) { lines.withLock { $0.append((level, message)) } }

    /// The lines at `level` or above.
    func lines(atLeast level: Logger.Level) -> [String] { lines.withLock { $0.filter { $0.level >= level }.map(\.message) } }
}

/// A log handler that writes into ``RecordedLogs``.
struct RecordingLogHandler: LogHandler {
    let logs: RecordedLogs
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .info

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        logs.append(event.level, "\(event.message) \(event.metadata ?? [:])")
    }
}
