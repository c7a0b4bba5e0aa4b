import CartableCore
import CartableStore
import CartableTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@testable import CartableWeb

/// The timetable's JSON API: the same weeks, changes and readers as the pages. The clock stands at Monday
/// 23 November 2026 (a week B), 9:00 in Paris.
@Suite struct TimetableAPITests {
    static let monday = LocalDate(iso: "2026-11-23")!

    static func week(_ response: TestResponse) throws -> APIModel.TimetableWeek {
        #expect(response.status == .ok, "\(response.text)")
        return try response.decode(APIModel.TimetableWeek.self)
    }

    static func courses(_ week: APIModel.TimetableWeek, on date: String) -> [APIModel.TimetableCourse] {
        week.days.first { $0.date == date }?.courses ?? []
    }

    @Test func aPupilsWeekShowsAChangeAndACancellationAsChangesOfTheirCourse() async throws {
        try await TestApp.run { (app) async throws in
            let w = app.world
            try await app.services.storage.timetable.setChange(
                CourseChange(courseID: w.courseMaths.id, schoolID: w.school.id, date: Self.monday, room: "B12", updatedAt: app.clock.now()))
            try await app.services.storage.timetable.setChange(
                CourseChange(
                    courseID: w.courseSpanish.id, schoolID: w.school.id, date: Self.monday, isCancelled: true, note: "Professeur absent",
                    updatedAt: app.clock.now()))
            let pupil = try await app.session(for: w.pupil)
            // Any day of the week names it.
            let week = try Self.week(try await app.json(.get, "/api/v1/timetable?week=2026-11-25", as: pupil))
            #expect(week.weekStart == "2026-11-23")
            #expect(week.days.map(\.date) == ["2026-11-23", "2026-11-24", "2026-11-25", "2026-11-26", "2026-11-27"])
            let monday = Self.courses(week, on: "2026-11-23")
            #expect(monday.map(\.subject) == ["Mathématiques", "Espagnol"], "one Spanish course, not a cancelled one and a new one")
            let maths = try #require(monday.first)
            #expect(maths.courseID == w.courseMaths.id.rawValue && maths.date == "2026-11-23" && maths.plannedDate == "2026-11-23")
            #expect(maths.start == "09:00" && maths.end == "10:00" && maths.classID == w.classA.id.rawValue && maths.className == "4e B")
            #expect(maths.teachers.map(\.id) == [w.teacher.id.rawValue] && maths.teachers.map(\.displayName) == ["Claire Moreau"])
            #expect(maths.status == "changed" && maths.room == "B12" && maths.roomInsteadOf == "A03")
            #expect(maths.changes == ["salle B12 au lieu de A03"])
            #expect(maths.movedFrom == nil && maths.replacedTeachers == nil && maths.note == nil && !maths.online && maths.joinURL == nil)
            let spanish = try #require(monday.last)
            #expect(spanish.status == "cancelled" && spanish.changes == ["Annulé"] && spanish.note == "Professeur absent")
            #expect(spanish.classID == w.group.id.rawValue && spanish.room == "B05" && spanish.roomInsteadOf == nil)
            #expect(Self.courses(week, on: "2026-11-24").isEmpty)
            let all = week.days.flatMap(\.courses)
            #expect(!all.contains { $0.subject == "SVT" }, "a week-A course on a week B")
            #expect(!all.contains { $0.subject == "Français" }, "another class's course")
        }
    }

