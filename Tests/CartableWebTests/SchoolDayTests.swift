import CartableCore
import CartableStore
import CartableTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// Vie scolaire's day (the school's absences, the rolls not taken, a reminder to the teacher) and a pupil's record for staff.
@Suite struct SchoolDayTests {
    static let monday = LocalDate(iso: "2026-11-23")!

    static func mark(_ app: TestApp, _ course: WeeklyCourse, _ pupil: User, _ status: AttendanceMark.Status, minutes: Int? = nil) async throws {
        try await app.services.storage.attendance.saveMark(
            AttendanceMark(
                courseID: course.id, plannedDate: monday, pupilID: pupil.id, status: status, minutes: minutes, revision: 1,
                recordedBy: course.teacherIDs[0], recordedAt: TestClock.mondayMorning), in: app.world.school.id)
    }

    static func remind(_ app: TestApp, _ course: WeeklyCourse, as session: TestSession) async throws -> TestResponse {
        try await app.post("/attendance/day/remind", form: [("courseID", course.id.rawValue), ("date", "2026-11-23")], as: session)
    }

    @Test func staffSeeTheDaysAbsencesAndTheRollsNotTakenAndRemindTheTeacherUntilTheRollIsDone() async throws {
        try await TestApp.run { (app) async throws in
            let world = app.world
            try await Self.mark(app, world.courseMaths, world.pupil, .absent)
            try await Self.mark(app, world.courseFrench, world.pupilB, .late, minutes: 5)
            let staff = try await app.session(for: world.staff)
            #expect(try await app.get("/classes", as: staff).text.contains("href=\"/attendance/day\""))
            let day = try await app.get("/attendance/day", as: staff)
            #expect(day.status == .ok && day.headers[.cacheControl] == "no-store")
            let text = day.visibleText
            #expect(text.contains("Vie scolaire · lundi 23 novembre"), "\(text)")
            #expect(text.contains("Appels faits : 0 sur 2 cours commencés"), "maths and French started at 9:00, Spanish not yet")
            #expect(text.contains("09:00 – 10:00 Léa Martin (4e B) · Mathématiques · Absent"), "\(text)")
            #expect(text.contains("09:00 – 10:00 Tom Petit (4e C) · Français · En retard de 5 min"), "\(text)")
            #expect(text.contains("Mathématiques · 4e B · Claire Moreau") && text.contains("Français · 4e C · Paul Durand"))
            #expect(!text.contains("Espagnol"))

            let reminded = try await Self.remind(app, world.courseMaths, as: staff)
            #expect(reminded.status == .seeOther && reminded.headers[.location]?.contains("notice=rollReminded") == true)
            #expect(try await app.get("/attendance/day", as: staff).visibleText.contains("Mathématiques · 4e B · Claire Moreau · Faire l'appel · Relancé"))

            // The teacher reminded sees it on their week, the other teacher does not.
            let teacher = try await app.session(for: world.teacher)
            let before = try await app.get("/timetable", as: teacher)
            #expect(before.visibleText.contains("La vie scolaire attend votre appel : Lundi 23 novembre 09:00 Mathématiques · 4e B"), "\(before.visibleText)")
            let etag = try #require(before.headers[.eTag])
            #expect(!(try await app.get("/timetable", as: try await app.session(for: world.teacherB)).visibleText.contains("attend votre appel")))

            // The roll done, the reminder goes (and the week's ETag changes with it).
            #expect(try await app.post("/timetable/courses/\(world.courseMaths.id)/2026-11-23/roll/done", form: [], as: teacher).status == .seeOther)
            let after = try await app.get("/timetable", as: teacher, headers: [.ifNoneMatch: etag])
            #expect(after.status == .ok && !after.visibleText.contains("attend votre appel"))
            #expect(try await app.services.storage.attendance.rollReminders(ofTeacher: world.teacher.id, in: world.school.id).isEmpty)
            #expect(try await app.get("/attendance/day", as: staff).visibleText.contains("Appels faits : 1 sur 2 cours commencés"))
        }
    }

