import ArgumentParser
import CartableStore
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// `cartable-surge run`: replays the morning of the plan against a running node, then checks the database.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Replay the 9:00 surge of a seeded plan against a node on 127.0.0.1, then verify the database.")

    @Option(help: "The node's address.") var url = "http://127.0.0.1:8080"
    @Option(help: "The plan written by seed.") var plan = "surge-plan.tsv"
    @Option(help: "Pupils to replay (default: all of the plan).") var pupils: Int?
    @Option(help: "Length of the ramp in seconds (arrivals peak in the middle).") var ramp = 600.0
    @Option(help: "Drafts each pupil saves.") var drafts = 12
    @Option(help: "Seconds between drafts.") var draftInterval = 5.0
    @Option(help: "Seconds after which a person who could not get through gives up.") var giveUpAfter = 600.0
    @Option(help: "Teachers who post an entry during the ramp (default: 4 a collège).") var teachers: Int?
    @Option(help: "The server's process id, to report its CPU time and peak memory.") var serverPid: Int32?
    @Option(help: "The node's database, to verify every acknowledged draft and hand-in afterwards.") var database: String?
    @Option(help: "Event-loop threads of the load tool.") var threads = 1
    @Option(help: "When the live courses start, in seconds after the first arrival (default: half the ramp, the peak).") var joinAt: Double?
    @Option(help: "The BigBlueButton stand-in's address (http://127.0.0.1:PORT), to report its calls.") var videoServer: String?

    func run() async throws {
        guard let address = URL(string: url), let host = address.host else { throw ValidationError("bad --url") }
        let port = address.port ?? 80
        raiseOpenFileLimit()
        let lines = try String(contentsOfFile: plan, encoding: .utf8).split(separator: "\n").map { $0.split(separator: "\t").map(String.init) }
        var pupilLines = lines.filter { $0.first == "pupil" }
        if let pupils { pupilLines = Array(pupilLines.prefix(pupils)) }
        let replayed = Set(pupilLines.map { $0[1] })
        let pupilPrefixes = Set(replayed.map { $0.prefix(while: { $0 != "." }) })
        let guardianLines = lines.filter { $0.first == "guardian" && pupilPrefixes.contains($0[1].prefix(while: { $0 != "." })) }
            .prefix(Int(Double(pupilLines.count) * 0.3))
        let teacherPool = lines.filter { $0.first == "teacher" && pupilPrefixes.contains($0[1].prefix(while: { $0 != "." })) }
        let teacherLines = Array(teacherPool.shuffled().prefix(teachers ?? max(1, pupilPrefixes.count * 4)))
        let liveLines = lines.filter { $0.first == "live" && $0.count >= 4 && pupilPrefixes.contains($0[1].prefix(while: { $0 != "." })) }
        let joinSeconds = joinAt ?? ramp / 2

        // Arrivals: pupils on a triangle over the ramp (peak in the middle), guardians half a ramp later,
        // teachers spread evenly over the ramp.
        func triangle() -> Double { ramp * (Double.random(in: 0...1) + Double.random(in: 0...1)) / 2 }
        var arrivals: [(at: Double, line: [String])] = []
        arrivals += pupilLines.map { (triangle(), $0) }
        arrivals += guardianLines.map { (ramp / 2 + triangle(), $0) }
        arrivals += teacherLines.map { (Double.random(in: 0...ramp), $0) }
        // Each live course's teacher starts it in the minute before its start.
        arrivals += liveLines.map { (max(0, joinSeconds - Double.random(in: 5...60)), $0) }
        arrivals.sort { $0.at < $1.at }

        let stats = Stats()
        let ledger = Ledger()
        let pace = Pace(drafts: drafts, draftInterval: draftInterval, giveUpAfter: giveUpAfter)
        let group = MultiThreadedEventLoopGroup(numberOfThreads: threads)
        let serverBefore = serverPid.flatMap { ProcessUsage(pid: $0) }
        let toolBefore = ProcessUsage(pid: getpid())
        print(
            "replaying \(pupilLines.count) pupils, \(guardianLines.count) guardians, \(teacherLines.count) teachers, \(liveLines.count) live courses against \(host):\(port), ramp \(Int(ramp)) s"
        )
        let start = ContinuousClock.now
        let joinInstant: ContinuousClock.Instant? = liveLines.isEmpty ? nil : start.advanced(by: .milliseconds(Int(joinSeconds * 1000)))
        func seconds() -> Double {
            let d = ContinuousClock.now - start
            return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
        }
        let reporter = Task {
            var lastRequests = 0
            var peakServer = 0.0
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(10))
                if Task.isCancelled { break }
                let people = stats.people.withLock { $0 }
                let requests = stats.requests.withLock { $0 }
                let memory = serverPid.flatMap { ProcessUsage(pid: $0) }?.currentMegabytes ?? 0
                peakServer = max(peakServer, memory)
                print(
                    "  t=\(Int(seconds())) s arrived \(people.arrived) active \(people.active) finished \(people.finished) gave up \(people.gaveUp) "
                        + "requests/s \((requests - lastRequests) / 10) server RSS \(Int(memory)) MB")
                fflush(nil)
                lastRequests = requests
            }
        }
        let hardStop = ramp * 1.5 + giveUpAfter + Double(drafts) * draftInterval + 120
        await withTaskGroup(of: Void.self) { tasks in
            tasks.addTask {
                try? await Task.sleep(for: .seconds(hardStop))
            }
            for arrival in arrivals {
                let wait = arrival.at - seconds()
                if wait > 0 { try? await Task.sleep(for: .milliseconds(Int(wait * 1000))) }
                let line = arrival.line
                let role = Journey.Role(rawValue: line[0]) ?? .pupil
                let journey = Journey(
                    role: role, login: line[1], token: line[2] == "-" ? nil : line[2], stats: stats, ledger: ledger, pace: pace, joinAt: joinInstant,
                    joinPath: role == .live ? line[3] : nil)
                tasks.addTask {
                    await journey.run(browser: Browser(host: host, port: port, group: group))
                }
            }
            // Everyone has arrived: wait for the visits (the sleeper is the first task to be cancelled below).
            var remaining = arrivals.count + 1
            while remaining > 1 {
                guard await tasks.next() != nil else { break }
                remaining -= 1
                if stats.people.withLock({ $0.active == 0 && $0.arrived == arrivals.count }) { break }
            }
            tasks.cancelAll()
        }
        reporter.cancel()
        let elapsed = seconds()
        let serverAfter = serverPid.flatMap { ProcessUsage(pid: $0) }
        let toolAfter = ProcessUsage(pid: getpid())
        try? await group.shutdownGracefully()

        // The report.
        let people = stats.people.withLock { $0 }
        print("\n== Surge: \(arrivals.count) people in \(format(elapsed)) s (ramp \(Int(ramp)) s)")
        print(
            "people: \(people.finished) finished, \(people.gaveUp) gave up, \(people.arrived - people.finished - people.gaveUp) unfinished at the hard stop; "
                + "\(people.noWork) pupils found no work to hand in")
        let waits = percentiles(people.waits)
        print(
            "waiting room: \(people.sawWaitingRoom) people saw it (\(format(100 * Double(people.sawWaitingRoom) / Double(max(1, people.finished))))%); "
                + "their total wait p50 \(format(waits.p50)) s, p90 \(format(waits.p90)) s, p99 \(format(waits.p99)) s, max \(format(waits.max)) s")
        print("\nkind               served   p50 ms   p90 ms   p99 ms   max ms | refused  p99 ms | statuses")
        let kinds = stats.kinds.withLock { $0 }
        var allServed: [Double] = []
        var allRefused: [Double] = []
        for (name, kind) in kinds.sorted(by: { $0.key < $1.key }) {
            let served = percentiles(kind.served)
            let refused = percentiles(kind.refused)
            allServed += kind.served
            allRefused += kind.refused
            let statuses = kind.statuses.sorted { $0.key < $1.key }.map { "\($0.key)×\($0.value)" }.joined(separator: " ")
            print(
                name.padding(toLength: 16, withPad: " ", startingAt: 0)
                    + [String(kind.served.count), format(served.p50), format(served.p90), format(served.p99), format(served.max)].map {
                        $0.leftPadded(9)
                    }.joined() + " |" + String(kind.refused.count).leftPadded(8) + format(refused.p99).leftPadded(8) + " | " + statuses)
        }
        let total = percentiles(allServed)
        let refusedTotal = percentiles(allRefused)
        print(
            "all served: \(allServed.count), p50 \(format(total.p50)) ms, p90 \(format(total.p90)) ms, p99 \(format(total.p99)) ms, max \(format(total.max)) ms; "
                + "refusals (waiting room, 429): \(allRefused.count), p99 \(format(refusedTotal.p99)) ms")
        let errors = stats.socketErrors.withLock { $0 }
        print("5xx other than the waiting room: \(stats.otherServerErrors.withLock { $0 }); socket errors: \(errors.values.reduce(0, +))")
        for (reason, count) in errors.sorted(by: { $0.value > $1.value }).prefix(5) { print("  \(count) × \(reason)") }
        print(
            "idle keep-alive connections the node had closed (after its idle timeout), reopened before a request as a browser does: "
                + "\(stats.idleReopened.withLock { $0 })")
        if let serverBefore, let serverAfter {
            print(
                "server: \(format(serverAfter.cpuSeconds - serverBefore.cpuSeconds)) CPU s over \(format(elapsed)) s "
                    + "(\(format((serverAfter.cpuSeconds - serverBefore.cpuSeconds) / elapsed * 100))% of one core), peak memory (VmHWM) \(format(serverAfter.peakMegabytes)) MB"
            )
        }
        if let serverBefore, let serverAfter {
            let perVisit = (serverAfter.cpuSeconds - serverBefore.cpuSeconds) / Double(max(1, pupilLines.count)) * 1000
            print("server CPU per pupil visit (with the guardians and teachers they bring): \(format(perVisit)) ms")
        }
        if !liveLines.isEmpty {
            let joins = stats.joins.withLock { $0 }
            let entered = percentiles(joins.entered)
            print(
                "\nlive classes: \(liveLines.count) courses starting at t=\(Int(joinSeconds)) s; teachers started \(joins.teachersStarted) "
                    + "(failures by status: \(joins.teacherFailures.sorted { $0.key < $1.key }.map { "\($0.key)×\($0.value)" }.joined(separator: " ")))")
            print(
                "pupils sent into their class: \(joins.entered.count); from their press to the video server p50 \(format(entered.p50)) s, "
                    + "p90 \(format(entered.p90)) s, p99 \(format(entered.p99)) s, max \(format(entered.max)) s; waiting pages \(joins.waitingPages); "
                    + "not sent in by status: \(joins.notEntered.sorted { $0.key < $1.key }.map { "\($0.key)×\($0.value)" }.joined(separator: " "))")
            if let videoServer, let address = URL(string: videoServer), let host = address.host, let port = address.port {
                let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
                let browser = Browser(host: host, port: port, group: group)
                try? await browser.withConnection { connection in
                    let reply = try await connection.send(.GET, "/__stats")
                    print("video server stand-in: \(reply.text.trimmingCharacters(in: .whitespacesAndNewlines)) for \(liveLines.count) occurrences")
                }
                try? await group.shutdownGracefully()
            }
        }
        if let toolBefore, let toolAfter {
            print("load tool: \(format(toolAfter.cpuSeconds - toolBefore.cpuSeconds)) CPU s, peak memory \(format(toolAfter.peakMegabytes)) MB")
        }
        var failed = people.finished != people.arrived || stats.otherServerErrors.withLock({ $0 }) > 0
        let acknowledged = ledger.byLogin.withLock { $0 }
        try Ledger.write(acknowledged, to: plan + ".acknowledged")
        if let database {
            failed = try await VerifyCommand.verify(database: database, expected: acknowledged) || failed
        }
        if failed { throw ExitCode(1) }
    }

}

/// Lets this process open as many sockets as the system allows.
func raiseOpenFileLimit() {
    var limit = rlimit()
    guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return }
    limit.rlim_cur = limit.rlim_max
    _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? " " + self : String(repeating: " ", count: width - count) + self
    }
}
