import CartableCore
import CartableStore
import CartableTestSupport
import Foundation
import Testing

/// The attendance store's contract, on SQLite and on PostgreSQL, each test on a fresh database.
@Suite struct AttendanceStoreContractTests {
    static let world = World(passwordHash: "$2b$10$notarealhashbutfineforstoretests.........")
    static let monday = LocalDate(iso: "2026-11-23")!
    static let at = TestClock.mondayMorning

    func withWorld(_ engine: TestEngine, _ body: @Sendable (Storage, World) async throws -> Void) async throws {
        try await Self.world.withSeededStorage(engine, body)
    }

    static func mark(_ world: World, _ pupil: User.ID, _ status: AttendanceMark.Status, minutes: Int? = nil, revision: Int, day: LocalDate = monday)
        -> AttendanceMark
    {
        AttendanceMark(
            courseID: world.courseMaths.id, plannedDate: day, pupilID: pupil, status: status, minutes: minutes, remark: status == .late ? "bus" : "",
            revision: revision, recordedBy: world.teacher.id, recordedAt: at.addingTimeInterval(TimeInterval(revision)))
    }

    @Test(arguments: TestEngine.available)
    func aTapIsKeptOnceAndANewerOneIsNeverUndone(engine: TestEngine) async throws {
        try await withWorld(engine) { (storage, world) async throws in
            let store = storage.attendance
            #expect(try await store.saveMark(Self.mark(world, world.pupil.id, .absent, revision: 1), in: world.school.id))
            #expect(try await store.saveMark(Self.mark(world, world.pupil.id, .absent, revision: 1), in: world.school.id) == false, "a retry")
            #expect(try await store.saveMark(Self.mark(world, world.pupil.id, .late, minutes: 10, revision: 3), in: world.school.id))
            #expect(try await store.saveMark(Self.mark(world, world.pupil.id, .present, revision: 2), in: world.school.id) == false, "overtaken")
            let roll = try await store.roll(courseID: world.courseMaths.id, plannedDate: Self.monday, in: world.school.id)
            #expect(roll.marks.count == 1)
            #expect(roll.marks[world.pupil.id] == Self.mark(world, world.pupil.id, .late, minutes: 10, revision: 3))
            #expect(roll.takenBy == nil)
            // Scoped by school: another school's id sees nothing and cannot overwrite.
            #expect(try await store.roll(courseID: world.courseMaths.id, plannedDate: Self.monday, in: world.otherSchool.id).marks.isEmpty)
            #expect(try await store.saveMark(Self.mark(world, world.pupil.id, .absent, revision: 9), in: world.otherSchool.id) == false)
            #expect(try await store.roll(courseID: world.courseMaths.id, plannedDate: Self.monday, in: world.school.id).marks[world.pupil.id]?.revision == 3)
        }
    }

    @Test(arguments: TestEngine.available)
    func aPupilsRecordAndTheSchoolsDayLeaveOutThePresent(engine: TestEngine) async throws {
        try await withWorld(engine) { (storage, world) async throws in
            let store = storage.attendance
            let tuesday = Self.monday.adding(days: 1)
            try await store.saveMark(Self.mark(world, world.pupil.id, .absent, revision: 1), in: world.school.id)
            try await store.saveMark(Self.mark(world, world.pupil.id, .leftEarly, minutes: 15, revision: 1, day: tuesday), in: world.school.id)
            try await store.saveMark(Self.mark(world, world.pupilB.id, .present, revision: 2), in: world.school.id)
            let record = try await store.marks(ofPupil: world.pupil.id, in: Self.monday...tuesday, schoolID: world.school.id)
            #expect(record.map(\.status) == [.absent, .leftEarly])
            #expect(record.last?.minutes == 15)
            #expect(try await store.marks(ofPupil: world.pupil.id, in: tuesday...tuesday, schoolID: world.school.id).count == 1)
            #expect(try await store.marks(ofPupil: world.pupilB.id, in: Self.monday...tuesday, schoolID: world.school.id).isEmpty, "present is not an event")
            #expect(try await store.marks(ofPupil: world.pupil.id, in: Self.monday...tuesday, schoolID: world.otherSchool.id).isEmpty)
            #expect(try await store.marks(in: world.school.id, on: Self.monday).map(\.pupilID) == [world.pupil.id])
            #expect(try await store.marks(in: world.otherSchool.id, on: Self.monday).isEmpty)
        }
    }

