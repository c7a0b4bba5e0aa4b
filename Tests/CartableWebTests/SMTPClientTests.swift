import Foundation
import NIOCore
import NIOPosix
import Testing

@testable import CartableWeb

/// The SMTP client: its encoders on their own, then whole sessions against a scripted server in the
/// test process and against real aiosmtpd servers (`./scripts/test` starts them and sets
/// `CARTABLE_TEST_SMTP`, `CARTABLE_TEST_SMTP_TLS` and their Maildirs; without them those tests skip).
/// Serialized: the Maildir tests count what arrives.
@Suite(.serialized) struct SMTPClientTests {
    static let sender = "ne-pas-repondre@cartable.example"

    /// The French mail of the delivery test: accents, a line starting with '.', a line of a lone '.',
    /// a line longer than 76 characters, '=' signs, trailing spaces and a tab, no final line break.
    static let frenchText = """
        Bonjour Léa,

        Votre devoir « Rédaction : un souvenir d'été » est à rendre jeudi à 8 h 30.
        .Cette ligne commence par un point, et la suivante n'est qu'un point :
        .
        Une très longue ligne, qui dépasse largement les soixante-seize caractères permis par ligne encodée, avec é, è, à, ù, ç, œ et 🎒.
        2 + 2 = 4, et a=b ne pose aucun problème ; ni =C3=A9 écrit en clair.
        Des espaces en fin de ligne :   \n\tet une tabulation en début de ligne.
        — L'équipe pédagogique
        """

    // MARK: Encoders

    @Test(arguments: [
        ("abc\n", "abc\r\n"),
        ("abc", "abc="),
        ("", ""),
        ("\n", "\r\n"),
        ("a=b\n", "a=3Db\r\n"),
        ("été\n", "=C3=A9t=C3=A9\r\n"),
        ("fin  \n", "fin =20\r\n"),
        ("fin\t\n", "fin=09\r\n"),
        ("fin ", "fin=20="),
        ("a\r\nb\rc\nd\n", "a\r\nb\r\nc\r\nd\r\n"),
        (".point\n", ".point\r\n"),
        (String(repeating: "x", count: 76) + "\n", String(repeating: "x", count: 76) + "\r\n"),
        (String(repeating: "x", count: 77) + "\n", String(repeating: "x", count: 75) + "=\r\nxx\r\n"),
        (String(repeating: "x", count: 76), String(repeating: "x", count: 75) + "=\r\nx="),
        (String(repeating: "x", count: 74) + "é\n", String(repeating: "x", count: 74) + "=\r\n=C3=A9\r\n"),
        (String(repeating: "x", count: 73) + "=\n", String(repeating: "x", count: 73) + "=3D\r\n"),
    ])
    func quotedPrintableEncodesByTheRules(text: String, encoded: String) {
        #expect(SMTPClient.quotedPrintable(text) == encoded)
    }

    @Test(arguments: [frenchText, String(repeating: "é", count: 200), String(repeating: "a ", count: 100) + "\n", "🎒🎒🎒 = ok\r\n\r\n"])
    func quotedPrintableLinesAreShortAndDecodeBack(text: String) throws {
        let encoded = SMTPClient.quotedPrintable(text)
        let lines = encoded.components(separatedBy: "\r\n")
        for line in lines {
            #expect(line.utf8.count <= 76, "\(line)")
            #expect(line.utf8.allSatisfy { (33...126).contains($0) || $0 == 32 || $0 == 9 }, "\(line)")
            #expect(!(line.hasSuffix(" ") || line.hasSuffix("\t")), "trailing white space: \(line)")
        }
        #expect(!encoded.replacingOccurrences(of: "\r\n", with: "").contains("\r"))
        let normalized = text.replacingOccurrences(of: "\r\n", with: "\n")
        #expect(try #require(MailText.decodeQuotedPrintable(encoded)) == normalized)
    }

    @Test(arguments: [
        ("Réunion", "=?UTF-8?B?UsOpdW5pb24=?="),
        ("", "=?UTF-8?B??="),
        ("🎒", "=?UTF-8?B?8J+Okg==?="),
    ])
    func encodedWordsOfAShortText(text: String, encoded: String) {
        #expect(SMTPClient.encodedWords(text) == encoded)
    }

