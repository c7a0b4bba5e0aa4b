import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// Where and how Cartable sends mail: a submission server (port 587, STARTTLS, a login) or a relay
/// on the same host or network (port 25, no TLS, no login).
public struct SMTPConfiguration: Sendable, Hashable {
    /// How the connection is protected.
    public enum Security: String, Sendable, Hashable {
        /// Plain text throughout: only for a relay on the same host or a trusted network.
        case none
        /// Plain text until `STARTTLS`, then TLS. Required: a server that does not offer it is refused,
        /// never used in plain text.
        case startTLS
    }

    /// The server's name or address.
    public var host: String
    /// The server's port (587 for submission, 25 for a relay).
    public var port: Int
    /// How the connection is protected.
    public var security: Security
    /// The login, if the server wants one (`AUTH PLAIN`, or `AUTH LOGIN` if that is all it offers).
    public var username: String?
    /// The password that goes with ``username``.
    public var password: String?
    /// The sender's address, e.g. "ne-pas-repondre@cartable.example"
    public var from: String
    /// The sender's display name, e.g. "Cartable"
    public var fromName: String
    /// Whether to check the server's certificate under STARTTLS (false only for tests with a self-signed cert).
    public var verifyCertificate: Bool

    /// A server at `host:port`, sending as `fromName <from>`.
    public init(
        host: String, port: Int = 587, security: Security = .startTLS, username: String? = nil, password: String? = nil, from: String,
        fromName: String = "Cartable", verifyCertificate: Bool = true
    ) {
        self.host = host
        self.port = port
        self.security = security
        self.username = username
        self.password = password
        self.from = from
        self.fromName = fromName
        self.verifyCertificate = verifyCertificate
    }
}

/// A plain-text mail to one recipient.
public struct EmailMessage: Sendable, Hashable {
    /// The recipient's address (ASCII: the client does not speak SMTPUTF8).
    public var to: String
    /// The subject, in any language (encoded per RFC 2047 when it is not plain ASCII).
    public var subject: String
    /// The body; line breaks may be `\n`, `\r\n` or `\r` (all sent as CRLF).
    public var text: String
    /// Extra headers, e.g. ("List-Unsubscribe", "<https://…>"), ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")
    public var headers: [EmailHeader]

    /// A mail to `to`.
    public init(to: String, subject: String, text: String, headers: [EmailHeader] = []) {
        self.to = to
        self.subject = subject
        self.text = text
        self.headers = headers
    }
}

/// One extra header of a mail. The client writes From, To, Subject, Date, Message-ID and the MIME
/// headers itself and refuses them (and Cc, Bcc) here.
public struct EmailHeader: Sendable, Hashable {
    /// The header's name, e.g. "List-Unsubscribe".
    public var name: String
    /// Its value, without line breaks (the client folds long values itself).
    public var value: String

    /// The header `name: value`.
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// A refusal by the SMTP server, or a failure of the exchange with it.
public struct SMTPError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The server's reply code (`550`, `421`…), or 0 when no reply of the server is at fault: the
    /// connection failed or closed, no reply came in time, a reply was malformed, or the client
    /// refused the mail itself (a line break in a header, an address it cannot send to).
    public var code: Int
    /// The server's reply text, or what went wrong.
    public var text: String

    public var description: String { code == 0 ? "SMTP: \(text)" : "SMTP \(code): \(text)" }

    /// A refusal with `code` (0 for a failure that is not a server reply) and `text`.
    public init(code: Int, text: String) {
        self.code = code
        self.text = text
    }
}

/// A small SMTP client (RFC 5321) for Cartable's notifications: plain-text mails in UTF-8, sent
/// quoted-printable (so 7-bit clean for any server), STARTTLS (RFC 3207), `AUTH PLAIN` or `LOGIN`.
///
/// Each ``send(_:)`` opens one connection, sends its messages one after the other (`RSET` between
/// them) and closes it. Every reply must come within the reply timeout (20 s), so a silent server
/// cannot hold a node's task forever.
public struct SMTPClient: Sendable {
    /// The server and the sender.
    public let configuration: SMTPConfiguration
    /// How long each reply of the server (and the connection itself) may take.
    let replyTimeout: Duration
    /// The time written in each mail's Date header.
    let now: @Sendable () -> Date
    /// Where the connection runs.
    let eventLoopGroup: any EventLoopGroup

    /// A client of the server in `configuration`.
    public init(configuration: SMTPConfiguration) {
        self.init(configuration: configuration, replyTimeout: .seconds(20), now: { Date() })
    }

