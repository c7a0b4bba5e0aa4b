import CartableCore
import CartableStore
import Foundation
import Synchronization

/// A clock the test sets.
public final class TestClock: WallClock {
    private let current: Mutex<Date>

    /// A clock stopped at `start` (default: Monday 23 November 2026, 9:00 in Paris).
    public init(_ start: Date = TestClock.mondayMorning) {
        current = Mutex(start)
    }

    public func now() -> Date { current.withLock { $0 } }

    /// Moves the clock forward.
    public func advance(by seconds: TimeInterval) {
        current.withLock { $0 = $0.addingTimeInterval(seconds) }
    }

    /// Monday 23 November 2026, 9:00 in Paris (8:00 UTC).
    public static let mondayMorning = Date(timeIntervalSince1970: 1_795_420_800)
}

/// A small world for tests: two schools, so that nothing of one may leak to the other.
///
/// School A has divisions 4e B (`classA`) and 4e C (`classB`) and the group Espagnol 4e (`group`);
/// school B has 3e A (`classX`). Each school has a pupil, a guardian, a teacher and staff; school A
/// has a second pupil and teacher in 4e C. Entries are dated around Monday 23 November 2026.
public struct World: Sendable {
    public let school: School
    public let otherSchool: School
    public let classA: SchoolClass
    public let classB: SchoolClass
    public let group: SchoolClass
    public let classX: SchoolClass
    /// Pupil of 4e B and of the group.
    public let pupil: User
    /// Pupil of 4e C.
    public let pupilB: User
    /// Guardian of `pupil`.
    public let guardian: User
    /// Teaches Mathématiques to 4e B and Espagnol to the group.
    public let teacher: User
    /// Teaches Français to 4e C.
    public let teacherB: User
    public let staff: User
    public let pupilX: User
    public let guardianX: User
    public let teacherX: User
    public let staffX: User
    public let roster: Roster
    /// Mathématiques in 4e B, work due Tuesday 24.
    public let entryA: NotebookEntry
    /// Français in 4e C, work due Wednesday 25.
    public let entryB: NotebookEntry
    /// Espagnol in the group, work due Thursday 26.
    public let entryGroup: NotebookEntry
    /// Mathématiques in 3e A of the other school, due Tuesday 24.
    public let entryX: NotebookEntry
    /// Work to hand in from `entryA` (4e B), due Tuesday 24 at 18:00, late work taken.
    public let assignmentA: Assignment
    /// Work to hand in from `entryB` (4e C), due Wednesday 25 at 18:00, late work refused.
    public let assignmentB: Assignment
    /// Work to hand in from `entryX` (other school).
    public let assignmentX: Assignment
    /// Documents of 4e B, 4e C and the other school's 3e A (stored by the web tests, which have a blob store).
    public let documentIDs: [Document.ID]
    /// School A's year: from 1 September 2026, weeks alternating from week A on 7 September (so 23 November is
    /// a week B), the Toussaint holiday from 17 October to 1 November.
    public let schoolYear: SchoolYear
    /// Mathématiques in 4e B by `teacher`, Mondays 9:00–10:00 in A03, every week.
    public let courseMaths: WeeklyCourse
    /// SVT in 4e B by `teacherB`, Mondays 14:00–15:00 in Labo 1, week A only (not on Monday 23).
    public let courseScienceWeekA: WeeklyCourse
    /// Espagnol in the group by `teacher`, Mondays 10:15–11:30 in B05, every week.
    public let courseSpanish: WeeklyCourse
    /// Français in 4e C by `teacherB`, Mondays 9:00–10:00 in A05.
    public let courseFrench: WeeklyCourse
    /// Mathématiques in the other school's 3e A by `teacherX`, Mondays 9:00–10:00.
    public let courseX: WeeklyCourse

    /// The password of every account of the world.
    public static let password = "mot-de-passe-42"