    @Test(arguments: TestEngine.available)
    func theFirstTakingOfARollIsKept(engine: TestEngine) async throws {
        try await withWorld(engine) { (storage, world) async throws in
            let store = storage.attendance
            #expect(try await store.rollsTaken(in: world.school.id, on: Self.monday).isEmpty)
            try await store.markRollTaken(courseID: world.courseMaths.id, plannedDate: Self.monday, by: world.teacher.id, in: world.school.id, at: Self.at)
            try await store.markRollTaken(
                courseID: world.courseMaths.id, plannedDate: Self.monday, by: world.staff.id, in: world.school.id, at: Self.at.addingTimeInterval(60))
            let roll = try await store.roll(courseID: world.courseMaths.id, plannedDate: Self.monday, in: world.school.id)
            #expect(roll.takenBy == world.teacher.id && roll.takenAt == Self.at)
            #expect(try await store.rollsTaken(in: world.school.id, on: Self.monday) == [OccurrenceKey(courseID: world.courseMaths.id, plannedDate: Self.monday)])
            #expect(try await store.rollsTaken(in: world.school.id, on: Self.monday.adding(days: 1)).isEmpty)
            #expect(try await store.rollsTaken(in: world.otherSchool.id, on: Self.monday).isEmpty)
        }
    }

    @Test(arguments: TestEngine.available)
    func reasonsAreTheSchoolsWithOneLabelEach(engine: TestEngine) async throws {
        try await withWorld(engine) { (storage, world) async throws in
            let store = storage.attendance
            let ids = RandomIdentifierGenerator()
            let illness = AbsenceReason(id: .make(using: ids), schoolID: world.school.id, label: "Maladie", needsProof: true)
            var trip = AbsenceReason(id: .make(using: ids), schoolID: world.school.id, label: "Sortie scolaire", countsAsAbsence: false)
            #expect(try await store.saveReason(illness, at: Self.at))
            #expect(try await store.saveReason(trip, at: Self.at))
            #expect(try await store.saveReason(AbsenceReason(id: .make(using: ids), schoolID: world.school.id, label: "Maladie"), at: Self.at) == false)
            trip.needsProof = true
            trip.label = "Voyage scolaire"
            #expect(try await store.saveReason(trip, at: Self.at))
            #expect(try await store.reasons(in: world.school.id) == [illness, trip])
            // Another school has its own list, and cannot change this one's reason through its id.
            #expect(try await store.reasons(in: world.otherSchool.id).isEmpty)
            _ = try await store.saveReason(AbsenceReason(id: illness.id, schoolID: world.otherSchool.id, label: "Autre"), at: Self.at)
            #expect(try await store.reasons(in: world.school.id).first == illness)
            #expect(try await store.reasons(in: world.otherSchool.id).isEmpty)
        }
    }

    @Test(arguments: TestEngine.available)
    func incidentWindowsAreFoundByTheirSchoolsAndTheirPeriod(engine: TestEngine) async throws {
        try await withWorld(engine) { (storage, world) async throws in
            let store = storage.attendance
            let ids = RandomIdentifierGenerator()
            let region = IncidentWindow(
                id: .make(using: ids), start: Self.at, end: Self.at.addingTimeInterval(1_800), schoolIDs: [world.school.id, world.otherSchool.id],
                scope: .liveClasses, note: "Les classes en ligne n'ont pas fonctionné.")
            let server = IncidentWindow(
                id: .make(using: ids), start: Self.at.addingTimeInterval(3_600), end: Self.at.addingTimeInterval(4_000), schoolIDs: [world.school.id],
                scope: .videoServer, server: "https://bbb.example/bigbluebutton/")
            try await store.addIncidentWindow(region, by: world.staff.id, at: Self.at)
            try await store.addIncidentWindow(server, by: world.staff.id, at: Self.at)
            let day = (Self.at.addingTimeInterval(-3_600), Self.at.addingTimeInterval(86_400))
            #expect(try await store.incidentWindows(of: world.school.id, from: day.0, to: day.1) == [region, server])
            #expect(try await store.incidentWindows(of: world.otherSchool.id, from: day.0, to: day.1) == [region])
            #expect(try await store.incidentWindows(of: world.school.id, from: Self.at.addingTimeInterval(1_800), to: Self.at.addingTimeInterval(3_600)).isEmpty,
                "touching ends do not overlap")
            #expect(try await store.incidentWindows(of: world.school.id, from: Self.at.addingTimeInterval(3_700), to: Self.at.addingTimeInterval(3_800)) == [server])
        }
    }

    @Test(arguments: TestEngine.available)
    func staffLiftAnIncidentForOneAbsenceAndCanRestoreIt(engine: TestEngine) async throws {
        try await withWorld(engine) { (storage, world) async throws in
            let store = storage.attendance
            let window = IncidentWindow(
                id: .init(rawValue: "00000000-0000-4000-8000-400000000001"), start: Self.at, end: Self.at.addingTimeInterval(600),
                schoolIDs: [world.school.id], scope: .platform)
            try await store.addIncidentWindow(window, by: world.staff.id, at: Self.at)
            let week = Self.monday...Self.monday.adding(days: 6)
            for _ in 0..<2 {
                try await store.setIncidentLifted(
                    true, window: window.id, courseID: world.courseMaths.id, plannedDate: Self.monday, pupilID: world.pupil.id, in: world.school.id,
                    by: world.staff.id, at: Self.at)
            }
            let lifted = LiftedIncident(occurrence: .init(courseID: world.courseMaths.id, plannedDate: Self.monday), pupilID: world.pupil.id, windowID: window.id)
            #expect(try await store.liftedIncidents(ofPupil: world.pupil.id, in: week, schoolID: world.school.id) == [lifted])
            #expect(try await store.liftedIncidents(ofPupil: world.pupilB.id, in: week, schoolID: world.school.id).isEmpty)
            #expect(try await store.liftedIncidents(ofPupil: world.pupil.id, in: week, schoolID: world.otherSchool.id).isEmpty)
            try await store.setIncidentLifted(
                false, window: window.id, courseID: world.courseMaths.id, plannedDate: Self.monday, pupilID: world.pupil.id, in: world.school.id,
                by: world.staff.id, at: Self.at)
            #expect(try await store.liftedIncidents(ofPupil: world.pupil.id, in: week, schoolID: world.school.id).isEmpty)
        }
    }
}