    @Test func aMovedCourseWithAReplacementSaysWhenItWasPlannedAndWhoTaughtIt() async throws {
        try await TestApp.run { (app) async throws in
            let w = app.world
            try await app.services.storage.timetable.setChange(
                CourseChange(
                    courseID: w.courseMaths.id, schoolID: w.school.id, date: Self.monday, movedToDate: Self.monday.adding(days: 1),
                    start: TimeOfDay(text: "14:00"), end: TimeOfDay(text: "15:00"), teacherIDs: [w.teacherB.id], updatedAt: app.clock.now()))
            let pupil = try await app.session(for: w.pupil)
            let week = try Self.week(try await app.json(.get, "/api/v1/timetable", as: pupil))
            #expect(Self.courses(week, on: "2026-11-23").map(\.subject) == ["Espagnol"])
            let maths = try #require(Self.courses(week, on: "2026-11-24").first)
            #expect(maths.date == "2026-11-24" && maths.plannedDate == "2026-11-23" && maths.start == "14:00" && maths.end == "15:00")
            #expect(maths.status == "changed")
            #expect(maths.movedFrom.map { [$0.date, $0.start, $0.end] } == ["2026-11-23", "09:00", "10:00"])
            #expect(maths.teachers.map(\.displayName) == ["Paul Durand"])
            #expect(maths.replacedTeachers?.map(\.id) == [w.teacher.id.rawValue])
            #expect(maths.changes == ["déplacé du lundi 23 novembre à 09:00", "remplacé par Paul Durand"], "\(maths.changes)")
        }
    }

    @Test func aGuardianReadsEachChildsWeekAndNoOtherPupils() async throws {
        try await TestApp.run { (app) async throws in
            let w = app.world
            let guardian = try await app.session(for: w.guardian)
            let first = try Self.week(try await app.json(.get, "/api/v1/timetable?week=2026-11-23", as: guardian))
            let chosen = try Self.week(try await app.json(.get, "/api/v1/timetable?week=2026-11-23&pupil=\(w.pupil.id)", as: guardian))
            #expect(Self.courses(first, on: "2026-11-23").map(\.subject) == ["Mathématiques", "Espagnol"])
            #expect(Self.courses(chosen, on: "2026-11-23").map(\.courseID) == Self.courses(first, on: "2026-11-23").map(\.courseID))
            for other in [w.pupilB.id.rawValue, w.pupilX.id.rawValue, UUID().uuidString.lowercased(), "léa"] {
                let refused = try await app.json(.get, "/api/v1/timetable?pupil=\(TestApp.encode(other))", as: guardian)
                #expect(refused.status == .notFound, "\(other)")
                #expect(refused.text.contains("\"code\":\"not_found\""))
            }
        }
    }

    @Test func aTeachersWeekIsTheirOwnAndStaffReadClasses() async throws {
        try await TestApp.run { (app) async throws in
            let w = app.world
            let teacher = try await app.session(for: w.teacher)
            let week = try Self.week(try await app.json(.get, "/api/v1/timetable?week=2026-11-23", as: teacher))
            let monday = Self.courses(week, on: "2026-11-23")
            #expect(monday.map(\.subject) == ["Mathématiques", "Espagnol"])
            #expect(monday.map(\.className) == ["4e B", "Espagnol 4e"])
            #expect(!week.days.flatMap(\.courses).contains { $0.subject == "Français" })

            let staff = try await app.session(for: w.staff)
            #expect(try await app.json(.get, "/api/v1/timetable", as: staff).status == .notFound, "staff have no week of their own")
            let classWeek = try Self.week(try await app.json(.get, "/api/v1/classes/\(w.classB.id)/timetable?week=2026-11-23", as: staff))
            let french = try #require(Self.courses(classWeek, on: "2026-11-23").first)
            #expect(french.subject == "Français" && french.teachers.map(\.displayName) == ["Paul Durand"] && french.room == "A05")
            #expect(french.status == "planned" && french.changes.isEmpty)
        }
    }

