import AsyncHTTPClient
import CartableCore
import CartableStore
import CartableTestSupport
import Crypto
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

@testable import CartableWeb

/// The live class one click from *Aujourd'hui*: the teacher chooses how a course happens, pupils join through
/// Cartable within the window, every join is recorded. The clock stands at Monday 23 November, 9:00 in Paris.
@Suite struct LiveClassTests {
    static func course(_ world: World, _ course: WeeklyCourse, _ end: String) -> String {
        "/timetable/courses/\(course.id)/2026-11-23/\(end)"
    }

    @Test func aTeacherSetsALinkAndThePupilJoinsThroughCartable() async throws {
        try await TestApp.run { (app) async throws in
            let teacher = try await app.session(for: app.world.teacher)
            let week = try await app.get("/timetable", as: teacher)
            #expect(week.text.contains("href=\"\(Self.course(app.world, app.world.courseMaths, "live"))\""))
            let saved = try await app.post(
                Self.course(app.world, app.world.courseMaths, "live"), form: [("mode", "link"), ("link", "https://visio.example.org/4eB")],
                as: teacher)
            #expect(saved.status == .seeOther)

            let pupil = try await app.session(for: app.world.pupil)
            let today = try await app.get("/today", as: pupil)
            #expect(today.visibleText.contains("09:00 – 10:00 Mathématiques Claire Moreau · en ligne Rejoindre"))
            let join = try await app.get(Self.course(app.world, app.world.courseMaths, "join"), as: pupil)
            #expect(join.status == .seeOther && join.headers[.location] == "https://visio.example.org/4eB")
            let joins = try await app.services.storage.timetable.joins(
                courseID: app.world.courseMaths.id, plannedDate: LocalDate(iso: "2026-11-23")!, in: app.world.school.id)
            #expect(joins.map(\.userID) == [app.world.pupil.id] && joins.map(\.role) == ["viewer"])

            // Guardians see the course online but do not join it; another class's pupil cannot.
            let guardian = try await app.session(for: app.world.guardian)
            #expect(!(try await app.get("/today", as: guardian).visibleText.contains("Rejoindre")))
            #expect(try await app.get(Self.course(app.world, app.world.courseMaths, "join"), as: guardian).status == .notFound)
            let other = try await app.session(for: app.world.pupilB)
            #expect(try await app.get(Self.course(app.world, app.world.courseMaths, "join"), as: other).status == .notFound)
        }
    }

    @Test func theJoinOpensTenMinutesBeforeTheStartAndClosesAtTheEnd() async throws {
        try await TestApp.run { (app) async throws in
            let teacher = try await app.session(for: app.world.teacher)
            let spanish = Self.course(app.world, app.world.courseSpanish, "live")
            #expect(try await app.post(spanish, form: [("mode", "link"), ("link", "https://visio.example.org/es"), ("scope", "week")], as: teacher).status == .seeOther)
            let pupil = try await app.session(for: app.world.pupil)
            let before = try await app.get("/today", as: pupil)
            #expect(!before.visibleText.contains("Rejoindre") && before.visibleText.contains("Espagnol Claire Moreau · en ligne"))
            let early = try await app.get(Self.course(app.world, app.world.courseSpanish, "join"), as: pupil)
            #expect(early.status == .conflict && early.visibleText.contains("La classe ouvre à 10:05."))
            let etag = try #require(before.headers[.eTag])

            app.clock.advance(by: 66 * 60)  // 10:06
            let open = try await app.get("/today", as: pupil, headers: [.ifNoneMatch: etag])
            #expect(open.status == .ok && open.visibleText.contains("Rejoindre"), "the page changes when the class opens")
            #expect(try await app.get(Self.course(app.world, app.world.courseSpanish, "join"), as: pupil).status == .seeOther)

            app.clock.advance(by: 85 * 60)  // 11:31
            let over = try await app.get(Self.course(app.world, app.world.courseSpanish, "join"), as: pupil)
            #expect(over.status == .conflict && over.visibleText.contains("Ce cours est terminé."))
            let count = try await app.services.storage.database.query("SELECT count(*) FROM course_joins").first?.first(as: Int.self)
            #expect(count == 1, "refused joins record nothing")
        }
    }

