import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// What came back for one request.
struct Reply: Sendable {
    var status: Int
    var headers: HTTPHeaders
    var body: ByteBuffer
    var text: String { String(buffer: body) }
}

/// The connection dropped (reset, closed by the server, refused): the journey reconnects and repeats the step.
struct ConnectionLost: Error {
    var reason: String

    /// An idle keep-alive connection the node had closed, found closed before anything was sent on it.
    static let idleClosed = "idle keep-alive connection closed by the node"
}

/// One person's browser: one keep-alive connection at a time, a cookie jar, and nothing else.
final class Browser: @unchecked Sendable {
    typealias Channel = NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>
    let host: String
    let port: Int
    let group: any EventLoopGroup
    /// Cookies by name (only this person's task touches them).
    var cookies: [String: String] = [:]

    init(host: String, port: Int, group: any EventLoopGroup) {
        self.host = host
        self.port = port
        self.group = group
    }

    /// Opens a connection and runs `body` with it; closes it afterwards.
    func withConnection(_ body: (Connection) async throws -> Void) async throws {
        let channel: Channel
        do {
            channel = try await ClientBootstrap(group: group)
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .connectTimeout(.seconds(30))
                .connect(host: host, port: port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHTTPClientHandlers()
                        return try Channel(wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            throw ConnectionLost(reason: "connect: \(error)")
        }
        try await channel.executeThenClose { inbound, outbound in
            let connection = Connection(browser: self, inbound: inbound.makeAsyncIterator(), outbound: outbound)
            try await body(connection)
        }
    }

    /// A live connection.
    final class Connection: @unchecked Sendable {
        let browser: Browser
        var inbound: NIOAsyncChannelInboundStream<HTTPClientResponsePart>.AsyncIterator
        let outbound: NIOAsyncChannelOutboundWriter<HTTPClientRequestPart>

        init(
            browser: Browser, inbound: NIOAsyncChannelInboundStream<HTTPClientResponsePart>.AsyncIterator,
            outbound: NIOAsyncChannelOutboundWriter<HTTPClientRequestPart>
        ) {
            self.browser = browser
            self.inbound = inbound
            self.outbound = outbound
        }

        /// Sends one request and reads its whole answer, keeping the cookies it sets.
        func send(_ method: HTTPMethod, _ path: String, json: String? = nil, form: String? = nil) async throws -> Reply {
            do {
                // One write (one hop to the event loop, one flush) for the whole request.
                let request = OutgoingRequest(
                    method, path, host: browser.host, port: browser.port, cookies: browser.cookies.map { ($0.key, $0.value) }, json: json, form: form)
                try await outbound.write(contentsOf: request.parts)
            } catch ChannelError.ioOnClosedChannel {
                // The node closed this keep-alive connection while it sat idle (a long wait in the
                // waiting room, past the node's idle timeout) and nothing was sent: a browser opens a
                // new one without a word, and so does the journey. Counted apart, not as an error.
                throw ConnectionLost(reason: ConnectionLost.idleClosed)
            } catch {
                throw ConnectionLost(reason: "write: \(error)")
            }
            var head: HTTPResponseHead?
            var collected = ByteBuffer()
            while true {
                let part: HTTPClientResponsePart?
                do {
                    part = try await inbound.next()
                } catch {
                    throw ConnectionLost(reason: "read: \(error)")
                }
                switch part {
                case .head(let value): head = value
                case .body(var chunk): collected.writeBuffer(&chunk)
                case .end:
                    guard let head else { throw ConnectionLost(reason: "answer without head") }
                    for line in head.headers["Set-Cookie"] {
                        let pair = line.prefix(while: { $0 != ";" })
                        guard let equals = pair.firstIndex(of: "=") else { continue }
                        let name = String(pair[..<equals]).trimmingCharacters(in: .whitespaces)
                        let value = String(pair[pair.index(after: equals)...])
                        if value.isEmpty || line.lowercased().contains("max-age=0") {
                            browser.cookies[name] = nil
                        } else {
                            browser.cookies[name] = value
                        }
                    }
                    if head.headers["Connection"].contains(where: { $0.lowercased() == "close" }) {
                        // Read it, then let the journey reconnect for the next step.
                        closedAfterAnswer = true
                    }
                    return Reply(status: Int(head.status.code), headers: head.headers, body: collected)
                case nil:
                    throw ConnectionLost(reason: "closed by the server")
                }
            }
        }

        /// The server said it would close the connection after the last answer.
        var closedAfterAnswer = false
    }
}

/// Links of one kind printed in a page (`/entries/<uuid>`…), in order, without repeats.
func links(in html: String, prefix: String) -> [String] {
    var found: [String] = []
    var rest = html[...]
    let marker = "href=\"\(prefix)"
    while let range = rest.range(of: marker) {
        let start = range.upperBound
        let idEnd = rest[start...].firstIndex(where: { !($0.isHexDigit || $0 == "-") }) ?? rest.endIndex
        let id = String(rest[start..<idEnd])
        if id.count == 36, !found.contains(id) { found.append(id) }
        rest = rest[idEnd...]
    }
    return found
}

/// A request as the load tool's browsers send it: host, user agent, French first, cookies, and a
/// JSON body if any.
struct OutgoingRequest: Sendable {
    var head: HTTPRequestHead
    var body: ByteBuffer?

    /// `form`: an `application/x-www-form-urlencoded` body (a page's form), when there is no JSON.
    init(_ method: HTTPMethod, _ path: String, host: String, port: Int, cookies: [(String, String)], json: String?, form: String? = nil) {
        var headers = HTTPHeaders()
        headers.add(name: "Host", value: "\(host):\(port)")
        headers.add(name: "User-Agent", value: "cartable-surge")
        headers.add(name: "Accept-Language", value: "fr-FR,fr;q=0.9")
        if !cookies.isEmpty { headers.add(name: "Cookie", value: cookies.map { "\($0.0)=\($0.1)" }.joined(separator: "; ")) }
        if let json {
            body = ByteBuffer(string: json)
            headers.add(name: "Content-Type", value: "application/json")
            headers.add(name: "Content-Length", value: String(body?.readableBytes ?? 0))
        } else if let form {
            body = ByteBuffer(string: form)
            headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
            headers.add(name: "Content-Length", value: String(body?.readableBytes ?? 0))
        } else if method != .GET {
            headers.add(name: "Content-Length", value: "0")
        }
        head = HTTPRequestHead(version: .http1_1, method: method, uri: path, headers: headers)
    }

    /// Head, body and end, to write at once.
    var parts: [HTTPClientRequestPart] {
        [.head(head)] + (body.map { [.body(.byteBuffer($0))] } ?? []) + [.end(nil)]
    }
}
