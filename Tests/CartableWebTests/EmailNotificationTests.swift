import CartableCore
import CartableStore
import CartableTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@testable import CartableWeb

/// The mail the real SMTP server (aiosmtpd, started by the test command) wrote to its Maildir.
struct ReceivedMail {
    var to: String
    var subject: String
    var body: String
    var headers: [String: String]

    /// Every mail in `directory/new` and `directory/cur`, oldest first.
    static func all(in directory: String) -> [ReceivedMail] {
        let manager = FileManager.default
        var files: [(Date, String)] = []
        for folder in ["new", "cur"] {
            let path = directory + "/" + folder
            for name in (try? manager.contentsOfDirectory(atPath: path)) ?? [] {
                let file = path + "/" + name
                let date = (try? manager.attributesOfItem(atPath: file)[.modificationDate] as? Date) ?? .distantPast
                files.append((date ?? .distantPast, file))
            }
        }
        return files.sorted { $0.0 < $1.0 }.compactMap { try? String(contentsOfFile: $0.1, encoding: .utf8) }.map(parse)
    }

    static func parse(_ raw: String) -> ReceivedMail {
        let text = raw.replacingOccurrences(of: "\r\n", with: "\n")
        let split = text.range(of: "\n\n")
        let head = split.map { String(text[..<$0.lowerBound]) } ?? text
        let body = split.map { String(text[$0.upperBound...]) } ?? ""
        var headers: [String: String] = [:]
        var last: String?
        for line in head.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.first == " " || line.first == "\t", let key = last {
                headers[key, default: ""] += " " + line.trimmingCharacters(in: .whitespaces)
            } else if let colon = line.firstIndex(of: ":") {
                let key = line[..<colon].lowercased()
                headers[key] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                last = key
            }
        }
        return ReceivedMail(
            to: headers["to"] ?? "", subject: decodeWords(headers["subject"] ?? ""), body: decodeQuotedPrintable(body), headers: headers)
    }

    /// RFC 2047 `=?UTF-8?B?…?=` words, decoded.
    static func decodeWords(_ value: String) -> String {
        var result = ""
        for part in value.split(separator: " ") {
            if part.hasPrefix("=?"), part.hasSuffix("?="), part.lowercased().contains("?b?") {
                let pieces = part.dropFirst(2).dropLast(2).split(separator: "?")
                if pieces.count == 3, let data = Data(base64Encoded: String(pieces[2])), let decoded = String(data: data, encoding: .utf8) {
                    result += decoded
                    continue
                }
            }
            result += (result.isEmpty ? "" : " ") + part
        }
        return result
    }

    static func decodeQuotedPrintable(_ text: String) -> String {
        var bytes: [UInt8] = []
        let input = Array(text.replacingOccurrences(of: "=\n", with: "").utf8)
        var index = 0
        while index < input.count {
            if input[index] == UInt8(ascii: "="), index + 2 < input.count,
                let value = UInt8(String(decoding: input[(index + 1)...(index + 2)], as: UTF8.self), radix: 16)
            {
                bytes.append(value)
                index += 3
            } else {
                bytes.append(input[index])
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// E-mail notifications through a real SMTP server: once each, to the right person, never in quiet hours, one e-mail
/// for several messages within seconds, with an unsubscribe link that works.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["CARTABLE_TEST_SMTP"] != nil, "needs the SMTP server the test command starts"))
struct EmailNotificationTests {
    static var smtp: SMTPConfiguration {
        let address = ProcessInfo.processInfo.environment["CARTABLE_TEST_SMTP"] ?? "127.0.0.1:1"
        let parts = address.split(separator: ":")
        return SMTPConfiguration(
            host: String(parts[0]), port: Int(parts.last ?? "25") ?? 25, security: .none, from: "ne-pas-repondre@cartable.test", fromName: "Cartable")
    }
    static var maildir: String { ProcessInfo.processInfo.environment["CARTABLE_TEST_MAILDIR"] ?? "/nonexistent" }

    /// Mail to `address` received since `before` mails were there.
    static func mails(to address: String, after before: Int) -> [ReceivedMail] {
        Array(ReceivedMail.all(in: maildir).dropFirst(before)).filter { $0.to.contains(address) }
    }

    static func run(_ body: @Sendable @escaping (TestApp, EmailDispatcher, String) async throws -> Void) async throws {
        try await TestApp.run(configure: { $0.smtp = Self.smtp; $0.publicURL = "https://ent.exemple.fr" }) { (app) async throws in
            // A distinct address per run: runs share the Maildir.
            let address = "parent-\(UUID().uuidString.prefix(8).lowercased())@exemple.fr"
            try await body(app, EmailDispatcher(services: app.services, smtp: Self.smtp, interval: .seconds(2)), address)
        }
    }

    static func optIn(_ app: TestApp, _ guardian: TestSession, address: String, quiet: Bool) async throws {
        var form = [("email", address), ("mode", "immediate"), ("quietFrom", "19:00"), ("quietTo", "07:30"), ("quietWeekends", "1")]
        if quiet { form.append(("quiet", "1")) }
        let saved = try await app.post("/account/notifications", form: form, as: guardian)
        #expect(saved.status == .seeOther, "\(saved.visibleText)")
    }

    @Test func aMessageIsMailedOnceWithItsUnsubscribeLink() async throws {
        try await Self.run { app, dispatcher, address in
            let guardian = try await app.session(for: app.world.guardian)
            try await Self.optIn(app, guardian, address: address, quiet: true)
            let before = ReceivedMail.all(in: Self.maildir).count
            #expect(try await MessageTests.send(app, try await app.session(for: app.world.teacher), to: [app.world.guardian], subject: "Sortie jeudi").status == .seeOther)
            #expect(try await dispatcher.sendDue() == 0, "not yet: a few seconds to gather what follows")
            app.clock.advance(by: 11)
            #expect(try await dispatcher.sendDue() == 1)
            #expect(try await dispatcher.sendDue() == 0, "never twice")
            let mails = Self.mails(to: address, after: before)
            #expect(mails.count == 1)
            let mail = try #require(mails.first)
            #expect(mail.subject == "Cartable · Message de \(app.world.teacher.displayName) : Sortie jeudi", "\(mail.subject)")
            #expect(mail.body.contains("https://ent.exemple.fr/messages/"), "\(mail.body)")
            let unsubscribe = try #require(mail.body.components(separatedBy: "https://ent.exemple.fr").last?.components(separatedBy: "\n").first)
            #expect(unsubscribe.hasPrefix("/notifications/unsubscribe/") && mail.headers["list-unsubscribe"]?.contains(unsubscribe) == true)

            // The link works without signing in: the page asks, the button does it.
            #expect(try await app.get(unsubscribe).status == .ok)
            #expect(try await app.post(unsubscribe, form: [], as: nil).status == .ok)
            _ = try await MessageTests.send(app, try await app.session(for: app.world.teacher), to: [app.world.guardian], subject: "Autre")
            app.clock.advance(by: 11)
            #expect(try await dispatcher.sendDue() == 0, "unsubscribed: nothing queued")
            #expect(try await app.post("/notifications/unsubscribe/" + String(repeating: "x", count: 43), form: [], as: nil).status == .notFound)
        }
    }

    @Test func nothingIsMailedInQuietHoursAndTheSenderIsToldWhen() async throws {
        try await Self.run { app, dispatcher, address in
            let guardian = try await app.session(for: app.world.guardian)
            try await Self.optIn(app, guardian, address: address, quiet: true)
            let before = ReceivedMail.all(in: Self.maildir).count
            app.clock.advance(by: 13 * 3600)  // Monday 22:00
            let teacher = try await app.session(for: app.world.teacher)
            let sent = try await MessageTests.send(app, teacher, to: [app.world.guardian], subject: "Le soir")
            let page = try await app.get(try #require(sent.headers[.location]), as: teacher).visibleText
            #expect(page.contains("1 destinataire(s) sont en heures calmes : ils seront prévenus") && page.contains("07:30"), "\(page)")
            app.clock.advance(by: 3600)
            #expect(try await dispatcher.sendDue() == 0, "23:00: quiet")
            app.clock.advance(by: 8 * 3600 + 31 * 60)  // Tuesday 7:31
            #expect(try await dispatcher.sendDue() == 1)
            #expect(Self.mails(to: address, after: before).count == 1)
        }
    }

    @Test func severalMessagesWithinSecondsMakeOneEmail() async throws {
        try await Self.run { app, dispatcher, address in
            let guardian = try await app.session(for: app.world.guardian)
            try await Self.optIn(app, guardian, address: address, quiet: false)
            let before = ReceivedMail.all(in: Self.maildir).count
            let teacher = try await app.session(for: app.world.teacher)
            for subject in ["Un", "Deux", "Trois"] {
                _ = try await MessageTests.send(app, teacher, to: [app.world.guardian], subject: subject)
                app.clock.advance(by: 2)
            }
            app.clock.advance(by: 11)
            #expect(try await dispatcher.sendDue() == 3)
            let mails = Self.mails(to: address, after: before)
            #expect(mails.count == 1 && mails.first?.subject == "Cartable · 3 nouveautés", "\(mails.map(\.subject))")
            #expect(mails.first.map { ["Un", "Deux", "Trois"].allSatisfy($0.body.contains) } == true)
        }
    }

    @Test func anAnnouncementReachesTheFamiliesByEmail() async throws {
        try await Self.run { app, dispatcher, address in
            let guardian = try await app.session(for: app.world.guardian)
            try await Self.optIn(app, guardian, address: address, quiet: false)
            let before = ReceivedMail.all(in: Self.maildir).count
            let published = try await AnnouncementTests.publish(app, try await app.session(for: app.world.teacher), classes: [app.world.classA.id])
            #expect(published.status == .seeOther)
            app.clock.advance(by: 11)
            #expect(try await dispatcher.sendDue() == 1)
            let mail = try #require(Self.mails(to: address, after: before).first)
            #expect(mail.subject.contains("Annonce de \(app.world.teacher.displayName) : Sortie au musée"), "\(mail.subject)")
        }
    }

    @Test func badSettingsAreRefusedAndChangeNothing() async throws {
        try await Self.run { app, _, _ in
            let guardian = try await app.session(for: app.world.guardian)
            let before = try await app.services.storage.notifications.settings(of: [app.world.guardian.id], in: app.world.school.id)
            for form in [[("email", "pas-une-adresse"), ("mode", "immediate")], [("email", ""), ("mode", "daily")], [("email", "a@b.fr"), ("mode", "toujours")]] {
                #expect(try await app.post("/account/notifications", form: form, as: guardian).status == .unprocessableContent)
            }
            #expect(try await app.services.storage.notifications.settings(of: [app.world.guardian.id], in: app.world.school.id) == before)
        }
    }
}
