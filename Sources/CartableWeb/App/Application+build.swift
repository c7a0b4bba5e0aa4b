import CartableCore
import CartableStore
import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import ServiceLifecycle

/// The one place where the application is wired. The server and the tests both call it, so tests run the real thing.
///
/// - Parameters:
///   - configuration: the node's settings.
///   - services: every collaborator (storage, clock, hasher, views…).
///   - beforeServing: run after the schema is migrated and before the server listens.
///   - onServerRunning: called once the server listens, with the port it got.
public func buildApplication(
    configuration: AppConfiguration, services: AppServices, beforeServing: @escaping @Sendable () async throws -> Void = {},
    onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) async throws -> some ApplicationProtocol {
    let router = try await buildRouter(services: services)
    let connections = configuration.maximumConnections ?? OpenFiles.raiseToTheHardLimit() - 1_024
    let idle = configuration.idleTimeout.components
    var application = Application(
        router: router,
        server: .http1(configuration: .init(idleTimeout: .nanoseconds(idle.seconds * 1_000_000_000 + idle.attoseconds / 1_000_000_000))),
        configuration: .init(
            address: .hostname(configuration.host, port: configuration.port), serverName: "Cartable", backlog: ServerTuning.backlog,
            availableConnectionsDelegate: MaximumAvailableConnections(max(64, connections))),
        services: [DatabaseService(database: services.storage.database)],
        onServerRunning: { channel in
            // At 9:00 thousands of connections arrive within a second: the listening socket takes up to this many of
            // them each time it is woken (NIO's default is 4, so that a busy node left them in the kernel's queue
            // for seconds while the requests they had sent waited unseen; measured in BENCHMARKS.md, "Overload at the door").
            try? await channel.setOption(ChannelOptions.maxMessagesPerRead, value: ServerTuning.acceptsPerWakeUp)
            services.logger.notice("listening", metadata: ["address": "\(channel.localAddress?.description ?? "?")"])
            await onServerRunning(channel.localAddress?.port ?? configuration.port)
        },
        logger: services.logger)
    application.beforeServerStarts {
        try await Migrator().migrate(services.storage.database, logger: services.logger)
        try await beforeServing()
    }
    application.addServices(
        SessionSweeper(
            sessions: services.storage.sessions, securityLog: services.storage.securityLog, securityLogDays: configuration.securityLogDays,
            clock: services.clock, logger: services.logger))
    application.addServices(NodeSignalsWriter(signals: services.signals, storage: services.storage, logger: services.logger))
    application.addServices(
        ContentVersionsPoller(versions: services.storage.versions, database: services.storage.database, logger: services.logger))
    application.addServices(ChangeFeed(database: services.storage.database, versions: services.storage.versions, logger: services.logger))
    application.addServices(LiveHeartbeat(hub: services.live))
    if let smtp = configuration.smtp { application.addServices(EmailDispatcher(services: services, smtp: smtp, interval: .seconds(2))) }
    return application
}

