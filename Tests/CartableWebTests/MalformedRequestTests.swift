import CartableCore
import CartableTestSupport
import Foundation
import NIOCore
import NIOPosix
import Testing

@testable import CartableWeb

/// Bodies the HTTP parser refuses are the client's fault: 400 with the usual error, no error-level
/// log line, never a 500. Only a real socket shows this, so these run against a live server.
@Suite struct MalformedRequestTests {
    /// A request that ends badly: a chunk size that is not hexadecimal, or a body shorter than its
    /// `Content-Length` after which the client closes its side.
    enum Fault: String, CaseIterable, Sendable {
        case invalidChunkSize, shortBodyThenClose
    }

    /// (path, content type, body) of the requests sent.
    static let targets: [(path: String, contentType: String, body: String)] = [
        ("/api/v1/sessions", "application/json", #"{"login":"lea.martin","password":"x"}"#),
        ("/signin", "application/x-www-form-urlencoded", "login=lea.martin&password=x"),
    ]

    @Test(arguments: Fault.allCases)
    func aBodyTheParserRefusesIsABadRequest(fault: Fault) async throws {
        let logs = RecordedLogs()
        try await TestApp.run(setup: .live, logs: logs, configure: { $0.idleTimeout = .seconds(2) }) { (app) async throws in
            let port = try #require(app.client.port)
            var paths = Self.targets
            // An upload, signed in (its body streams to the blob store).
            let pupil = try await app.session(for: app.world.pupil)
            paths.append(("/api/v1/assignments/\(app.world.assignmentA.id)/files?name=a.png", "application/octet-stream", "\u{89}PNG\r\n"))
            for (path, contentType, body) in paths {
                var head = "POST \(path) HTTP/1.1\r\nHost: localhost\r\nContent-Type: \(contentType)\r\nCookie: \(pupil.cookie)\r\n"
                head += "Origin: http://localhost\r\n"
                let raw: String
                switch fault {
                case .invalidChunkSize:
                    raw = head + "Transfer-Encoding: chunked\r\n\r\n4\r\n\(body.prefix(4))\r\nzz\r\n\(body.dropFirst(4))\r\n0\r\n\r\n"
                case .shortBodyThenClose:
                    raw = head + "Content-Length: \(body.utf8.count + 50)\r\n\r\n\(body)"
                }
                let answer = try await Self.exchange(raw, port: port)
                #expect(answer.hasPrefix("HTTP/1.1 400"), "\(fault) on \(path): \(answer.prefix(120))")
            }
            let errors = logs.lines(atLeast: .error)
            #expect(errors.isEmpty, "error-level lines: \(errors)")
        }
    }

    /// Sends `raw` on a new connection, closes the sending side, and reads until the server closes
    /// (or 10 s pass): what a client that sent a broken request gets back.
    static func exchange(_ raw: String, port: Int) async throws -> String {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.allowRemoteHalfClosure, value: true)
            .connect(host: "localhost", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(
                        wrappingChannelSynchronously: channel, configuration: .init(isOutboundHalfClosureEnabled: true))
                }
            }
        return try await withThrowingTaskGroup(of: String?.self) { group in
            group.addTask {
                try await channel.executeThenClose { inbound, outbound in
                    try await outbound.write(ByteBuffer(string: raw))
                    outbound.finish()
                    var received = ""
                    do {
                        for try await buffer in inbound { received += String(buffer: buffer) }
                    } catch {
                        // A reset after the answer still leaves the answer.
                    }
                    return received
                }
            }
            group.addTask {
                try await Task.sleep(for: .seconds(10))
                return nil
            }
            let first = try await group.next() ?? nil
            group.cancelAll()
            return first ?? "(no answer within 10 s)"
        }
    }
}
