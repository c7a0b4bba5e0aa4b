import CartableCore
import CartableStore
import CartableTestSupport
import CartableWeb
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import NIOPosix
import Synchronization
import Testing

/// A stream read from a real socket: what `/events` sends, as it arrives.
final class EventStreamReader: Sendable {
    private let received = Mutex("")
    private let task: Mutex<Task<Void, Never>?> = Mutex(nil)

    /// Opens `/events` on `port` as the person whose cookie is `cookie`.
    static func open(port: Int, cookie: String) async throws -> EventStreamReader {
        let reader = EventStreamReader()
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture { try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel) }
            }
        let request = "GET /events HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\nCookie: \(cookie)\r\n\r\n"
        reader.task.withLock {
            $0 = Task {
                try? await channel.executeThenClose { inbound, outbound in
                    try await outbound.write(ByteBuffer(string: request))
                    for try await buffer in inbound { reader.received.withLock { $0 += String(buffer: buffer) } }
                }
            }
        }
        return reader
    }

    /// Everything received so far.
    var text: String { received.withLock { $0 } }

    /// Waits (at most `seconds`) until what was received contains `expected`.
    func wait(for expected: String, seconds: Double = 5) async -> Bool {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while ContinuousClock.now < deadline {
            if text.contains(expected) { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return text.contains(expected)
    }

    func close() { task.withLock { $0?.cancel() } }
}

/// The live stream through the real application: one person's message reaches the other's stream; across two
/// nodes on one PostgreSQL, through `LISTEN/NOTIFY`.
@Suite struct LiveStreamTests {
    /// The right to disconnect: at 20:00 a guardian (quiet 19:00–7:30 by default) hears no notice of a message or an
    /// announcement, only the counter's new value (`unread-quiet`); the pupil, who has no quiet hours, hears both.
    @Test func inQuietHoursTheCounterFollowsButNothingIsPushed() async throws {
        try await TestApp.run(setup: .live) { (app) async throws in
            app.clock.advance(by: 11 * 3600)  // Monday 20:00 in Paris
            let port = try #require(app.client.port)
            let guardianStream = try await EventStreamReader.open(port: port, cookie: try await app.session(for: app.world.guardian).cookie)
            defer { guardianStream.close() }
            let pupilStream = try await EventStreamReader.open(port: port, cookie: try await app.session(for: app.world.pupil).cookie)
            defer { pupilStream.close() }
            #expect(await guardianStream.wait(for: "event: unread\ndata: 0\n\n"), "the count at opening: \(guardianStream.text)")
            #expect(await pupilStream.wait(for: "event: unread\ndata: 0\n\n"))

            let teacher = try await app.session(for: app.world.teacher)
            #expect(try await MessageTests.send(app, teacher, to: [app.world.guardian, app.world.pupil]).status == .seeOther)
            #expect(await guardianStream.wait(for: "event: unread-quiet\ndata: 1\n\n"), "\(guardianStream.text)")
            #expect(await pupilStream.wait(for: "event: unread\ndata: 1\n\n"), "\(pupilStream.text)")
            #expect(!guardianStream.text.contains("event: unread\ndata: 1"), "no notice in quiet hours")

            let published = try await AnnouncementTests.publish(app, teacher, classes: [app.world.classA.id], pupils: true, guardians: true)
            #expect(published.status == .seeOther)
            #expect(await pupilStream.wait(for: "event: announcement"), "\(pupilStream.text)")
            try await Task.sleep(for: .milliseconds(200))
            #expect(!guardianStream.text.contains("event: announcement"), "\(guardianStream.text)")
        }
    }

    @Test func aMessageArrivesOnTheRecipientsStreamWithItsCount() async throws {
        try await TestApp.run(setup: .live) { (app) async throws in
            let port = try #require(app.client.port)
            let guardian = try await app.session(for: app.world.guardian)
            let stream = try await EventStreamReader.open(port: port, cookie: guardian.cookie)
            defer { stream.close() }
            #expect(await stream.wait(for: "text/event-stream"), "\(stream.text)")
            #expect(await stream.wait(for: "event: unread\ndata: 0\n\n"), "the count at opening: \(stream.text)")
            let teacher = try await app.session(for: app.world.teacher)
            let sent = try await MessageTests.send(app, teacher, to: [app.world.guardian])
            #expect(sent.status == .seeOther)
            #expect(await stream.wait(for: "event: unread\ndata: 1\n\n"), "\(stream.text)")
            // Someone else's message does not reach this stream.
            _ = try await MessageTests.send(app, teacher, to: [app.world.pupil])
            try await Task.sleep(for: .milliseconds(200))
            #expect(!stream.text.contains("data: 2"))
            // A change in the child's class reaches the guardian's stream (no query per stream: the hub knows its classes).
            let posted = try await app.post(
                "/entries", form: [("classID", app.world.classA.id.rawValue), ("subject", "Mathématiques"), ("sessionDate", "2026-11-23"),
                    ("done", "Chapitre 3")], as: teacher)
            #expect(posted.status == .seeOther)
            #expect(await stream.wait(for: "event: class\ndata: \(app.world.classA.id)"), "\(stream.text)")
        }
    }

    @Test func aStreamIsRefusedWithARetryDelayWhenTheNodeIsSaturated() async throws {
        try await TestApp.run(setup: .live, configure: { $0.admissionLimit = 1 }) { (app) async throws in
            let guardian = try await app.session(for: app.world.guardian)
            // The stream's own request is the one slot: every slot is taken, so it steps aside.
            let response = try await app.get("/events", as: guardian)
            #expect(response.status == .serviceUnavailable)
            #expect(response.headers[.retryAfter].flatMap { Int($0) }.map { (20...60).contains($0) } == true)
            #expect(response.text.hasPrefix("retry: "))
        }
    }

    @Test(arguments: TestEngine.available.filter { $0 == .postgres })
    func acrossTwoNodesAMessageArrivesThroughListenNotify(engine: TestEngine) async throws {
        try await TestApp.run(engine: engine, setup: .live) { (app) async throws in
            // A second node over the same database: its own memory, its own streams.
            let other = AppServices.make(
                configuration: app.services.configuration, database: app.services.storage.database, clock: app.services.clock,
                passwords: app.services.passwords, views: try ViewRenderer.load(), blobs: app.services.blobs, logger: app.services.logger)
            let node = try await buildApplication(configuration: app.services.configuration, services: other)
            try await node.test(.live) { client in
                let port = try #require(client.port)
                let guardian = try await app.session(for: app.world.guardian)
                let stream = try await EventStreamReader.open(port: port, cookie: guardian.cookie)
                defer { stream.close() }
                #expect(await stream.wait(for: "event: unread\ndata: 0\n\n"), "\(stream.text)")
                try await Task.sleep(for: .milliseconds(300))  // the second node's listener is up
                let sent = try await MessageTests.send(app, try await app.session(for: app.world.teacher), to: [app.world.guardian])
                #expect(sent.status == .seeOther)
                // The count travels with the notification; the version poll alone would say "?" (count unknown).
                #expect(await stream.wait(for: "event: unread\ndata: 1\n\n", seconds: 3), "\(stream.text)")
            }
        }
    }
}