/// Builds the router with its middleware and every feature's routes.
///
/// Three kinds of route, each with its own middleware, so that no middleware looks at the path to
/// know what it is serving:
/// - what is served from memory to anyone (health, metrics, static files, the OpenAPI document):
///   headers, metrics, the access log and the per-address rate limit only; it never waits for admission;
/// - the pages' group: errors as HTML pages, sessions, admission (the waiting room as a page),
///   rate limits, and the forms' CSRF token;
/// - the API's group: the same, with errors and the waiting room as JSON and the API's CSRF rule.
/// The groups share one admission controller, one waiting room and each rate limit's buckets.
/// A path no feature declares gets its group's 404 (``FallbackRoutes``); only a known path asked with a
/// method it does not take falls through to the router's own error middleware, which answers as HTML
/// for a browser and JSON for anyone else.
public func buildRouter(services: AppServices) async throws -> Router<AppRequestContext> {
    let decoyHash = try await services.passwords.hash(SessionToken.make())
    let authenticator = Authenticator(services: services, decoyHash: decoyHash)
    let configuration = services.configuration
    let router = Router(context: AppRequestContext.self)
    router.add(middleware: SecurityHeadersMiddleware(configuration: configuration))
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: AccessLogMiddleware())
    router.add(middleware: ErrorMiddleware(views: services.views, format: .asAccepted, knowsSession: false))

    let addressBuckets = TokenBuckets(rule: configuration.addressRate)
    func limitedByAddress() -> RateLimitMiddleware {
        RateLimitMiddleware(key: .address, buckets: addressBuckets, proxies: configuration.trustedProxies, clock: services.clock)
    }
    let served = router.group().add(middleware: limitedByAddress())
    HealthRoutes(database: services.storage.database).addRoutes(to: served)
    MetricsRoutes().addRoutes(to: served)
    StaticRoutes(views: services.views, openAPI: try OpenAPIDocument.load()).addRoutes(to: served)

    let accountBuckets = TokenBuckets(rule: configuration.accountRate)
    let admission = AdmissionController(
        limit: configuration.admissionLimit, queueLimit: configuration.admissionQueue, maximumWait: configuration.admissionWait,
        clock: services.clock)
    let room = WaitingRoom(secret: configuration.ticketSecret)
    func group(isAPI: Bool) -> RouterGroup<AppRequestContext> {
        let format: ErrorMiddleware.Format = isAPI ? .json : .page
        let group = router.group()
            .add(middleware: ErrorMiddleware(views: services.views, format: format, knowsSession: false, signals: services.signals))
            .add(middleware: limitedByAddress())
            .add(middleware: SessionMiddleware(authenticator: authenticator, configuration: configuration))
            .add(
                middleware: AdmissionMiddleware(
                    controller: admission, room: room, configuration: configuration, clock: services.clock, random: services.random, isAPI: isAPI,
                    signals: services.signals))
            .add(middleware: ErrorMiddleware(views: services.views, format: format, knowsSession: true, signals: services.signals))
            .add(
                middleware: RateLimitMiddleware(
                    key: .account, buckets: accountBuckets, proxies: configuration.trustedProxies, clock: services.clock))
            .add(middleware: CSRFMiddleware(maximumBodySize: configuration.maximumBodySize, isAPI: isAPI))
        return isAPI ? group : group.add(middleware: MessageCountMiddleware(services: services))
    }

    // Calendar feeds: fetched by calendar apps with the secret in the path, no session and no form, so neither
    // the session nor the CSRF layer; admission still applies (an anonymous request, deferred first under load).
    let feeds = router.group()
        .add(middleware: ErrorMiddleware(views: services.views, format: .json, knowsSession: false))
        .add(middleware: limitedByAddress())
        .add(
            middleware: AdmissionMiddleware(
                controller: admission, room: room, configuration: configuration, clock: services.clock, random: services.random, isAPI: true,
                signals: services.signals))
    CalendarFeedPages(services: services).addFeedRoutes(to: feeds)
    NotificationPages(services: services).addUnsubscribeRoutes(to: feeds)

    let pages = group(isAPI: false)
    SignInPages(services: services, authenticator: authenticator).addRoutes(to: pages)
    DevicePages(services: services).addRoutes(to: pages)
    TwoFactorPages(services: services, authenticator: authenticator).addRoutes(to: pages)
    SecurityLogPages(services: services).addRoutes(to: pages)
    PrivacyPages(services: services).addRoutes(to: pages)
    AccountPurgePages(services: services).addRoutes(to: pages)
    AccountPages(services: services).addRoutes(to: pages)
    NotebookPages(services: services).addRoutes(to: pages)
    AssignmentPages(services: services).addRoutes(to: pages)
    DocumentPages(services: services).addRoutes(to: pages)
    TimetablePages(services: services).addRoutes(to: pages)
    CalendarFeedPages(services: services).addRoutes(to: pages)
    LiveClassPages(services: services).addRoutes(to: pages)
    VideoSettingsPages(services: services).addRoutes(to: pages)
    AttendancePages(services: services).addRoutes(to: pages)
    JustificationPages(services: services).addRoutes(to: pages)
    SchoolDayPages(services: services).addRoutes(to: pages)
    IncidentPages(services: services).addRoutes(to: pages)
    AlertPages(services: services).addRoutes(to: pages)
    ReasonPages(services: services).addRoutes(to: pages)
    RemoteDayPages(services: services).addRoutes(to: pages)
    MessagePages(services: services).addRoutes(to: pages)
    LivePages(services: services, admission: admission).addRoutes(to: pages)
    AnnouncementPages(services: services).addRoutes(to: pages)
    NotificationPages(services: services).addRoutes(to: pages)
    ActivationPages(services: services, authenticator: authenticator).addRoutes(to: pages)
    ImportPages(services: services).addRoutes(to: pages)
    LetterPages(services: services).addRoutes(to: pages)
    StructurePages(services: services).addRoutes(to: pages)
    FallbackRoutes.addPageRoutes(to: pages)

    let api = group(isAPI: true)
    IdentityAPI(services: services, authenticator: authenticator).addRoutes(to: api)
    NotebookAPI(services: services).addRoutes(to: api)
    AssignmentAPI(services: services).addRoutes(to: api)
    DocumentAPI(services: services).addRoutes(to: api)
    TimetableAPI(services: services).addRoutes(to: api)
    FallbackRoutes.addAPIRoutes(to: api)
    return router
}

