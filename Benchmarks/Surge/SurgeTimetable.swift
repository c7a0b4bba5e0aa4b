import CartableCore
import CartableDemo
import CartableStore
import Foundation

/// The school day the surge reads: every collège gets the demo collège's year and weekly timetable (what
/// *Aujourd'hui* shows), and each division one extra course today on BigBlueButton, open for the whole
/// run, that its pupils join and its teacher starts.
enum SurgeTimetable {
    /// An extra live course: who starts it, and the join address in Cartable.
    struct LiveCourse {
        var teacherID: User.ID
        var joinPath: String
    }

    /// Seeds the year, the weekly courses and one live course per division; returns the live courses.
    static func seed(_ demo: DemoSchool, storage: Storage, now: Date) async throws -> [LiveCourse] {
        let today = demo.school.today(at: now)
        let year = demo.schoolYear(containing: today)
        try await storage.timetable.setSchoolYear(year, at: now)
        var courses = demo.weeklyCourses(for: year)
        // The join window opens 10 minutes before the start and closes at the end: start in two minutes,
        // end three hours later (or at midnight), so that it is open for the whole run.
        let minute = TimeOfDay.minute(of: now, in: demo.school.timeZone)
        guard let start = TimeOfDay(minutes: minute + 2), let end = TimeOfDay(minutes: min(minute + 182, 23 * 60 + 59)),
            end.minutes - start.minutes >= 30
        else {
            throw SurgeError("the live courses need half an hour before midnight (Europe/Paris): seed and run before 23:25")
        }
        var live: [LiveCourse] = []
        var settings: [LiveSetting] = []
        for division in demo.roster.classes where division.kind == .division {
            guard let teaching = demo.roster.teachings.first(where: { $0.classID == division.id }) else { continue }
            let course = WeeklyCourse(
                id: .init(rawValue: UUID().uuidString.lowercased()), schoolID: demo.school.id, classID: division.id, subject: teaching.subject,
                teacherIDs: [teaching.teacherID], room: "", weekday: today.isoWeekday, start: start, end: end, validFrom: today,
                validUntil: today, isExtra: true)
            courses.append(course)
            settings.append(LiveSetting(courseID: course.id, schoolID: demo.school.id, plannedDate: nil, mode: .bigBlueButton, updatedAt: now))
            live.append(LiveCourse(teacherID: teaching.teacherID, joinPath: "/timetable/courses/\(course.id)/\(today.iso)/join"))
        }
        try await storage.timetable.addCourses(courses, at: now)
        for setting in settings {
            guard try await storage.timetable.setLive(setting) else { throw SurgeError("could not set the live course \(setting.courseID)") }
        }
        return live
    }
}

/// A seeding step that cannot go on, said plainly.
struct SurgeError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
