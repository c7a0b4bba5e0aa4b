import AsyncHTTPClient
import CartableCore
import Foundation
import Metrics
import NIOCore
import NIOHTTP1
import Synchronization

/// Cartable's side of a BigBlueButton server: `create` on the teacher's join, whether the meeting runs (one call
/// however many pupils press *Rejoindre*), and signed join addresses. Every call has a time limit; a server that does not answer in time
/// is a failure the caller shows calmly, never a hang.
final class BigBlueButtonClient: Sendable {
    /// What the server said, or why it could not.
    enum Failure: Error, Equatable {
        /// No answer in time, a refused connection, or not an HTTP 200.
        case unreachable(String)
        /// `returncode` FAILED, with its `messageKey`.
        case refused(String)
    }

    /// A meeting as created: its `createTime`, which every join carries so that an old link cannot open a later session.
    struct Meeting: Sendable, Equatable {
        var meetingID: String
        var createTime: String
    }

    let baseURL: String
    let signer: BigBlueButtonSigner
    let timeout: Duration
    let clock: any WallClock
    private let http: HTTPClient

    /// One `create` (and one running check) in flight per meeting; their answers kept a few seconds.
    private struct Flight<Value: Sendable>: Sendable {
        var task: Task<Value, any Error>
        var keptUntil: Date
    }
    private let creates = Mutex<[String: Flight<Meeting>]>([:])
    private let runningChecks = Mutex<[String: Flight<Meeting?>]>([:])
    /// How long a created meeting is trusted without asking again (a teacher pressing twice), and a running check.
    static let createKept: TimeInterval = 5
    static let runningKept: TimeInterval = 3
    /// Most meetings remembered at once (each a few hundred bytes); the oldest go first past it.
    static let capacity = 10_000

    init(settings: VideoSettings, clock: any WallClock, http: HTTPClient = .shared) {
        baseURL = settings.bigBlueButtonURL ?? ""
        signer = BigBlueButtonSigner(
            secret: settings.bigBlueButtonSecret ?? "", algorithm: settings.bigBlueButtonChecksum == "sha1" ? .sha1 : .sha256)
        timeout = settings.timeout
        self.clock = clock
        self.http = http
    }

    /// The signed address of `call` with `parameters`.
    func url(_ call: String, _ parameters: KeyValuePairs<String, String>) -> String {
        baseURL + "api/" + call + "?" + signer.signedQuery(call: call, query: BigBlueButtonSigner.query(parameters))
    }

    /// Creates the meeting (idempotent on the server for one meetingID); concurrent callers share one call.
    func create(meetingID: String, name: String) async throws -> Meeting {
        try await shared(meetingID, in: creates, keep: Self.createKept) { [self] in
            do {
                let answer = try await call(url("create", ["name": name, "meetingID": meetingID, "record": "false"]))
                guard let answer, let createTime = Self.tag("createTime", in: answer) else { throw Failure.unreachable("no createTime") }
                Observability.liveCreates.increment()
                return Meeting(meetingID: meetingID, createTime: createTime)
            } catch {
                Observability.liveCreateFailures.increment()
                throw error
            }
        }
    }

    /// The meeting if it runs (a moderator is in), with its `createTime`, or `nil` if it does not run or does not exist
    /// yet; concurrent callers share one `getMeetingInfo`. A pupil's join reads this, never `create`: only a moderator's
    /// join creates the meeting, so 600 pupils pressing at once cost one call every few seconds, and the `createTime`
    /// they carry is at most that old.
    func runningMeeting(meetingID: String) async throws -> Meeting? {
        try await shared(meetingID, in: runningChecks, keep: Self.runningKept) { [self] in
            do {
                let answer = try await call(url("getMeetingInfo", ["meetingID": meetingID]), absentKey: "notFound")
                Observability.liveRunningChecks.increment()
                guard let answer, Self.tag("running", in: answer) == "true", let createTime = Self.tag("createTime", in: answer) else { return nil }
                return Meeting(meetingID: meetingID, createTime: createTime)
            } catch {
                Observability.liveRunningFailures.increment()
                throw error
            }
        }
    }