    @Test(arguments: [
        ([("mode", "link"), ("link", "http://visio.example.org/clear")], "L'adresse doit commencer par https://."),
        ([("mode", "link"), ("link", "")], "Ce champ est obligatoire."),
        ([("mode", "bbb")], "Choisissez une des propositions."),
        ([("mode", "teams")], "Choisissez une des propositions."),
    ])
    func aBadChoiceIsRefusedAndWritesNothing(form: [(String, String)], message: String) async throws {
        try await TestApp.run { (app) async throws in
            let teacher = try await app.session(for: app.world.teacher)
            let before = try await app.writtenState()
            let refused = try await app.post(Self.course(app.world, app.world.courseMaths, "live"), form: form, as: teacher)
            #expect(refused.status == .unprocessableContent)
            #expect(refused.visibleText.contains(message), "\(refused.visibleText)")
            #expect(try await app.writtenState() == before)
        }
    }

    @Test func aJitsiRoomIsUnguessableAndItsTokenSaysWhoComes() async throws {
        try await TestApp.run(configure: {
            $0.video.jitsiDomain = "meet.example.org"
            $0.video.jitsiAppID = "cartable"
            $0.video.jitsiSecret = "jitsi-secret"
        }) { (app) async throws in
            let teacher = try await app.session(for: app.world.teacher)
            #expect(try await app.post(Self.course(app.world, app.world.courseMaths, "live"), form: [("mode", "jitsi")], as: teacher).status == .seeOther)
            let pupil = try await app.session(for: app.world.pupil)
            let location = try #require(try await app.get(Self.course(app.world, app.world.courseMaths, "join"), as: pupil).headers[.location])
            let match = try #require(location.firstMatch(of: /^https:\/\/meet\.example\.org\/(cartable-[A-Za-z0-9_-]{43})\?jwt=([^.]+)\.([^.]+)\.([^.]+)$/))
            let (room, header, payload, signature) = (String(match.1), String(match.2), String(match.3), String(match.4))
            let expected = HMAC<SHA256>.authenticationCode(for: Data("\(header).\(payload)".utf8), using: SymmetricKey(data: Data("jitsi-secret".utf8)))
            #expect(JitsiRoom.base64URL(Data(expected)) == signature)
            var base64 = payload.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
            while base64.count % 4 != 0 { base64 += "=" }
            let json = try #require(Data(base64Encoded: base64))
            let claims = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
            #expect(claims["room"] as? String == room && claims["iss"] as? String == "cartable" && claims["aud"] as? String == "jitsi")
            #expect(claims["sub"] as? String == "meet.example.org")
            let user = (claims["context"] as? [String: Any])?["user"] as? [String: Any]
            #expect(user?["name"] as? String == "Léa Martin" && user?["moderator"] as? Bool == false)
            // The teacher comes in as moderator.
            let own = try #require(try await app.get(Self.course(app.world, app.world.courseMaths, "join"), as: teacher).headers[.location])
            #expect(own.hasPrefix("https://meet.example.org/\(room)?jwt="))
        }
    }
}