    @Test(arguments: [
        "Devoir à rendre : « Les Misérables », résumé du chapitre 3 pour jeudi, n'oubliez pas l'énoncé complet",
        String(repeating: "é", count: 100),
        String(repeating: "🎒", count: 40) + "x",
        String(repeating: "e\u{301}", count: 60),
    ])
    func longEncodedWordsAreFoldedOnWholeCharacters(text: String) throws {
        let value = SMTPClient.headerValue(text, used: "Subject: ".count)
        let lines = value.components(separatedBy: "\r\n")
        #expect(lines.count > 1)
        for (index, line) in lines.enumerated() {
            #expect(line.utf8.count + (index == 0 ? "Subject: ".count : 0) <= 76, "\(line)")
            let word = index == 0 ? line : String(try #require(line.first == " " ? line.dropFirst() : nil))
            #expect(word.utf8.count <= 75)
            #expect(word.hasPrefix("=?UTF-8?B?") && word.hasSuffix("?="))
            // Each word is whole UTF-8 on its own.
            let payload = try #require(Data(base64Encoded: String(word.dropFirst(10).dropLast(2))))
            #expect(String(data: payload, encoding: .utf8) != nil, "\(word) cuts a character")
        }
        #expect(MailText.decodeEncodedWords(MailText.unfold(value)) == text)
    }

    @Test func plainASCIIHeadersStayReadableAndFoldAtSpaces() {
        #expect(SMTPClient.headerValue("Devoir de maths", used: 9) == "Devoir de maths")
        // Something that reads as an encoded word is encoded, so that it is shown as written.
        #expect(SMTPClient.headerValue("=?UTF-8?B?eA==?=", used: 9).hasPrefix("=?UTF-8?B?"))
        let long = Array(repeating: "Rappel", count: 30).joined(separator: " ")
        let folded = SMTPClient.headerValue(long, used: 9)
        let lines = folded.components(separatedBy: "\r\n")
        #expect(lines.count > 1)
        #expect(lines.enumerated().allSatisfy { $0.element.count + ($0.offset == 0 ? 9 : 0) <= 78 })
        #expect(MailText.unfold(folded) == long)
        #expect(SMTPClient.displayName("Cartable", used: 6) == "Cartable")
        #expect(SMTPClient.displayName("Cartable (ENT)", used: 6) == "\"Cartable (ENT)\"")
        #expect(SMTPClient.displayName("Collège", used: 6) == "=?UTF-8?B?Q29sbMOoZ2U=?=")
    }

    @Test func theDataBlockIsDotStuffedAndTerminated() {
        #expect(SMTPClient.makeDataBlock("a\r\n.\r\n.b\r\nc.\r\n") == "a\r\n..\r\n..b\r\nc.\r\n.\r\n")
        #expect(SMTPClient.makeDataBlock(".x=") == "..x=\r\n.\r\n")
    }

    @Test func theDateIsRFC5322InUTC() {
        #expect(SMTPClient.rfc5322Date(Date(timeIntervalSince1970: 1_767_776_703)) == "Wed, 07 Jan 2026 09:05:03 +0000")
    }

    @Test func repliesAreReadWholeHoweverTheyArrive() throws {
        var buffer = ByteBuffer(string: "250-cartable.example\r\n250-STARTTLS\r\n250 AUTH PLAIN")
        #expect(try SMTPReplyReader.parse(&buffer) == nil)
        #expect(buffer.readableBytes == 50, "an incomplete reply stays in the buffer")
        buffer.writeString(" LOGIN\r\n354 go\n")
        #expect(try SMTPReplyReader.parse(&buffer) == SMTPReply(code: 250, lines: ["cartable.example", "STARTTLS", "AUTH PLAIN LOGIN"]))
        #expect(try SMTPReplyReader.parse(&buffer) == SMTPReply(code: 354, lines: ["go"]))
        #expect(buffer.readableBytes == 0)
        var bare = ByteBuffer(string: "221\r\n")
        #expect(try SMTPReplyReader.parse(&bare) == SMTPReply(code: 221, lines: [""]))
        var junk = ByteBuffer(string: "HTTP/1.1 400 Bad Request\r\n")
        #expect(throws: SMTPError.self) { try SMTPReplyReader.parse(&junk) }
    }

    @Test func theMessageHasEveryHeaderAndOnlyASCII() throws {
        let configuration = SMTPConfiguration(host: "localhost", from: Self.sender, fromName: "Collège Jean-Moulin")
        let message = EmailMessage(
            to: "parent@example.org", subject: "Absence signalée", text: "Bonjour,\n",
            headers: [EmailHeader("List-Unsubscribe", "<https://cartable.example/d/1>")])
        let text = try SMTPClient.makeMessage(
            message, configuration: configuration, date: Date(timeIntervalSince1970: 0), messageID: "<x@cartable.example>")
        #expect(text.utf8.allSatisfy { $0 < 128 })
        #expect(text.components(separatedBy: "\r\n").filter { $0.utf8.count > 78 } == [])
        let mail = try MailText(text)
        #expect(mail.header("From").map(MailText.decodeEncodedWords) == "Collège Jean-Moulin <\(Self.sender)>")
        #expect(mail.header("To") == "parent@example.org")
        #expect(mail.header("Date") == "Thu, 01 Jan 1970 00:00:00 +0000")
        #expect(mail.header("Message-ID") == "<x@cartable.example>")
        #expect(mail.header("MIME-Version") == "1.0")
        #expect(mail.header("Content-Type") == "text/plain; charset=utf-8")
        #expect(mail.header("Content-Transfer-Encoding") == "quoted-printable")
        #expect(mail.header("List-Unsubscribe") == "<https://cartable.example/d/1>")
        #expect(mail.subject == "Absence signalée")
        #expect(mail.text == "Bonjour,\n")
    }

    // MARK: Refusals before anything is sent

    @Test(arguments: [
        EmailMessage(to: "a@example.org", subject: "ok", text: "", headers: [EmailHeader("List-Unsubscribe", "<https://x>\r\nBcc: x@example.org")]),
        EmailMessage(to: "a@example.org\r\nRCPT TO:<b@example.org>", subject: "ok", text: ""),
        EmailMessage(to: "a@example.org", subject: "ok\nBcc: x@example.org", text: ""),
        EmailMessage(to: "a@example.org", subject: "ok", text: "", headers: [EmailHeader("X-Cartable", "a\rb")]),
        EmailMessage(to: "a@example.org", subject: "ok", text: "", headers: [EmailHeader("Bcc", "x@example.org")]),
        EmailMessage(to: "a@example.org", subject: "ok", text: "", headers: [EmailHeader("X Bad", "x")]),
    ])
    func headerInjectionIsRefusedBeforeConnecting(bad: EmailMessage) async throws {
        // A port where nobody listens: had the client tried to connect, the error would say so.
        let client = SMTPClient(
            configuration: SMTPConfiguration(host: "127.0.0.1", port: try await ClosedPort.make(), security: .none, from: Self.sender))
        let good = EmailMessage(to: "b@example.org", subject: "ok", text: "ok")
        let error = await #expect(throws: SMTPError.self) { try await client.send([good, bad]) }
        #expect(error?.code == 0)
        #expect(error.map { !$0.text.contains("connect") } == true, "\(String(describing: error))")
    }

    // MARK: Against a scripted server

    @Test func aRefusedRecipientDoesNotStopTheOthersAndLoginIsUsedWhenAlone() async throws {
        let messages = [
            EmailMessage(to: "lea@example.org", subject: "1", text: "un"),
            EmailMessage(to: "refuse@example.org", subject: "2", text: "deux"),
            EmailMessage(to: "pas une adresse", subject: "3", text: "trois"),
            EmailMessage(to: "tom@example.org", subject: "4", text: "quatre"),
        ]
        let transcript = try await FakeSMTPServer.run(.loginOnly(username: "cartable", password: "sécret")) { port in
            let configuration = SMTPConfiguration(
                host: "127.0.0.1", port: port, security: .none, username: "cartable", password: "sécret", from: Self.sender)
            let results = try await SMTPClient(configuration: configuration).send(messages)
            #expect(results.count == 4)
            #expect(results[0] == nil && results[3] == nil)
            #expect(results[1]?.code == 550)
            #expect(results[2]?.code == 0)
        }
        #expect(
            transcript.commands == [
                "EHLO cartable", "AUTH LOGIN", "(username cartable)", "(password sécret)",
                "MAIL FROM:<\(Self.sender)>", "RCPT TO:<lea@example.org>", "DATA",
                "RSET", "MAIL FROM:<\(Self.sender)>", "RCPT TO:<refuse@example.org>",
                "RSET", "MAIL FROM:<\(Self.sender)>", "RCPT TO:<tom@example.org>", "DATA", "QUIT",
            ])
        #expect(transcript.messages.count == 2)
    }

