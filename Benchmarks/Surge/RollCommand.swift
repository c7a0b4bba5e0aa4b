import ArgumentParser
import CartableStore
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// `cartable-surge roll`: the teachers of a seeded plan take the roll of their live course within a few minutes,
/// each through the real pages (the roll page, one tap per pupil they mark, "L'appel est fait"), then a wave of
/// guardians reads *Aujourd'hui* and the absences; afterwards every acknowledged tap is checked in the database.
struct RollCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "roll", abstract: "Teachers take the roll of their live course within a window, then guardians read the absences; verify the database.")

    @Option(help: "The node's address.") var url = "http://127.0.0.1:8080"
    @Option(help: "The plan written by seed (its live courses must have started).") var plan = "surge-plan.tsv"
    @Option(help: "Teachers who take a roll (one live course each; default: every live course of the plan).") var teachers: Int?
    @Option(help: "Seconds within which the teachers arrive.") var within = 300.0
    @Option(help: "Pupils each teacher marks (absent, or late 5 minutes every third).") var taps = 3
    @Option(help: "Guardians who read the absences after the rolls.") var guardians = 1_000
    @Option(help: "Seconds within which the guardians arrive.") var guardianWithin = 120.0
    @Option(help: "The server's process id, to report its CPU time per roll and peak memory.") var serverPid: Int32?
    @Option(help: "The node's database, to verify every acknowledged tap and roll afterwards.") var database: String?
    @Option(help: "Event-loop threads of the load tool.") var threads = 1

    /// What the node acknowledged, shared by the teachers' tasks.
    final class RollLedger: Sendable {
        let taps = Mutex<[Tap]>([])
        let rolls = Mutex<[String]>([])
        let failures = Mutex<[String: Int]>([:])
    }

    /// A tap the node acknowledged (a 303 back to the roll).
    struct Tap: Hashable, Sendable {
        var coursePath: String
        var pupilID: String
        var status: String
    }

    func run() async throws {
        guard let address = URL(string: url), let host = address.host else { throw ValidationError("bad --url") }
        let port = address.port ?? 80
        raiseOpenFileLimit()
        let lines = try String(contentsOfFile: plan, encoding: .utf8).split(separator: "\n").map { $0.split(separator: "\t").map(String.init) }
        let live = Array(lines.filter { $0.first == "live" && $0.count >= 4 }.prefix(teachers ?? .max))
        let guardianLines = Array(lines.filter { $0.first == "guardian" }.prefix(guardians))
        guard !live.isEmpty else { throw ValidationError("the plan has no live course (seed without --no-timetable)") }
        let stats = Stats()
        let ledger = RollLedger()
        let group = MultiThreadedEventLoopGroup(numberOfThreads: threads)
        let serverBefore = serverPid.flatMap { ProcessUsage(pid: $0) }
        let start = ContinuousClock.now
        func seconds() -> Double {
            let d = ContinuousClock.now - start
            return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
        }
        print("\(live.count) teachers take a roll within \(Int(within)) s (\(taps) taps each), then \(guardianLines.count) guardians within \(Int(guardianWithin)) s")

        /// One request timed; a waiting room or 429 is waited out like a browser (up to ten times).
        @Sendable func call(_ c: Browser.Connection, _ kind: String, _ method: HTTPMethod, _ path: String, form: String? = nil) async throws -> Reply {
            for _ in 0..<10 {
                let begun = ContinuousClock.now
                let reply = try await c.send(method, path, form: form)
                let d = ContinuousClock.now - begun
                let busy = reply.status == 429 || (reply.status == 503 && reply.headers.first(name: "Retry-After") != nil)
                stats.record(kind, status: reply.status, milliseconds: Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15, refused: busy)
                guard busy else { return reply }
                try await Task.sleep(for: .milliseconds(Int((Double(reply.headers.first(name: "Retry-After") ?? "2") ?? 2) * 1000)))
            }
            throw ConnectionLost(reason: "still refused after ten tries")
        }

        let perRoll = taps
        let rollsAt = live.map { ($0, Double.random(in: 0...within)) }.sorted { $0.1 < $1.1 }
        await withTaskGroup(of: Void.self) { tasks in
            for (line, at) in rollsAt {
                let wait = at - seconds()
                if wait > 0 { try? await Task.sleep(for: .milliseconds(Int(wait * 1000))) }
                tasks.addTask {
                    let browser = Browser(host: host, port: port, group: group)
                    browser.cookies["cartable_session"] = line[2]
                    let rollPath = line[3].replacingOccurrences(of: "/join", with: "/roll")
                    do {
                        try await browser.withConnection { c in
                            let page = try await call(c, "roll page", .GET, rollPath)
                            guard page.status == 200 else {
                                ledger.failures.withLock { $0["roll page \(page.status)", default: 0] += 1 }
                                return
                            }
                            let html = page.text
                            guard let csrf = Self.value(of: "_csrf", in: html) else { return }
                            let pupils = Self.values(of: "pupilId", in: html)
                            for (index, pupil) in pupils.shuffled().prefix(perRoll).enumerated() {
                                let status = index % 3 == 2 ? "late" : "absent"
                                var form = "_csrf=\(Self.escape(csrf))&pupilId=\(pupil)&revision=1&status=\(status)"
                                if status == "late" { form += "&minutes=5" }
                                let reply = try await call(c, "roll tap", .POST, rollPath, form: form)
                                if reply.status == 303 {
                                    ledger.taps.withLock { $0.append(Tap(coursePath: rollPath, pupilID: pupil, status: status)) }
                                } else {
                                    ledger.failures.withLock { $0["roll tap \(reply.status)", default: 0] += 1 }
                                }
                            }
                            let done = try await call(c, "roll done", .POST, rollPath + "/done", form: "_csrf=\(Self.escape(csrf))")
                            if done.status == 303 { ledger.rolls.withLock { $0.append(rollPath) } } else {
                                ledger.failures.withLock { $0["roll done \(done.status)", default: 0] += 1 }
                            }
                        }
                    } catch {
                        stats.socketError("\(error)")
                    }
                }
            }
        }
        let rollSeconds = seconds()
        let serverMiddle = serverPid.flatMap { ProcessUsage(pid: $0) }

        // The guardian wave: Aujourd'hui, then the child's absences.
        let wave = ContinuousClock.now
        let guardiansAt = guardianLines.map { ($0, Double.random(in: 0...guardianWithin)) }.sorted { $0.1 < $1.1 }
        await withTaskGroup(of: Void.self) { tasks in
            for (line, at) in guardiansAt {
                let d = ContinuousClock.now - wave
                let wait = at - (Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18)
                if wait > 0 { try? await Task.sleep(for: .milliseconds(Int(wait * 1000))) }
                tasks.addTask {
                    let browser = Browser(host: host, port: port, group: group)
                    browser.cookies["cartable_session"] = line[2]
                    do {
                        try await browser.withConnection { c in
                            _ = try await call(c, "guardian today", .GET, "/today")
                            _ = try await call(c, "guardian absences", .GET, "/attendance")
                        }
                    } catch {
                        stats.socketError("\(error)")
                    }
                }
            }
        }
        let total = seconds()
        let serverAfter = serverPid.flatMap { ProcessUsage(pid: $0) }
        try? await group.shutdownGracefully()

        let tapped = ledger.taps.withLock { $0 }
        let done = ledger.rolls.withLock { $0 }
        print("\n== Roll: \(live.count) teachers in \(format(rollSeconds)) s, then \(guardianLines.count) guardians (\(format(total - rollSeconds)) s)")
        print("rolls done: \(done.count) of \(live.count); taps acknowledged: \(tapped.count); failures: \(ledger.failures.withLock { $0 }.sorted { $0.key < $1.key })")
        print("\nkind               served   p50 ms   p90 ms   p99 ms   max ms | refused | statuses")
        for (name, kind) in stats.kinds.withLock({ $0 }).sorted(by: { $0.key < $1.key }) {
            let served = percentiles(kind.served)
            let statuses = kind.statuses.sorted { $0.key < $1.key }.map { "\($0.key)×\($0.value)" }.joined(separator: " ")
            print(
                name.padding(toLength: 16, withPad: " ", startingAt: 0)
                    + [String(kind.served.count), format(served.p50), format(served.p90), format(served.p99), format(served.max)].map { $0.leftPadded(9) }
                    .joined() + " |" + String(kind.refused.count).leftPadded(8) + " | " + statuses)
        }
        let errors = stats.socketErrors.withLock { $0 }
        print("5xx other than the waiting room: \(stats.otherServerErrors.withLock { $0 }); socket errors: \(errors.values.reduce(0, +))")
        for (reason, count) in errors.sorted(by: { $0.value > $1.value }).prefix(5) { print("  \(count) × \(reason)") }
        if let serverBefore, let serverMiddle, let serverAfter {
            let rollCPU = serverMiddle.cpuSeconds - serverBefore.cpuSeconds
            print(
                "server: \(format(rollCPU)) CPU s for the rolls (\(format(rollCPU / Double(max(1, done.count)) * 1000)) ms per roll of \(self.taps) taps, "
                    + "page and done included), \(format(serverAfter.cpuSeconds - serverMiddle.cpuSeconds)) CPU s for the guardians; peak memory \(format(serverAfter.peakMegabytes)) MB")
        }
        var failed = done.count != live.count || tapped.count != live.count * perRoll || stats.otherServerErrors.withLock({ $0 }) > 0
        if let database {
            failed = try await Self.verify(tapped, rolls: done, database: database) || failed
        }
        if failed { throw ExitCode(1) }
    }

    /// Every acknowledged tap is in the database with its status, every roll said done is taken. Returns whether something is missing.
    static func verify(_ taps: [Tap], rolls: [String], database text: String) async throws -> Bool {
        let (database, _, pool, _) = try await SurgeDatabase.open(text, poolSize: 2)
        defer { pool.cancel() }
        var missing = 0
        for tap in taps {
            let parts = tap.coursePath.split(separator: "/")  // timetable courses <id> <date> roll
            let rows = try await database.query(
                "SELECT status FROM attendance_marks WHERE course_id = \(String(parts[2])) AND planned_date = \(String(parts[3])) AND pupil_id = \(tap.pupilID)")
            let stored: String? = try rows.first?.decode("status")
            if stored != tap.status { missing += 1 }
        }
        var untaken = 0
        for roll in rolls {
            let parts = roll.split(separator: "/")
            let rows = try await database.query("SELECT 1 FROM rolls WHERE course_id = \(String(parts[2])) AND planned_date = \(String(parts[3]))")
            if rows.isEmpty { untaken += 1 }
        }
        print("verified in the database: \(taps.count - missing) of \(taps.count) taps as acknowledged, \(rolls.count - untaken) of \(rolls.count) rolls taken")
        await database.shutdown()
        return missing > 0 || untaken > 0
    }

    /// The value of the first `name="…" value="…"` input in a page.
    static func value(of name: String, in html: String) -> String? { values(of: name, in: html).first }

    /// The values of every `name="…" value="…"` input, in order, without repeats.
    static func values(of name: String, in html: String) -> [String] {
        var found: [String] = []
        var rest = html[...]
        let marker = "name=\"\(name)\" value=\""
        while let range = rest.range(of: marker) {
            let end = rest[range.upperBound...].firstIndex(of: "\"") ?? rest.endIndex
            let value = String(rest[range.upperBound..<end])
            if !found.contains(value) { found.append(value) }
            rest = rest[end...]
        }
        return found
    }

    static func escape(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
    }
}
