import CartableCore
import CartableStore
import CartableTestSupport
import Foundation
import Testing

/// The timetable store's contract, on SQLite and on PostgreSQL, each test on a fresh database.
@Suite struct TimetableStoreContractTests {
    static let world = World(passwordHash: "$2b$10$notarealhashbutfineforstoretests.........")
    static let monday = LocalDate(iso: "2026-11-23")!
    static let week = monday...monday.adding(days: 6)
    static let at = TestClock.mondayMorning

    func withWorld(_ engine: TestEngine, _ body: @Sendable (Storage, World) async throws -> Void) async throws {
        try await Self.world.withSeededStorage(engine, body)
    }

    @Test(arguments: TestEngine.available)
    func theSchoolYearIsKeptWithItsHolidays(engine: TestEngine) async throws {
        try await withWorld(engine) { (storage, world) async throws in
            #expect(try await storage.timetable.schoolYear(of: world.school.id) == world.schoolYear)
            #expect(try await storage.timetable.schoolYear(of: world.otherSchool.id) == nil)
            var changed = world.schoolYear
            changed.holidays.append(.init(name: "Noël", firstDay: LocalDate(iso: "2026-12-19")!, lastDay: LocalDate(iso: "2027-01-03")!))
            changed.weekAMonday = nil
            let before = storage.versions.version(of: ContentVersions.scope(ofSchoolYear: world.school.id))
            try await storage.timetable.setSchoolYear(changed, at: Self.at)
            #expect(try await storage.timetable.schoolYear(of: world.school.id) == changed)
            #expect(storage.versions.version(of: ContentVersions.scope(ofSchoolYear: world.school.id)) == before + 1)
        }
    }

    @Test(arguments: TestEngine.available)
    func classesThatShareAPupilAreFoundPerSchool(engine: TestEngine) async throws {
        try await withWorld(engine) { (storage, world) async throws in
            // The pupil of 4e B is in the Spanish group; nobody of 4e C is.
            let pupils = try await storage.schools.sharedPupils(in: world.school.id)
            #expect(pupils == SharedPupils([(world.group.id, world.classA.id)]))
            #expect(!pupils.share(world.classB.id, world.group.id) && !pupils.share(world.classA.id, world.classB.id))
            #expect(try await storage.schools.sharedPupils(in: world.otherSchool.id) == .noneShared)
        }
    }

    @Test(arguments: TestEngine.available)
    func aClassWeekHasItsCoursesWithTeachersAndNames(engine: TestEngine) async throws {
        try await withWorld(engine) { (storage, world) async throws in
            let slice = try await storage.timetable.timetable(ofClasses: [world.classA.id, world.group.id], teacher: nil, in: world.school.id, range: Self.week)
            #expect(Set(slice.courses.map(\.id)) == [world.courseMaths.id, world.courseScienceWeekA.id, world.courseSpanish.id])
            #expect(slice.courses.first { $0.id == world.courseMaths.id } == world.courseMaths)
            #expect(slice.year == world.schoolYear)
            #expect(slice.teacherNames[world.teacher.id] == "Claire Moreau")
            #expect(slice.classNames[world.group.id] == "Espagnol 4e")
            // Week B: the week-A science course is not on Monday 23.
            #expect(slice.occurrences(in: Self.week).map(\.course.id) == [world.courseMaths.id, world.courseSpanish.id])
            // Scoped by school: another school's id for the class finds nothing.
            let foreign = try await storage.timetable.timetable(ofClasses: [world.classA.id], teacher: nil, in: world.otherSchool.id, range: Self.week)
            #expect(foreign.courses.isEmpty)
        }
    }

    @Test(arguments: TestEngine.available)
    func aTeacherWeekHoldsWhatTheyTeachAndWhereTheyReplace(engine: TestEngine) async throws {
        try await withWorld(engine) { (storage, world) async throws in
            let own = try await storage.timetable.timetable(ofClasses: [], teacher: world.teacher.id, in: world.school.id, range: Self.week)
            #expect(Set(own.courses.map(\.id)) == [world.courseMaths.id, world.courseSpanish.id])
            // teacherB replaces in Monday's mathematics: it joins their week, with the change.
            let before = storage.versions.version(of: ContentVersions.scope(ofTeacherTimetable: world.teacherB.id))
            let change = CourseChange(
                courseID: world.courseMaths.id, schoolID: world.school.id, date: Self.monday, teacherIDs: [world.teacherB.id], updatedAt: Self.at)
            #expect(try await storage.timetable.setChange(change) == change)
            #expect(storage.versions.version(of: ContentVersions.scope(ofTeacherTimetable: world.teacherB.id)) == before + 1)
            let replacing = try await storage.timetable.timetable(ofClasses: [], teacher: world.teacherB.id, in: world.school.id, range: Self.week)
            #expect(Set(replacing.courses.map(\.id)) == [world.courseMaths.id, world.courseScienceWeekA.id, world.courseFrench.id])
            #expect(replacing.changes == [change])
            #expect(replacing.teacherNames[world.teacherB.id] == "Paul Durand")
            let occurrence = replacing.occurrences(in: Self.week).first { $0.course.id == world.courseMaths.id }
            #expect(occurrence?.isReplaced == true)
        }
    }