    @Test func aRefusedLoginFailsTheSession() async throws {
        _ = try await FakeSMTPServer.run(.loginOnly(username: "cartable", password: "juste")) { port in
            let configuration = SMTPConfiguration(
                host: "127.0.0.1", port: port, security: .none, username: "cartable", password: "faux", from: Self.sender)
            let error = await #expect(throws: SMTPError.self) {
                try await SMTPClient(configuration: configuration).send([EmailMessage(to: "a@example.org", subject: "x", text: "x")])
            }
            #expect(error?.code == 535)
        }
    }

    @Test func aServerWithoutSTARTTLSIsRefusedWhenTLSIsAskedFor() async throws {
        let transcript = try await FakeSMTPServer.run(.loginOnly(username: "u", password: "p")) { port in
            let configuration = SMTPConfiguration(host: "127.0.0.1", port: port, username: "u", password: "p", from: Self.sender)
            let error = await #expect(throws: SMTPError.self) {
                try await SMTPClient(configuration: configuration).send([EmailMessage(to: "a@example.org", subject: "x", text: "x")])
            }
            #expect(error?.text.contains("STARTTLS") == true)
        }
        #expect(!transcript.commands.contains { $0.hasPrefix("AUTH") }, "no password in plain text")
    }

    @Test func aSilentServerTimesOut() async throws {
        _ = try await FakeSMTPServer.run(.silent) { port in
            let configuration = SMTPConfiguration(host: "127.0.0.1", port: port, security: .none, from: Self.sender)
            let client = SMTPClient(configuration: configuration, replyTimeout: .milliseconds(300), now: { Date() })
            let start = ContinuousClock.now
            let error = await #expect(throws: SMTPError.self) {
                try await client.send([EmailMessage(to: "a@example.org", subject: "x", text: "x")])
            }
            #expect(error?.text.contains("no reply") == true, "\(String(describing: error))")
            #expect(ContinuousClock.now - start < .seconds(5))
        }
    }

    @Test func aServerThatIsNotThereFailsFast() async throws {
        let port = try await ClosedPort.make()
        let client = SMTPClient(configuration: SMTPConfiguration(host: "127.0.0.1", port: port, security: .none, from: Self.sender))
        let start = ContinuousClock.now
        let error = await #expect(throws: SMTPError.self) {
            try await client.send([EmailMessage(to: "a@example.org", subject: "x", text: "x")])
        }
        #expect(error?.text.contains("cannot connect") == true)
        #expect(ContinuousClock.now - start < .seconds(5))
    }

    // MARK: Against aiosmtpd

    @Test(.enabled(if: SMTPTestServer.plain != nil)) func aFrenchMailArrivesOnceAndDecodesToWhatWasSent() async throws {
        let server = try #require(SMTPTestServer.plain)
        let recipient = "lea.martin+\(UUID().uuidString.prefix(8).lowercased())@example.org"
        let subject = "Devoir à rendre : « Rédaction », pour jeudi — n'oubliez pas l'énoncé complet et les consignes détaillées"
        let unsubscribe = "<https://cartable.example/notifications/desabonnement/3f2a9c>"
        let message = EmailMessage(
            to: recipient, subject: subject, text: Self.frenchText,
            headers: [EmailHeader("List-Unsubscribe", unsubscribe), EmailHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")])
        let before = server.maildir.files()
        let configuration = SMTPConfiguration(
            host: server.host, port: server.port, security: .none, from: Self.sender, fromName: "Collège Jean-Moulin")
        let results = try await SMTPClient(configuration: configuration).send([message])
        #expect(results == [nil])

        let mails = try server.maildir.mails(notIn: before)
        try #require(mails.count == 1)
        let mail = mails[0]
        #expect(mail.header("To") == recipient)
        #expect(mail.header("X-RcptTo") == recipient)
        #expect(mail.header("From").map(MailText.decodeEncodedWords) == "Collège Jean-Moulin <\(Self.sender)>")
        #expect(mail.subject == subject)
        #expect(mail.text == Self.frenchText)
        #expect(mail.header("List-Unsubscribe") == unsubscribe)
        #expect(mail.header("List-Unsubscribe-Post") == "List-Unsubscribe=One-Click")
        #expect(mail.header("Message-ID")?.hasSuffix("@cartable.example>") == true)
        #expect(mail.header("Content-Transfer-Encoding") == "quoted-printable")
        #expect(mail.header("Date").map { $0.hasSuffix(" +0000") } == true)
        // The subject was folded; every header line fits in 78 characters unless it is one word ("Name: <long URL>").
        #expect(mail.rawHeaderLines.contains { $0.hasPrefix(" =?UTF-8?B?") })
        #expect(mail.rawHeaderLines.filter { $0.utf8.count > 78 && $0.split(separator: " ").count > 2 } == [])
        #expect(mail.rawBody.components(separatedBy: "\n").allSatisfy { $0.utf8.count <= 76 })
    }

    @Test(.enabled(if: SMTPTestServer.plain != nil)) func twoMessagesArriveOverOneConnection() async throws {
        let server = try #require(SMTPTestServer.plain)
        let tag = UUID().uuidString.prefix(8).lowercased()
        let messages = [
            EmailMessage(to: "parent1+\(tag)@example.org", subject: "Retard de Léa", text: "Léa est arrivée à 8 h 20.\n"),
            EmailMessage(to: "parent2+\(tag)@example.org", subject: "Retard de Tom", text: "Tom est arrivé à 8 h 25.\n"),
        ]
        let before = server.maildir.files()
        let configuration = SMTPConfiguration(host: server.host, port: server.port, security: .none, from: Self.sender)
        #expect(try await SMTPClient(configuration: configuration).send(messages) == [nil, nil])
        let mails = try server.maildir.mails(notIn: before)
        #expect(Set(mails.compactMap { $0.header("To") }) == Set(messages.map(\.to)))
        #expect(Set(mails.map(\.subject)) == Set(messages.map(\.subject)))
        #expect(Set(mails.map(\.text)) == Set(messages.map(\.text)))
        // aiosmtpd writes the client's address and port: one connection, one port.
        let peers = Set(mails.compactMap { $0.header("X-Peer") })
        #expect(mails.count == 2 && peers.count == 1, "\(peers)")
    }

    @Test(.enabled(if: SMTPTestServer.plain != nil)) func anInjectedHeaderSendsNothing() async throws {
        let server = try #require(SMTPTestServer.plain)
        let before = server.maildir.files()
        let configuration = SMTPConfiguration(host: server.host, port: server.port, security: .none, from: Self.sender)
        let messages = [
            EmailMessage(to: "parent@example.org", subject: "Bonjour", text: "ok"),
            EmailMessage(
                to: "parent@example.org", subject: "Bonjour", text: "ok",
                headers: [EmailHeader("List-Unsubscribe", "<https://cartable.example/d>\r\nBcc: x@example.org")]),
        ]
        await #expect(throws: SMTPError.self) { try await SMTPClient(configuration: configuration).send(messages) }
        #expect(server.maildir.files() == before)
    }

    @Test(.enabled(if: SMTPTestServer.tls != nil)) func startTLSDelivers() async throws {
        let server = try #require(SMTPTestServer.tls)
        let recipient = "tls+\(UUID().uuidString.prefix(8).lowercased())@example.org"
        let before = server.maildir.files()
        let configuration = SMTPConfiguration(
            host: server.host, port: server.port, security: .startTLS, from: Self.sender, verifyCertificate: false)
        let results = try await SMTPClient(configuration: configuration).send([
            EmailMessage(to: recipient, subject: "Chiffré", text: "Envoyé sous TLS : ça marche.\n")
        ])
        #expect(results == [nil])
        let mails = try server.maildir.mails(notIn: before)
        #expect(mails.map { $0.header("To") } == [recipient])
        #expect(mails.first?.subject == "Chiffré")
        #expect(mails.first?.text == "Envoyé sous TLS : ça marche.\n")
    }

    @Test(.enabled(if: SMTPTestServer.tls != nil)) func aSelfSignedCertificateIsRefusedByDefault() async throws {
        let server = try #require(SMTPTestServer.tls)
        let before = server.maildir.files()
        let configuration = SMTPConfiguration(host: server.host, port: server.port, security: .startTLS, from: Self.sender)
        await #expect(throws: SMTPError.self) {
            try await SMTPClient(configuration: configuration).send([EmailMessage(to: "a@example.org", subject: "x", text: "x")])
        }
        #expect(server.maildir.files() == before)
    }

    /// The TLS server requires STARTTLS: without it, each message is refused (530), the session is not.
    @Test(.enabled(if: SMTPTestServer.tls != nil)) func withoutSTARTTLSEachMessageIsRefused() async throws {
        let server = try #require(SMTPTestServer.tls)
        let configuration = SMTPConfiguration(host: server.host, port: server.port, security: .none, from: Self.sender)
        let results = try await SMTPClient(configuration: configuration).send([
            EmailMessage(to: "a@example.org", subject: "x", text: "x"), EmailMessage(to: "b@example.org", subject: "y", text: "y"),
        ])
        #expect(results.map { $0?.code } == [530, 530])
    }

    /// aiosmtpd's command line offers AUTH after STARTTLS but accepts no login: AUTH PLAIN is sent,
    /// well-formed (a malformed one gets 501), and refused with 535, which fails the session.
    @Test(.enabled(if: SMTPTestServer.tls != nil)) func aLoginAfterSTARTTLSIsSentAndItsRefusalFailsTheSession() async throws {
        let server = try #require(SMTPTestServer.tls)
        let configuration = SMTPConfiguration(
            host: server.host, port: server.port, security: .startTLS, username: "cartable", password: "mot de passe",
            from: Self.sender, verifyCertificate: false)
        let error = await #expect(throws: SMTPError.self) {
            try await SMTPClient(configuration: configuration).send([EmailMessage(to: "a@example.org", subject: "x", text: "x")])
        }
        #expect(error?.code == 535)
    }

    /// A real server that requires STARTTLS and a login (aiosmtpd's library, `scripts/smtp_auth_server.py`): the right
    /// login (a password with an accent, sent as UTF-8) delivers each message once; a wrong one fails the session with
    /// 535 and delivers nothing; no login gets each message refused (530), nothing delivered.
    @Test(.enabled(if: SMTPTestServer.login != nil)) func theRightLoginDeliversAndAWrongOneDeliversNothing() async throws {
        let server = try #require(SMTPTestServer.login)
        func configuration(username: String?, password: String?) -> SMTPConfiguration {
            SMTPConfiguration(
                host: server.host, port: server.port, security: .startTLS, username: username, password: password, from: Self.sender,
                verifyCertificate: false)
        }
        let before = server.maildir.files()
        let wrong = await #expect(throws: SMTPError.self) {
            try await SMTPClient(configuration: configuration(username: "cartable", password: "secret de test")).send([
                EmailMessage(to: "a@example.org", subject: "x", text: "x")
            ])
        }
        #expect(wrong?.code == 535)
        let anonymous = try await SMTPClient(configuration: configuration(username: nil, password: nil)).send([
            EmailMessage(to: "a@example.org", subject: "x", text: "x"), EmailMessage(to: "b@example.org", subject: "y", text: "y"),
        ])
        #expect(anonymous.map { $0?.code } == [530, 530])
        #expect(server.maildir.files() == before, "nothing delivered without the right login")

        let recipients = (1...3).map { "login\($0)+\(UUID().uuidString.prefix(8).lowercased())@example.org" }
        let results = try await SMTPClient(configuration: configuration(username: "cartable", password: "sécret de test")).send(
            recipients.map { EmailMessage(to: $0, subject: "Connecté", text: "Envoyé après connexion.\n") })
        #expect(results == [nil, nil, nil])
        let mails = try server.maildir.mails(notIn: before)
        #expect(mails.compactMap { $0.header("To") }.sorted() == recipients.sorted(), "each message once, to its recipient")
        #expect(mails.allSatisfy { $0.subject == "Connecté" && $0.text == "Envoyé après connexion.\n" })
    }
}

