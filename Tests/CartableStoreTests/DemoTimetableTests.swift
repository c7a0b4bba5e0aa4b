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