/// BigBlueButton through the stand-in (`Tests/EndToEnd/bbb_standin.py`), which checks every checksum as the real server does.
@Suite(.serialized) struct BigBlueButtonJoinTests {
    /// Starts the stand-in on a free port; returns its base address and the process.
    static func startStandIn(secret: String) throws -> (url: String, process: Process) {
        // The interpreter itself, not a wrapper (a pyenv shim would outlive a signal sent to it).
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        probe.arguments = ["python3", "-c", "import sys; print(sys.executable)"]
        let probeOutput = Pipe()
        probe.standardOutput = probeOutput
        try probe.run()
        let interpreter = String(decoding: probeOutput.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: interpreter.isEmpty ? "/usr/bin/python3" : interpreter)
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("EndToEnd/bbb_standin.py").path
        process.arguments = [script, "--port", "0", "--secret", secret]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            guard !chunk.isEmpty else { break }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self)
        guard let address = text.firstMatch(of: /listening on ([0-9.]+:[0-9]+)/)?.1 else {
            process.terminate()
            throw CancellationError()
        }
        return ("http://\(address)", process)
    }

    static func stats(_ base: String) async throws -> [String: Int] {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: base + "/__stats"), timeout: .seconds(5))
        let body = try await response.body.collect(upTo: 10_000)
        return (try JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Int]) ?? [:]
    }

    @Test func createsOnceForManyJoinsWaitsForTheTeacherAndSignsEachJoin() async throws {
        let secret = "639259d4-9dd8-4b25-bf01-95f9567eaf4b"
        let (base, standIn) = try Self.startStandIn(secret: secret)
        defer { kill(standIn.processIdentifier, SIGKILL) }
        try await TestApp.run(configure: {
            $0.video.bigBlueButtonURL = base + "/bigbluebutton/"
            $0.video.bigBlueButtonSecret = secret
        }) { (app) async throws in
            let join = LiveClassTests.course(app.world, app.world.courseMaths, "join")
            let teacher = try await app.session(for: app.world.teacher)
            #expect(try await app.post(LiveClassTests.course(app.world, app.world.courseMaths, "live"), form: [("mode", "bbb")], as: teacher).status == .seeOther)

            // Before the teacher: the light waiting page, which retries by itself after 5 to 12 seconds.
            let pupil = try await app.session(for: app.world.pupil)
            let waiting = try await app.get(join, as: pupil)
            #expect(waiting.status == .ok && waiting.visibleText.contains("La classe n'a pas encore commencé"))
            let refresh = Int(waiting.headers[HTTPField.Name("Refresh")!] ?? "") ?? 0
            #expect((5...12).contains(refresh))

            // The teacher starts it: a signed MODERATOR join that the stand-in accepts (it checks the checksum).
            let start = try await app.get(join, as: teacher)
            let moderator = try #require(start.headers[.location])
            #expect(moderator.hasPrefix(base + "/bigbluebutton/api/join?") && moderator.contains("role=MODERATOR"))
            #expect(moderator.contains("fullName=Claire+Moreau"))
            // (The shared client follows the stand-in's redirect to its client page, which names who came in.)
            let landed = try await HTTPClient.shared.execute(HTTPClientRequest(url: moderator), timeout: .seconds(5))
            let page = String(buffer: try await landed.body.collect(upTo: 100_000))
            #expect(landed.status.code == 200 && page.contains("Claire Moreau") && page.contains("MODERATOR"), "the stand-in accepted the signed join: \(page)")

            // Now many pupils at once: still one create call, each a VIEWER join with their name and createTime.
            app.clock.advance(by: 4)  // past the running check's few seconds
            try await withThrowingTaskGroup(of: String?.self) { group in
                for _ in 0..<60 { group.addTask { try await app.get(join, as: pupil).headers[.location] } }
                for try await location in group {
                    #expect(location?.contains("role=VIEWER") == true && location?.contains("fullName=L%C3%A9a+Martin") == true)
                    #expect(location?.contains("createTime=") == true)
                }
            }
            let counts = try await Self.stats(base)
            #expect(counts["create_calls"] == 1, "\(counts)")
            let joins = try await app.services.storage.timetable.joins(
                courseID: app.world.courseMaths.id, plannedDate: LocalDate(iso: "2026-11-23")!, in: app.world.school.id)
            #expect(joins.count == 61 && joins.first?.role == "moderator")

            // The teacher ends it from the course's form; the stand-in forgets the meeting.
            let form = try await app.get(LiveClassTests.course(app.world, app.world.courseMaths, "live"), as: teacher)
            #expect(form.text.contains("action=\"\(LiveClassTests.course(app.world, app.world.courseMaths, "end"))\""))
            #expect(try await app.post(LiveClassTests.course(app.world, app.world.courseMaths, "end"), form: [], as: teacher).status == .seeOther)
            #expect(try await Self.stats(base)["meetings"] == 0)

            // The server gone: a calm 503 within the time limit, counted, not a hang.
            kill(standIn.processIdentifier, SIGKILL)
            // (Not `waitUntilExit`, which spins a run loop on Linux: poll instead.)
            for _ in 0..<50 where standIn.isRunning { try await Task.sleep(for: .milliseconds(100)) }
            app.clock.advance(by: 60)
            let failed = try await app.get(join, as: pupil)
            #expect(failed.status == .serviceUnavailable && failed.visibleText.contains("La classe virtuelle ne répond pas"))
        }
    }

    @Test func aSchoolsOwnServerIsUsedAndItsSecretIsNeverShownBack() async throws {
        let secret = "school-own-secret-0123456789"
        let (base, standIn) = try Self.startStandIn(secret: secret)
        defer { kill(standIn.processIdentifier, SIGKILL) }
        // The platform has no video server: only the school's own.
        try await TestApp.run { (app) async throws in
            let staff = try await app.session(for: app.world.staff)
            let teacher = try await app.session(for: app.world.teacher)
            let live = LiveClassTests.course(app.world, app.world.courseMaths, "live")
            #expect(try await app.get(live, as: teacher).text.contains("value=\"bbb\"") == false)

            // A refused form saves nothing and does not echo the secret.
            let refused = try await app.post("/admin/video", form: [("bbbURL", "http://bbb.example.org/bigbluebutton/"), ("bbbSecret", secret)], as: staff)
            #expect(refused.status == .unprocessableContent && !refused.text.contains(secret))
            #expect(refused.visibleText.contains("https://"), "the error says what is wrong: \(refused.visibleText)")
            #expect(try await app.services.storage.videoSettings.settings(of: app.world.school.id) == nil)

            let saved = try await app.post("/admin/video", form: [("bbbURL", base + "/bigbluebutton/"), ("bbbSecret", secret)], as: staff)
            #expect(saved.status == .seeOther)
            let page = try await app.get("/admin/video", as: staff)
            #expect(page.status == .ok && !page.text.contains(secret) && page.visibleText.contains("•••• 6789"))
            // Saving again with the secret left empty keeps it.
            #expect(try await app.post("/admin/video", form: [("bbbURL", base + "/bigbluebutton/"), ("bbbSecret", "")], as: staff).status == .seeOther)
            #expect(try await app.services.storage.videoSettings.settings(of: app.world.school.id)?.bigBlueButtonSecret == secret)

            // The teacher is offered BigBlueButton now, and the join is signed with the school's secret (the stand-in checks it).
            #expect(try await app.get(live, as: teacher).text.contains("value=\"bbb\""))
            #expect(try await app.post(live, form: [("mode", "bbb")], as: teacher).status == .seeOther)
            let start = try await app.get(LiveClassTests.course(app.world, app.world.courseMaths, "join"), as: teacher)
            let location = try #require(start.headers[.location])
            #expect(location.hasPrefix(base + "/bigbluebutton/api/join?") && location.contains("role=MODERATOR"))
            let landed = try await HTTPClient.shared.execute(HTTPClientRequest(url: location), timeout: .seconds(5))
            #expect(landed.status.code == 200)

            // Back to the platform's (none): the school's row goes, BigBlueButton is no longer offered.
            #expect(try await app.post("/admin/video", form: [("remove", "1")], as: staff).status == .seeOther)
            #expect(try await app.services.storage.videoSettings.settings(of: app.world.school.id) == nil)
            #expect(try await app.get(live, as: teacher).text.contains("value=\"bbb\"") == false)
        }
    }
}
