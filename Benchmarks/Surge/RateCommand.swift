import ArgumentParser
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// `cartable-surge rate`: one page at a constant rate, latency measured from when each request was
/// due (not when it was sent), so that a stall counts against every request it delayed.
struct RateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rate", abstract: "Request one address at a fixed rate and report latency percentiles (corrected for stalls).")

    @Option(help: "The address to request.") var url: String
    @Option(help: "Session cookie value (cartable_session).") var session: String?
    @Option(help: "Requests per second, in total.") var rate: Double
    @Option(help: "Seconds to run.") var duration = 20.0
    @Option(help: "Connections.") var connections = 64
    @Option(help: "Event-loop threads.") var threads = 1
    @Option(help: "Send POST with this JSON body instead of GET (e.g. a sign-in).") var json: String?
    @Option(help: "The server's process id, to report its peak memory.") var serverPid: Int32?

    func run() async throws {
        guard let address = URL(string: url), let host = address.host else { throw ValidationError("bad --url") }
        let path = address.path.isEmpty ? "/" : address.path + (address.query.map { "?\($0)" } ?? "")
        let port = address.port ?? 80
        let group = MultiThreadedEventLoopGroup(numberOfThreads: threads)
        let stats = Stats()
        // Each connection's requests are due every `interval`, the connections staggered across it.
        let interval = TimeAmount.nanoseconds(Int64((Double(connections) / rate * 1e9).rounded()))
        let start = NIODeadline.now()
        let end = start + .milliseconds(Int64(duration * 1000))
        // The same request every time, built once: the tool shares the cores with the node, so each
        // connection is a plain NIO handler on the event loop (no task, timer or parsing beyond the
        // status line per request).
        let request = OutgoingRequest(
            json == nil ? .GET : .POST, path, host: host, port: port, cookies: session.map { [("cartable_session", $0)] } ?? [], json: json)
        await withTaskGroup(of: Void.self) { tasks in
            for index in 0..<connections {
                tasks.addTask {
                    var due = start + .nanoseconds(interval.nanoseconds * Int64(index) / Int64(connections))
                    // One connection at a time; if it breaks, a new one carries on from the next due time.
                    while due < end, NIODeadline.now() < end {
                        let outcome = RateOutcome(due: due)
                        do {
                            let finished = group.next().makePromise(of: RateOutcome.self)
                            _ = try await ClientBootstrap(group: group)
                                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                                .channelInitializer { channel in
                                    channel.eventLoop.makeCompletedFuture {
                                        try channel.pipeline.syncOperations.addHTTPClientHandlers()
                                        try channel.pipeline.syncOperations.addHandler(
                                            RateHandler(request: request, interval: interval, end: end, outcome: outcome, finished: finished))
                                    }
                                }
                                .connect(host: host, port: port).get()
                            let result = try await finished.futureResult.get()
                            for sample in result.samples {
                                stats.record(
                                    "request", status: sample.status, milliseconds: sample.milliseconds,
                                    refused: sample.status == 503 || sample.status == 429)
                            }
                            if let error = result.error { stats.socketError(error) }
                            due = result.due
                        } catch {
                            stats.socketError("connect: \(error)")
                            due = due + interval
                        }
                    }
                }
            }
        }
        try? await group.shutdownGracefully()
        let kind = stats.kinds.withLock { $0["request"] } ?? Stats.Kind()
        let p = percentiles(kind.served)
        let r = percentiles(kind.refused)
        let statuses = kind.statuses.sorted { $0.key < $1.key }.map { "\($0.key)×\($0.value)" }.joined(separator: " ")
        let memory = serverPid.flatMap { ProcessUsage(pid: $0) }.map { "; server peak memory \(format($0.peakMegabytes)) MB" } ?? ""
        print(
            "\(json == nil ? "GET" : "POST") \(path) offered at \(Int(rate))/s over \(connections) connections for \(Int(duration)) s: "
                + "served \(kind.served.count) (\(Int(Double(kind.served.count) / duration))/s), latency from due time p50 \(format(p.p50)) ms, "
                + "p90 \(format(p.p90)) ms, p99 \(format(p.p99)) ms, max \(format(p.max)) ms; refused \(kind.refused.count) "
                + "(p50 \(format(r.p50)) ms, p99 \(format(r.p99)) ms, max \(format(r.max)) ms); \(statuses); "
                + "socket errors \(stats.socketErrors.withLock { $0.values.reduce(0, +) })\(memory)")
    }
}

/// What one connection of `rate` did: its samples, where its schedule stands, and how it ended.
struct RateOutcome: Sendable {
    struct Sample: Sendable {
        var status: Int
        var milliseconds: Double
    }
    var due: NIODeadline
    var samples: [Sample] = []
    var error: String?
}

/// Sends `request` when each due time comes (at once if it is already past, one at a time on the
/// connection), records each answer's status and its latency from the due time, and completes
/// `finished` at the end time or when the connection breaks.
final class RateHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundOut = HTTPClientRequestPart

    /// The request's parts, built once.
    private let parts: [HTTPClientRequestPart]
    private let interval: TimeAmount
    private let end: NIODeadline
    private var outcome: RateOutcome
    private let finished: EventLoopPromise<RateOutcome>
    private var inFlight: NIODeadline?
    private var status = 0
    private var done = false
    /// The last answer said `Connection: close`: the close that follows is expected, not an error.
    private var closeAnnounced = false

    init(request: OutgoingRequest, interval: TimeAmount, end: NIODeadline, outcome: RateOutcome, finished: EventLoopPromise<RateOutcome>) {
        self.parts = request.parts
        self.interval = interval
        self.end = end
        self.outcome = outcome
        self.finished = finished
        self.outcome.samples.reserveCapacity(1024)
    }

    func channelActive(context: ChannelHandlerContext) {
        scheduleNext(context: context)
    }

    private func scheduleNext(context: ChannelHandlerContext) {
        // Stop at the end time, even when far behind schedule (an overloaded server).
        guard outcome.due < end, NIODeadline.now() < end else { return finish(context: context, error: nil) }
        if outcome.due <= .now() {
            send(context: context)
        } else {
            let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
            context.eventLoop.scheduleTask(deadline: outcome.due) {
                let (handler, context) = loopBound.value
                handler.send(context: context)
            }
        }
    }

    private func send(context: ChannelHandlerContext) {
        guard !done else { return }
        inFlight = outcome.due
        outcome.due = outcome.due + interval
        for part in parts { context.write(wrapOutboundOut(part), promise: nil) }
        context.flush()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            status = Int(head.status.code)
            closeAnnounced = head.headers["Connection"].contains { $0.lowercased() == "close" }
        case .body:
            break
        case .end:
            guard let due = inFlight else { return }
            inFlight = nil
            let late = NIODeadline.now() - due
            outcome.samples.append(.init(status: status, milliseconds: Double(late.nanoseconds) / 1e6))
            scheduleNext(context: context)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        finish(context: context, error: closeAnnounced && inFlight == nil ? nil : "closed by the server")
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        finish(context: context, error: "\(error)")
    }

    private func finish(context: ChannelHandlerContext, error: String?) {
        guard !done else { return }
        done = true
        // A request lost with the connection is due again on the next one.
        if let due = inFlight, error != nil { outcome.due = due }
        outcome.error = error
        finished.succeed(outcome)
        if error == nil && context.channel.isActive { context.close(promise: nil) }
    }
}
