import CartableCore
import Foundation
import NIOCore
import NIOHTTP1
import Synchronization

/// The pace of the morning (shortened for smoke runs).
struct Pace: Sendable {
    var drafts: Int
    var draftInterval: Double
    var giveUpAfter: Double
}

/// The person gave up (10 minutes by default without getting through).
struct GaveUp: Error {}

/// One person's visit: the steps they take, remembered across reconnections so that a dropped
/// connection repeats the step it broke, not the whole visit.
final class Journey: @unchecked Sendable {
    enum Role: String { case pupil, guardian, teacher, live }

    let role: Role
    let login: String
    let token: String?
    let arrival: ContinuousClock.Instant
    let stats: Stats
    let ledger: Ledger
    let pace: Pace
    var sawWaitingRoom = false
    var waited = 0.0
    var progress = 0
    // Pupils.
    var entries: [String] = []
    var opened = 0
    var documents: [String] = []
    var work: [String] = []
    var draftsSaved = 0
    var lastText = ""
    let handInID = UUID().uuidString.lowercased()
    // Teachers.
    var classID: String?
    var subject: String?
    // Live classes: when the courses start (pupils press *Rejoindre* then, or on arrival if later), the teacher's
    // join address (role `live`), and where the video server sent them.
    let joinAt: ContinuousClock.Instant?
    var joinPath: String?
    var joinPressed: ContinuousClock.Instant?
    var videoServerAddress: String?

    init(
        role: Role, login: String, token: String?, stats: Stats, ledger: Ledger, pace: Pace, joinAt: ContinuousClock.Instant? = nil,
        joinPath: String? = nil
    ) {
        self.role = role
        self.login = login
        self.token = token
        self.arrival = .now
        self.stats = stats
        self.ledger = ledger
        self.pace = pace
        self.joinAt = joinAt
        self.joinPath = joinPath
    }