    @Test func aReminderForARollThatIsNotDueOrNotOursChangesNothing() async throws {
        try await TestApp.run { (app) async throws in
            let world = app.world
            let staff = try await app.session(for: world.staff)
            let before = try await app.writtenState()
            // Spanish starts at 10:15: nothing to remind at 9:00.
            let early = try await Self.remind(app, world.courseSpanish, as: staff)
            #expect(early.status == .seeOther && early.headers[.location]?.contains("notice=rollNothingToRemind") == true)
            #expect(try await Self.remind(app, world.courseX, as: staff).status == .notFound, "another school's course")
            let malformed = try await app.post("/attendance/day/remind", form: [("courseID", "nope"), ("date", "2026-11-23")], as: staff)
            #expect(malformed.status == .notFound)
            let wrongDay = try await app.post("/attendance/day/remind", form: [("courseID", world.courseMaths.id.rawValue), ("date", "2026-11-24")], as: staff)
            #expect(wrongDay.status == .notFound, "maths is not planned on Tuesday")
            #expect(try await app.writtenState() == before)
            // A teacher cannot remind anyone, nor read the school's day.
            let teacher = try await app.session(for: world.teacher)
            #expect(try await Self.remind(app, world.courseMaths, as: teacher).status == .notFound)
            #expect(try await app.get("/attendance/day", as: teacher).status == .notFound)
            #expect(try await app.writtenState() == before)
        }
    }

    @Test func staffReadAPupilsRecordOverAPeriodAndLiftAnIncidentOneByOne() async throws {
        try await TestApp.run { (app) async throws in
            let world = app.world
            let teacher = try await app.session(for: world.teacher)
            let live = "/timetable/courses/\(world.courseMaths.id)/2026-11-23/live"
            #expect(try await app.post(live, form: [("mode", "link"), ("link", "https://visio.example.org/maths")], as: teacher).status == .seeOther)
            try await Self.mark(app, world.courseMaths, world.pupil, .absent)
            let window = IncidentWindow(
                id: .init(rawValue: "00000000-0000-4000-8000-400000000009"), start: TestClock.mondayMorning, end: TestClock.mondayMorning.addingTimeInterval(1_800),
                schoolIDs: [world.school.id], scope: .platform, note: "Panne de 9:00 à 9:30.")
            try await app.services.storage.attendance.addIncidentWindow(window, by: world.staff.id, at: TestClock.mondayMorning)
            let staff = try await app.session(for: world.staff)
            let path = "/attendance/pupils/\(world.pupil.id)"
            let record = try await app.get(path, as: staff)
            #expect(record.status == .ok && record.visibleText.contains("Absences et retards · Léa Martin"))
            #expect(record.visibleText.contains("non justifiées : 0") && record.visibleText.contains("Incident de la plateforme : pas compté"))
            #expect(record.visibleText.contains("Compter cette absence"))

            // A lift that names another window is refused and writes nothing.
            let before = try await app.writtenState()
            let wrong = try await app.post(
                path + "/incidents",
                form: [("courseID", world.courseMaths.id.rawValue), ("date", "2026-11-23"), ("windowID", "00000000-0000-4000-8000-4000000000ff"), ("lifted", "1")],
                as: staff)
            #expect(wrong.status == .notFound)
            #expect(try await app.writtenState() == before)

            let lift: [(String, String)] = [("courseID", world.courseMaths.id.rawValue), ("date", "2026-11-23"), ("windowID", window.id.rawValue)]
            let lifted = try await app.post(path + "/incidents", form: lift + [("lifted", "1")], as: staff)
            #expect(lifted.status == .seeOther && lifted.headers[.location]?.contains("notice=incidentLifted") == true)
            let counted = try await app.get(path, as: staff).visibleText
            #expect(counted.contains("non justifiées : 1") && counted.contains("Remettre en incident"), "\(counted)")
            #expect(try await app.post(path + "/incidents", form: lift + [("lifted", "0")], as: staff).status == .seeOther)
            #expect(try await app.get(path, as: staff).visibleText.contains("non justifiées : 0"))

            // A period: the week after shows nothing; a period typed backwards is read the right way round.
            #expect(try await app.get(path + "?from=2026-11-24&to=2026-11-30", as: staff).visibleText.contains("Aucune absence ni aucun retard."))
            #expect(try await app.get(path + "?from=2026-11-23&to=2026-11-20", as: staff).visibleText.contains("Mathématiques · Absent"))
            // Not a pupil, or not of the school: 404; and only staff.
            #expect(try await app.get("/attendance/pupils/\(world.teacher.id)", as: staff).status == .notFound)
            #expect(try await app.get("/attendance/pupils/\(world.pupilX.id)", as: staff).status == .notFound)
            #expect(try await app.get(path, as: try await app.session(for: world.guardian)).status == .notFound)
            #expect(try await app.post(path + "/incidents", form: lift + [("lifted", "1")], as: teacher).status == .notFound)
        }
    }

