import ArgumentParser
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// `cartable-surge streams`: live streams on one node. Opens N idle event streams (the seeded pupils' and guardians'),
/// measures the node's memory per idle stream and its CPU while they idle; then a collège's staff publishes an
/// announcement to the whole school and every open stream of that collège must hear of it (how long until the last
/// one, and how many database operations the node made meanwhile); then teachers send messages at a fixed rate while
/// the streams stay open (p50/p99 of a send, every recipient's stream told).
struct StreamsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "streams", abstract: "Idle event streams: memory and CPU per stream, an announcement's fan-out, messages sent while they are open.")

    @Option(help: "The node's address.") var url = "http://127.0.0.1:8080"
    @Option(help: "The plan written by seed.") var plan = "surge-plan.tsv"
    @Option(help: "Event streams to open (pupils first, then guardians).") var streams = 10_000
    @Option(help: "Streams opened per second.") var openRate = 500.0
    @Option(help: "Seconds the streams idle before the announcement (CPU measured over it).") var idle = 60.0
    @Option(help: "Messages sent per second after the announcement (0: none).") var messagesPerSecond = 300.0
    @Option(help: "Seconds of messages.") var messageSeconds = 30.0
    @Option(help: "The server's process id, for its memory and CPU.") var serverPid: Int32?
    @Option(help: "Event-loop threads of the load tool.") var threads = 1

    /// One open stream: what it has received, read by a handler that keeps nothing but a few flags.
    final class StreamState: @unchecked Sendable {
        let userID: String
        let school: String
        let opened = Mutex(false)
        let announcementAt = Mutex<ContinuousClock.Instant?>(nil)
        let unreadEvents = Mutex(0)
        let closed = Mutex(false)
        init(userID: String, school: String) {
            self.userID = userID
            self.school = school
        }
    }

    /// Scans what arrives for the few events the run waits for; stores nothing else.
    final class EventScanner: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = ByteBuffer
        let state: StreamState
        init(state: StreamState) { self.state = state }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let text = String(buffer: unwrapInboundIn(data))
            if text.contains("text/event-stream") { state.opened.withLock { $0 = true } }
            if text.contains("event: announcement") { state.announcementAt.withLock { $0 = $0 ?? .now } }
            let unread = text.components(separatedBy: "event: unread").count - 1
            if unread > 0 { state.unreadEvents.withLock { $0 += unread } }
        }

        func channelInactive(context: ChannelHandlerContext) { state.closed.withLock { $0 = true } }
    }

    func run() async throws {
        guard let address = URL(string: url), let host = address.host else { throw ValidationError("bad --url") }
        let port = address.port ?? 80
        raiseOpenFileLimit()
        let lines = try String(contentsOfFile: plan, encoding: .utf8).split(separator: "\n").map { $0.split(separator: "\t").map(String.init) }
        let people = (lines.filter { $0.first == "pupil" && $0.count >= 5 && $0[2] != "-" } + lines.filter { $0.first == "guardian" && $0.count >= 5 })
            .prefix(streams)
        guard people.count == streams else { throw ValidationError("the plan has \(people.count) people with a remembered device, not \(streams)") }
        let group = MultiThreadedEventLoopGroup(numberOfThreads: threads)
        func elapsed(_ since: ContinuousClock.Instant) -> Double {
            let d = ContinuousClock.now - since
            return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
        }

        // Warm the node (its caches, its pools) with a few streams opened and closed, then measure from there.
        let before = serverPid.flatMap { ProcessUsage(pid: $0) }
        print("opening \(people.count) event streams at \(Int(openRate))/s")
        var states: [StreamState] = []
        var channels: [any Channel] = []
        let openStart = ContinuousClock.now
        for (index, line) in people.enumerated() {
            let due = Double(index) / openRate - elapsed(openStart)
            if due > 0 { try await Task.sleep(for: .milliseconds(Int(due * 1000))) }
            let state = StreamState(userID: line[3], school: line[4])
            do {
                let channel = try await ClientBootstrap(group: group)
                    .connectTimeout(.seconds(30))
                    .channelInitializer { channel in channel.pipeline.addHandler(EventScanner(state: state)) }
                    .connect(host: host, port: port).get()
                let request = "GET /events HTTP/1.1\r\nHost: \(host)\r\nAccept: text/event-stream\r\nCookie: cartable_session=\(line[2])\r\n\r\n"
                try await channel.writeAndFlush(ByteBuffer(string: request)).get()
                states.append(state)
                channels.append(channel)
            } catch {
                print("  could not open stream \(index): \(error)")
            }
        }
        // Every stream answered (its first bytes arrived), or 30 s.
        let waitOpen = ContinuousClock.now
        while states.contains(where: { !$0.opened.withLock { $0 } }) && elapsed(waitOpen) < 30 { try await Task.sleep(for: .milliseconds(200)) }
        let open = states.filter { $0.opened.withLock { $0 } && !$0.closed.withLock { $0 } }.count
        print("open: \(open) of \(people.count) in \(format(elapsed(openStart))) s")
        try await Task.sleep(for: .seconds(5))
        let opened = serverPid.flatMap { ProcessUsage(pid: $0) }
        if let before, let opened {
            let perStream = (opened.currentMegabytes - before.currentMegabytes) * 1024 / Double(max(1, open))
            print(
                "server memory: \(format(before.currentMegabytes)) MB before, \(format(opened.currentMegabytes)) MB with \(open) streams open: "
                    + "\(format(perStream)) KB per idle stream; CPU to open them: \(format(opened.cpuSeconds - before.cpuSeconds)) s")
        }
        print("idling \(Int(idle)) s")
        try await Task.sleep(for: .milliseconds(Int(idle * 1000)))
        let idled = serverPid.flatMap { ProcessUsage(pid: $0) }
        if let opened, let idled {
            let cpu = idled.cpuSeconds - opened.cpuSeconds
            print("server CPU while \(open) streams idled \(Int(idle)) s: \(format(cpu)) s (\(format(cpu / idle * 100)) % of one core)")
        }
        let stillOpen = states.filter { !$0.closed.withLock { $0 } }.count
        print("still open after idling: \(stillOpen)")

        // The announcement: the first collège's staff, to the whole school.
        if let staff = lines.first(where: { $0.first == "staff" && $0.count >= 5 && $0[4] == states.first?.school }) {
            let audience = states.filter { $0.school == staff[4] && !$0.closed.withLock { $0 } }
            let browser = Browser(host: host, port: port, group: group)
            browser.cookies["cartable_session"] = staff[2]
            let queriesBefore = try await Self.databaseOperations(host: host, port: port, group: group)
            var sentAt = ContinuousClock.now
            try await browser.withConnection { c in
                let form = try await c.send(.GET, "/announcements/new")
                guard let csrf = RollCommand.value(of: "_csrf", in: form.text) else { throw ValidationError("no form token on /announcements/new") }
                let day = DateFormatter()
                day.dateFormat = "yyyy-MM-dd"
                day.timeZone = TimeZone(identifier: "Europe/Paris")
                let today = day.string(from: Date())
                let until = day.string(from: Date().addingTimeInterval(2 * 86_400))
                sentAt = .now
                let reply = try await c.send(
                    .POST, "/announcements/new",
                    form: "_csrf=\(RollCommand.escape(csrf))&title=Photos+de+classe&body=Jeudi+matin.&pupils=1&guardians=1&from=\(today)&until=\(until)")
                guard reply.status == 303 else { throw ValidationError("the announcement was refused: \(reply.status) \(reply.text.prefix(300))") }
            }
            let publishMilliseconds = elapsed(sentAt) * 1000
            while audience.contains(where: { $0.announcementAt.withLock { $0 } == nil }) && elapsed(sentAt) < 10 {
                try await Task.sleep(for: .milliseconds(20))
            }
            let delays = audience.compactMap { s in s.announcementAt.withLock { $0 }.map { at -> Double in
                let d = at - sentAt
                return Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
            } }
            let queriesAfter = try await Self.databaseOperations(host: host, port: port, group: group)
            let spread = percentiles(delays)
            print(
                "announcement to \(staff[4]): \(delays.count) of \(audience.count) open streams told; publish answered in \(format(publishMilliseconds)) ms; "
                    + "told after p50 \(format(spread.p50)) ms, p99 \(format(spread.p99)) ms, last \(format(spread.max)) ms; "
                    + "database operations meanwhile: \((queriesAfter ?? 0) - (queriesBefore ?? 0)) (the page loads and the write included)")
        }

        // Messages at a fixed rate: teachers to pupils of their collège whose streams are open.
        if messagesPerSecond > 0 {
            let openPupils = Dictionary(grouping: states.filter { !$0.closed.withLock { $0 } }, by: \.school)
            let teachers = lines.filter { $0.first == "teacher" && $0.count >= 5 && openPupils[$0[4]] != nil }
            let senders = Array(teachers.prefix(max(1, Int(messagesPerSecond))))
            guard !senders.isEmpty else { throw ValidationError("no teacher of a collège with open streams") }
            let total = Int(messagesPerSecond * messageSeconds)
            let stats = Stats()
            let unreadBefore = states.reduce(0) { $0 + $1.unreadEvents.withLock { $0 } }
            let cpuBefore = serverPid.flatMap { ProcessUsage(pid: $0) }
            print("sending \(total) messages at \(Int(messagesPerSecond))/s from \(senders.count) teachers while \(states.count) streams are open")
            let start = ContinuousClock.now
            let perSender = (total + senders.count - 1) / senders.count
            await withTaskGroup(of: Void.self) { tasks in
                for (index, teacher) in senders.enumerated() {
                    tasks.addTask {
                        let browser = Browser(host: host, port: port, group: group)
                        browser.cookies["cartable_session"] = teacher[2]
                        let recipients = openPupils[teacher[4]] ?? []
                        do {
                            try await browser.withConnection { c in
                                let form = try await c.send(.GET, "/messages/new")
                                guard let csrf = RollCommand.value(of: "_csrf", in: form.text) else { return }
                                for n in 0..<perSender {
                                    let slot = n * senders.count + index
                                    guard slot < total else { return }
                                    let due = Double(slot) / messagesPerSecond - elapsed(start)
                                    if due > 0 { try await Task.sleep(for: .milliseconds(Int(due * 1000))) }
                                    let to = recipients[(slot / senders.count) % max(1, recipients.count)].userID
                                    let begun = ContinuousClock.now
                                    let reply = try await c.send(
                                        .POST, "/messages/new",
                                        form: "_csrf=\(RollCommand.escape(csrf))&to=\(to)&subject=Devoir+\(slot)&body=Bonjour%2C+pensez+au+devoir.&action=send")
                                    let d = ContinuousClock.now - begun
                                    stats.record("message send", status: reply.status, milliseconds: Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15, refused: reply.status == 503 || reply.status == 429)
                                }
                            }
                        } catch {
                            stats.socketError("\(error)")
                        }
                    }
                }
            }
            let seconds = elapsed(start)
            let cpuAfter = serverPid.flatMap { ProcessUsage(pid: $0) }
            try await Task.sleep(for: .seconds(2))
            let unreadAfter = states.reduce(0) { $0 + $1.unreadEvents.withLock { $0 } }
            let kind = stats.kinds.withLock { $0["message send"] } ?? Stats.Kind()
            let spread = percentiles(kind.served)
            print(
                "messages: \(kind.served.count) sent in \(format(seconds)) s (\(format(Double(kind.served.count) / seconds))/s); statuses \(kind.statuses.sorted { $0.key < $1.key }); "
                    + "p50 \(format(spread.p50)) ms, p90 \(format(spread.p90)) ms, p99 \(format(spread.p99)) ms, max \(format(spread.max)) ms; "
                    + "unread events on the open streams: \(unreadAfter - unreadBefore); socket errors: \(stats.socketErrors.withLock { $0.values.reduce(0, +) })")
            if let cpuBefore, let cpuAfter {
                let cpu = cpuAfter.cpuSeconds - cpuBefore.cpuSeconds
                print("server CPU for the messages: \(format(cpu)) s over \(format(seconds)) s (\(format(cpu / seconds * 100)) % of one core), \(format(cpu / Double(max(1, kind.served.count)) * 1000)) ms per send")
            }
        }
        let after = serverPid.flatMap { ProcessUsage(pid: $0) }
        if let after { print("server peak memory: \(format(after.peakMegabytes)) MB") }
        for channel in channels { channel.close(promise: nil) }
        try? await group.shutdownGracefully()
    }

    /// The node's count of database operations, from `/metrics`.
    static func databaseOperations(host: String, port: Int, group: any EventLoopGroup) async throws -> Int? {
        let browser = Browser(host: host, port: port, group: group)
        var count: Int?
        try await browser.withConnection { c in
            let metrics = try await c.send(.GET, "/metrics").text
            for line in metrics.split(separator: "\n") where line.hasPrefix("cartable_database_operations_total") {
                count = Int(Double(line.split(separator: " ").last ?? "") ?? 0)
            }
        }
        return count
    }
}