    var elapsed: Double {
        let duration = ContinuousClock.now - arrival
        return Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// Runs the visit to its end, reconnecting as a browser does.
    func run(browser: Browser) async {
        if let token { browser.cookies["cartable_session"] = token }
        stats.people.withLock {
            $0.active += 1
            $0.arrived += 1
        }
        defer { stats.people.withLock { $0.active -= 1 } }
        var done = false
        while !done {
            do {
                try await browser.withConnection { connection in
                    try await self.steps(connection)
                }
                done = true
            } catch is GaveUp {
                stats.people.withLock { $0.gaveUp += 1 }
                return
            } catch let lost as ConnectionLost {
                if lost.reason == ConnectionLost.idleClosed {
                    stats.idleReopened.withLock { $0 += 1 }
                } else if lost.reason != "announced" {
                    stats.socketError(lost.reason)
                }
                if Task.isCancelled || elapsed > pace.giveUpAfter {
                    stats.people.withLock { $0.gaveUp += 1 }
                    return
                }
                try? await Task.sleep(for: .milliseconds(Int.random(in: 200...1_000)))
            } catch {
                stats.socketError("\(error)")
                stats.people.withLock { $0.gaveUp += 1 }
                return
            }
        }
        stats.people.withLock {
            $0.finished += 1
            if sawWaitingRoom {
                $0.sawWaitingRoom += 1
                $0.waits.append(waited)
            }
        }
    }

    /// One request, waiting like a browser when the node says so (waiting room, 503 or 429 with `Retry-After`).
    func call(_ connection: Browser.Connection, _ kind: String, _ method: HTTPMethod, _ path: String, json: String? = nil) async throws
        -> Reply
    {
        while true {
            if connection.closedAfterAnswer { throw ConnectionLost(reason: "announced") }
            let start = ContinuousClock.now
            let reply = try await connection.send(method, path, json: json)
            let duration = ContinuousClock.now - start
            let milliseconds = Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
            let busy = reply.status == 429 || (reply.status == 503 && reply.headers.first(name: "Retry-After") != nil)
            stats.record(kind, status: reply.status, milliseconds: milliseconds, refused: busy)
            guard busy else { return reply }
            sawWaitingRoom = true
            let retryAfter = Double(reply.headers.first(name: "Retry-After") ?? "2") ?? 2
            let wait = max(0.5, retryAfter * Double.random(in: 0.8...1.2))
            if elapsed + wait > pace.giveUpAfter { throw GaveUp() }
            waited += wait
            try await Task.sleep(for: .milliseconds(Int(wait * 1000)))
        }
    }

    func steps(_ connection: Browser.Connection) async throws {
        switch role {
        case .pupil: try await pupil(connection)
        case .guardian: try await guardian(connection)
        case .teacher: try await teacher(connection)
        case .live: try await startLive(connection)
        }
    }

    private func pupil(_ c: Browser.Connection) async throws {
        if progress < 1 {
            if token == nil {
                let body = #"{"login":"\#(login)","password":"cartable-demo","rememberDevice":true}"#
                let reply = try await call(c, "sign-in", .POST, "/api/v1/sessions", json: body)
                guard (200..<300).contains(reply.status) else { throw GaveUp() }
            }
            progress = 1
        }
        if progress < 2 {
            let page = try await call(c, "today", .GET, "/today")
            entries = links(in: page.text, prefix: "/entries/")
            if joinAt != nil { joinPath = joinLinks(in: page.text).first }
            progress = 2
        }
        try await homework(c)
        try await joinLiveClass(c)
    }

    private func homework(_ c: Browser.Connection) async throws {
        // Two entries, and more if neither has work to hand in (as a pupil looking for it would).
        while progress < 3 {
            guard opened < entries.count, opened < 2 || (work.isEmpty && opened < 8) else {
                progress = 3
                break
            }
            let page = try await call(c, "entry", .GET, "/entries/\(entries[opened])")
            for id in links(in: page.text, prefix: "/documents/") where !documents.contains(id) { documents.append(id) }
            for id in links(in: page.text, prefix: "/work/") where !work.contains(id) { work.append(id) }
            opened += 1
        }
        if progress < 4 {
            if let document = documents.first { _ = try await call(c, "document", .GET, "/documents/\(document)") }
            progress = 4
        }
        guard let assignment = work.first else {
            if progress < 5 {
                stats.people.withLock { $0.noWork += 1 }
                progress = 5
            }
            return
        }
        if progress < 5 {
            _ = try await call(c, "work page", .GET, "/work/\(assignment)")
            progress = 5
        }
        while draftsSaved < pace.drafts {
            try await Task.sleep(for: .milliseconds(Int(pace.draftInterval * 1000 * Double.random(in: 0.9...1.1))))
            let revision = draftsSaved + 1
            let text = "Réponse de \(login), version \(revision). " + String(repeating: "Je calcule, je justifie, je vérifie. ", count: revision * 2)
            let body = #"{"text":"\#(text)","revision":\#(revision)}"#
            let reply = try await call(c, "draft", .PUT, "/api/v1/assignments/\(assignment)/draft", json: body)
            if reply.status == 200 {
                ledger.acknowledgeDraft(login: login, assignmentID: assignment, revision: revision, text: text)
                lastText = text
            }
            draftsSaved += 1
        }
        if progress < 6 {
            let body = #"{"handInId":"\#(handInID)"}"#
            let reply = try await call(c, "hand-in", .POST, "/api/v1/assignments/\(assignment)/hand-in", json: body)
            if (200..<300).contains(reply.status) {
                ledger.acknowledgeHandIn(login: login, assignmentID: assignment, handInID: handInID, text: lastText, revision: draftsSaved)
            }
            progress = 6
        }
    }

    /// *Rejoindre* on the first live course, at its start (or now if later), as long as the class has not begun
    /// (the waiting page says when to come back); done once Cartable sends the pupil to the video server.
    private func joinLiveClass(_ c: Browser.Connection) async throws {
        guard progress < 7, let joinPath, let joinAt else { return }
        if joinPressed == nil {
            if ContinuousClock.now < joinAt {
                try await Task.sleep(until: joinAt.advanced(by: .milliseconds(Int.random(in: 0...1_000))), clock: .continuous)
            }
            joinPressed = .now
        }
        while true {
            let reply = try await call(c, "join", .GET, joinPath)
            if reply.status == 200, let refresh = reply.headers.first(name: "Refresh").flatMap(Double.init) {
                stats.joins.withLock { $0.waitingPages += 1 }
                try await Task.sleep(for: .milliseconds(Int(refresh * 1000)))
                continue
            }
            let waited = joinPressed.map { ContinuousClock.now - $0 } ?? .zero
            stats.joins.withLock {
                if reply.status == 303, reply.headers.first(name: "Location")?.contains("role=VIEWER") == true {
                    $0.entered.append(Double(waited.components.seconds) + Double(waited.components.attoseconds) / 1e18)
                } else {
                    $0.notEntered[reply.status, default: 0] += 1
                }
            }
            progress = 7
            return
        }
    }

    /// A live course's teacher starts it a little before its start: their join (Cartable creates the meeting and
    /// sends them in as moderator), then the video server's address, as their browser follows the redirect.
    private func startLive(_ c: Browser.Connection) async throws {
        guard let joinPath else { return }
        if progress < 1 {
            let reply = try await call(c, "teacher start", .GET, joinPath)
            guard reply.status == 303, let location = reply.headers.first(name: "Location"), location.contains("role=MODERATOR") else {
                stats.joins.withLock { $0.teacherFailures[reply.status, default: 0] += 1 }
                progress = 2
                return
            }
            videoServerAddress = location
            progress = 1
        }
        if progress < 2, let address = videoServerAddress, let url = URL(string: address), let host = url.host, let port = url.port {
            let server = Browser(host: host, port: port, group: c.browser.group)
            try await server.withConnection { video in
                let reply = try await video.send(.GET, url.path + "?" + (url.query ?? ""))
                stats.joins.withLock {
                    if reply.status == 302 { $0.teachersStarted += 1 } else { $0.teacherFailures[reply.status, default: 0] += 1 }
                }
            }
            progress = 2
        }
    }

    private func guardian(_ c: Browser.Connection) async throws {
        if progress < 1 {
            _ = try await call(c, "guardian today", .GET, "/today")
            progress = 1
        }
        if progress < 2 {
            _ = try await call(c, "guardian week", .GET, "/notebook")
            progress = 2
        }
    }

    private func teacher(_ c: Browser.Connection) async throws {
        if progress < 1 {
            let me = try await call(c, "teacher me", .GET, "/api/v1/me")
            if let object = try? JSONSerialization.jsonObject(with: Data(me.body.readableBytesView)) as? [String: Any],
                let teaching = (object["teachings"] as? [[String: Any]])?.first
            {
                classID = teaching["classId"] as? String
                subject = teaching["subject"] as? String
            }
            progress = 1
        }
        guard let classID, let subject else { return }
        if progress < 2 {
            let today = LocalDate(containing: Date(), in: TimeZone(identifier: "Europe/Paris") ?? .gmt)
            let body = """
                {"subject":"\(subject)","sessionDate":"\(today.iso)","done":"Correction des exercices.",\
                "work":"Lire le chapitre suivant et faire l'exercice 3.","dueDate":"\(today.adding(days: 2).iso)","estimatedMinutes":20}
                """
            _ = try await call(c, "teacher post", .POST, "/api/v1/classes/\(classID)/entries", json: body)
            progress = 2
        }
        if progress < 3 {
            _ = try await call(c, "class notebook", .GET, "/classes/\(classID)/notebook")
            progress = 3
        }
    }
}

/// The *Rejoindre* addresses printed in a page (`/timetable/courses/<id>/<date>/join`), in order.
func joinLinks(in html: String) -> [String] {
    var found: [String] = []
    var rest = html[...]
    let marker = "href=\"/timetable/courses/"
    while let range = rest.range(of: marker) {
        let start = rest.index(range.lowerBound, offsetBy: 6)
        guard let end = rest[start...].firstIndex(of: "\"") else { break }
        let path = String(rest[start..<end])
        if path.hasSuffix("/join"), !found.contains(path) { found.append(path) }
        rest = rest[end...]
    }
    return found
}
