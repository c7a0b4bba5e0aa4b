import CartableCore
import Foundation
import Testing

/// The policy, role by role, on a small world: one school with classes A (4e B) and B (4e C) and a group G,
/// and another school with class X.
@Suite struct AccessPolicyTests {
    static let school = School(id: .init(rawValue: "00000000-0000-4000-8000-000000000001"), uai: "0750001A", name: "Collège A")
    static let otherSchool = School(id: .init(rawValue: "00000000-0000-4000-8000-000000000002"), uai: "0750002B", name: "Collège B")
    static let classA = SchoolClass.ID(rawValue: "00000000-0000-4000-8000-00000000000a")
    static let classB = SchoolClass.ID(rawValue: "00000000-0000-4000-8000-00000000000b")
    static let group = SchoolClass.ID(rawValue: "00000000-0000-4000-8000-00000000000c")
    static let classX = SchoolClass.ID(rawValue: "00000000-0000-4000-8000-0000000000ff")

    static func user(_ n: Int, _ role: Role, school: School = school) -> User {
        User(
            id: .init(rawValue: "00000000-0000-4000-8000-1000000000\(String(format: "%02d", n))"), schoolID: school.id, login: "u\(n)",
            firstName: "U", lastName: "\(n)", role: role)
    }

    static let pupil = Viewer(user: user(1, .pupil), school: school, classIDs: [classA, group])
    static let otherPupil = user(2, .pupil)
    static let guardian = Viewer(user: user(3, .guardian), school: school, children: [.init(pupil: pupil.user, classIDs: [classA, group])])
    static let teacher = Viewer(
        user: user(4, .teacher), school: school,
        teachings: [Teaching(teacherID: user(4, .teacher).id, classID: classA, subject: "Mathématiques")])
    static let colleague = Viewer(
        user: user(5, .teacher), school: school,
        teachings: [Teaching(teacherID: user(5, .teacher).id, classID: classA, subject: "Français")])
    static let staff = Viewer(user: user(6, .staff), school: school)
    static let foreignStaff = Viewer(user: user(7, .staff, school: otherSchool), school: otherSchool)

    static func entry(_ classID: SchoolClass.ID, by teacherID: User.ID, subject: String = "Mathématiques", school: School = school) -> NotebookEntry {
        NotebookEntry(
            id: .init(rawValue: "00000000-0000-4000-8000-200000000001"), schoolID: school.id, classID: classID, teacherID: teacherID,
            content: EntryContent(
                subject: subject, sessionDate: LocalDate(iso: "2026-11-23")!, done: "x", work: "", dueDate: nil, estimatedMinutes: nil, links: []),
            createdAt: Date(), updatedAt: Date())
    }

    static func read(_ classID: SchoolClass.ID) -> AccessPolicy.Action { .readNotebook(classID: classID, schoolID: school.id) }