// MARK: - Test support

/// A server started by `./scripts/test`: its address and its Maildir.
struct SMTPTestServer {
    var host: String
    var port: Int
    var maildir: TestMaildir

    /// `CARTABLE_TEST_SMTP` and `CARTABLE_TEST_MAILDIR`.
    static var plain: SMTPTestServer? { make(address: "CARTABLE_TEST_SMTP", maildir: "CARTABLE_TEST_MAILDIR") }
    /// `CARTABLE_TEST_SMTP_TLS` and `CARTABLE_TEST_MAILDIR_TLS`.
    static var tls: SMTPTestServer? { make(address: "CARTABLE_TEST_SMTP_TLS", maildir: "CARTABLE_TEST_MAILDIR_TLS") }
    /// `CARTABLE_TEST_SMTP_LOGIN` and `CARTABLE_TEST_MAILDIR_LOGIN`: STARTTLS, then the login cartable / "sécret de test".
    static var login: SMTPTestServer? { make(address: "CARTABLE_TEST_SMTP_LOGIN", maildir: "CARTABLE_TEST_MAILDIR_LOGIN") }

    private static func make(address: String, maildir: String) -> SMTPTestServer? {
        let environment = ProcessInfo.processInfo.environment
        guard let address = environment[address], let colon = address.lastIndex(of: ":"),
            let port = Int(address[address.index(after: colon)...]), let path = environment[maildir], !path.isEmpty
        else { return nil }
        return SMTPTestServer(host: String(address[..<colon]), port: port, maildir: TestMaildir(path: path))
    }
}