    /// The world; `passwordHash` must be a hash of ``password`` for sign-in tests.
    public init(passwordHash: String) {
        var counter = 0
        func id<T>(_: T.Type = T.self) -> Identifier<T> {
            counter += 1
            return Identifier(rawValue: String(format: "00000000-0000-4000-8000-%012d", counter))
        }
        school = School(id: id(), uai: "0750001A", name: "Collège Victor Hugo")
        otherSchool = School(id: id(), uai: "0930002B", name: "Collège Lucie Aubrac")
        classA = SchoolClass(id: id(), schoolID: school.id, name: "4e B", kind: .division, level: "4e")
        classB = SchoolClass(id: id(), schoolID: school.id, name: "4e C", kind: .division, level: "4e")
        group = SchoolClass(id: id(), schoolID: school.id, name: "Espagnol 4e", kind: .group, level: "4e")
        classX = SchoolClass(id: id(), schoolID: otherSchool.id, name: "3e A", kind: .division, level: "3e")
        func user(_ login: String, _ first: String, _ last: String, _ role: Role, _ school: School) -> User {
            User(id: id(), schoolID: school.id, login: login, firstName: first, lastName: last, role: role)
        }
        pupil = user("lea.martin", "Léa", "Martin", .pupil, school)
        pupilB = user("tom.petit", "Tom", "Petit", .pupil, school)
        guardian = user("sophie.martin", "Sophie", "Martin", .guardian, school)
        teacher = user("claire.moreau", "Claire", "Moreau", .teacher, school)
        teacherB = user("paul.durand", "Paul", "Durand", .teacher, school)
        staff = user("jean.dupont", "Jean", "Dupont", .staff, school)
        pupilX = user("ines.haddad", "Inès", "Haddad", .pupil, otherSchool)
        guardianX = user("karim.haddad", "Karim", "Haddad", .guardian, otherSchool)
        teacherX = user("anne.roux", "Anne", "Roux", .teacher, otherSchool)
        staffX = user("marc.blanc", "Marc", "Blanc", .staff, otherSchool)

        var roster = Roster()
        roster.schools = [school, otherSchool]
        roster.classes = [classA, classB, group, classX]
        roster.accounts = [pupil, pupilB, guardian, teacher, teacherB, staff, pupilX, guardianX, teacherX, staffX].map {
            Roster.Account(user: $0, passwordHash: passwordHash)
        }
        roster.enrolments = [(classA.id, pupil.id), (group.id, pupil.id), (classB.id, pupilB.id), (classX.id, pupilX.id)]
        roster.guardianships = [(guardian.id, pupil.id), (guardianX.id, pupilX.id)]
        roster.teachings = [
            Teaching(teacherID: teacher.id, classID: classA.id, subject: "Mathématiques"),
            Teaching(teacherID: teacher.id, classID: group.id, subject: "Espagnol"),
            Teaching(teacherID: teacherB.id, classID: classB.id, subject: "Français"),
            Teaching(teacherID: teacherX.id, classID: classX.id, subject: "Mathématiques"),
        ]
        self.roster = roster

        let created = TestClock.mondayMorning.addingTimeInterval(-86_400 * 3)
        func entry(_ schoolClass: SchoolClass, _ teacher: User, _ subject: String, work: String, due: String) -> NotebookEntry {
            NotebookEntry(
                id: id(), schoolID: schoolClass.schoolID, classID: schoolClass.id, teacherID: teacher.id,
                content: EntryContent(
                    subject: subject, sessionDate: LocalDate(iso: "2026-11-20")!, done: "Cours de \(subject).", work: work,
                    dueDate: LocalDate(iso: due), estimatedMinutes: 20, links: [EntryLink(title: "Exercices", url: "https://example.org/ex")]),
                createdAt: created, updatedAt: created, teacherName: teacher.displayName, className: schoolClass.name)
        }
        entryA = entry(classA, teacher, "Mathématiques", work: "Exercices 12 et 13 p. 98", due: "2026-11-24")
        entryB = entry(classB, teacherB, "Français", work: "Lire le chapitre 4", due: "2026-11-25")
        entryGroup = entry(group, teacher, "Espagnol", work: "Apprendre le vocabulaire p. 44", due: "2026-11-26")
        entryX = entry(classX, teacherX, "Mathématiques", work: "Fiche n° 7", due: "2026-11-24")
        let paris = TimeZone(identifier: "Europe/Paris")!
        func assignment(_ entry: NotebookEntry, allowsLate: Bool) -> Assignment {
            let due = entry.content.dueDate!
            return Assignment(
                id: id(), schoolID: entry.schoolID, entryID: entry.id, classID: entry.classID, teacherID: entry.teacherID,
                subject: entry.content.subject,
                settings: AssignmentSettings(
                    instructions: "Rendez la fiche.", dueDate: due, dueMinutes: 18 * 60, dueAt: due.instant(atMinute: 18 * 60, in: paris),
                    answerKinds: .both, allowsLate: allowsLate),
                createdAt: created, updatedAt: created, className: entry.className)
        }
        assignmentA = assignment(entryA, allowsLate: true)
        assignmentB = assignment(entryB, allowsLate: false)
        assignmentX = assignment(entryX, allowsLate: true)
        documentIDs = [id(), id(), id()]

        let september = LocalDate(iso: "2026-09-01")!
        schoolYear = SchoolYear(
            schoolID: school.id, firstDay: september, lastDay: LocalDate(iso: "2027-07-03")!, weekAMonday: LocalDate(iso: "2026-09-07"),
            holidays: [.init(name: "Vacances de la Toussaint", firstDay: LocalDate(iso: "2026-10-17")!, lastDay: LocalDate(iso: "2026-11-01")!)])
        func course(
            _ schoolClass: SchoolClass, _ subject: String, _ teacher: User, _ room: String, _ start: String, _ end: String,
            weeks: WeeklyCourse.Weeks = .every
        ) -> WeeklyCourse {
            WeeklyCourse(
                id: id(), schoolID: schoolClass.schoolID, classID: schoolClass.id, subject: subject, teacherIDs: [teacher.id], room: room,
                weekday: 1, start: TimeOfDay(text: start)!, end: TimeOfDay(text: end)!, weeks: weeks, validFrom: september)
        }
        courseMaths = course(classA, "Mathématiques", teacher, "A03", "09:00", "10:00")
        courseScienceWeekA = course(classA, "SVT", teacherB, "Labo 1", "14:00", "15:00", weeks: .weekA)
        courseSpanish = course(group, "Espagnol", teacher, "B05", "10:15", "11:30")
        courseFrench = course(classB, "Français", teacherB, "A05", "09:00", "10:00")
        courseX = course(classX, "Mathématiques", teacherX, "101", "09:00", "10:00")
    }