    @Test func staffRecordAnAbsenceOverAPeriodThatMarksEveryCourseButWhatTheTeacherAlreadyTook() async throws {
        try await TestApp.run { (app) async throws in
            let world = app.world
            let reason = AbsenceReason(id: .init(rawValue: "00000000-0000-4000-8000-550000000001"), schoolID: world.school.id, label: "Maladie", needsProof: true)
            try await app.services.storage.attendance.saveReason(reason, at: app.clock.now())
            // The Spanish teacher already saw Léa present on Monday.
            try await Self.mark(app, world.courseSpanish, world.pupil, .present)
            let staff = try await app.session(for: world.staff)
            let path = "/attendance/pupils/\(world.pupil.id)"
            #expect(try await app.get(path, as: staff).visibleText.contains("Enregistrer une absence sur plusieurs jours"))

            let before = try await app.writtenState()
            let backwards = try await app.post(path + "/period", form: [("reason", reason.id.rawValue), ("from", "2026-11-24"), ("to", "2026-11-23")], as: staff)
            #expect(backwards.status == .unprocessableContent && backwards.visibleText.contains("La fin doit être après le début."))
            let noReason = try await app.post(path + "/period", form: [("from", "2026-11-23"), ("to", "2026-11-25")], as: staff)
            #expect(noReason.status == .unprocessableContent)
            #expect(try await app.writtenState() == before)

            // Monday to Wednesday: Léa's courses those days are both on Monday; maths is marked, Spanish kept as its teacher took it.
            let recorded = try await app.post(
                path + "/period", form: [("reason", reason.id.rawValue), ("from", "2026-11-23"), ("to", "2026-11-25"), ("comment", "Grippe")], as: staff)
            #expect(recorded.status == .seeOther && recorded.headers[.location]?.contains("notice=periodRecorded&count=1") == true, "\(recorded.headers)")
            let marks = try await app.services.storage.attendance.marks(
                ofPupil: world.pupil.id, in: Self.monday...Self.monday.adding(days: 2), schoolID: world.school.id)
            #expect(marks.map(\.courseID) == [world.courseMaths.id] && marks[0].recordedBy == world.staff.id && marks[0].remark == "Maladie")
            let record = try await app.get("/attendance?pupil=\(world.pupil.id)", as: try await app.session(for: world.guardian)).visibleText
            #expect(record.contains("(justifiées : 1, non justifiées : 0)") && record.contains("Justifiée : Maladie"), "\(record)")
            // A teacher, a guardian cannot record one.
            for other in [world.teacher, world.guardian] {
                let response = try await app.post(
                    path + "/period", form: [("reason", reason.id.rawValue), ("from", "2026-11-23")], as: try await app.session(for: other))
                #expect(response.status == .notFound)
            }
        }
    }
}
