import CartableCore
import CartableStore
import CartableTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@testable import CartableWeb

/// What a node measured becomes an incident proposal with its evidence, and a pupil's attempts show on the roll.
@Suite struct NodeSignalTests {
    @Test func episodesEndAfterAQuietMinuteAndAttemptsAreKeptOncePerMinuteAndKind() {
        let clock = TestClock()
        let signals = NodeSignals(clock: clock, identifiers: RandomIdentifierGenerator())
        let world = World(passwordHash: "x")
        let viewer = Viewer(user: world.pupil, school: world.school, classIDs: [world.classA.id], children: [], teachings: [])
        signals.note(.waitingRoom, person: world.pupil.id)
        signals.attempt(.waitingRoom, by: viewer)
        clock.advance(by: 20)
        signals.note(.waitingRoom, person: world.pupilB.id)
        signals.attempt(.waitingRoom, by: viewer)  // the same minute and kind: kept once
        signals.attempt(.request, by: viewer)
        signals.attempt(.request, by: nil)  // nobody signed in: no evidence to keep
        clock.advance(by: 100)  // quiet for longer than a minute: the next note starts a new episode
        signals.note(.waitingRoom, person: nil)
        let (written, attempts) = signals.drain()
        #expect(written.count == 2)
        let first = written.first { $0.start == TestClock.mondayMorning }
        #expect(first?.requests == 2 && first?.people == 2 && first?.seconds == 20)
        #expect(attempts.map(\.kind) == [.waitingRoom, .request] && attempts.allSatisfy { $0.userID == world.pupil.id })
        // The episode still open is written again as it grows; the ended one is not.
        clock.advance(by: 30)
        signals.note(.waitingRoom, person: nil)
        let (again, none) = signals.drain()
        #expect(again.count == 1 && again[0].requests == 2 && none.isEmpty)
    }

    @Test func theRealWaitingRoomIsNotedAndBecomesAProposalStaffConfirmInOneClick() async throws {
        try await TestApp.run(configure: { $0.admissionLimit = 0; $0.admissionQueue = 0 }) { (app) async throws in
            let world = app.world
            // Maths is a live class; Léa meets the waiting room from 9:00 to 9:03 and is marked absent.
            try await app.services.storage.timetable.setLive(
                LiveSetting(courseID: world.courseMaths.id, schoolID: world.school.id, plannedDate: nil, mode: .link("https://visio.example.org/m"),
                    updatedAt: app.clock.now()))
            let pupil = try await app.session(for: world.pupil)
            for _ in 0..<4 {
                let waiting = try await app.get("/today", as: pupil)
                #expect(waiting.status == .serviceUnavailable || waiting.status == .ok)
                app.clock.advance(by: 55)
            }
            try await SchoolDayTests.mark(app, world.courseMaths, world.pupil, .absent)
            #expect(await app.services.signals.write(to: app.services.storage, logger: app.services.logger))
            let attempts = try await app.services.storage.attendance.attempts(
                of: [world.pupil.id], in: world.school.id, from: TestClock.mondayMorning, to: TestClock.mondayMorning.addingTimeInterval(600))
            #expect(attempts.first?.kind == .waitingRoom && attempts.first?.at == TestClock.mondayMorning, "\(attempts)")
            let proposals = try await app.services.storage.attendance.proposedSignals(
                for: world.school.id, since: TestClock.mondayMorning.addingTimeInterval(-60), minimumSeconds: 120)
            #expect(proposals.count == 1 && proposals[0].kind == .waitingRoom && proposals[0].requests == 4 && proposals[0].people == 1, "\(proposals)")
        }
    }

    @Test func staffSeeTheProposalWithItsEvidenceConfirmItAndTheRollShowsThePupilsAttempt() async throws {
        try await TestApp.run { (app) async throws in
            let world = app.world
            let teacher = try await app.session(for: world.teacher)
            let live = "/timetable/courses/\(world.courseMaths.id)/2026-11-23/live"
            #expect(try await app.post(live, form: [("mode", "link"), ("link", "https://visio.example.org/maths")], as: teacher).status == .seeOther)
            // What a node wrote: the waiting room from 9:00 to 9:12, and Léa in it at 9:02.
            let signal = NodeSignal(
                id: .init(rawValue: "00000000-0000-4000-8000-560000000001"), kind: .waitingRoom, start: TestClock.mondayMorning,
                end: TestClock.mondayMorning.addingTimeInterval(720), requests: 1_240, people: 312)
            try await app.services.storage.attendance.recordSignals([
                signal,
                NodeSignal(
                    id: .init(rawValue: "00000000-0000-4000-8000-560000000002"), kind: .database, start: TestClock.mondayMorning,
                    end: TestClock.mondayMorning.addingTimeInterval(30), requests: 12, people: 3),
            ])
            try await app.services.storage.attendance.recordAttempts([
                PresenceAttempt(userID: world.pupil.id, schoolID: world.school.id, at: TestClock.mondayMorning.addingTimeInterval(150), kind: .request),
                PresenceAttempt(userID: world.pupil.id, schoolID: world.school.id, at: TestClock.mondayMorning.addingTimeInterval(125), kind: .waitingRoom),
            ])
            try await SchoolDayTests.mark(app, world.courseMaths, world.pupil, .absent)

            let roll = try await app.get("/timetable/courses/\(world.courseMaths.id)/2026-11-23/roll", as: teacher).visibleText
            #expect(roll.contains("MARTIN Léa Absent a essayé de rejoindre la classe à 09:02 — salle d'attente"), "\(roll)")

            let staff = try await app.session(for: world.staff)
            let page = try await app.get("/attendance/incidents", as: staff).visibleText
            #expect(page.contains("Salle d'attente · Lundi 23 novembre, 09:00 – 09:12 · 1 240 demandes refusées, 312 personnes"), "\(page)")
            #expect(!page.contains("Base de données injoignable"), "thirty seconds is under the two minutes that make a proposal")
            let confirmed = try await app.post("/attendance/incidents/proposals/\(signal.id)", form: [("decision", "confirm")], as: staff)
            #expect(confirmed.status == .seeOther && confirmed.headers[.location]?.contains("notice=proposalConfirmed") == true)
            let after = try await app.get("/attendance/incidents", as: staff).visibleText
            #expect(!after.contains("1 240 demandes") && after.contains("Lundi 23 novembre, 09:00 – 09:12 · Toute la plateforme"), "\(after)")
            #expect(try await app.post("/attendance/incidents/proposals/\(signal.id)", form: [("decision", "confirm")], as: staff).status == .seeOther)
            #expect(try await app.services.storage.attendance.incidentWindows(
                of: world.school.id, from: TestClock.mondayMorning, to: TestClock.mondayMorning.addingTimeInterval(3_600)).count == 1, "confirmed once")
            let record = try await app.get("/attendance/pupils/\(world.pupil.id)", as: staff).visibleText
            #expect(record.contains("non justifiées : 0") && record.contains("Incident de la plateforme : pas compté"))
            // Another school's staff never see it decided for them, and a teacher cannot decide.
            #expect(try await app.post("/attendance/incidents/proposals/\(signal.id)", form: [("decision", "dismiss")], as: teacher).status == .notFound)
            let bad = try await app.post("/attendance/incidents/proposals/\(signal.id)", form: [("decision", "maybe")], as: staff)
            #expect(bad.status == .unprocessableContent)
        }
    }
}