    /// A client with its reply timeout and clock given (tests).
    init(
        configuration: SMTPConfiguration, replyTimeout: Duration, now: @escaping @Sendable () -> Date,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) {
        self.configuration = configuration
        self.replyTimeout = replyTimeout
        self.now = now
        self.eventLoopGroup = eventLoopGroup
    }

    /// Sends `messages` over one connection (RSET between them); returns, in order, nil for each accepted message or the error for each refused one (a refused RCPT does not stop the others). Throws only if the connection or the session as a whole fails (connect, greeting, EHLO, STARTTLS, AUTH).
    ///
    /// Also throws, before connecting, if a recipient, subject or header holds a line break (header
    /// injection) or a header is one the client writes itself. If the connection fails once the
    /// session is open, the message in progress and those after it get that error (a message whose
    /// final reply was lost may still have been delivered: SMTP cannot tell).
    public func send(_ messages: [EmailMessage]) async throws -> [SMTPError?] {
        let configuration = self.configuration
        try Self.checkConfiguration(configuration)
        let date = now()
        let envelopes = try messages.map { message -> Result<Envelope, SMTPError> in
            try Self.checkHeaders(of: message)
            guard Self.isSendableAddress(message.to) else {
                return .failure(SMTPError(code: 0, text: "cannot send to this address"))
            }
            let domain = configuration.from.split(separator: "@").last.map(String.init) ?? "cartable.invalid"
            let messageID = "<\(UUID().uuidString.lowercased())@\(domain)>"
            let data = try Self.makeMessage(message, configuration: configuration, date: date, messageID: messageID)
            return .success(Envelope(recipient: message.to, data: Self.makeDataBlock(data)))
        }
        guard envelopes.contains(where: { if case .success = $0 { true } else { false } }) else {
            return envelopes.map { if case .failure(let error) = $0 { error } else { nil } }
        }

        let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>
        do {
            channel = try await ClientBootstrap(group: eventLoopGroup)
                .connectTimeout(TimeAmount(replyTimeout))
                .connect(host: configuration.host, port: configuration.port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            throw SMTPError(code: 0, text: "cannot connect to \(configuration.host):\(configuration.port): \(error)")
        }
        let replyTimeout = self.replyTimeout
        return try await channel.executeThenClose { inbound, outbound in
            var session = Session(
                channel: channel.channel, reader: SMTPReplyReader(iterator: inbound.makeAsyncIterator()), outbound: outbound,
                timeout: replyTimeout)
            do {
                try await session.open(configuration)
            } catch let error as SMTPError {
                throw error
            } catch {
                throw SMTPError(code: 0, text: "cannot start TLS: \(error)")
            }
            var results: [SMTPError?] = []
            var inTransaction = false
            for envelope in envelopes {
                guard case .success(let envelope) = envelope else {
                    if case .failure(let error) = envelope { results.append(error) }
                    continue
                }
                do {
                    if inTransaction {
                        let reply = try await session.exchange("RSET")
                        guard reply.isPositive else { throw Session.Lost(error: reply.error) }
                    }
                    inTransaction = true
                    results.append(try await session.transaction(from: configuration.from, envelope: envelope))
                } catch let lost as Session.Lost {
                    // The connection is gone (or unusable): this message and the rest fail with it.
                    results.append(lost.error)
                    for remaining in envelopes.dropFirst(results.count) {
                        if case .failure(let error) = remaining { results.append(error) } else { results.append(lost.error) }
                    }
                    return results
                }
            }
            _ = try? await session.exchange("QUIT")
            return results
        }
    }

    /// A message ready to go: its recipient and its DATA block (dot-stuffed, ending in CRLF.CRLF).
    struct Envelope: Sendable {
        var recipient: String
        var data: String
    }
}

// MARK: - The session

extension SMTPClient {
    /// The exchange over an open connection.
    struct Session {
        /// The connection failed during a message: the message's outcome is this error.
        struct Lost: Error {
            var error: SMTPError
        }

        /// The server's ESMTP extensions, from its EHLO reply.
        struct Extensions {
            var keywords: Set<String> = []
            var authMechanisms: Set<String> = []

            init(_ reply: SMTPReply) {
                for line in reply.lines.dropFirst() {
                    let words = line.uppercased().split(whereSeparator: { $0 == " " || $0 == "=" }).map(String.init)
                    guard let keyword = words.first else { continue }
                    keywords.insert(keyword)
                    if keyword == "AUTH" { authMechanisms.formUnion(words.dropFirst()) }
                }
            }
        }

