import CartableCore
import CartableStore
import Foundation
import HTTPTypes
import Hummingbird
import Metrics
import NIOCore
import Prometheus

/// The node's metrics in Prometheus format at `/metrics`: requests by route and status with latency
/// histograms and requests in flight (Hummingbird's `MetricsMiddleware`), session cache hits, refusals
/// by reason, database operations in flight.
public enum Observability {
    /// The registry every metric of the process goes to; the metrics system is bootstrapped on first use (once per process).
    public static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
            .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2), .seconds(5),
        ]
        MetricsSystem.bootstrap(factory)
        return registry
    }()

    static let sessionCacheHits = Counter(label: "cartable_session_cache_total", dimensions: [("result", "hit")])
    static let sessionCacheMisses = Counter(label: "cartable_session_cache_total", dimensions: [("result", "miss")])
    /// Database operations (reads, writes), to show what does not query (the live streams' fan-out).
    static let databaseOperations = Counter(label: "cartable_database_operations_total")
    /// E-mail notifications sent (outbox lines).
    static let emailsSent = Counter(label: "cartable_emails_sent_total")
    /// Event streams refused because the node was saturated.
    static let streamsShed = Counter(label: "cartable_live_streams_shed_total")
    static let classCacheHits = Counter(label: "cartable_class_cache_total", dimensions: [("result", "hit")])
    static let classCacheMisses = Counter(label: "cartable_class_cache_total", dimensions: [("result", "miss")])
    static let databaseInUse = Meter(label: "cartable_database_operations_in_flight")
    /// Calls to the live-class server (BigBlueButton), by call and outcome: `create`/`running`, `ok`/`failed`.
    static let liveCreates = Counter(label: "cartable_live_class_calls_total", dimensions: [("call", "create"), ("result", "ok")])
    static let liveCreateFailures = Counter(label: "cartable_live_class_calls_total", dimensions: [("call", "create"), ("result", "failed")])
    static let liveRunningChecks = Counter(label: "cartable_live_class_calls_total", dimensions: [("call", "running"), ("result", "ok")])
    static let liveRunningFailures = Counter(label: "cartable_live_class_calls_total", dimensions: [("call", "running"), ("result", "failed")])
    /// Joins through Cartable, by result: `redirected`, `waiting` (the teacher has not started), `refused`, `failed`.
    static let liveJoinsRedirected = Counter(label: "cartable_live_class_joins_total", dimensions: [("result", "redirected")])
    static let liveJoinsWaiting = Counter(label: "cartable_live_class_joins_total", dimensions: [("result", "waiting")])
    static let liveJoinsFailed = Counter(label: "cartable_live_class_joins_total", dimensions: [("result", "failed")])

    /// Counts a session look-up served from memory or from the database.
    static func sessionLookup(cached: Bool) {
        (cached ? sessionCacheHits : sessionCacheMisses).increment()
    }

    /// Why a request was refused before any work.
    enum Refusal: String, CaseIterable {
        case addressRate = "address_rate"
        case accountRate = "account_rate"
        case signInThrottle = "sign_in_throttle"
    }

    private static let refusals = Dictionary(
        uniqueKeysWithValues: Refusal.allCases.map { ($0, Counter(label: "cartable_refused_total", dimensions: [("reason", $0.rawValue)])) })

    /// Counts a refused request.
    static func refused(_ reason: Refusal) {
        refusals[reason]?.increment()
    }
}

/// `/metrics`, for the operator's Prometheus: answered only to the node's own network (loopback or
/// private addresses) and never through the proxy (a request carrying `X-Forwarded-For` gets 404).
struct MetricsRoutes: Sendable {
    /// The metrics.
    static let metrics = Path("/metrics")

    func addRoutes(to router: some RouterMethods<AppRequestContext>) {
        router.get(Self.metrics) { request, context in
            guard request.headers[HTTPField.Name("X-Forwarded-For")!] == nil, Self.isInternal(context.remoteAddress) else {
                throw NotFound()
            }
            let bytes = Observability.registry.emitToBuffer()
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        }
    }
}

extension MetricsRoutes {
    /// Loopback, RFC 1918 and unique-local addresses (and no address at all: in-process tests).
    static func isInternal(_ address: SocketAddress?) -> Bool {
        guard let address else { return true }
        guard let ip = address.ipAddress else { return address.protocol == .unix }
        if ip == "::1" || ip.hasPrefix("127.") || ip.hasPrefix("10.") || ip.hasPrefix("192.168.") || ip.lowercased().hasPrefix("fd") {
            return true
        }
        if ip.hasPrefix("172."), let second = ip.split(separator: ".").dropFirst().first.flatMap({ Int($0) }) { return (16...31).contains(second) }
        return ip.hasPrefix("::ffff:127.")
    }
}

/// A database that counts the operations in flight (pool use, seen from the node).
struct MeteredDatabase: SQLDatabase {
    let base: any SQLDatabase

    var dialect: SQLDialect { base.dialect }

    func read<Result: Sendable>(_ body: @escaping @Sendable (any SQLConnection) async throws -> Result) async throws -> Result {
        Observability.databaseInUse.increment()
        Observability.databaseOperations.increment()
        defer { Observability.databaseInUse.decrement() }
        return try await base.read(body)
    }

    func write<Result: Sendable>(_ body: @escaping @Sendable (any SQLConnection) async throws -> Result) async throws -> Result {
        Observability.databaseInUse.increment()
        Observability.databaseOperations.increment()
        defer { Observability.databaseInUse.decrement() }
        return try await base.write(body)
    }

    func writeStatement(_ query: SQLQuery) async throws -> [SQLRow] {
        Observability.databaseInUse.increment()
        Observability.databaseOperations.increment()
        defer { Observability.databaseInUse.decrement() }
        return try await base.writeStatement(query)
    }

    func run() async throws { try await base.run() }
    func notifyChange(_ payload: String) async throws { try await base.notifyChange(payload) }
    func listenForChanges(_ handler: @escaping @Sendable (String) -> Void) async throws { try await base.listenForChanges(handler) }

    func shutdown() async { await base.shutdown() }
}
