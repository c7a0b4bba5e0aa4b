import CartableCore
import CartableDemo
import CartableStore
import Testing

/// The demo school's timetable is one a school could import: no pupil and no teacher in two courses at once.
@Suite struct DemoTimetableTests {
    @Test func noPupilOrTeacherHasTwoCoursesAtOnce() {
        let demo = DemoSchool(passwordHash: "$2b$10$notarealhashbutfineforstoretests.........")
        let year = demo.schoolYear(containing: LocalDate(iso: "2026-11-23")!)
        // Rooms are left out: the gymnasium takes several classes at once.
        let courses = demo.weeklyCourses(for: year).map { course in
            var course = course
            course.room = ""
            return course
        }
        let classesOfPupils = Dictionary(grouping: demo.roster.enrolments, by: \.pupilID).values.map { $0.map(\.classID) }
        let pupils = SharedPupils(classesOfPupils: classesOfPupils)
        #expect(courses.count > 300, "a realistic week for every class")
        #expect(classesOfPupils.contains { $0.count > 1 }, "pupils are in groups as well as in their division")
        var clashes: [String] = []
        for (index, course) in courses.enumerated() {
            for other in TimetableCalendar.clashes(of: course, with: Array(courses[(index + 1)...]), pupils: pupils) {
                clashes.append("\(course.subject) \(course.weekday) \(course.start.text) / \(other.subject) \(other.start.text)")
            }
        }
        #expect(clashes.isEmpty, "\(clashes.prefix(10))")
    }
}

/// The demo school's attendance: rolls of 4e B's past courses only, marks of its own pupils, the demo pupil with one
/// absence and one lateness, an incident window and a remote day in the past; the same every run.
@Suite struct DemoAttendanceTests {
    @Test func theDemoAttendanceIsPlausibleAndTheSameEveryRun() throws {
        let demo = DemoSchool(passwordHash: "$2b$10$notarealhashbutfineforstoretests.........")
        let today = LocalDate(iso: "2026-11-25")!
        let year = demo.schoolYear(containing: today)
        let courses = demo.weeklyCourses(for: year)
        let attendance = demo.demoAttendance(of: courses, year: year, today: today)
        let fourB = try #require(demo.roster.classes.first { $0.name == "4e B" })
        let pupils = Set(demo.roster.enrolments.filter { $0.classID == fourB.id }.map(\.pupilID))
        let byID = Dictionary(uniqueKeysWithValues: courses.map { ($0.id, $0) })
        #expect(attendance.rolls.count > 40, "three weeks of a class's courses")
        #expect(attendance.rolls.allSatisfy { $0.plannedDate < today && byID[$0.courseID]?.classID == fourB.id })
        #expect(attendance.marks.allSatisfy { pupils.contains($0.pupilID) && $0.plannedDate < today })
        #expect(attendance.marks.contains { $0.status == .late && $0.minutes != nil })
        let demoPupil = try #require(demo.roster.accounts.first { $0.user.login == "eleve" }?.user.id)
        #expect(attendance.marks.filter { $0.pupilID == demoPupil }.map(\.status).sorted { $0.rawValue < $1.rawValue } == [.absent, .late])
        #expect(attendance.incident.end < today.instant(atMinute: 0, in: demo.school.timeZone))
        #expect(attendance.reasons.contains { !$0.countsAsAbsence } && attendance.reasons.contains(where: \.needsProof))
        // The demo guardian's justification of the demo pupil's absence waits for staff; another family's was accepted.
        let guardian = try #require(demo.roster.accounts.first { $0.user.login == "parent" }?.user.id)
        let absence = try #require(attendance.marks.first { $0.pupilID == demoPupil && $0.status == .absent })
        let waiting = attendance.justifications.filter { $0.state == .pending }
        #expect(waiting.count == 1 && waiting[0].pupilID == demoPupil && waiting[0].submittedBy == guardian && waiting[0].covers(absence.plannedDate))
        #expect(attendance.justifications.contains { $0.state == .accepted && $0.pupilID != demoPupil && $0.decidedBy != nil })
        #expect(attendance.justifications.allSatisfy { j in attendance.reasons.contains { $0.id == j.reasonID && !$0.needsProof } })
        // Last week's Friday was declared remote for the whole school.
        let remote = try #require(attendance.remoteDay)
        #expect(remote.day == LocalDate(iso: "2026-11-20") && remote.classID == nil && remote.day.isoWeekday == 5 && !remote.note.isEmpty)
        let again = demo.demoAttendance(of: courses, year: year, today: today)
        #expect(again.marks == attendance.marks && again.reasons == attendance.reasons && again.justifications == attendance.justifications)
        #expect(again.remoteDay == attendance.remoteDay)
    }
}