        let channel: any Channel
        var reader: SMTPReplyReader
        let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
        let timeout: Duration

        /// Greeting, EHLO, STARTTLS and EHLO again, AUTH: throws ``SMTPError`` if any fails.
        mutating func open(_ configuration: SMTPConfiguration) async throws {
            _ = try await expect(nil, code: 220)
            var extensions = Extensions(try await expect("EHLO cartable", code: 250))
            if configuration.security == .startTLS {
                guard extensions.keywords.contains("STARTTLS") else {
                    throw SMTPError(code: 0, text: "the server does not offer STARTTLS")
                }
                _ = try await expect("STARTTLS", code: 220)
                // Anything already received after the 220 came in plain text: refuse it (RFC 3207 §6).
                guard reader.isEmpty else { throw SMTPError(code: 0, text: "plain-text data after the STARTTLS reply") }
                try await startTLS(configuration)
                extensions = Extensions(try await expect("EHLO cartable", code: 250))
            }
            if let username = configuration.username, let password = configuration.password, !username.isEmpty {
                try await authenticate(username: username, password: password, extensions: extensions)
            }
        }

        /// MAIL, RCPT, DATA and the message: nil if the server took it, else its refusal.
        mutating func transaction(from sender: String, envelope: Envelope) async throws -> SMTPError? {
            let mail = try await exchange("MAIL FROM:<\(sender)>")
            guard mail.isPositive else { return mail.error }
            let recipient = try await exchange("RCPT TO:<\(envelope.recipient)>")
            guard recipient.isPositive else { return recipient.error }
            let data = try await exchange("DATA")
            guard data.code == 354 else { return data.error }
            let accepted = try await exchange(raw: envelope.data)
            return accepted.isPositive ? nil : accepted.error
        }

        /// Adds TLS at the front of the pipeline; the handshake starts at once.
        private func startTLS(_ configuration: SMTPConfiguration) async throws {
            var tls = TLSConfiguration.makeClientConfiguration()
            if !configuration.verifyCertificate { tls.certificateVerification = .none }
            let context = try NIOSSLContext(configuration: tls)
            // SNI takes a name, never an address: for an address, the certificate is checked against it.
            let serverName: String? = (try? SocketAddress(ipAddress: configuration.host, port: 0)) == nil ? configuration.host : nil
            let channel = self.channel
            try await channel.eventLoop.submit {
                let handler = try NIOSSLClientHandler(context: context, serverHostname: serverName)
                try channel.pipeline.syncOperations.addHandler(handler, position: .first)
            }.get()
        }

        private mutating func authenticate(username: String, password: String, extensions: Extensions) async throws {
            let mechanisms = extensions.authMechanisms
            if mechanisms.contains("PLAIN") {
                let credentials = Data([0] + Array(username.utf8) + [0] + Array(password.utf8)).base64EncodedString()
                _ = try await expect("AUTH PLAIN \(credentials)", code: 235)
            } else if mechanisms.contains("LOGIN") {
                _ = try await expect("AUTH LOGIN", code: 334)
                _ = try await expect(Data(username.utf8).base64EncodedString(), code: 334)
                _ = try await expect(Data(password.utf8).base64EncodedString(), code: 235)
            } else if mechanisms.isEmpty {
                throw SMTPError(code: 0, text: "the server does not offer AUTH")
            } else {
                throw SMTPError(code: 0, text: "the server offers neither AUTH PLAIN nor AUTH LOGIN")
            }
        }

        /// Sends `command` (nil: nothing, for the greeting) and throws unless the reply has `code`.
        private mutating func expect(_ command: String?, code: Int) async throws -> SMTPReply {
            let reply: SMTPReply
            do {
                if let command { reply = try await exchange(command) } else { reply = try await exchange(raw: nil) }
            } catch let lost as Lost {
                throw lost.error
            }
            guard reply.code == code else { throw reply.error }
            return reply
        }

        /// Sends `command` and a CRLF, reads the reply.
        mutating func exchange(_ command: String) async throws -> SMTPReply {
            try await exchange(raw: command + "\r\n")
        }