/// A Maildir that aiosmtpd's Mailbox handler writes to.
struct TestMaildir {
    var path: String

    /// The paths of every mail in it.
    func files() -> Set<String> {
        var files = Set<String>()
        for folder in ["new", "cur"] {
            let directory = path + "/" + folder
            for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] where !name.hasPrefix(".") {
                files.insert(directory + "/" + name)
            }
        }
        return files
    }

    /// The mails that arrived since `before`.
    func mails(notIn before: Set<String>) throws -> [MailText] {
        try files().subtracting(before).sorted().map { path in
            try MailText(String(decoding: try #require(FileManager.default.contents(atPath: path)), as: UTF8.self))
        }
    }
}

/// A mail read back as a mail client would: headers unfolded, the subject's encoded words and the
/// quoted-printable body decoded (written here, apart from the client's encoders, to check them).
struct MailText {
    var rawHeaderLines: [String]
    var headers: [(name: String, value: String)]
    var rawBody: String

    init(_ text: String) throws {
        let normalized = text.replacingOccurrences(of: "\r\n", with: "\n")
        let split = try #require(normalized.range(of: "\n\n"))
        rawHeaderLines = normalized[..<split.lowerBound].components(separatedBy: "\n")
        rawBody = String(normalized[split.upperBound...])
        headers = []
        for line in rawHeaderLines {
            if line.first == " " || line.first == "\t", !headers.isEmpty {
                headers[headers.count - 1].value += line
            } else if let colon = line.firstIndex(of: ":") {
                headers.append((String(line[..<colon]), String(line[line.index(after: colon)...].drop(while: { $0 == " " }))))
            }
        }
    }

    /// The first header called `name` (any case), unfolded.
    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// The decoded subject.
    var subject: String { header("Subject").map(Self.decodeEncodedWords) ?? "" }
    /// The decoded body.
    var text: String { Self.decodeQuotedPrintable(rawBody) ?? "(not quoted-printable)" }

    /// Removes the line breaks of folding (RFC 5322 §2.2.3).
    static func unfold(_ value: String) -> String {
        value.replacingOccurrences(of: "\r\n", with: "")
    }

    /// Decodes `=?UTF-8?B?…?=` words (RFC 2047); white space between two encoded words is dropped.
    static func decodeEncodedWords(_ value: String) -> String {
        var parts: [String] = []
        var pending: [UInt8]?
        for token in value.split(separator: " ") {
            if token.hasPrefix("=?UTF-8?B?"), token.hasSuffix("?="), let data = Data(base64Encoded: String(token.dropFirst(10).dropLast(2))) {
                pending = (pending ?? []) + Array(data)
            } else {
                if let bytes = pending { parts.append(String(decoding: bytes, as: UTF8.self)) }
                pending = nil
                parts.append(String(token))
            }
        }
        if let bytes = pending { parts.append(String(decoding: bytes, as: UTF8.self)) }
        return parts.joined(separator: " ")
    }

    /// Decodes a quoted-printable body whose lines end in LF or CRLF: `=XX`, soft breaks; nil if malformed.
    static func decodeQuotedPrintable(_ body: String) -> String? {
        var lines = body.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        var bytes: [UInt8] = []
        for line in lines {
            var line = Array(line.utf8)
            let isSoft = line.last == UInt8(ascii: "=")
            if isSoft { line.removeLast() }
            var index = 0
            while index < line.count {
                if line[index] == UInt8(ascii: "=") {
                    guard index + 2 < line.count,
                        let byte = UInt8(String(decoding: line[(index + 1)...(index + 2)], as: UTF8.self), radix: 16)
                    else { return nil }
                    bytes.append(byte)
                    index += 3
                } else {
                    bytes.append(line[index])
                    index += 1
                }
            }
            if !isSoft { bytes.append(UInt8(ascii: "\n")) }
        }
        return String(bytes: bytes, encoding: .utf8)
    }
}

/// A port on 127.0.0.1 where nobody listens: bound, then closed.
enum ClosedPort {
    static func make() async throws -> Int {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton).bind(host: "127.0.0.1", port: 0).get()
        let port = try #require(channel.localAddress?.port)
        try await channel.close()
        return port
    }
}