    @Test func anOnlineCourseGivesCartablesJoinPathToThoseWhoMayJoin() async throws {
        try await TestApp.run { (app) async throws in
            let w = app.world
            let teacher = try await app.session(for: w.teacher)
            let saved = try await app.post(
                "/timetable/courses/\(w.courseMaths.id)/2026-11-23/live", form: [("mode", "link"), ("link", "https://visio.example.org/4eB")],
                as: teacher)
            #expect(saved.status == .seeOther)
            let join = "/timetable/courses/\(w.courseMaths.id)/2026-11-23/join"
            let pupil = try await app.session(for: w.pupil)
            let answer = try await app.json(.get, "/api/v1/timetable", as: pupil)
            #expect(!answer.text.contains("visio.example.org"), "never the video server's address")
            let maths = try #require(Self.courses(try Self.week(answer), on: "2026-11-23").first)
            #expect(maths.online && maths.joinURL == join && maths.status == "planned")
            #expect(try await app.get(join, as: pupil).status == .seeOther, "the path is the page's join")
            // Guardians see it online and do not join.
            let guardian = try await app.session(for: w.guardian)
            let child = try #require(Self.courses(try Self.week(try await app.json(.get, "/api/v1/timetable", as: guardian)), on: "2026-11-23").first)
            #expect(child.online && child.joinURL == nil)
            let own = try #require(Self.courses(try Self.week(try await app.json(.get, "/api/v1/timetable", as: teacher)), on: "2026-11-23").first)
            #expect(own.joinURL == join)
        }
    }

    @Test(arguments: ["2026-13-01", "2026-11-31", "tomorrow", "23/11/2026", "2026-11-2", "9999-12-31", "0000-01-03"])
    func aMalformedWeekIsAFieldProblemAndNothingElse(week: String) async throws {
        try await TestApp.run { (app) async throws in
            let pupil = try await app.session(for: app.world.pupil)
            for path in ["/api/v1/timetable", "/api/v1/classes/\(app.world.classA.id)/timetable"] {
                let refused = try await app.json(.get, "\(path)?week=\(TestApp.encode(week))", as: pupil)
                #expect(refused.status == .unprocessableContent, "\(path) \(week): \(refused.status)")
                let body = try #require(try JSONSerialization.jsonObject(with: Data(buffer: refused.body)) as? [String: Any])
                #expect(Array(body.keys) == ["error"])
                let error = try #require(body["error"] as? [String: Any])
                #expect(error["code"] as? String == "validation_failed")
                let fields = try #require(error["fields"] as? [[String: Any]])
                #expect(fields.map { $0["field"] as? String } == ["week"], "\(fields)")
            }
        }
    }

    @Test func unknownMalformedAndForeignClassesAre404() async throws {
        try await TestApp.run { (app) async throws in
            let staff = try await app.session(for: app.world.staff)
            for id in [UUID().uuidString.lowercased(), "4e-b", app.world.classX.id.rawValue] {
                let refused = try await app.json(.get, "/api/v1/classes/\(id)/timetable", as: staff)
                #expect(refused.status == .notFound, "\(id)")
                #expect(refused.text.contains("\"code\":\"not_found\""))
            }
        }
    }

    /// Pages and API read the same cached slice: once per version of what it shows, however many read it.
    @Test func theAPIServesThePagesCachedSliceUntilTheTimetableChanges() async throws {
        try await TestApp.run { (app) async throws in
            let w = app.world
            let pupil = try await app.session(for: w.pupil)
            #expect(try await app.get("/timetable", as: pupil).status == .ok)
            // Behind the cache's back (no version bumped): the API still answers what the page read.
            _ = try await app.services.storage.database.writeStatement("UPDATE weekly_courses SET subject = 'Chimie' WHERE id = \(w.courseMaths.id)")
            let cached = try Self.week(try await app.json(.get, "/api/v1/timetable", as: pupil))
            #expect(Self.courses(cached, on: "2026-11-23").map(\.subject) == ["Mathématiques", "Espagnol"])
            // A change of the class's timetable bumps its version: read again.
            try await app.services.storage.timetable.setChange(
                CourseChange(courseID: w.courseSpanish.id, schoolID: w.school.id, date: Self.monday, room: "B12", updatedAt: app.clock.now()))
            let fresh = try Self.week(try await app.json(.get, "/api/v1/timetable", as: pupil))
            #expect(Self.courses(fresh, on: "2026-11-23").map(\.subject) == ["Chimie", "Espagnol"])
        }
    }
}