        /// Sends `raw` (if any) and reads the reply, both within the timeout; throws ``Lost`` if the
        /// connection fails, closes, says nothing in time or answers something that is not SMTP.
        mutating func exchange(raw: String?) async throws -> SMTPReply {
            let channel = self.channel
            // On time-out, the channel is closed with an error, which ends both the write and the read.
            let timer = channel.eventLoop.scheduleTask(in: TimeAmount(timeout)) {
                channel.pipeline.fireErrorCaught(SMTPReplyReader.TimedOut())
                channel.close(promise: nil)
            }
            do {
                if let raw { try await outbound.write(ByteBuffer(string: raw)) }
                let reply = try await reader.next()
                timer.cancel()
                return reply
            } catch {
                timer.cancel()
                let timedOut = (try? await timer.futureResult.get()) != nil || error is SMTPReplyReader.TimedOut
                if timedOut { throw Lost(error: SMTPError(code: 0, text: "no reply from the server within \(timeout)")) }
                if let error = error as? SMTPError { throw Lost(error: error) }
                throw Lost(error: SMTPError(code: 0, text: "connection lost: \(error)"))
            }
        }
    }
}

/// One reply of the server: its code and its lines' texts (`250-first`, `250 last`).
struct SMTPReply: Sendable, Hashable {
    var code: Int
    var lines: [String]

    /// 2xx: done.
    var isPositive: Bool { (200...299).contains(code) }
    /// The reply as an error.
    var error: SMTPError { SMTPError(code: code, text: lines.joined(separator: " ")) }
}

/// Reads whole replies from the connection's bytes, however they are cut into reads.
struct SMTPReplyReader {
    /// The reply timer fired.
    struct TimedOut: Error {}

    /// The longest reply read (a few hundred bytes in practice; RFC 5321 lines are at most 512).
    static let maximumReplyLength = 64 * 1024

    var iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    var buffer = ByteBuffer()

    /// Whether bytes beyond the last reply have been received.
    var isEmpty: Bool { buffer.readableBytes == 0 }

    /// The next reply; throws ``SMTPError`` if the connection closes first or the reply is malformed or too long.
    mutating func next() async throws -> SMTPReply {
        while true {
            if let reply = try Self.parse(&buffer) { return reply }
            guard buffer.readableBytes <= Self.maximumReplyLength else { throw SMTPError(code: 0, text: "reply too long") }
            guard var more = try await iterator.next() else { throw SMTPError(code: 0, text: "the server closed the connection") }
            buffer.writeBuffer(&more)
        }
    }

    /// Takes one complete reply from the front of `buffer`, or nothing (and leaves `buffer` as it
    /// was) if the reply is not complete yet. Lines end in CRLF (a bare LF is tolerated).
    static func parse(_ buffer: inout ByteBuffer) throws -> SMTPReply? {
        let bytes = buffer.readableBytesView
        var lines: [String] = []
        var lineStart = bytes.startIndex
        while let newline = bytes[lineStart...].firstIndex(of: UInt8(ascii: "\n")) {
            var line = bytes[lineStart..<newline]
            if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
            lineStart = newline + 1
            guard line.count >= 3, line.prefix(3).allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
                line.count == 3 || line[line.startIndex + 3] == UInt8(ascii: " ") || line[line.startIndex + 3] == UInt8(ascii: "-")
            else {
                throw SMTPError(code: 0, text: "malformed reply: \(String(decoding: line.prefix(80), as: UTF8.self))")
            }
            let code = Int(String(decoding: line.prefix(3), as: UTF8.self)) ?? 0
            lines.append(String(decoding: line.dropFirst(4), as: UTF8.self))
            if line.count == 3 || line[line.startIndex + 3] == UInt8(ascii: " ") {
                buffer.moveReaderIndex(forwardBy: lineStart - bytes.startIndex)
                return SMTPReply(code: code, lines: lines)
            }
        }
        return nil
    }
}

// MARK: - The message

extension SMTPClient {
    /// Headers the client writes itself, or that would add recipients the envelope does not have.
    static let reservedHeaders: Set<String> = [
        "from", "to", "cc", "bcc", "subject", "date", "message-id", "mime-version", "content-type", "content-transfer-encoding",
    ]

    /// Refuses a configuration that would inject lines into the session or the headers.
    static func checkConfiguration(_ configuration: SMTPConfiguration) throws {
        for (field, value) in [("from", configuration.from), ("fromName", configuration.fromName), ("host", configuration.host)] {
            guard !hasLineBreak(value) else { throw SMTPError(code: 0, text: "line break in the configuration's \(field)") }
        }
        guard isSendableAddress(configuration.from) else { throw SMTPError(code: 0, text: "the sender's address is not valid") }
    }