    @Test(arguments: TestEngine.available)
    func anOccurrenceHasOneChangeThatCanBeReplacedOrRemoved(engine: TestEngine) async throws {
        try await withWorld(engine) { (storage, world) async throws in
            let scope = ContentVersions.scope(ofTimetable: world.classA.id)
            let start = storage.versions.version(of: scope)
            let room = CourseChange(courseID: world.courseMaths.id, schoolID: world.school.id, date: Self.monday, room: "B12", updatedAt: Self.at)
            try await storage.timetable.setChange(room)
            let cancelled = CourseChange(
                courseID: world.courseMaths.id, schoolID: world.school.id, date: Self.monday, isCancelled: true, note: "Professeur absent",
                updatedAt: Self.at.addingTimeInterval(60))
            try await storage.timetable.setChange(cancelled)
            var slice = try await storage.timetable.timetable(ofClasses: [world.classA.id], teacher: nil, in: world.school.id, range: Self.week)
            #expect(slice.changes == [cancelled])
            #expect(slice.occurrences(in: Self.week).first?.isCancelled == true)
            #expect(storage.versions.version(of: scope) == start + 2)

            #expect(try await storage.timetable.removeChange(courseID: world.courseMaths.id, plannedDate: Self.monday, in: world.school.id, at: Self.at))
            #expect(!(try await storage.timetable.removeChange(courseID: world.courseMaths.id, plannedDate: Self.monday, in: world.school.id, at: Self.at)))
            slice = try await storage.timetable.timetable(ofClasses: [world.classA.id], teacher: nil, in: world.school.id, range: Self.week)
            #expect(slice.changes.isEmpty)
            #expect(storage.versions.version(of: scope) == start + 3)
        }
    }

    @Test(arguments: TestEngine.available)
    func aChangeOfAnotherSchoolsCourseIsRefusedAndWritesNothing(engine: TestEngine) async throws {
        try await withWorld(engine) { (storage, world) async throws in
            let foreign = CourseChange(courseID: world.courseX.id, schoolID: world.school.id, date: Self.monday, isCancelled: true, updatedAt: Self.at)
            #expect(try await storage.timetable.setChange(foreign) == nil)
            #expect(!(try await storage.timetable.removeChange(courseID: world.courseX.id, plannedDate: Self.monday, in: world.school.id, at: Self.at)))
            let count = try await storage.database.query("SELECT count(*) FROM course_changes").first?.first(as: Int.self)
            #expect(count == 0)
            #expect(try await storage.timetable.course(world.courseX.id, in: world.school.id) == nil)
            #expect(try await storage.timetable.course(world.courseX.id, in: world.otherSchool.id) == world.courseX)
        }
    }

    @Test(arguments: TestEngine.available)
    func aCourseMovedIntoTheWeekFromAnotherIsFound(engine: TestEngine) async throws {
        try await withWorld(engine) { (storage, world) async throws in
            // Monday 16th's mathematics moved to Wednesday 25th: found from the 25th alone.
            let moved = CourseChange(
                courseID: world.courseMaths.id, schoolID: world.school.id, date: LocalDate(iso: "2026-11-16")!,
                movedToDate: LocalDate(iso: "2026-11-25")!, start: TimeOfDay(text: "13:30"), end: TimeOfDay(text: "14:30"), updatedAt: Self.at)
            try await storage.timetable.setChange(moved)
            let wednesday = LocalDate(iso: "2026-11-25")!
            let slice = try await storage.timetable.timetable(ofClasses: [world.classA.id], teacher: nil, in: world.school.id, range: wednesday...wednesday)
            let occurrences = slice.occurrences(in: wednesday...wednesday)
            #expect(occurrences.count == 1)
            #expect(occurrences.first?.plannedDate == LocalDate(iso: "2026-11-16") && occurrences.first?.start.text == "13:30")
        }
    }

    @Test(arguments: TestEngine.available)
    func aCourseWithTwoTeachersKeepsTheirOrder(engine: TestEngine) async throws {
        try await withWorld(engine) { (storage, world) async throws in
            let shared = WeeklyCourse(
                id: .make(using: RandomIdentifierGenerator()), schoolID: world.school.id, classID: world.classB.id, subject: "EPI",
                teacherIDs: [world.teacherB.id, world.teacher.id], room: "", weekday: 4, start: TimeOfDay(text: "15:00")!,
                end: TimeOfDay(text: "16:00")!, weeks: .weekB, validFrom: LocalDate(iso: "2026-11-01")!, validUntil: LocalDate(iso: "2026-12-31")!)
            try await storage.timetable.addCourses([shared], at: Self.at)
            #expect(try await storage.timetable.course(shared.id, in: world.school.id) == shared)
            let mine = try await storage.timetable.timetable(ofClasses: [], teacher: world.teacher.id, in: world.school.id, range: Self.week)
            #expect(mine.courses.contains(shared))
            let january = LocalDate(iso: "2027-01-04")!
            let later = try await storage.timetable.timetable(ofClasses: [world.classB.id], teacher: nil, in: world.school.id, range: january...january.adding(days: 6))
            #expect(!later.courses.contains(shared))
        }
    }