extension AttendanceStoreContractTests {
    @Test(arguments: TestEngine.available)
    func aCourseWithARollIsNeverDeletedByAReimport(engine: TestEngine) async throws {
        try await withWorld(engine) { (storage, world) async throws in
            try await storage.attendance.saveMark(Self.mark(world, world.pupil.id, .absent, revision: 1), in: world.school.id)
            // The import deletes both courses that start on or after the day it applies from; maths has a roll.
            try await storage.timetable.replaceCourses(
                ending: [], deleting: [world.courseMaths.id, world.courseFrench.id], adding: [], from: Self.monday, in: world.school.id, at: Self.at)
            let maths = try #require(try await storage.timetable.course(world.courseMaths.id, in: world.school.id), "kept for its roll")
            #expect(maths.validUntil == Self.monday.adding(days: -1))
            #expect(try await storage.timetable.course(world.courseFrench.id, in: world.school.id) == nil)
            #expect(try await storage.attendance.roll(courseID: world.courseMaths.id, plannedDate: Self.monday, in: world.school.id).marks.count == 1)
            let week = try await storage.timetable.timetable(
                ofClasses: [world.classA.id], teacher: nil, in: world.school.id, range: Self.monday...Self.monday.adding(days: 6))
            #expect(week.occurrences(in: Self.monday...Self.monday.adding(days: 6)).allSatisfy { $0.course.id != world.courseMaths.id })
        }
    }

