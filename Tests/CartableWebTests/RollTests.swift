import CartableCore
import CartableStore
import CartableTestSupport
import Foundation
import HTTPTypes
import Testing

@testable import CartableWeb

/// The roll of one occurrence: the teacher's page, each tap saved at once and idempotently, its window, and live classes.
@Suite struct RollTests {
    static let monday = LocalDate(iso: "2026-11-23")!
    static func maths(_ world: World) -> String { "/timetable/courses/\(world.courseMaths.id)/2026-11-23/roll" }
    static func spanish(_ world: World) -> String { "/timetable/courses/\(world.courseSpanish.id)/2026-11-23/roll" }

    static func mark(_ app: TestApp, course: WeeklyCourse.ID? = nil) async throws -> AttendanceMark? {
        let courseID = course ?? app.world.courseMaths.id
        return try await app.services.storage.attendance.roll(courseID: courseID, plannedDate: monday, in: app.world.school.id).marks[app.world.pupil.id]
    }

    static func tap(_ status: String, minutes: String? = nil, revision: Int, pupil: User.ID? = nil, world: World) -> [(String, String)] {
        [("pupilId", (pupil ?? world.pupil.id).rawValue), ("status", status), ("revision", String(revision))] + (minutes.map { [("minutes", $0)] } ?? [])
    }