    /// Refuses line breaks in the recipient, the subject and the extra headers (header injection),
    /// header names that are not RFC 5322 field names, and the headers the client writes itself.
    static func checkHeaders(of message: EmailMessage) throws {
        guard !hasLineBreak(message.to) else { throw SMTPError(code: 0, text: "line break in the recipient") }
        guard !hasLineBreak(message.subject) else { throw SMTPError(code: 0, text: "line break in the subject") }
        for header in message.headers {
            guard !header.name.isEmpty, header.name.utf8.count <= 76,
                header.name.utf8.allSatisfy({ (33...126).contains($0) && $0 != UInt8(ascii: ":") })
            else { throw SMTPError(code: 0, text: "invalid header name") }
            guard !reservedHeaders.contains(header.name.lowercased()) else {
                throw SMTPError(code: 0, text: "the header \(header.name) is written by the client")
            }
            guard !hasLineBreak(header.value) else { throw SMTPError(code: 0, text: "line break in the header \(header.name)") }
        }
    }

    /// Whether `text` holds CR, LF or NUL.
    static func hasLineBreak(_ text: String) -> Bool {
        text.unicodeScalars.contains { $0 == "\r" || $0 == "\n" || $0 == "\0" }
    }

    /// An ASCII `local@domain` with nothing that would break `RCPT TO:<…>` or the To header.
    static func isSendableAddress(_ address: String) -> Bool {
        let bytes = Array(address.utf8)
        guard (3...254).contains(bytes.count), let at = bytes.lastIndex(of: UInt8(ascii: "@")), at > 0, at < bytes.count - 1 else { return false }
        let forbidden = Set("<>()[],;:\\\"".utf8)
        return bytes.allSatisfy { (33...126).contains($0) && !forbidden.contains($0) }
    }

    /// The whole mail, headers and body, lines ending in CRLF (not yet dot-stuffed).
    static func makeMessage(_ message: EmailMessage, configuration: SMTPConfiguration, date: Date, messageID: String) throws -> String {
        var lines: [String] = []
        if configuration.fromName.isEmpty {
            lines.append("From: \(configuration.from)")
        } else {
            // The address goes on a line of its own if the name's last line leaves no room for it.
            let name = displayName(configuration.fromName, used: 6)
            let lastLine = name.components(separatedBy: "\r\n").last ?? name
            let room = 78 - (name.contains("\r\n") ? 0 : 6) - lastLine.utf8.count
            lines.append("From: \(name)\(room >= configuration.from.utf8.count + 3 ? " " : "\r\n ")<\(configuration.from)>")
        }
        lines.append("To: \(message.to)")
        lines.append("Subject: \(headerValue(message.subject, used: 9))")
        lines.append("Date: \(rfc5322Date(date))")
        lines.append("Message-ID: \(messageID)")
        lines.append("MIME-Version: 1.0")
        lines.append("Content-Type: text/plain; charset=utf-8")
        lines.append("Content-Transfer-Encoding: quoted-printable")
        for header in message.headers {
            lines.append("\(header.name): \(headerValue(header.value, used: header.name.utf8.count + 2))")
        }
        return lines.joined(separator: "\r\n") + "\r\n\r\n" + quotedPrintable(message.text)
    }

    /// The DATA block for `message`: a `.` doubled at the start of every line (RFC 5321 §4.5.2),
    /// then the final CRLF if missing, and `.` CRLF.
    static func makeDataBlock(_ message: String) -> String {
        var block = message.hasPrefix(".") ? "." + message : message
        block = block.replacingOccurrences(of: "\r\n.", with: "\r\n..")
        if !block.hasSuffix("\r\n") { block += "\r\n" }
        return block + ".\r\n"
    }

    /// `date` as RFC 5322 writes it, in UTC: `Tue, 07 Jan 2026 09:05:03 +0000`.
    static func rfc5322Date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }

    /// A display name for From: as it is if made of letters, digits and spaces, quoted if it has
    /// other ASCII, RFC 2047 encoded words if it is not ASCII. `used`: characters before it on the line.
    static func displayName(_ name: String, used: Int) -> String {
        let bytes = Array(name.utf8)
        guard bytes.allSatisfy({ (32...126).contains($0) }), !name.contains("=?") else { return encodedWords(name, used: used) }
        let specials = Set("()<>[]:;@\\,.\"".utf8)
        guard bytes.contains(where: { specials.contains($0) }) else { return name }
        return "\"" + name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// An unstructured header value as written after `Name: ` (`used` characters): printable ASCII
    /// folded before spaces to keep lines within 78 characters; anything else (including ASCII that
    /// reads as an encoded word, or a word too long for a line of 998) as RFC 2047 encoded words.
    static func headerValue(_ value: String, used: Int) -> String {
        let isPlain = value.utf8.allSatisfy { (32...126).contains($0) || $0 == 9 } && !value.contains("=?")
        guard isPlain else { return encodedWords(value, used: used) }
        var lines: [String] = []
        var line = ""
        var lineUsed = used
        for (index, word) in value.split(separator: " ", omittingEmptySubsequences: false).enumerated() {
            if index == 0 {
                line = String(word)
            } else if lineUsed + line.count + 1 + word.count > 78, !word.isEmpty,
                line.contains(where: { $0 != " " && $0 != "\t" })
            {
                lines.append(line)
                line = " " + word
                lineUsed = 0
            } else {
                line += " " + word
            }
        }
        lines.append(line)
        guard lines.enumerated().allSatisfy({ $0.element.utf8.count + ($0.offset == 0 ? used : 0) <= 998 }) else {
            return encodedWords(value, used: used)
        }
        return lines.joined(separator: "\r\n")
    }

    /// `text` as RFC 2047 encoded words, `=?UTF-8?B?…?=`, each holding whole characters (never part
    /// of a UTF-8 sequence) and folded (CRLF and a space) so that no line passes 76 characters;
    /// `used`: characters already on the first line. Empty text gives one empty encoded word.
    static func encodedWords(_ text: String, used: Int = 0) -> String {
        let overhead = "=?UTF-8?B??=".count
        var words: [String] = []
        var chunk: [UInt8] = []
        var room = max(76 - used - overhead, 8)
        for scalar in text.unicodeScalars {
            let bytes = Array(String(scalar).utf8)
            let encodedLength = 4 * ((chunk.count + bytes.count + 2) / 3)
            if !chunk.isEmpty, encodedLength > room {
                words.append("=?UTF-8?B?\(Data(chunk).base64EncodedString())?=")
                chunk = []
                room = 76 - 1 - overhead
            }
            chunk += bytes
        }
        words.append("=?UTF-8?B?\(Data(chunk).base64EncodedString())?=")
        return words.joined(separator: "\r\n ")
    }

    /// `text` in quoted-printable (RFC 2045 §6.7) for a text/plain body: line breaks (`\n`, `\r\n`,
    /// `\r`) become CRLF; `=`, control characters and every byte of a non-ASCII character become `=XX`;
    /// a space or tab ending a line becomes `=20` or `=09`; lines longer than 76 characters are cut
    /// with soft breaks (`=` CRLF), never inside an `=XX`. A text without a final line break ends
    /// with a soft break, so that decoding gives back exactly `text`.
    static func quotedPrintable(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var hardLines: [[UInt8]] = [[]]
        var previous: UInt8 = 0
        for byte in text.utf8 {
            if byte == UInt8(ascii: "\n") {
                if previous != UInt8(ascii: "\r") { hardLines.append([]) }
            } else if byte == UInt8(ascii: "\r") {
                hardLines.append([])
            } else {
                hardLines[hardLines.count - 1].append(byte)
            }
            previous = byte
        }
        let endsWithBreak = hardLines.count > 1 && hardLines[hardLines.count - 1].isEmpty
        if endsWithBreak { hardLines.removeLast() }
        if text.isEmpty { return "" }

        var output: [UInt8] = []
        for (lineIndex, line) in hardLines.enumerated() {
            // The text's last line, without a line break after it, gets a soft break: one column less.
            let endsSoftly = lineIndex == hardLines.count - 1 && !endsWithBreak
            var column = 0
            for (index, byte) in line.enumerated() {
                let isLast = index == line.count - 1
                let literal =
                    (33...126).contains(byte) && byte != UInt8(ascii: "=")
                    || (byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")) && !isLast
                let token = literal ? [byte] : [UInt8(ascii: "="), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
                let limit = isLast && !endsSoftly ? 76 : 75
                if column + token.count > limit {
                    output += Array("=\r\n".utf8)
                    column = 0
                }
                output += token
                column += token.count
            }
            output += Array((endsSoftly ? "=" : "\r\n").utf8)
        }
        return String(decoding: output, as: UTF8.self)
    }
}