    /// Forgets what is known of a meeting (after it was ended).
    func forget(meetingID: String) {
        creates.withLock { _ = $0.removeValue(forKey: meetingID) }
        runningChecks.withLock { _ = $0.removeValue(forKey: meetingID) }
    }

    /// Ends the meeting.
    func end(meetingID: String) async throws {
        _ = try await call(url("end", ["meetingID": meetingID]))
        forget(meetingID: meetingID)
    }

    /// The address that lets one person in: their name, role, a stable user id and the meeting's `createTime`.
    func joinURL(meeting: Meeting, fullName: String, userID: String, isModerator: Bool) -> String {
        url(
            "join",
            [
                "fullName": fullName, "meetingID": meeting.meetingID, "role": isModerator ? "MODERATOR" : "VIEWER", "userID": userID,
                "createTime": meeting.createTime, "redirect": "true",
            ])
    }

    /// Runs `work` once for `key` while its answer is kept; a failure is not kept (the next caller tries again).
    private func shared<Value: Sendable>(
        _ key: String, in flights: borrowing Mutex<[String: Flight<Value>]>, keep: TimeInterval, work: @escaping @Sendable () async throws -> Value
    ) async throws -> Value {
        let now = clock.now()
        let task: Task<Value, any Error> = flights.withLock { table in
            if let flight = table[key], flight.keptUntil > now { return flight.task }
            if table.count >= Self.capacity {
                table = table.filter { $0.value.keptUntil > now }
                if table.count >= Self.capacity, let oldest = table.min(by: { $0.value.keptUntil < $1.value.keptUntil })?.key {
                    table.removeValue(forKey: oldest)
                }
            }
            let task = Task { try await work() }
            // Kept while it runs (an hour at most) and `keep` seconds once done (set below).
            table[key] = Flight(task: task, keptUntil: now.addingTimeInterval(3_600))
            return task
        }
        do {
            let value = try await task.value
            let until = clock.now().addingTimeInterval(keep)
            flights.withLock { table in
                if let flight = table[key], flight.task == task { table[key]?.keptUntil = min(flight.keptUntil, until) }
            }
            return value
        } catch {
            flights.withLock { table in
                if let flight = table[key], flight.task == task { table.removeValue(forKey: key) }
            }
            throw error
        }
    }

    /// One GET with the time limit; the body of a 200 whose `returncode` is SUCCESS (`nil` for a FAILED one whose
    /// `messageKey` is `absentKey`, e.g. `notFound`).
    private func call(_ url: String, absentKey: String? = nil) async throws -> String? {
        var request = HTTPClientRequest(url: url)
        request.method = .GET
        let response: HTTPClientResponse
        do {
            response = try await http.execute(request, timeout: .nanoseconds(Int64(timeout.components.seconds) * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000))
        } catch {
            throw Failure.unreachable("\(error)")
        }
        guard response.status == .ok else { throw Failure.unreachable("HTTP \(response.status.code)") }
        let body: ByteBuffer
        do {
            body = try await response.body.collect(upTo: 256 * 1024)
        } catch {
            throw Failure.unreachable("\(error)")
        }
        let text = String(buffer: body)
        guard Self.tag("returncode", in: text) == "SUCCESS" else {
            let key = Self.tag("messageKey", in: text) ?? "unknown"
            if let absentKey, key == absentKey { return nil }
            throw Failure.refused(key)
        }
        return text
    }

    /// The text of the first `<name>…</name>` in `xml` (BigBlueButton's answers are small and flat).
    static func tag(_ name: String, in xml: String) -> String? {
        guard let open = xml.range(of: "<\(name)>"), let close = xml.range(of: "</\(name)>", range: open.upperBound..<xml.endIndex) else { return nil }
        return String(xml[open.upperBound..<close.lowerBound]).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