    @Test func theTeacherTakesTheRollOneTapAtATimeAndARetryChangesNothing() async throws {
        try await TestApp.run { (app) async throws in
            let teacher = try await app.session(for: app.world.teacher)
            // The teacher's day links to the roll of today's courses.
            let week = try await app.get("/timetable?week=2026-11-23", as: teacher)
            #expect(week.text.contains("href=\"\(Self.maths(app.world))\""))
            #expect(!week.text.contains("/2026-11-24/roll"), "not for tomorrow's courses")

            let page = try await app.get(Self.maths(app.world), as: teacher)
            #expect(page.status == .ok)
            #expect(page.headers[.cacheControl] == "no-store")
            #expect(page.visibleText.contains("Appel · Mathématiques · 4e B"))
            #expect(page.visibleText.contains("MARTIN Léa"))
            #expect(!page.visibleText.contains("PETIT Tom"), "a pupil of 4e C is not on the roll")
            #expect(page.visibleText.contains("Élèves : 1 · absents : 0 · en retard : 0"))

            let absent = try await app.post(Self.maths(app.world), form: Self.tap("absent", revision: 1, world: app.world), as: teacher)
            #expect(absent.status == .seeOther)
            #expect(absent.headers[.location] == Self.maths(app.world) + "?notice=rollSaved#p-\(app.world.pupil.id)")
            #expect(try await Self.mark(app)?.status == .absent)
            // The same tap again (a retry after a dropped connection): the same answer, nothing doubled or changed.
            let retry = try await app.post(Self.maths(app.world), form: Self.tap("absent", revision: 1, world: app.world), as: teacher)
            #expect(retry.status == .seeOther)
            let count = try await app.services.storage.database.query("SELECT count(*) FROM attendance_marks").first?.first(as: Int.self)
            #expect(count == 1)

            #expect(try await app.post(Self.maths(app.world), form: Self.tap("late", minutes: "10", revision: 2, world: app.world), as: teacher).status == .seeOther)
            // A late save of an older tap never undoes the newer one.
            #expect(try await app.post(Self.maths(app.world), form: Self.tap("present", revision: 1, world: app.world), as: teacher).status == .seeOther)
            let late = try #require(try await Self.mark(app))
            #expect(late.status == .late && late.minutes == 10 && late.revision == 2 && late.recordedBy == app.world.teacher.id)
            let after = try await app.get(Self.maths(app.world) + "?notice=rollSaved", as: teacher).visibleText
            #expect(after.contains("en retard de 10 min"))
            #expect(after.contains("Enregistré."))
            #expect(try await app.get(Self.maths(app.world), as: teacher).text.contains("name=\"revision\" value=\"3\""), "the next tap counts on")

            let done = try await app.post(Self.maths(app.world) + "/done", form: [], as: teacher)
            #expect(done.status == .seeOther)
            let taken = try await app.get(try #require(done.headers[.location]), as: teacher).visibleText
            #expect(taken.contains("Appel enregistré. Merci !"))
            #expect(taken.contains("Appel fait à 09:00."))
            #expect(try await app.services.storage.attendance.rollsTaken(in: app.world.school.id, on: Self.monday).count == 1)
        }
    }

    @Test(arguments: [
        ([("status", "late"), ("minutes", "0"), ("revision", "1")], "Minutes"),
        ([("status", "left_early"), ("minutes", "600"), ("revision", "1")], "Minutes"),
        ([("status", "late"), ("revision", "1")], "Minutes"),
        ([("status", "malade"), ("revision", "1")], ""),
        ([("status", "absent")], ""),
        ([("status", "absent"), ("revision", "1"), ("remark", String(repeating: "x", count: 201))], "Remarque"),
    ])
    func aBadTapIsRefusedInWordsAndWritesNothing(form: [(String, String)], field: String) async throws {
        try await TestApp.run { (app) async throws in
            let teacher = try await app.session(for: app.world.teacher)
            let before = try await app.writtenState()
            let response = try await app.post(Self.maths(app.world), form: [("pupilId", app.world.pupil.id.rawValue)] + form, as: teacher)
            #expect(response.status == .unprocessableContent)
            #expect(response.visibleText.contains("Certaines informations sont à corriger. Rien n'a été enregistré."))
            if !field.isEmpty { #expect(response.visibleText.contains("\(field) :")) }
            #expect(try await app.writtenState() == before)
        }
    }

    @Test func aPupilNotOnTheRollIsRefusedLikeOneThatDoesNotExist() async throws {
        try await TestApp.run { (app) async throws in
            let teacher = try await app.session(for: app.world.teacher)
            let before = try await app.writtenState()
            for pupil in [app.world.pupilB.id, app.world.pupilX.id, User.ID(rawValue: "00000000-0000-4000-8000-999999999999")] {
                let response = try await app.post(Self.maths(app.world), form: Self.tap("absent", revision: 1, pupil: pupil, world: app.world), as: teacher)
                #expect(response.status == .unprocessableContent)
            }
            #expect(try await app.writtenState() == before)
        }
    }

    @Test func theRollOpensAtTheStartAndATeacherCorrectsItOnlyThatDay() async throws {
        try await TestApp.run { (app) async throws in
            let teacher = try await app.session(for: app.world.teacher)
            let before = try await app.writtenState()
            // Spanish starts at 10:15; it is 9:00.
            let early = try await app.post(Self.spanish(app.world), form: Self.tap("absent", revision: 1, world: app.world), as: teacher)
            #expect(early.status == .conflict)
            #expect(early.visibleText.contains("L'appel ouvre à 10:15, au début du cours."))
            #expect(try await app.post(Self.spanish(app.world) + "/done", form: [], as: teacher).status == .conflict)
            #expect(try await app.writtenState() == before)
            let page = try await app.get(Self.spanish(app.world), as: teacher)
            #expect(page.status == .ok && page.visibleText.contains("L'appel ouvre à 10:15"))
            #expect(!page.text.contains("name=\"status\""), "no buttons before the start")

            app.clock.advance(by: 75 * 60)
            #expect(try await app.post(Self.spanish(app.world), form: Self.tap("absent", revision: 1, world: app.world), as: teacher).status == .seeOther)

            // The next day the teacher cannot change Monday's roll any more; vie scolaire can.
            app.clock.advance(by: 86_400)
            let late = try await app.post(Self.maths(app.world), form: Self.tap("absent", revision: 1, world: app.world), as: teacher)
            #expect(late.status == .conflict)
            #expect(late.visibleText.contains("Ce jour est passé : seule la vie scolaire peut encore corriger cet appel."))
            #expect(try await Self.mark(app) == nil)
            let staff = try await app.session(for: app.world.staff)
            #expect(try await app.post(Self.maths(app.world), form: Self.tap("absent", revision: 1, world: app.world), as: staff).status == .seeOther)
            #expect(try await Self.mark(app)?.recordedBy == app.world.staff.id)
        }
    }

    @Test func aCancelledCourseHasNoRollAndAReplacementTakesIt() async throws {
        try await TestApp.run { (app) async throws in
            // Spanish (10:15) is replaced by Paul Durand, who is free then; it is 10:20.
            app.clock.advance(by: 80 * 60)
            let staff = try await app.session(for: app.world.staff)
            let occurrence = "/timetable/courses/\(app.world.courseSpanish.id)/2026-11-23"
            #expect(try await app.post(occurrence, form: [("teacherID", app.world.teacherB.id.rawValue)], as: staff).status == .seeOther)
            let replacement = try await app.session(for: app.world.teacherB)
            #expect(try await app.post(Self.spanish(app.world), form: Self.tap("absent", revision: 1, world: app.world), as: replacement).status == .seeOther)
            // The planned teacher reads it without the buttons, and cannot post.
            let teacher = try await app.session(for: app.world.teacher)
            let read = try await app.get(Self.spanish(app.world), as: teacher)
            #expect(read.status == .ok && read.visibleText.contains("Absent") && !read.text.contains("name=\"status\""))
            #expect(try await app.post(Self.spanish(app.world), form: Self.tap("present", revision: 2, world: app.world), as: teacher).status == .notFound)

            #expect(try await app.post(occurrence, form: [("cancelled", "on")], as: staff).status == .seeOther)
            let cancelled = try await app.post(Self.spanish(app.world), form: Self.tap("present", revision: 2, world: app.world), as: staff)
            #expect(cancelled.status == .conflict)
            #expect(cancelled.visibleText.contains("Ce cours est annulé : il n'y a pas d'appel."))
            #expect(try await Self.mark(app, course: app.world.courseSpanish.id)?.status == .absent)
        }
    }

    @Test func aLiveClassShowsWhoJoinedAndProposesTheOthersAbsentWithoutRecordingThem() async throws {
        try await TestApp.run { (app) async throws in
            let teacher = try await app.session(for: app.world.teacher)
            let live = "/timetable/courses/\(app.world.courseMaths.id)/2026-11-23/live"
            #expect(try await app.post(live, form: [("mode", "link"), ("link", "https://visio.example.org/maths")], as: teacher).status == .seeOther)
            let page = try await app.get(Self.maths(app.world), as: teacher)
            #expect(page.visibleText.contains("ne s'est pas connecté : absent ?"))
            #expect(page.visibleText.contains("Élèves : 1 · absents : 0"), "proposed, not recorded")
            #expect(try await Self.mark(app) == nil)

            let pupil = try await app.session(for: app.world.pupil)
            #expect(try await app.get("/timetable/courses/\(app.world.courseMaths.id)/2026-11-23/join", as: pupil).status == .seeOther)
            let joined = try await app.get(Self.maths(app.world), as: teacher)
            #expect(joined.visibleText.contains("a rejoint la classe à 09:00"))
            #expect(!joined.text.contains("/roll/unjoined"), "nobody left to propose")
            #expect(try await app.post(Self.maths(app.world) + "/unjoined", form: [], as: teacher).status == .seeOther)
            #expect(try await Self.mark(app) == nil, "a pupil who joined is never marked absent by the one tap")
        }
    }

    @Test func theOneTapMarksAbsentOnlyThePupilsWhoDidNotJoin() async throws {
        try await TestApp.run { (app) async throws in
            let teacher = try await app.session(for: app.world.teacher)
            let live = "/timetable/courses/\(app.world.courseMaths.id)/2026-11-23/live"
            #expect(try await app.post(live, form: [("mode", "link"), ("link", "https://visio.example.org/maths")], as: teacher).status == .seeOther)
            #expect(try await app.get(Self.maths(app.world), as: teacher).text.contains("/roll/unjoined"))
            let marked = try await app.post(Self.maths(app.world) + "/unjoined", form: [], as: teacher)
            #expect(marked.status == .seeOther)
            #expect(try await app.get(try #require(marked.headers[.location]), as: teacher).visibleText.contains("Les élèves non connectés sont notés absents."))
            let mark = try #require(try await Self.mark(app))
            #expect(mark.status == .absent && mark.revision == 1)
        }
    }
}

/// A pupil's absences and lateness, as the pupil and their guardians read them, with the incident rule applied.
@Suite struct AttendanceRecordTests {
    static let monday = LocalDate(iso: "2026-11-23")!

    static func record(_ app: TestApp, _ course: WeeklyCourse, _ status: AttendanceMark.Status, minutes: Int? = nil) async throws {
        try await app.services.storage.attendance.saveMark(
            AttendanceMark(
                courseID: course.id, plannedDate: monday, pupilID: app.world.pupil.id, status: status, minutes: minutes, revision: 1,
                recordedBy: app.world.teacher.id, recordedAt: TestClock.mondayMorning), in: app.world.school.id)
    }

    @Test func thePupilAndTheirGuardianSeeEachAbsenceAndTheTotals() async throws {
        try await TestApp.run { (app) async throws in
            let pupil = try await app.session(for: app.world.pupil)
            let empty = try await app.get("/attendance", as: pupil)
            #expect(empty.status == .ok && empty.visibleText.contains("Aucune absence ni aucun retard."))
            #expect(try await app.get("/today", as: pupil).text.contains("href=\"/attendance\""))

            try await Self.record(app, app.world.courseMaths, .absent)
            try await Self.record(app, app.world.courseSpanish, .late, minutes: 10)
            let page = try await app.get("/attendance", as: pupil).visibleText
            #expect(page.contains("Demi-journées d'absence : 1 (justifiées : 0, non justifiées : 1) · retards : 1"), "\(page)")
            #expect(page.contains("09:00 – 10:00 Mathématiques · Absent"))
            #expect(page.contains("10:15 – 11:30 Espagnol · En retard de 10 min"))

            let guardian = try await app.session(for: app.world.guardian)
            let childPage = try await app.get("/attendance?pupil=\(app.world.pupil.id)", as: guardian)
            let child = childPage.visibleText
            #expect(child.contains("Absences et retards · Léa") && child.contains("Mathématiques · Absent"))
            // Revalidated: 304 until something it shows changes; a new tap changes it.
            let etag = try #require(childPage.headers[.eTag])
            #expect(try await app.get("/attendance?pupil=\(app.world.pupil.id)", as: guardian, headers: [.ifNoneMatch: etag]).status == .notModified)
            try await app.services.storage.attendance.saveMark(
                AttendanceMark(
                    courseID: app.world.courseMaths.id, plannedDate: Self.monday, pupilID: app.world.pupil.id, status: .late, minutes: 5, revision: 2,
                    recordedBy: app.world.teacher.id, recordedAt: TestClock.mondayMorning), in: app.world.school.id)
            let changed = try await app.get("/attendance?pupil=\(app.world.pupil.id)", as: guardian, headers: [.ifNoneMatch: etag])
            #expect(changed.status == .ok && changed.visibleText.contains("Mathématiques · En retard de 5 min"))
            // Another pupil sees only their own (nothing); a teacher goes to the classes.
            let other = try await app.session(for: app.world.pupilB)
            #expect(try await app.get("/attendance", as: other).visibleText.contains("Aucune absence ni aucun retard."))
            #expect(try await app.get("/attendance?pupil=\(app.world.pupil.id)", as: other).status == .notFound)
            #expect(try await app.get("/attendance", as: try await app.session(for: app.world.teacher)).status == .seeOther)
        }
    }

    @Test func anAbsenceFromALiveClassDuringAnIncidentIsShownAndNotCountedUntilStaffLiftIt() async throws {
        try await TestApp.run { (app) async throws in
            let teacher = try await app.session(for: app.world.teacher)
            let live = "/timetable/courses/\(app.world.courseMaths.id)/2026-11-23/live"
            #expect(try await app.post(live, form: [("mode", "link"), ("link", "https://visio.example.org/maths")], as: teacher).status == .seeOther)
            try await Self.record(app, app.world.courseMaths, .absent)
            let window = IncidentWindow(
                id: .init(rawValue: "00000000-0000-4000-8000-400000000001"), start: TestClock.mondayMorning.addingTimeInterval(600),
                end: TestClock.mondayMorning.addingTimeInterval(2_400), schoolIDs: [app.world.school.id], scope: .liveClasses,
                note: "Les classes en ligne n'ont pas fonctionné de 9:10 à 9:40.")
            try await app.services.storage.attendance.addIncidentWindow(window, by: app.world.staff.id, at: TestClock.mondayMorning)
            let pupil = try await app.session(for: app.world.pupil)
            let page = try await app.get("/attendance", as: pupil).visibleText
            #expect(page.contains("Demi-journées d'absence : 0 (justifiées : 0, non justifiées : 0)"), "\(page)")
            #expect(page.contains("Incident de la plateforme : pas compté Les classes en ligne n'ont pas fonctionné de 9:10 à 9:40."))

            try await app.services.storage.attendance.setIncidentLifted(
                true, window: window.id, courseID: app.world.courseMaths.id, plannedDate: Self.monday, pupilID: app.world.pupil.id,
                in: app.world.school.id, by: app.world.staff.id, at: TestClock.mondayMorning)
            let lifted = try await app.get("/attendance", as: pupil).visibleText
            #expect(lifted.contains("Demi-journées d'absence : 1 (justifiées : 0, non justifiées : 1)"))
            #expect(!lifted.contains("Incident de la plateforme"))
        }
    }

    @Test func aujourdhuiShowsTheDaysAbsenceAsSoonAsTheTeacherTapsItAndAnIncidentWhenOneIsDeclared() async throws {
        try await TestApp.run { (app) async throws in
            let guardian = try await app.session(for: app.world.guardian)
            let path = "/today?pupil=\(app.world.pupil.id)"
            let before = try await app.get(path, as: guardian)
            #expect(!before.visibleText.contains("Absences et retards aujourd'hui"))
            let etag = try #require(before.headers[.eTag])
            #expect(try await app.get(path, as: guardian, headers: [.ifNoneMatch: etag]).status == .notModified)

            let teacher = try await app.session(for: app.world.teacher)
            #expect(try await app.post("/timetable/courses/\(app.world.courseMaths.id)/2026-11-23/live", form: [("mode", "link"), ("link", "https://visio.example.org/m")], as: teacher).status == .seeOther)
            #expect(try await app.post(RollTests.maths(app.world), form: RollTests.tap("absent", revision: 1, world: app.world), as: teacher).status == .seeOther)
            let absent = try await app.get(path, as: guardian, headers: [.ifNoneMatch: etag])
            #expect(absent.status == .ok && absent.visibleText.contains("Absences et retards aujourd'hui 09:00 Mathématiques : Absent Voir"), "\(absent.visibleText)")
            let second = try #require(absent.headers[.eTag])

            // Staff declare that the live classes failed: the absence becomes an incident on Aujourd'hui at once.
            let staff = try await app.session(for: app.world.staff)
            #expect(try await app.post(
                "/attendance/incidents", form: [("day", "2026-11-23"), ("start", "8:50"), ("end", "9:30"), ("scope", "live_classes")], as: staff).status == .seeOther)
            let incident = try await app.get(path, as: guardian, headers: [.ifNoneMatch: second])
            #expect(incident.status == .ok && incident.visibleText.contains("09:00 Mathématiques : Absent · Incident de la plateforme : pas compté"))
        }
    }
}