    /// (viewer, action, allowed)
    static let table: [(String, Viewer, AccessPolicy.Action, Bool)] = [
        ("pupil reads own class", pupil, read(classA), true),
        ("pupil reads own group", pupil, read(group), true),
        ("pupil reads other class", pupil, read(classB), false),
        ("pupil reads class of other school", pupil, .readNotebook(classID: classX, schoolID: otherSchool.id), false),
        ("pupil reads own class id claimed by other school", pupil, .readNotebook(classID: classA, schoolID: otherSchool.id), false),
        ("pupil writes", pupil, .writeNotebook(classID: classA, subject: "Mathématiques", schoolID: school.id), false),
        ("pupil edits", pupil, .editEntry(entry(classA, by: teacher.user.id)), false),
        ("pupil follows self", pupil, .followPupil(pupil.user.id), true),
        ("pupil follows other", pupil, .followPupil(otherPupil.id), false),
        ("pupil manages accounts", pupil, .manageAccounts, false),
        ("guardian reads child's class", guardian, read(classA), true),
        ("guardian reads other class", guardian, read(classB), false),
        ("guardian reads entry of child's class", guardian, .readEntry(entry(classA, by: teacher.user.id)), true),
        ("guardian reads entry of other class", guardian, .readEntry(entry(classB, by: teacher.user.id)), false),
        ("guardian follows child", guardian, .followPupil(pupil.user.id), true),
        ("guardian follows other pupil", guardian, .followPupil(otherPupil.id), false),
        ("guardian writes", guardian, .writeNotebook(classID: classA, subject: "Mathématiques", schoolID: school.id), false),
        ("teacher reads taught class", teacher, read(classA), true),
        ("teacher reads other class", teacher, read(classB), false),
        ("teacher writes taught subject", teacher, .writeNotebook(classID: classA, subject: "Mathématiques", schoolID: school.id), true),
        ("teacher writes other subject", teacher, .writeNotebook(classID: classA, subject: "Français", schoolID: school.id), false),
        ("teacher writes other class", teacher, .writeNotebook(classID: classB, subject: "Mathématiques", schoolID: school.id), false),
        ("teacher edits own entry", teacher, .editEntry(entry(classA, by: teacher.user.id)), true),
        ("teacher edits colleague's entry in another subject", teacher, .editEntry(entry(classA, by: colleague.user.id, subject: "Français")), false),
        ("teacher edits entry of other school", teacher, .editEntry(entry(classA, by: teacher.user.id, school: otherSchool)), false),
        ("teacher follows pupil", teacher, .followPupil(pupil.user.id), false),
        ("teacher opens the entry form", teacher, .writeSomeNotebook, true),
        ("teacher posts to taught class", teacher, .postToClass(classID: classA, schoolID: school.id), true),
        ("teacher posts to other class", teacher, .postToClass(classID: classB, schoolID: school.id), false),
        ("teacher posts to taught class id claimed by other school", teacher, .postToClass(classID: classA, schoolID: otherSchool.id), false),
        ("pupil opens the entry form", pupil, .writeSomeNotebook, false),
        ("staff opens the entry form", staff, .writeSomeNotebook, false),
        ("teacher manages accounts", teacher, .manageAccounts, false),
        ("staff reads any class", staff, read(classB), true),
        ("staff reads class of other school", staff, .readNotebook(classID: classX, schoolID: otherSchool.id), false),
        ("staff writes", staff, .writeNotebook(classID: classA, subject: "Mathématiques", schoolID: school.id), false),
        ("staff edits", staff, .editEntry(entry(classA, by: teacher.user.id)), false),
        ("staff manages accounts", staff, .manageAccounts, true),
        ("staff manages account of own school", staff, .manageAccount(otherPupil), true),
        ("staff manages account of other school", foreignStaff, .manageAccount(otherPupil), false),
        ("staff disables other", staff, .disableAccount(otherPupil), true),
        ("staff disables self", staff, .disableAccount(staff.user), false),
        ("pupil sets up two-factor", pupil, .useTwoFactor, false),
        ("guardian sets up two-factor", guardian, .useTwoFactor, false),
        ("teacher sets up two-factor", teacher, .useTwoFactor, true),
        ("staff sets up two-factor", staff, .useTwoFactor, true),
        ("staff requires two-factor in own school", staff, .requireStaffTwoFactor(schoolID: school.id), true),
        ("staff requires two-factor in other school", staff, .requireStaffTwoFactor(schoolID: otherSchool.id), false),
        ("teacher requires two-factor", teacher, .requireStaffTwoFactor(schoolID: school.id), false),
        ("staff reads own school's security log", staff, .readSecurityLog(schoolID: school.id), true),
        ("staff reads other school's security log", staff, .readSecurityLog(schoolID: otherSchool.id), false),
        ("teacher reads security log", teacher, .readSecurityLog(schoolID: school.id), false),
        ("guardian reads security log", guardian, .readSecurityLog(schoolID: school.id), false),
        ("staff sets own school's privacy text", staff, .setPrivacyText(schoolID: school.id), true),
        ("staff sets other school's privacy text", foreignStaff, .setPrivacyText(schoolID: school.id), false),
        ("teacher sets privacy text", teacher, .setPrivacyText(schoolID: school.id), false),
        ("pupil reads own class's timetable", pupil, .readClassTimetable(classID: classA, schoolID: school.id), true),
        ("pupil reads own group's timetable", pupil, .readClassTimetable(classID: group, schoolID: school.id), true),
        ("pupil reads other class's timetable", pupil, .readClassTimetable(classID: classB, schoolID: school.id), false),
        ("pupil reads own class id claimed by other school's timetable", pupil, .readClassTimetable(classID: classA, schoolID: otherSchool.id), false),
        ("guardian reads child's timetable", guardian, .readClassTimetable(classID: group, schoolID: school.id), true),
        ("guardian reads other class's timetable", guardian, .readClassTimetable(classID: classB, schoolID: school.id), false),
        ("teacher reads taught class's timetable", teacher, .readClassTimetable(classID: classA, schoolID: school.id), true),
        ("teacher reads other class's timetable", teacher, .readClassTimetable(classID: classB, schoolID: school.id), false),
        ("staff reads any class's timetable", staff, .readClassTimetable(classID: classB, schoolID: school.id), true),
        ("staff reads other school's timetable", foreignStaff, .readClassTimetable(classID: classA, schoolID: school.id), false),
        ("teacher reads own timetable", teacher, .readTeacherTimetable(teacherID: teacher.user.id, schoolID: school.id), true),
        ("teacher reads colleague's timetable", teacher, .readTeacherTimetable(teacherID: colleague.user.id, schoolID: school.id), false),
        ("pupil reads a teacher's timetable", pupil, .readTeacherTimetable(teacherID: teacher.user.id, schoolID: school.id), false),
        ("staff reads a teacher's timetable", staff, .readTeacherTimetable(teacherID: teacher.user.id, schoolID: school.id), true),
        ("foreign staff reads a teacher's timetable", foreignStaff, .readTeacherTimetable(teacherID: teacher.user.id, schoolID: school.id), false),
        ("staff edits own school's timetable", staff, .editTimetable(schoolID: school.id), true),
        ("staff edits other school's timetable", foreignStaff, .editTimetable(schoolID: school.id), false),
        ("teacher edits timetable", teacher, .editTimetable(schoolID: school.id), false),
        ("pupil edits timetable", pupil, .editTimetable(schoolID: school.id), false),
        ("staff sets own school's video servers", staff, .manageVideo(schoolID: school.id), true),
        ("staff sets other school's video servers", foreignStaff, .manageVideo(schoolID: school.id), false),
        ("teacher sets video servers", teacher, .manageVideo(schoolID: school.id), false),
        ("guardian sets video servers", guardian, .manageVideo(schoolID: school.id), false),
    ]