    /// Every weekly course of the world.
    public var courses: [WeeklyCourse] { [courseMaths, courseScienceWeekA, courseSpanish, courseFrench, courseX] }

    /// The documents of ``documentIDs``, for `file`: 4e B's, 4e C's, the other school's.
    public func documents(file: StoredFile) -> [Document] {
        zip(documentIDs, [(classA, teacher), (classB, teacherB), (classX, teacherX)]).map { id, owner in
            Document(
                id: id, schoolID: owner.0.schoolID, classID: owner.0.id, entryID: nil, folder: "Cours", file: file, uploadedBy: owner.1.id,
                createdAt: TestClock.mondayMorning)
        }
    }

    /// Every entry of the world.
    public var entries: [NotebookEntry] { [entryA, entryB, entryGroup, entryX] }

    /// Every account of the world.
    public var users: [User] { roster.accounts.map(\.user) }

    /// Stores the world.
    public func seed(_ storage: Storage) async throws {
        try await storage.schools.importRoster(roster, at: TestClock.mondayMorning.addingTimeInterval(-86_400 * 30))
        try await storage.notebook.createEntries(entries)
        for assignment in [assignmentA, assignmentB, assignmentX] { _ = try await storage.assignments.setAssignment(assignment) }
        try await storage.timetable.setSchoolYear(schoolYear, at: TestClock.mondayMorning.addingTimeInterval(-86_400 * 30))
        try await storage.timetable.addCourses(courses.filter { $0.schoolID == school.id }, at: TestClock.mondayMorning.addingTimeInterval(-86_400 * 30))
        try await storage.timetable.addCourses(courses.filter { $0.schoolID == otherSchool.id }, at: TestClock.mondayMorning.addingTimeInterval(-86_400 * 30))
    }
}