/// An SMTP server in the test process, scripted: it answers one connection at a time and records
/// the commands it received (AUTH LOGIN's credentials decoded) and the messages.
enum FakeSMTPServer {
    enum Behaviour: Sendable {
        /// Accepts the connection and says nothing.
        case silent
        /// Offers only AUTH LOGIN and takes these credentials; refuses recipients starting with "refuse".
        case loginOnly(username: String, password: String)
    }

    /// What the server received.
    struct Transcript: Sendable {
        var commands: [String] = []
        var messages: [String] = []
    }

    actor Recorder {
        var transcript = Transcript()
        func command(_ line: String) { transcript.commands.append(line) }
        func message(_ text: String) { transcript.messages.append(text) }
    }

    /// Runs `body` with the server's port, then stops the server and returns what it received.
    static func run(_ behaviour: Behaviour, _ body: @Sendable (Int) async throws -> Void) async throws -> Transcript {
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        let port = try #require(server.channel.localAddress?.port)
        let recorder = Recorder()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await server.executeThenClose { connections in
                    for try await connection in connections {
                        try? await serve(connection, behaviour: behaviour, recorder: recorder)
                    }
                }
            }
            do {
                try await body(port)
            } catch {
                server.channel.close(promise: nil)
                throw error
            }
            server.channel.close(promise: nil)
            try await group.waitForAll()
        }
        return await recorder.transcript
    }

    private static func serve(_ connection: NIOAsyncChannel<ByteBuffer, ByteBuffer>, behaviour: Behaviour, recorder: Recorder) async throws {
        try await connection.executeThenClose { inbound, outbound in
            guard case .loginOnly(let username, let password) = behaviour else {
                for try await _ in inbound {}
                return
            }
            func reply(_ text: String) async throws { try await outbound.write(ByteBuffer(string: text + "\r\n")) }
            try await reply("220 fake.example ESMTP")
            var buffer = ByteBuffer()
            var data: [String]?
            var login: [String]?
            for try await var chunk in inbound {
                buffer.writeBuffer(&chunk)
                while let line = buffer.readLine() {
                    if var lines = data {
                        if line == "." {
                            await recorder.message(lines.joined(separator: "\n"))
                            data = nil
                            try await reply("250 2.0.0 queued")
                        } else {
                            lines.append(line)
                            data = lines
                        }
                        continue
                    }
                    if var given = login {
                        given.append(String(decoding: Data(base64Encoded: line) ?? Data(), as: UTF8.self))
                        await recorder.command(given.count == 1 ? "(username \(given[0]))" : "(password \(given[1]))")
                        if given.count == 1 {
                            login = given
                            try await reply("334 UGFzc3dvcmQ6")
                        } else {
                            login = nil
                            try await reply(given == [username, password] ? "235 2.7.0 ok" : "535 5.7.8 no")
                        }
                        continue
                    }
                    await recorder.command(line)
                    switch line.uppercased() {
                    case let command where command.hasPrefix("EHLO"):
                        try await reply("250-fake.example\r\n250-AUTH LOGIN\r\n250 8BITMIME")
                    case "AUTH LOGIN":
                        login = []
                        try await reply("334 VXNlcm5hbWU6")
                    case let command where command.hasPrefix("RCPT TO:<REFUSE"):
                        try await reply("550 5.1.1 no such user")
                    case let command where command.hasPrefix("MAIL") || command.hasPrefix("RCPT") || command == "RSET":
                        try await reply("250 2.1.0 ok")
                    case "DATA":
                        data = []
                        try await reply("354 go ahead")
                    case "QUIT":
                        try await reply("221 bye")
                        return
                    default:
                        try await reply("502 5.5.2 not implemented")
                    }
                }
            }
        }
    }
}

extension ByteBuffer {
    /// Takes one line ending in CRLF, without it.
    fileprivate mutating func readLine() -> String? {
        let view = readableBytesView
        guard let newline = view.firstIndex(of: UInt8(ascii: "\n")) else { return nil }
        var line = view[view.startIndex..<newline]
        if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
        let text = String(decoding: line, as: UTF8.self)
        moveReaderIndex(forwardBy: newline + 1 - view.startIndex)
        return text
    }
}