    @Test(arguments: table.indices)
    func decides(index: Int) {
        let (name, viewer, action, allowed) = Self.table[index]
        #expect(AccessPolicy().allows(viewer, action) == allowed, "\(name)")
    }

    @Test func aDisabledAccountMayDoNothing() {
        var disabled = Self.staff
        disabled.user.isDisabled = true
        #expect(!AccessPolicy().allows(disabled, .manageAccounts))
        #expect(!AccessPolicy().allows(disabled, Self.read(Self.classA)))
    }

    @Test func sessionsBelongToTheirOwner() {
        let now = Date()
        let session = DeviceSession(
            id: .init(rawValue: "00000000-0000-4000-8000-300000000001"), userID: Self.pupil.user.id, schoolID: Self.school.id, createdAt: now,
            lastSeenAt: now, expiresAt: now.addingTimeInterval(60), isRemembered: false, deviceLabel: "x", csrfToken: "y")
        #expect(AccessPolicy().allows(Self.pupil, .manageSession(session)))
        #expect(!AccessPolicy().allows(Self.guardian, .manageSession(session)))
        #expect(!AccessPolicy().allows(Self.staff, .manageSession(session)))
    }

    @Test func readableClassesFollowTheRole() {
        let policy = AccessPolicy()
        #expect(policy.readableClassIDs(Self.pupil) == [Self.classA, Self.group])
        #expect(policy.readableClassIDs(Self.guardian) == [Self.classA, Self.group])
        #expect(policy.readableClassIDs(Self.teacher) == [Self.classA])
        #expect(policy.readableClassIDs(Self.staff) == nil)
        #expect(policy.followedPupils(Self.teacher).isEmpty)
        #expect(policy.followedPupils(Self.guardian).map(\.pupil.id) == [Self.pupil.user.id])
    }
}