    @Test(arguments: TestEngine.available)
    func aJustificationIsKeptWithItsProofFoundByItsDaysAndDecidedOnlyInItsSchool(engine: TestEngine) async throws {
        try await withWorld(engine) { (storage, world) async throws in
            let store = storage.attendance
            let reason = AbsenceReason(id: .init(rawValue: "00000000-0000-4000-8000-530000000001"), schoolID: world.school.id, label: "Maladie")
            try await store.saveReason(reason, at: Self.at)
            let proof = StoredFile(key: String(repeating: "ab", count: 32), name: "certificat.pdf", kind: .pdf, size: 1_234)
            let sent = Justification(
                id: .init(rawValue: "00000000-0000-4000-8000-530000000002"), schoolID: world.school.id, pupilID: world.pupil.id, from: Self.monday,
                to: Self.monday.adding(days: 2), reasonID: reason.id, comment: "Grippe\nfièvre", proof: proof, submittedBy: world.guardian.id,
                submittedAt: Self.at)
            let bare = Justification(
                id: .init(rawValue: "00000000-0000-4000-8000-530000000003"), schoolID: world.school.id, pupilID: world.pupil.id,
                from: Self.monday.adding(days: 7), to: Self.monday.adding(days: 7), reasonID: reason.id, submittedBy: world.guardian.id,
                submittedAt: Self.at.addingTimeInterval(60))
            try await store.addJustification(sent)
            try await store.addJustification(bare)
            #expect(try await store.justification(sent.id, in: world.school.id) == sent)
            #expect(try await store.justification(bare.id, in: world.school.id)?.proof == nil)
            #expect(try await store.justification(sent.id, in: world.otherSchool.id) == nil)
            // Found by the days it covers.
            let wednesday = Self.monday.adding(days: 2)
            #expect(try await store.justifications(ofPupil: world.pupil.id, overlapping: wednesday...wednesday, schoolID: world.school.id).map(\.id) == [sent.id])
            #expect(try await store.justifications(ofPupil: world.pupil.id, overlapping: Self.monday...Self.monday.adding(days: 9), schoolID: world.school.id)
                .map(\.id) == [sent.id, bare.id])
            #expect(try await store.justifications(ofPupil: world.pupilB.id, overlapping: Self.monday...wednesday, schoolID: world.school.id).isEmpty)
            #expect(try await store.justifications(in: world.school.id, state: .pending, limit: 1).map(\.id) == [sent.id])
            // Decided in its school only.
            #expect(try await store.decideJustification(sent.id, state: .accepted, note: "", by: world.staffX.id, in: world.otherSchool.id, at: Self.at) == false)
            #expect(try await store.decideJustification(sent.id, state: .refused, note: "Pas de certificat", by: world.staff.id, in: world.school.id, at: Self.at))
            let decided = try #require(try await store.justification(sent.id, in: world.school.id))
            #expect(decided.state == .refused && decided.decisionNote == "Pas de certificat" && decided.decidedBy == world.staff.id && decided.decidedAt == Self.at)
            #expect(try await store.justifications(in: world.school.id, state: .pending, limit: 10).map(\.id) == [bare.id])
        }
    }

    @Test(arguments: TestEngine.available)
    func signalsAreProposedToTheirSchoolsUntilDecidedAndAttemptsAreKeptOnce(engine: TestEngine) async throws {
        try await withWorld(engine) { (storage, world) async throws in
            let store = storage.attendance
            let everyone = NodeSignal(
                id: .init(rawValue: "00000000-0000-4000-8000-580000000001"), kind: .waitingRoom, start: Self.at, end: Self.at.addingTimeInterval(300),
                requests: 40, people: 12)
            let theirs = NodeSignal(
                id: .init(rawValue: "00000000-0000-4000-8000-580000000002"), kind: .videoServer, server: "https://bbb.x.fr/", schoolID: world.otherSchool.id,
                start: Self.at, end: Self.at.addingTimeInterval(600), requests: 5, people: 5)
            let short = NodeSignal(
                id: .init(rawValue: "00000000-0000-4000-8000-580000000003"), kind: .database, start: Self.at, end: Self.at.addingTimeInterval(30),
                requests: 3, people: 1)
            try await store.recordSignals([everyone, theirs, short])
            // Written again as it grew: the later end and counts are kept, an older copy never wins.
            var grown = everyone
            grown.end = Self.at.addingTimeInterval(420)
            grown.requests = 55
            try await store.recordSignals([grown])
            try await store.recordSignals([everyone])
            let since = Self.at.addingTimeInterval(-60)
            #expect(try await store.proposedSignals(for: world.school.id, since: since, minimumSeconds: 120) == [grown])
            #expect(try await store.proposedSignals(for: world.otherSchool.id, since: since, minimumSeconds: 120).map(\.id).sorted() == [everyone.id, theirs.id].sorted())
            #expect(try await store.signal(theirs.id, for: world.school.id) == nil, "another school's server")

            let window = IncidentWindow(
                id: .init(rawValue: "00000000-0000-4000-8000-580000000004"), start: grown.start, end: grown.end, schoolIDs: [world.school.id], scope: .platform)
            #expect(try await store.decideSignal(grown.id, for: world.school.id, confirmed: window, by: world.staff.id, at: Self.at))
            #expect(try await store.decideSignal(grown.id, for: world.school.id, confirmed: window, by: world.staff.id, at: Self.at) == false, "once")
            #expect(try await store.proposedSignals(for: world.school.id, since: since, minimumSeconds: 120).isEmpty)
            #expect(try await store.incidentWindows(of: world.school.id, from: Self.at, to: Self.at.addingTimeInterval(3_600)).map(\.id) == [window.id])
            #expect(try await store.proposedSignals(for: world.otherSchool.id, since: since, minimumSeconds: 120).count == 2, "decided for one school only")

            let attempts = [
                PresenceAttempt(userID: world.pupil.id, schoolID: world.school.id, at: Self.at.addingTimeInterval(125), kind: .waitingRoom),
                PresenceAttempt(userID: world.pupil.id, schoolID: world.school.id, at: Self.at.addingTimeInterval(130), kind: .waitingRoom),
                PresenceAttempt(userID: world.pupilB.id, schoolID: world.school.id, at: Self.at.addingTimeInterval(200), kind: .request),
            ]
            try await store.recordAttempts(attempts)
            try await store.recordAttempts(attempts)  // a retried batch
            let found = try await store.attempts(of: [world.pupil.id], in: world.school.id, from: Self.at, to: Self.at.addingTimeInterval(600))
            #expect(found == [attempts[0]], "one per person, minute and kind; only who was asked")
            #expect(found[0].at == Self.at.addingTimeInterval(120), "kept to the minute")
            #expect(try await store.attempts(of: [world.pupil.id], in: world.otherSchool.id, from: Self.at, to: Self.at.addingTimeInterval(600)).isEmpty)
        }
    }
}
