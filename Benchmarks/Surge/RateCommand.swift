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
        let group = MultiThreadedEventLoopGroup(numberOfThreads: threads)
        let stats = Stats()
        // Each connection's requests are due every `interval`, the connections staggered across it.
        let interval = Duration.nanoseconds(Int64((Double(connections) / rate * 1e9).rounded()))
        let start = ContinuousClock.now
        let end = start + .milliseconds(Int(duration * 1000))
        await withTaskGroup(of: Void.self) { tasks in
            for index in 0..<connections {
                tasks.addTask {
                    let browser = Browser(host: host, port: address.port ?? 80, group: group)
                    if let session { browser.cookies["cartable_session"] = session }
                    var due = start + interval * (Double(index) / Double(connections))
                    while due < end, ContinuousClock.now < end {
                        do {
                            try await browser.withConnection { connection in
                                while due < end, ContinuousClock.now < end {
                                    if due > .now { try await Task.sleep(until: due, tolerance: .microseconds(50)) }
                                    let reply = try await connection.send(json == nil ? .GET : .POST, path, json: json)
                                    let late = ContinuousClock.now - due
                                    let ms = Double(late.components.seconds) * 1000 + Double(late.components.attoseconds) / 1e15
                                    stats.record(
                                        "request", status: reply.status, milliseconds: ms, refused: reply.status == 503 || reply.status == 429)
                                    // A refusal carries no session: let the next request of this connection start afresh.
                                    if json != nil { browser.cookies = [:] }
                                    due = due + interval
                                }
                            }
                        } catch {
                            stats.socketError("\(error)")
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