/// Keeps the database's connections alive for the life of the server and closes them at the end.
struct DatabaseService: Service {
    let database: any SQLDatabase

    func run() async throws {
        try? await cancelWhenGracefulShutdown { try await database.run() }
        await database.shutdown()
    }
}

/// Deletes expired sessions, and security log events past their retention, once an hour.
struct SessionSweeper: Service {
    let sessions: any SessionStore
    let securityLog: any SecurityLogStore
    /// Days the security log keeps an event.
    let securityLogDays: Int
    let clock: any WallClock
    let logger: Logger

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            // Let start-up (migrations) finish first.
            try await Task.sleep(for: .seconds(60))
            while !Task.isCancelled {
                do {
                    let removed = try await sessions.deleteExpiredSessions(before: clock.now())
                    if removed > 0 { logger.info("expired sessions removed", metadata: ["count": "\(removed)"]) }
                    let cutoff = clock.now().addingTimeInterval(-Double(securityLogDays) * 86_400)
                    let forgotten = try await securityLog.deleteEvents(before: cutoff)
                    if forgotten > 0 { logger.info("old security log events removed", metadata: ["count": "\(forgotten)"]) }
                } catch {
                    logger.warning("could not remove expired sessions", metadata: ["error": "\(error)"])
                }
                try await Task.sleep(for: .seconds(3600))
            }
        }
    }
}

/// The OpenAPI document shipped with the module.
enum OpenAPIDocument {
    static func load() throws -> ByteBuffer {
        guard let url = Bundle.module.url(forResource: "Resources", withExtension: nil)?.appendingPathComponent("openapi.json"),
            let data = try? Data(contentsOf: url)
        else { throw ViewRenderer.LoadError(description: "Resources/openapi.json is missing") }
        return ByteBuffer(bytes: data)
    }
}

/// The open-files limit of the process (every connection is one).
enum OpenFiles {
    /// Raises the soft limit to the hard one (what a process may do by itself) and returns it.
    static func raiseToTheHardLimit() -> Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 4_096 }
        if limit.rlim_cur < limit.rlim_max {
            limit.rlim_cur = limit.rlim_max
            _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
            _ = getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        }
        return Int(min(limit.rlim_cur, 1 << 22))
    }
}

/// How the listening socket is tuned for a flood of connections.
enum ServerTuning {
    /// Connections the kernel may hold before they are accepted: as many as it allows (`net.core.somaxconn` caps it;
    /// the README asks operators to raise it), so that the first second of 9:00 waits briefly instead of being dropped
    /// and retried by the clients one, three, seven seconds later.
    static let backlog = 65_535
    /// Connections accepted per wake-up of the listening socket (at most the backlog waiting).
    static let acceptsPerWakeUp: UInt = 256
}
