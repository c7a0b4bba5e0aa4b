import CartableCore
import CartableStore
import CartableTestSupport
import Foundation
import Testing

/// Remote days and the attendance settings, on SQLite and on PostgreSQL, each test on a fresh database.
@Suite struct RemoteDayStoreContractTests {
    static let world = AttendanceStoreContractTests.world
    static let monday = AttendanceStoreContractTests.monday
    static let at = AttendanceStoreContractTests.at

    static func day(_ n: Int, _ world: World, on day: LocalDate = monday, classID: SchoolClass.ID?, school: School.ID? = nil) -> RemoteDay {
        RemoteDay(
            id: RemoteDay.ID(rawValue: "00000000-0000-4000-8000-8000000000\(10 + n)"), schoolID: school ?? world.school.id, day: day, classID: classID,
            note: "Collège fermé \(n)")
    }

    @Test(arguments: TestEngine.available)
    func aRemoteDayIsDeclaredOnceShowsInTheTimetablesItCoversAndIsTakenBack(engine: TestEngine) async throws {
        try await Self.world.withSeededStorage(engine) { (storage, world) async throws in
            let store = storage.attendance
            let yearScope = ContentVersions.scope(ofSchoolYear: world.school.id)
            let before = storage.versions.version(of: yearScope)
            let classA = Self.day(1, world, classID: world.classA.id)
            #expect(try await store.addRemoteDay(classA, by: world.staff.id, at: Self.at))
            #expect(storage.versions.version(of: yearScope) > before, "every timetable of the school shows it")
            // The same day for the same class again: refused, nothing added; the whole school that day is another declaration.
            var again = Self.day(2, world, classID: world.classA.id)
            again.note = "autre"
            #expect(try await store.addRemoteDay(again, by: world.staff.id, at: Self.at) == false)
            let whole = Self.day(3, world, classID: nil)
            #expect(try await store.addRemoteDay(whole, by: world.staff.id, at: Self.at))
            let tuesdayB = Self.day(4, world, on: Self.monday.adding(days: 1), classID: world.classB.id)
            #expect(try await store.addRemoteDay(tuesdayB, by: world.staff.id, at: Self.at))
            let elsewhere = Self.day(5, world, classID: nil, school: world.otherSchool.id)
            #expect(try await store.addRemoteDay(elsewhere, by: world.staff.id, at: Self.at))

            #expect(try await store.remoteDays(in: world.school.id, range: Self.monday...Self.monday.adding(days: 6)) == [whole, classA, tuesdayB])
            #expect(try await store.remoteDays(in: world.school.id, range: Self.monday.adding(days: 2)...Self.monday.adding(days: 6)).isEmpty)

            // Class A's slice carries the school's day and its own, not class B's.
            let slice = try await storage.timetable.timetable(
                ofClasses: [world.classA.id], teacher: nil, in: world.school.id, range: Self.monday...Self.monday.adding(days: 4))
            #expect(Set(slice.remoteDays) == [whole, classA])
            let maths = try #require(slice.occurrences(in: Self.monday...Self.monday).first { $0.course.id == world.courseMaths.id })
            #expect(slice.remoteDay(of: maths) != nil)
            let tuesday = slice.occurrences(in: Self.monday.adding(days: 1)...Self.monday.adding(days: 1))
            #expect(tuesday.allSatisfy { slice.remoteDay(of: $0) == nil }, "class B's Tuesday is not class A's")

            // Taken back by its own school only.
            #expect(try await store.removeRemoteDay(classA.id, in: world.otherSchool.id, at: Self.at) == false)
            #expect(try await store.removeRemoteDay(classA.id, in: world.school.id, at: Self.at))
            #expect(try await store.removeRemoteDay(classA.id, in: world.school.id, at: Self.at) == false)
            #expect(try await store.remoteDays(in: world.school.id, range: Self.monday...Self.monday) == [whole])
            #expect(try await store.remoteDays(in: world.otherSchool.id, range: Self.monday...Self.monday) == [elsewhere])
        }
    }

    @Test(arguments: TestEngine.available)
    func theSettingsDefaultToGuardiansOnlyAndABirthDateIsThePupilsOfTheSchool(engine: TestEngine) async throws {
        try await Self.world.withSeededStorage(engine) { (storage, world) async throws in
            let store = storage.attendance
            #expect(try await store.settings(of: world.school.id) == AttendanceSettings(pupilsOfAgeJustify: false))
            try await store.setSettings(AttendanceSettings(pupilsOfAgeJustify: true), of: world.school.id, by: world.staff.id, at: Self.at)
            #expect(try await store.settings(of: world.school.id).pupilsOfAgeJustify)
            #expect(try await store.settings(of: world.otherSchool.id).pupilsOfAgeJustify == false, "one school's setting is its own")
            try await store.setSettings(AttendanceSettings(pupilsOfAgeJustify: false), of: world.school.id, by: world.staff.id, at: Self.at)
            #expect(try await store.settings(of: world.school.id).pupilsOfAgeJustify == false)

            #expect(try await store.birthDate(ofPupil: world.pupil.id, in: world.school.id) == nil, "unknown until an import gives it")
            try await storage.database.writeStatement("UPDATE users SET birth_date = '2008-11-23' WHERE id = \(world.pupil.id)")
            #expect(try await store.birthDate(ofPupil: world.pupil.id, in: world.school.id) == LocalDate(iso: "2008-11-23"))
            #expect(try await store.birthDate(ofPupil: world.pupil.id, in: world.otherSchool.id) == nil)
            try await storage.database.writeStatement("UPDATE users SET birth_date = '1980-01-01' WHERE id = \(world.teacher.id)")
            #expect(try await store.birthDate(ofPupil: world.teacher.id, in: world.school.id) == nil, "a teacher is no pupil")
        }
    }
}