    @Test(arguments: TestEngine.available)
    func aReimportEndsWhatBeganDeletesWhatHadNotAndKeepsThePast(engine: TestEngine) async throws {
        try await withWorld(engine) { (storage, world) async throws in
            let from = LocalDate(iso: "2026-11-30")!
            // A change on the 23rd (before) and one on 7 December (after) of the mathematics that ends.
            try await storage.timetable.setChange(
                CourseChange(courseID: world.courseMaths.id, schoolID: world.school.id, date: Self.monday, room: "B12", updatedAt: Self.at))
            try await storage.timetable.setChange(
                CourseChange(
                    courseID: world.courseMaths.id, schoolID: world.school.id, date: LocalDate(iso: "2026-12-07")!, isCancelled: true,
                    updatedAt: Self.at))
            let later = WeeklyCourse(
                id: .make(using: RandomIdentifierGenerator()), schoolID: world.school.id, classID: world.classA.id, subject: "Latin",
                teacherIDs: [world.teacher.id], room: "C3", weekday: 3, start: TimeOfDay(text: "08:00")!, end: TimeOfDay(text: "09:00")!,
                validFrom: LocalDate(iso: "2027-01-04")!)
            try await storage.timetable.addCourses([later], at: Self.at)
            var replacement = world.courseMaths
            replacement.id = .make(using: RandomIdentifierGenerator())
            replacement.room = "D1"
            replacement.validFrom = from
            let before = storage.versions.version(of: ContentVersions.scope(ofTimetable: world.classA.id))
            try await storage.timetable.replaceCourses(
                ending: [world.courseMaths.id], deleting: [later.id], adding: [replacement], from: from, in: world.school.id, at: Self.at)
            #expect(storage.versions.version(of: ContentVersions.scope(ofTimetable: world.classA.id)) > before)
            let ended = try #require(try await storage.timetable.course(world.courseMaths.id, in: world.school.id))
            #expect(ended.validUntil == LocalDate(iso: "2026-11-29"))
            #expect(try await storage.timetable.course(later.id, in: world.school.id) == nil)
            #expect(try await storage.timetable.course(replacement.id, in: world.school.id) == replacement)
            // The past is as it was: the 23rd still has its old course with its change; the 7th has the new one, unchanged.
            let past = try await storage.timetable.timetable(ofClasses: [world.classA.id], teacher: nil, in: world.school.id, range: Self.week)
            let monday = past.occurrences(in: Self.week).first { $0.course.subject == "Mathématiques" }
            #expect(monday?.course.id == world.courseMaths.id && monday?.room == "B12")
            let december = LocalDate(iso: "2026-12-07")!
            let next = try await storage.timetable.timetable(ofClasses: [world.classA.id], teacher: nil, in: world.school.id, range: december...december)
            let seventh = next.occurrences(in: december...december).filter { $0.course.subject == "Mathématiques" }
            #expect(seventh.map(\.course.id) == [replacement.id] && seventh.first?.isCancelled == false && seventh.first?.room == "D1")
            // Courses still valid on a day, for the next re-import.
            let current = try await storage.timetable.courses(in: world.school.id, validOnOrAfter: from)
            #expect(current.contains(replacement) && !current.contains { $0.id == world.courseMaths.id })
        }
    }

    @Test(arguments: TestEngine.available)
    func aSchoolsVideoServersAreKeptPerSchoolAndRemoved(engine: TestEngine) async throws {
        try await withWorld(engine) { (storage, world) async throws in
            #expect(try await storage.videoSettings.settings(of: world.school.id) == nil)
            let settings = SchoolVideoSettings(
                schoolID: world.school.id, bigBlueButtonURL: "https://bbb.college.fr/bigbluebutton/", bigBlueButtonSecret: "639259d4-9dd8-4b25",
                bigBlueButtonChecksum: "sha1", jitsiDomain: "visio.college.fr", updatedAt: Self.at)
            try await storage.videoSettings.setSettings(settings)
            #expect(try await storage.videoSettings.settings(of: world.school.id) == settings)
            #expect(try await storage.videoSettings.settings(of: world.otherSchool.id) == nil)
            // Saving again replaces every field (what is nil is removed).
            var changed = settings
            changed.jitsiDomain = nil
            changed.jitsiAppID = nil
            changed.bigBlueButtonChecksum = "sha256"
            try await storage.videoSettings.setSettings(changed)
            #expect(try await storage.videoSettings.settings(of: world.school.id) == changed)
            #expect(try await storage.videoSettings.removeSettings(of: world.school.id))
            #expect(try await storage.videoSettings.settings(of: world.school.id) == nil)
            #expect(try await storage.videoSettings.removeSettings(of: world.school.id) == false)
        }
    }
}
