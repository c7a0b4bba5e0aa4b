import CartableCore
import CartableStore
import CartableTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// Every role × every route × own / other class / other school → allowed or 404. Nothing may leak.
///
/// "Own" is what the role legitimately touches (the pupil's class, the guardian's child's class, the
/// teacher's taught class, staff's school); "other class" is another class of the same school; "other
/// school" is a class of another school on the same platform.
@Suite struct AccessMatrixTests {
    enum Target: String, CaseIterable, Sendable {
        case own, otherClass, otherSchool
    }

    /// One route and what each role gets for each target.
    struct Row: Sendable, CustomTestStringConvertible {
        var name: String
        /// Sends the request for `target` as `session`.
        var send: @Sendable (TestApp, TestSession, Role, Target) async throws -> TestResponse
        /// The status for each role; targets not listed answer 404.
        var allowed: [Role: [Target: HTTPResponse.Status]]
        /// What the request needs that the world does not have, made before the state is taken.
        var prepare: (@Sendable (TestApp, Target) async throws -> Void)? = nil
        var testDescription: String { name }
    }

    static func classID(_ world: World, _ target: Target) -> String {
        switch target {
        case .own: world.classA.id.rawValue
        case .otherClass: world.classB.id.rawValue
        case .otherSchool: world.classX.id.rawValue
        }
    }

    /// A course of the target's class, planned on Monday 23 November.
    static func occurrencePath(_ world: World, _ target: Target) -> String {
        let course =
            switch target {
            case .own: world.courseMaths
            case .otherClass: world.courseFrench
            case .otherSchool: world.courseX
            }
        return "/timetable/courses/\(course.id)/2026-11-23"
    }

    /// An extra course of the target's class on Tuesday 24 November (made by ``addExtraCourse``), and its day.
    static func extraCoursePath(_ target: Target) -> String {
        "/timetable/courses/\(extraCourseID(target))/2026-11-24"
    }

    static func extraCourseID(_ target: Target) -> WeeklyCourse.ID {
        .init(rawValue: "00000000-0000-4000-8000-90000000000\(Target.allCases.firstIndex(of: target)!)")
    }

    static func addExtraCourse(_ app: TestApp, _ target: Target) async throws {
        let schoolClass = switch target {
        case .own: app.world.classA
        case .otherClass: app.world.classB
        case .otherSchool: app.world.classX
        }
        let course = WeeklyCourse(
            id: extraCourseID(target), schoolID: schoolClass.schoolID, classID: schoolClass.id, subject: "Rattrapage",
            teacherIDs: [target == .otherSchool ? app.world.teacherX.id : app.world.teacher.id], room: "", weekday: 2,
            start: TimeOfDay(text: "16:00")!, end: TimeOfDay(text: "17:00")!, validFrom: LocalDate(iso: "2026-11-24")!,
            validUntil: LocalDate(iso: "2026-11-24")!, isExtra: true)
        try await app.services.storage.timetable.addCourses([course], at: app.clock.now())
    }

    /// A reason of the school (the one the guardian's form sends).
    static let reasonID = AbsenceReason.ID(rawValue: "00000000-0000-4000-8000-510000000000")

    /// A reason of the target's school (the other school's for `.otherSchool`).
    static func targetReasonID(_ target: Target) -> AbsenceReason.ID {
        .init(rawValue: "00000000-0000-4000-8000-59000000000\(Target.allCases.firstIndex(of: target)!)")
    }

    /// A pending justification, with a proof, of the target's pupil (made by ``addJustification``).
    static func justificationID(_ target: Target) -> Justification.ID {
        .init(rawValue: "00000000-0000-4000-8000-52000000000\(Target.allCases.firstIndex(of: target)!)")
    }

    static func addJustification(_ app: TestApp, _ target: Target) async throws {
        let world = app.world
        let (pupil, school) =
            switch target {
            case .own: (world.pupil, world.school)
            case .otherClass: (world.pupilB, world.school)
            case .otherSchool: (world.pupilX, world.otherSchool)
            }
        let reason = AbsenceReason.ID(rawValue: "00000000-0000-4000-8000-51000000000\(Target.allCases.firstIndex(of: target)!)")
        let store = app.services.storage.attendance
        try await store.saveReason(AbsenceReason(id: reason, schoolID: school.id, label: "Maladie \(target)"), at: app.clock.now())
        let proof = try await app.services.blobs.store(TestApp.documentBytes, name: "certificat.pdf")
        try await store.addJustification(
            Justification(
                id: justificationID(target), schoolID: school.id, pupilID: pupil.id, from: LocalDate(iso: "2026-11-23")!, to: LocalDate(iso: "2026-11-23")!,
                reasonID: reason, proof: proof, submittedBy: pupil.id, submittedAt: app.clock.now()))
    }

    /// A video server's failure the node measured, of the target's school.
    static func signalID(_ target: Target) -> NodeSignal.ID {
        .init(rawValue: "00000000-0000-4000-8000-57000000000\(Target.allCases.firstIndex(of: target)!)")
    }

    static func entryID(_ world: World, _ target: Target) -> String {
        switch target {
        case .own: world.entryA.id.rawValue
        case .otherClass: world.entryB.id.rawValue
        case .otherSchool: world.entryX.id.rawValue
        }
    }

    static func remoteDayID(_ target: Target) -> RemoteDay.ID {
        RemoteDay.ID(rawValue: "00000000-0000-4000-8000-7000000000\(10 + Target.allCases.firstIndex(of: target)!)")
    }

    static func pupilID(_ world: World, _ target: Target) -> String {
        switch target {
        case .own: world.pupil.id.rawValue
        case .otherClass: world.pupilB.id.rawValue
        case .otherSchool: world.pupilX.id.rawValue
        }
    }

    static func assignmentID(_ world: World, _ target: Target) -> String {
        switch target {
        case .own: world.assignmentA.id.rawValue
        case .otherClass: world.assignmentB.id.rawValue
        case .otherSchool: world.assignmentX.id.rawValue
        }
    }

    /// The work of the target's pupil on the target's assignment.
    static func submissionPath(_ world: World, _ target: Target) -> String {
        "\(assignmentID(world, target))/pupils/\(pupilID(world, target))"
    }

    static func documentID(_ world: World, _ target: Target) -> String {
        switch target {
        case .own: world.documentIDs[0].rawValue
        case .otherClass: world.documentIDs[1].rawValue
        case .otherSchool: world.documentIDs[2].rawValue
        }
    }

    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]
    static let draftJSON = #"{"text":"Ma réponse","revision":1}"#
    static let handInJSON = #"{"handInId":"0b6c8a5e-3f1d-4c2a-9e8b-7d6f5a4c3b2a","text":"Ma réponse","revision":2}"#
    static let feedbackJSON = #"{"feedback":"Bien","mark":"15/20"}"#
    static let assignmentJSON = #"{"dueDate":"2026-11-27","dueTime":"18:00","answerKinds":"both","allowsLate":true}"#
    static let staffReaders: [Role: [Target: HTTPResponse.Status]] = [.teacher: [.own: .ok], .staff: [.own: .ok, .otherClass: .ok]]
    static let submissionReaders: [Role: [Target: HTTPResponse.Status]] = [
        .pupil: [.own: .ok], .guardian: [.own: .ok], .teacher: [.own: .ok], .staff: [.own: .ok, .otherClass: .ok],
    ]

    /// A user to manage: of the viewer's school (own, other class) or of another school.
    static func accountID(_ world: World, _ target: Target) -> String {
        switch target {
        case .own: world.pupil.id.rawValue
        case .otherClass: world.teacherB.id.rawValue
        case .otherSchool: world.pupilX.id.rawValue
        }
    }

    static let entryForm: [(String, String)] = [
        ("subject", "Mathématiques"), ("sessionDate", "2026-11-23"), ("done", "Cours"), ("work", "Exercice 1"), ("dueDate", "2026-11-24"),
    ]
    static let entryJSON = #"{"subject":"Mathématiques","sessionDate":"2026-11-23","done":"Cours","work":"Exercice 1","dueDate":"2026-11-24"}"#

    static let readers: [Role: [Target: HTTPResponse.Status]] = [
        .pupil: [.own: .ok], .guardian: [.own: .ok], .teacher: [.own: .ok], .staff: [.own: .ok, .otherClass: .ok],
    ]
    static func ownTeacher(_ status: HTTPResponse.Status) -> [Role: [Target: HTTPResponse.Status]] { [.teacher: [.own: status]] }
    static func staffOfSchool(_ status: HTTPResponse.Status) -> [Role: [Target: HTTPResponse.Status]] {
        [.staff: [.own: status, .otherClass: status]]
    }
    static let followers: [Role: [Target: HTTPResponse.Status]] = [.pupil: [.own: .ok], .guardian: [.own: .ok]]
    /// One's own account's routes: the target does not matter.
    static func everyTarget(_ status: HTTPResponse.Status) -> [Target: HTTPResponse.Status] {
        [.own: status, .otherClass: status, .otherSchool: status]
    }
    static func teachersAndStaff(_ status: HTTPResponse.Status) -> [Role: [Target: HTTPResponse.Status]] {
        [.teacher: everyTarget(status), .staff: everyTarget(status)]
    }

    /// A thread of the target (made by ``addThread``): staff's message to the pupil, the guardian and the teacher (own);
    /// teacherB's to pupilB (other class); the other school's staff's to its pupil.
    static func threadID(_ target: Target) -> MessageThread.ID {
        .init(rawValue: "00000000-0000-4000-8000-60000000000\(Target.allCases.firstIndex(of: target)!)")
    }

    static func messageID(_ target: Target) -> Message.ID {
        .init(rawValue: "00000000-0000-4000-8000-61000000000\(Target.allCases.firstIndex(of: target)!)")
    }

    static func addThread(_ app: TestApp, _ target: Target) async throws {
        let world = app.world
        let (author, recipients, school): (User, [User], School) =
            switch target {
            case .own: (world.staff, [world.pupil, world.guardian, world.teacher], world.school)
            case .otherClass: (world.teacherB, [world.pupilB], world.school)
            case .otherSchool: (world.staffX, [world.pupilX], world.otherSchool)
            }
        let thread = MessageThread(id: threadID(target), schoolID: school.id, subject: "Sujet \(target)", startedBy: author.id, startedAt: app.clock.now())
        let file = try await app.services.blobs.store(TestApp.documentBytes, name: "piece.pdf")
        _ = try await app.services.storage.messages.send(
            Message(
                id: messageID(target), schoolID: school.id, threadID: thread.id, authorID: author.id, body: "Bonjour \(target)", sentAt: app.clock.now(),
                recipientIDs: recipients.map(\.id), attachment: file),
            newThread: thread)
    }

    /// Whom a role writes to for a target: someone it may reach (own), another class's pupil, another school's pupil.
    static func recipient(_ world: World, _ role: Role, _ target: Target) -> User {
        switch (target, role) {
        case (.own, .pupil), (.own, .guardian): world.teacher
        case (.own, _): world.guardian
        case (.otherClass, _): world.pupilB
        case (.otherSchool, _): world.pupilX
        }
    }

    static let everyone: [Role: [Target: HTTPResponse.Status]] = [
        .pupil: everyTarget(.ok), .guardian: everyTarget(.ok), .teacher: everyTarget(.ok), .staff: everyTarget(.ok),
    ]

    /// Messages: one's box and writing for everyone; a thread for the people in it; the settings for staff.
    static let messageRows: [Row] = [
        Row(name: "GET messages", send: { app, s, _, _ in try await app.get("/messages", as: s) }, allowed: everyone),
        Row(name: "GET new message", send: { app, s, _, _ in try await app.get("/messages/new", as: s) }, allowed: everyone),
        Row(
            name: "POST new message",
            send: { app, s, role, t in
                try await app.post(
                    "/messages/new", form: [("to", recipient(app.world, role, t).id.rawValue), ("subject", "Question"), ("body", "Bonjour"), ("action", "send")],
                    as: s)
            },
            allowed: [
                .pupil: [.own: .seeOther, .otherClass: .unprocessableContent, .otherSchool: .unprocessableContent],
                .guardian: [.own: .seeOther, .otherClass: .unprocessableContent, .otherSchool: .unprocessableContent],
                .teacher: [.own: .seeOther, .otherClass: .seeOther, .otherSchool: .unprocessableContent],
                .staff: [.own: .seeOther, .otherClass: .seeOther, .otherSchool: .unprocessableContent],
            ]),
        Row(
            name: "GET thread", send: { app, s, _, t in try await app.get("/messages/\(threadID(t))", as: s) },
            allowed: [.pupil: [.own: .ok], .guardian: [.own: .ok], .teacher: [.own: .ok], .staff: [.own: .ok]],
            prepare: { app, t in try await addThread(app, t) }),
        Row(
            name: "POST reply", send: { app, s, _, t in try await app.post("/messages/\(threadID(t))/reply", form: [("body", "Merci")], as: s) },
            allowed: [.pupil: [.own: .seeOther], .guardian: [.own: .seeOther], .teacher: [.own: .seeOther], .staff: [.own: .seeOther]],
            prepare: { app, t in try await addThread(app, t) }),
        Row(
            name: "POST delete thread", send: { app, s, _, t in try await app.post("/messages/\(threadID(t))/delete", form: [], as: s) },
            allowed: [.pupil: [.own: .seeOther], .guardian: [.own: .seeOther], .teacher: [.own: .seeOther], .staff: [.own: .seeOther]],
            prepare: { app, t in try await addThread(app, t) }),
        Row(
            name: "POST recall", send: { app, s, _, t in try await app.post("/messages/\(threadID(t))/\(messageID(t))/recall", form: [], as: s) },
            allowed: [.staff: [.own: .seeOther]], prepare: { app, t in try await addThread(app, t) }),
        Row(
            name: "POST report",
            send: { app, s, _, t in try await app.post("/messages/\(threadID(t))/\(messageID(t))/report", form: [("note", "")], as: s) },
            allowed: [.pupil: [.own: .seeOther], .guardian: [.own: .seeOther], .teacher: [.own: .seeOther]],
            prepare: { app, t in try await addThread(app, t) }),
        Row(
            name: "GET message attachment", send: { app, s, _, t in try await app.get("/messages/\(threadID(t))/\(messageID(t))/attachment", as: s) },
            allowed: [.pupil: [.own: .ok], .guardian: [.own: .ok], .teacher: [.own: .ok], .staff: [.own: .ok]],
            prepare: { app, t in try await addThread(app, t) }),
        Row(name: "GET messaging settings", send: { app, s, _, _ in try await app.get("/messages/settings", as: s) }, allowed: [.staff: everyTarget(.ok)]),
        Row(
            name: "POST messaging settings", send: { app, s, _, _ in try await app.post("/messages/settings", form: [("pupilsWritePupils", "0")], as: s) },
            allowed: [.staff: everyTarget(.seeOther)]),
        Row(
            name: "POST writing suspension",
            send: { app, s, _, t in
                let pupil = t == .own ? app.world.pupil : t == .otherClass ? app.world.pupilB : app.world.pupilX
                return try await app.post("/messages/settings/suspensions/\(pupil.id)", form: [("suspended", "1")], as: s)
            },
            allowed: staffOfSchool(.seeOther)),
    ]

    /// An announcement of the target's class by its teacher, to pupils and families, to be acknowledged.
    static func announcementID(_ target: Target) -> Announcement.ID {
        .init(rawValue: "00000000-0000-4000-8000-62000000000\(Target.allCases.firstIndex(of: target)!)")
    }

    static func addAnnouncement(_ app: TestApp, _ target: Target) async throws {
        let world = app.world
        let (author, schoolClass, school): (User, SchoolClass, School) =
            switch target {
            case .own: (world.teacher, world.classA, world.school)
            case .otherClass: (world.teacherB, world.classB, world.school)
            case .otherSchool: (world.teacherX, world.classX, world.otherSchool)
            }
        let now = app.clock.now()
        try await app.services.storage.announcements.addAnnouncement(
            Announcement(
                id: announcementID(target), schoolID: school.id, authorID: author.id, title: "Annonce \(target)", body: "Texte", audience: [.pupils, .guardians],
                classIDs: [schoolClass.id], visibleFrom: now, visibleUntil: now.addingTimeInterval(86_400), needsAck: true, createdAt: now))
    }

    /// A banner: the school's (own), the platform's (other class: nobody but the operator ends it), the other school's.
    static func bannerID(_ target: Target) -> Banner.ID {
        .init(rawValue: "00000000-0000-4000-8000-63000000000\(Target.allCases.firstIndex(of: target)!)")
    }

    static func addBanner(_ app: TestApp, _ target: Target) async throws {
        let school: School.ID? =
            switch target {
            case .own: app.world.school.id
            case .otherClass: nil
            case .otherSchool: app.world.otherSchool.id
            }
        let now = app.clock.now()
        try await app.services.storage.announcements.addBanner(
            Banner(id: bannerID(target), schoolID: school, text: "Bandeau \(target)", startsAt: now, endsAt: now.addingTimeInterval(3600), createdBy: nil))
    }

    static func pupilOf(_ world: World, _ target: Target) -> User {
        switch target {
        case .own: world.pupil
        case .otherClass: world.pupilB
        case .otherSchool: world.pupilX
        }
    }

    /// Announcements and banners.
    static let announcementRows: [Row] = [
        Row(name: "GET announcements", send: { app, s, _, _ in try await app.get("/announcements", as: s) }, allowed: everyone),
        Row(name: "GET new announcement", send: { app, s, _, _ in try await app.get("/announcements/new", as: s) }, allowed: teachersAndStaff(.ok)),
        Row(
            name: "POST new announcement",
            send: { app, s, _, t in
                try await app.post(
                    "/announcements/new",
                    form: [("title", "Info"), ("body", "Texte"), ("pupils", "1"), ("classes", classID(app.world, t)), ("from", "2026-11-23"), ("until", "2026-11-25")],
                    as: s)
            },
            allowed: [
                .teacher: [.own: .seeOther, .otherClass: .unprocessableContent, .otherSchool: .unprocessableContent],
                .staff: [.own: .seeOther, .otherClass: .seeOther, .otherSchool: .unprocessableContent],
            ]),
        Row(
            name: "GET announcement", send: { app, s, _, t in try await app.get("/announcements/\(announcementID(t))", as: s) },
            allowed: [.pupil: [.own: .ok], .guardian: [.own: .ok], .teacher: [.own: .ok], .staff: [.own: .ok, .otherClass: .ok]],
            prepare: { app, t in try await addAnnouncement(app, t) }),
        Row(
            name: "POST announcement acknowledgement",
            send: { app, s, _, t in
                try await app.post("/announcements/\(announcementID(t))/ack", form: [("pupil", pupilOf(app.world, t).id.rawValue)], as: s)
            },
            allowed: [.pupil: [.own: .seeOther], .guardian: [.own: .seeOther]], prepare: { app, t in try await addAnnouncement(app, t) }),
        Row(
            name: "POST announcement reminder", send: { app, s, _, t in try await app.post("/announcements/\(announcementID(t))/remind", form: [], as: s) },
            allowed: [.teacher: [.own: .seeOther]], prepare: { app, t in try await addAnnouncement(app, t) }),
        Row(name: "GET notification settings", send: { app, s, _, _ in try await app.get("/account/notifications", as: s) }, allowed: everyone),
        Row(
            name: "POST notification settings",
            send: { app, s, _, _ in try await app.post("/account/notifications", form: [("mode", "off"), ("quiet", "1"), ("quietFrom", "19:00"), ("quietTo", "07:30")], as: s) },
            allowed: [.pupil: everyTarget(.seeOther), .guardian: everyTarget(.seeOther), .teacher: everyTarget(.seeOther), .staff: everyTarget(.seeOther)]),
        Row(name: "GET banners", send: { app, s, _, _ in try await app.get("/banners", as: s) }, allowed: [.staff: everyTarget(.ok)]),
        Row(
            name: "POST banner", send: { app, s, _, _ in try await app.post("/banners", form: [("text", "Urgent"), ("minutes", "30")], as: s) },
            allowed: [.staff: everyTarget(.seeOther)]),
        Row(
            name: "POST banner end", send: { app, s, _, t in try await app.post("/banners/\(bannerID(t))/end", form: [], as: s) },
            allowed: [.staff: [.own: .seeOther]], prepare: { app, t in try await addBanner(app, t) }),
    ]

    /// A pupil of the target's class waiting for activation (no password), so that letters have someone to print.
    static func addPendingPupil(_ app: TestApp, _ target: Target) async throws {
        let classID: SchoolClass.ID =
            switch target {
            case .own: app.world.classA.id
            case .otherClass: app.world.classB.id
            case .otherSchool: app.world.classX.id
            }
        let school = target == .otherSchool ? app.world.otherSchool.id : app.world.school.id
        let user = User(
            id: .make(using: RandomIdentifierGenerator()), schoolID: school, login: "attente.\(target.rawValue.lowercased())", firstName: "Zoé",
            lastName: "Attente", role: .pupil)
        var roster = Roster()
        roster.accounts = [Roster.Account(user: user, passwordHash: "")]
        roster.enrolments = [(classID, user.id)]
        try await app.services.storage.schools.importRoster(roster, at: app.clock.now())
    }

    static let onboardingRows: [Row] = [
        Row(name: "GET school", send: { app, s, _, _ in try await app.get("/school", as: s) }, allowed: [.staff: everyTarget(.ok)]),
        Row(name: "GET import", send: { app, s, _, _ in try await app.get("/school/import", as: s) }, allowed: [.staff: everyTarget(.ok)]),
        Row(
            name: "POST import (a file that is no export)",
            send: { app, s, _, _ in try await app.upload("/school/import", fileName: "notes.txt", bytes: Array("bonjour".utf8), as: s) },
            allowed: [.staff: everyTarget(.unprocessableContent)]),
        Row(
            name: "POST import apply (no such preview)",
            send: { app, s, _, _ in try await app.post("/school/import/apply", form: [("token", String(repeating: "a", count: 32))], as: s) },
            allowed: [.staff: everyTarget(.unprocessableContent)]),
        Row(
            name: "GET CSV template", send: { app, s, _, _ in try await app.get("/school/import/template.csv?kind=pupils", as: s) },
            allowed: [.staff: everyTarget(.ok)]),
        Row(
            name: "GET letters", send: { app, s, _, _ in try await app.get("/school/letters", as: s) },
            allowed: [.teacher: everyTarget(.ok), .staff: everyTarget(.ok)]),
        Row(
            name: "POST pupils' letters",
            send: { app, s, _, t in try await app.post("/school/letters", form: [("class", classID(app.world, t)), ("who", "pupils")], as: s) },
            allowed: [.teacher: [.own: .ok], .staff: [.own: .ok, .otherClass: .ok]], prepare: { app, t in try await addPendingPupil(app, t) }),
        Row(
            name: "POST guardians' letters",
            send: { app, s, _, t in try await app.post("/school/letters", form: [("class", classID(app.world, t)), ("who", "guardians")], as: s) },
            allowed: staffOfSchool(.ok)),
        Row(name: "GET classes (structure)", send: { app, s, _, _ in try await app.get("/school/classes", as: s) }, allowed: [.staff: everyTarget(.ok)]),
        Row(
            name: "POST new class", send: { app, s, _, t in try await app.post("/school/classes", form: [("name", "6e Z \(t)"), ("kind", "group")], as: s) },
            allowed: [.staff: everyTarget(.seeOther)]),
        Row(
            name: "GET class (structure)", send: { app, s, _, t in try await app.get("/school/classes/\(classID(app.world, t))", as: s) },
            allowed: staffOfSchool(.ok)),
        Row(
            name: "POST rename class",
            send: { app, s, _, t in try await app.post("/school/classes/\(classID(app.world, t))", form: [("do", "rename"), ("name", "Classe \(t)")], as: s) },
            allowed: staffOfSchool(.seeOther)),
        Row(
            name: "POST move pupil",
            send: { app, s, _, t in
                try await app.post(
                    "/school/classes/\(classID(app.world, t))", form: [("do", "move"), ("pupil", pupilID(app.world, t)), ("to", app.world.classB.id.rawValue)],
                    as: s)
            },
            allowed: staffOfSchool(.seeOther)),
        Row(name: "GET pending accounts", send: { app, s, _, _ in try await app.get("/school/pending", as: s) }, allowed: [.staff: everyTarget(.ok)]),
        Row(name: "GET audit log", send: { app, s, _, _ in try await app.get("/school/audit", as: s) }, allowed: [.staff: everyTarget(.ok)]),
        Row(name: "GET charter", send: { app, s, _, _ in try await app.get("/school/charter", as: s) }, allowed: [.staff: everyTarget(.ok)]),
        Row(
            name: "POST charter", send: { app, s, _, _ in try await app.post("/school/charter", form: [("text", "Soyons polis.")], as: s) },
            allowed: [.staff: everyTarget(.seeOther)]),
        Row(
            name: "GET activate (signed in: to one's first page)", send: { app, s, _, _ in try await app.get("/activate", as: s) },
            allowed: [.pupil: everyTarget(.seeOther), .guardian: everyTarget(.seeOther), .teacher: everyTarget(.seeOther), .staff: everyTarget(.seeOther)]),
    ]

    static let rows: [Row] = messageRows + announcementRows + onboardingRows + [
        Row(
            name: "GET class timetable", send: { app, s, _, t in try await app.get("/classes/\(classID(app.world, t))/timetable", as: s) },
            allowed: readers),
        Row(
            name: "GET calendar settings", send: { app, s, _, _ in try await app.get("/account/calendar", as: s) },
            allowed: [.pupil: everyTarget(.ok), .guardian: everyTarget(.ok), .teacher: everyTarget(.ok), .staff: everyTarget(.ok)]),
        Row(
            name: "GET timetable import", send: { app, s, _, _ in try await app.get("/admin/timetable/import", as: s) },
            allowed: [.staff: everyTarget(.ok)]),
        Row(
            name: "POST timetable import (confirmed)",
            send: { app, s, _, _ in
                try await app.post(
                    "/admin/timetable/import", form: [("csv", "classe;matière;professeur;jour;début;fin\n4e B;Maths;claire.moreau;jeudi;16:00;17:00"), ("confirm", "yes")],
                    as: s)
            },
            allowed: [.staff: everyTarget(.ok)]),
        Row(
            name: "GET school year form", send: { app, s, _, _ in try await app.get("/admin/timetable/year", as: s) },
            allowed: [.staff: everyTarget(.ok)]),
        Row(
            name: "POST school year",
            send: { app, s, _, _ in
                try await app.post("/admin/timetable/year", form: [("firstDay", "2026-09-01"), ("lastDay", "2027-07-02"), ("holidays", "")], as: s)
            },
            allowed: [.staff: everyTarget(.seeOther)]),
        Row(
            name: "GET video settings", send: { app, s, _, _ in try await app.get("/admin/video", as: s) }, allowed: [.staff: everyTarget(.ok)]),
        Row(
            name: "POST video settings",
            send: { app, s, _, t in
                try await app.post(
                    "/admin/video", form: [("bbbURL", "https://bbb.example.org/\(t)/bigbluebutton/"), ("bbbSecret", "a-secret-of-the-school-\(t)")], as: s)
            },
            allowed: [.staff: everyTarget(.seeOther)]),
        Row(
            name: "GET join (a course in its room)", send: { app, s, _, t in try await app.get(occurrencePath(app.world, t) + "/join", as: s) },
            allowed: [.pupil: [.own: .conflict], .teacher: [.own: .conflict], .staff: [.own: .conflict, .otherClass: .conflict]]),
        Row(
            name: "GET live mode form", send: { app, s, _, t in try await app.get(occurrencePath(app.world, t) + "/live", as: s) },
            allowed: [.teacher: [.own: .ok], .staff: [.own: .ok, .otherClass: .ok]]),
        Row(
            name: "POST live mode",
            send: { app, s, _, t in
                try await app.post(occurrencePath(app.world, t) + "/live", form: [("mode", "link"), ("link", "https://visio.example.org/\(t)")], as: s)
            },
            allowed: [.teacher: [.own: .seeOther], .staff: [.own: .seeOther, .otherClass: .seeOther]]),
        Row(
            name: "POST end live class (no video server)", send: { app, s, _, t in try await app.post(occurrencePath(app.world, t) + "/end", form: [], as: s) },
            allowed: [:]),
        Row(
            name: "GET attendance record for pupil",
            send: { app, s, _, t in try await app.get("/attendance?pupil=\(pupilID(app.world, t))", as: s) },
            allowed: [.pupil: [.own: .ok], .guardian: [.own: .ok], .teacher: everyTarget(.seeOther), .staff: everyTarget(.seeOther)]),
        // Justifications: a guardian sends one for their child; staff read the list and decide; the proof is the family's and staff's.
        Row(
            name: "GET justify form", send: { app, s, _, t in try await app.get("/attendance/justify?pupil=\(pupilID(app.world, t))&date=2026-11-23", as: s) },
            allowed: [.guardian: [.own: .ok]]),
        Row(
            name: "POST justify",
            send: { app, s, _, t in
                try await app.post(
                    "/attendance/justify", form: [("pupil", pupilID(app.world, t)), ("reason", reasonID.rawValue), ("from", "2026-11-23")], as: s)
            },
            allowed: [.guardian: [.own: .seeOther]],
            prepare: { app, _ in
                try await app.services.storage.attendance.saveReason(
                    AbsenceReason(id: reasonID, schoolID: app.world.school.id, label: "Maladie"), at: app.clock.now())
            }),
        Row(
            name: "GET justifications to check", send: { app, s, _, _ in try await app.get("/attendance/justifications", as: s) },
            allowed: [.staff: everyTarget(.ok)]),
        Row(
            name: "POST justification decision",
            send: { app, s, _, t in try await app.post("/attendance/justifications/\(justificationID(t))", form: [("decision", "accepted")], as: s) },
            allowed: staffOfSchool(.seeOther), prepare: { app, t in try await addJustification(app, t) }),
        Row(
            name: "GET justification proof",
            send: { app, s, _, t in try await app.get("/attendance/justifications/\(justificationID(t))/proof", as: s) },
            allowed: [.pupil: [.own: .ok], .guardian: [.own: .ok], .staff: [.own: .ok, .otherClass: .ok]],
            prepare: { app, t in try await addJustification(app, t) }),
        // Incident windows: staff declare them for their own school.
        Row(name: "GET incidents", send: { app, s, _, _ in try await app.get("/attendance/incidents", as: s) }, allowed: [.staff: everyTarget(.ok)]),
        Row(
            name: "POST incident window",
            send: { app, s, _, t in
                // A time of its own per target, so that each declaration is its own.
                let minute = 10 + Target.allCases.firstIndex(of: t)!
                return try await app.post(
                    "/attendance/incidents", form: [("day", "2026-11-23"), ("start", "8:\(minute)"), ("end", "8:50"), ("scope", "platform")], as: s)
            },
            allowed: [.staff: everyTarget(.seeOther)]),
        Row(
            name: "POST incident proposal confirm",
            send: { app, s, _, t in try await app.post("/attendance/incidents/proposals/\(signalID(t))", form: [("decision", "confirm")], as: s) },
            allowed: staffOfSchool(.seeOther),
            prepare: { app, t in
                try await app.services.storage.attendance.recordSignals([
                    NodeSignal(
                        id: signalID(t), kind: .videoServer, server: "https://bbb.example.fr/", schoolID: t == .otherSchool ? app.world.otherSchool.id : app.world.school.id,
                        start: app.clock.now().addingTimeInterval(-600), end: app.clock.now().addingTimeInterval(-300), requests: 9, people: 3)
                ])
            }),
        // Remote days and attendance settings: staff of the school, for their classes (another school's class is no choice).
        Row(name: "GET remote days", send: { app, s, _, _ in try await app.get("/attendance/remote-days", as: s) }, allowed: [.staff: everyTarget(.ok)]),
        Row(
            name: "POST remote day",
            send: { app, s, _, t in try await app.post("/attendance/remote-days", form: [("day", "2026-11-24"), ("classID", classID(app.world, t))], as: s) },
            allowed: [.staff: [.own: .seeOther, .otherClass: .seeOther, .otherSchool: .unprocessableContent]]),
        Row(
            name: "POST remote day removal",
            send: { app, s, _, t in try await app.post("/attendance/remote-days/\(remoteDayID(t))/delete", form: [], as: s) },
            allowed: staffOfSchool(.seeOther),
            prepare: { app, t in
                let school = t == .otherSchool ? app.world.otherSchool.id : app.world.school.id
                try await app.services.storage.attendance.addRemoteDay(
                    RemoteDay(id: remoteDayID(t), schoolID: school, day: LocalDate(iso: "2026-11-25")!, classID: SchoolClass.ID(rawValue: classID(app.world, t))),
                    by: app.world.staff.id, at: app.clock.now())
            }),
        Row(
            name: "POST attendance settings", send: { app, s, _, _ in try await app.post("/attendance/settings", form: [("pupilsOfAgeJustify", "on")], as: s) },
            allowed: [.staff: everyTarget(.seeOther)]),
        Row(name: "GET reasons", send: { app, s, _, _ in try await app.get("/attendance/reasons", as: s) }, allowed: [.staff: everyTarget(.ok)]),
        Row(
            name: "POST reason change",
            send: { app, s, _, t in
                try await app.post("/attendance/reasons/\(targetReasonID(t))", form: [("label", "Maladie \(t)"), ("countsAsAbsence", "on")], as: s)
            },
            allowed: staffOfSchool(.seeOther),
            prepare: { app, t in
                try await app.services.storage.attendance.saveReason(
                    AbsenceReason(id: targetReasonID(t), schoolID: t == .otherSchool ? app.world.otherSchool.id : app.world.school.id, label: "Motif \(t)"),
                    at: app.clock.now())
            }),
        Row(name: "GET alerts", send: { app, s, _, _ in try await app.get("/attendance/alerts", as: s) }, allowed: [.staff: everyTarget(.ok)]),
        Row(
            name: "GET attendance export", send: { app, s, _, _ in try await app.get("/attendance/export.csv?from=2026-11-01&to=2026-11-30", as: s) },
            allowed: [.staff: everyTarget(.ok)]),
        Row(
            name: "POST period absence",
            send: { app, s, _, t in
                try await app.post("/attendance/pupils/\(pupilID(app.world, t))/period", form: [("reason", reasonID.rawValue), ("from", "2026-11-23")], as: s)
            },
            allowed: staffOfSchool(.seeOther),
            prepare: { app, _ in
                try await app.services.storage.attendance.saveReason(
                    AbsenceReason(id: reasonID, schoolID: app.world.school.id, label: "Maladie"), at: app.clock.now())
            }),
        // Vie scolaire's day, reminders, and a pupil's record for staff.
        Row(name: "GET school day", send: { app, s, _, _ in try await app.get("/attendance/day", as: s) }, allowed: [.staff: everyTarget(.ok)]),
        Row(
            name: "POST roll reminder",
            send: { app, s, _, t in
                let course = switch t {
                case .own: app.world.courseMaths
                case .otherClass: app.world.courseFrench
                case .otherSchool: app.world.courseX
                }
                return try await app.post("/attendance/day/remind", form: [("courseID", course.id.rawValue), ("date", "2026-11-23")], as: s)
            },
            allowed: staffOfSchool(.seeOther)),
        Row(
            name: "GET pupil record for staff", send: { app, s, _, t in try await app.get("/attendance/pupils/\(pupilID(app.world, t))", as: s) },
            allowed: staffOfSchool(.ok)),
        Row(
            name: "POST lift incident (none there)",
            send: { app, s, _, t in
                try await app.post(
                    "/attendance/pupils/\(pupilID(app.world, t))/incidents",
                    form: [("courseID", app.world.courseMaths.id.rawValue), ("date", "2026-11-23"), ("windowID", justificationID(t).rawValue), ("lifted", "1")],
                    as: s)
            },
            allowed: [:]),
        // The roll of Monday 9:00 (open now, the test clock's time): its teacher and staff take it.
        Row(
            name: "GET roll", send: { app, s, _, t in try await app.get(occurrencePath(app.world, t) + "/roll", as: s) },
            allowed: [.teacher: [.own: .ok], .staff: [.own: .ok, .otherClass: .ok]]),
        Row(
            name: "POST roll tap",
            send: { app, s, _, t in
                try await app.post(
                    occurrencePath(app.world, t) + "/roll", form: [("pupilId", pupilID(app.world, t)), ("status", "absent"), ("revision", "1")], as: s)
            },
            allowed: [.teacher: [.own: .seeOther], .staff: [.own: .seeOther, .otherClass: .seeOther]]),
        Row(
            name: "POST roll done", send: { app, s, _, t in try await app.post(occurrencePath(app.world, t) + "/roll/done", form: [], as: s) },
            allowed: [.teacher: [.own: .seeOther], .staff: [.own: .seeOther, .otherClass: .seeOther]]),
        Row(
            name: "POST roll unjoined (a course in its room)",
            send: { app, s, _, t in try await app.post(occurrencePath(app.world, t) + "/roll/unjoined", form: [], as: s) },
            allowed: [.teacher: [.own: .conflict], .staff: [.own: .conflict, .otherClass: .conflict]]),
        Row(name: "GET occurrence form", send: { app, s, _, t in try await app.get(occurrencePath(app.world, t), as: s) }, allowed: staffOfSchool(.ok)),
        Row(
            name: "POST occurrence change", send: { app, s, _, t in try await app.post(occurrencePath(app.world, t), form: [("room", "Salle \(t.rawValue)")], as: s) },
            allowed: staffOfSchool(.seeOther)),
        Row(
            name: "GET extra course form", send: { app, s, _, t in try await app.get("/classes/\(classID(app.world, t))/timetable/extra?date=2026-11-24", as: s) },
            allowed: staffOfSchool(.ok)),
        Row(
            name: "POST extra course",
            send: { app, s, _, t in
                // A time of its own per target, so that the one allowed before does not clash with the next.
                let start = 14 + Target.allCases.firstIndex(of: t)!
                return try await app.post(
                    "/classes/\(classID(app.world, t))/timetable/extra",
                    form: [("date", "2026-11-24"), ("start", "\(start):00"), ("end", "\(start):45"), ("subject", "Rattrapage"),
                        ("teacherID", app.world.teacher.id.rawValue)], as: s)
            },
            allowed: staffOfSchool(.seeOther)),
        Row(
            name: "POST remove extra course", send: { app, s, _, t in try await app.post(extraCoursePath(t) + "/remove", form: [], as: s) },
            allowed: staffOfSchool(.seeOther), prepare: { app, t in try await addExtraCourse(app, t) }),
        Row(
            name: "POST occurrence reset", send: { app, s, _, t in try await app.post(occurrencePath(app.world, t) + "/reset", form: [], as: s) },
            allowed: staffOfSchool(.seeOther)),
        Row(
            name: "GET timetable for pupil",
            send: { app, s, _, t in try await app.get("/timetable?pupil=\(pupilID(app.world, t))", as: s) },
            allowed: [
                // A teacher's /timetable is their own week whatever the query; staff go to the classes.
                .pupil: [.own: .ok], .guardian: [.own: .ok], .teacher: everyTarget(.ok), .staff: everyTarget(.seeOther),
            ]),
        Row(
            name: "GET class notebook", send: { app, s, _, t in try await app.get("/classes/\(classID(app.world, t))/notebook", as: s) },
            allowed: readers),
        Row(name: "GET entry", send: { app, s, _, t in try await app.get("/entries/\(entryID(app.world, t))", as: s) }, allowed: readers),
        Row(
            name: "GET entry edit form", send: { app, s, _, t in try await app.get("/entries/\(entryID(app.world, t))/edit", as: s) },
            allowed: ownTeacher(.ok)),
        Row(
            name: "POST entry update", send: { app, s, _, t in try await app.post("/entries/\(entryID(app.world, t))", form: entryForm, as: s) },
            allowed: ownTeacher(.seeOther)),
        Row(
            name: "POST entry delete", send: { app, s, _, t in try await app.post("/entries/\(entryID(app.world, t))/delete", form: [], as: s) },
            allowed: ownTeacher(.seeOther)),
        Row(
            name: "GET new entry form for class", send: { app, s, _, t in try await app.get("/entries/new?class=\(classID(app.world, t))", as: s) },
            allowed: ownTeacher(.ok)),
        Row(
            name: "POST new entry",
            send: { app, s, _, t in try await app.post("/entries", form: [("classID", classID(app.world, t))] + entryForm, as: s) },
            allowed: ownTeacher(.seeOther)),
        Row(
            name: "GET today for pupil",
            send: { app, s, _, t in try await app.get("/today?pupil=\(pupilID(app.world, t))", as: s) },
            allowed: [
                .pupil: [.own: .ok], .guardian: [.own: .ok],
                .teacher: [.own: .seeOther, .otherClass: .seeOther, .otherSchool: .seeOther],
                .staff: [.own: .seeOther, .otherClass: .seeOther, .otherSchool: .seeOther],
            ]),
        Row(
            name: "GET notebook for pupil",
            send: { app, s, _, t in try await app.get("/notebook?pupil=\(pupilID(app.world, t))", as: s) },
            allowed: [
                .pupil: [.own: .ok], .guardian: [.own: .ok],
                .teacher: [.own: .seeOther, .otherClass: .seeOther, .otherSchool: .seeOther],
                .staff: [.own: .seeOther, .otherClass: .seeOther, .otherSchool: .seeOther],
            ]),
        Row(
            name: "GET account", send: { app, s, _, t in try await app.get("/admin/accounts/\(accountID(app.world, t))", as: s) },
            allowed: staffOfSchool(.ok)),
        Row(
            name: "POST account password",
            send: { app, s, _, t in
                try await app.post("/admin/accounts/\(accountID(app.world, t))/password", form: [("password", "nouveau-mdp-1")], as: s)
            },
            allowed: staffOfSchool(.seeOther)),
        Row(
            name: "POST account disable",
            send: { app, s, _, t in try await app.post("/admin/accounts/\(accountID(app.world, t))/disable", form: [], as: s) },
            allowed: staffOfSchool(.seeOther)),
        Row(
            name: "GET accounts list", send: { app, s, _, _ in try await app.get("/admin/accounts", as: s) },
            allowed: [.staff: [.own: .ok, .otherClass: .ok, .otherSchool: .ok]]),
        // Work to hand in and documents.
        Row(
            name: "GET work", send: { app, s, _, t in try await app.get("/work/\(assignmentID(app.world, t))", as: s) },
            allowed: [.pupil: [.own: .ok], .guardian: [.own: .seeOther], .teacher: [.own: .ok], .staff: [.own: .ok, .otherClass: .ok]]),
        Row(
            name: "POST work draft",
            send: { app, s, _, t in
                try await app.post(
                    "/work/\(assignmentID(app.world, t))", form: [("text", "Ma réponse"), ("revision", "1"), ("action", "save")], as: s)
            },
            allowed: [.pupil: [.own: .seeOther]]),
        Row(
            name: "POST work hand-in",
            send: { app, s, _, t in
                try await app.post(
                    "/work/\(assignmentID(app.world, t))",
                    form: [("text", "Ma réponse"), ("revision", "1"), ("handInId", "0b6c8a5e-3f1d-4c2a-9e8b-7d6f5a4c3b2a"), ("action", "handIn")],
                    as: s)
            },
            allowed: [.pupil: [.own: .seeOther]]),
        Row(
            name: "POST work file",
            send: { app, s, _, t in try await app.upload("/work/\(assignmentID(app.world, t))/files", bytes: png, as: s) },
            allowed: [.pupil: [.own: .seeOther]]),
        Row(
            name: "GET submission", send: { app, s, _, t in try await app.get("/work/\(submissionPath(app.world, t))", as: s) },
            allowed: submissionReaders),
        Row(
            name: "POST submission return",
            send: { app, s, _, t in
                try await app.post("/work/\(submissionPath(app.world, t))/return", form: [("feedback", "Bien"), ("mark", "15/20")], as: s)
            },
            allowed: ownTeacher(.conflict)),
        Row(
            name: "GET submissions zip", send: { app, s, _, t in try await app.get("/work/\(assignmentID(app.world, t))/submissions.zip", as: s) },
            allowed: staffReaders),
        Row(
            name: "GET assignment form", send: { app, s, _, t in try await app.get("/entries/\(entryID(app.world, t))/assignment", as: s) },
            allowed: ownTeacher(.ok)),
        Row(
            name: "POST assignment form",
            send: { app, s, _, t in
                try await app.post(
                    "/entries/\(entryID(app.world, t))/assignment",
                    form: [("dueDate", "2026-11-27"), ("dueTime", "17:00"), ("answerKinds", "text"), ("instructions", "Changé")], as: s)
            },
            allowed: ownTeacher(.seeOther)),
        Row(
            name: "GET class documents", send: { app, s, _, t in try await app.get("/classes/\(classID(app.world, t))/documents", as: s) },
            allowed: readers),
        Row(
            name: "POST class document",
            send: { app, s, _, t in
                try await app.upload(
                    "/classes/\(classID(app.world, t))/documents", fields: [("folder", "Cours")], fileName: "a.pdf", bytes: TestApp.documentBytes,
                    as: s)
            },
            allowed: ownTeacher(.seeOther)),
        Row(
            name: "POST entry document",
            send: { app, s, _, t in
                try await app.upload("/entries/\(entryID(app.world, t))/documents", fileName: "a.pdf", bytes: TestApp.documentBytes, as: s)
            },
            allowed: ownTeacher(.seeOther)),
        Row(
            name: "GET document", send: { app, s, _, t in try await app.get("/documents/\(documentID(app.world, t))", as: s) },
            allowed: readers),
        Row(
            name: "POST document delete",
            send: { app, s, _, t in try await app.post("/documents/\(documentID(app.world, t))/delete", form: [], as: s) },
            allowed: ownTeacher(.seeOther)),
        Row(
            name: "API PUT entry assignment",
            send: { app, s, _, t in try await app.json(.put, "/api/v1/entries/\(entryID(app.world, t))/assignment", body: assignmentJSON, as: s) },
            allowed: ownTeacher(.ok)),
        Row(
            name: "API GET assignment",
            send: { app, s, _, t in try await app.json(.get, "/api/v1/assignments/\(assignmentID(app.world, t))", as: s) },
            allowed: readers),
        Row(
            name: "API PUT draft",
            send: { app, s, _, t in try await app.json(.put, "/api/v1/assignments/\(assignmentID(app.world, t))/draft", body: draftJSON, as: s) },
            allowed: [.pupil: [.own: .ok]]),
        Row(
            name: "API POST hand-in",
            send: { app, s, _, t in try await app.json(.post, "/api/v1/assignments/\(assignmentID(app.world, t))/hand-in", body: handInJSON, as: s) },
            allowed: [.pupil: [.own: .ok]]),
        Row(
            name: "API POST file",
            send: { app, s, _, t in try await app.raw("/api/v1/assignments/\(assignmentID(app.world, t))/files?name=p.png", bytes: png, as: s) },
            allowed: [.pupil: [.own: .created]]),
        Row(
            name: "API GET submissions",
            send: { app, s, _, t in try await app.json(.get, "/api/v1/assignments/\(assignmentID(app.world, t))/submissions", as: s) },
            allowed: staffReaders),
        Row(
            name: "API GET submission",
            send: { app, s, _, t in
                try await app.json(.get, "/api/v1/assignments/\(assignmentID(app.world, t))/submissions/\(pupilID(app.world, t))", as: s)
            },
            allowed: submissionReaders),
        Row(
            name: "API POST return",
            send: { app, s, _, t in
                try await app.json(
                    .post, "/api/v1/assignments/\(assignmentID(app.world, t))/submissions/\(pupilID(app.world, t))/return", body: feedbackJSON, as: s)
            },
            allowed: ownTeacher(.conflict)),
        Row(
            name: "API GET class documents",
            send: { app, s, _, t in try await app.json(.get, "/api/v1/classes/\(classID(app.world, t))/documents", as: s) },
            allowed: readers),
        Row(
            name: "API POST class document",
            send: { app, s, _, t in
                try await app.raw("/api/v1/classes/\(classID(app.world, t))/documents?name=a.pdf", bytes: TestApp.documentBytes, as: s)
            },
            allowed: ownTeacher(.created)),
        Row(
            name: "API DELETE document",
            send: { app, s, _, t in try await app.json(.delete, "/api/v1/documents/\(documentID(app.world, t))", as: s) },
            allowed: ownTeacher(.noContent)),
        // The JSON API.
        Row(
            name: "API GET class entries",
            send: { app, s, _, t in try await app.json(.get, "/api/v1/classes/\(classID(app.world, t))/entries", as: s) },
            allowed: readers),
        Row(
            name: "API POST class entry",
            send: { app, s, _, t in try await app.json(.post, "/api/v1/classes/\(classID(app.world, t))/entries", body: entryJSON, as: s) },
            allowed: ownTeacher(.created)),
        Row(
            name: "API GET entry", send: { app, s, _, t in try await app.json(.get, "/api/v1/entries/\(entryID(app.world, t))", as: s) },
            allowed: readers),
        Row(
            name: "API PUT entry",
            send: { app, s, _, t in try await app.json(.put, "/api/v1/entries/\(entryID(app.world, t))", body: entryJSON, as: s) },
            allowed: ownTeacher(.ok)),
        Row(
            name: "API DELETE entry", send: { app, s, _, t in try await app.json(.delete, "/api/v1/entries/\(entryID(app.world, t))", as: s) },
            allowed: ownTeacher(.noContent)),
        Row(
            name: "API GET class timetable",
            send: { app, s, _, t in try await app.json(.get, "/api/v1/classes/\(classID(app.world, t))/timetable", as: s) },
            allowed: readers),
        Row(
            name: "API GET timetable for pupil",
            send: { app, s, _, t in try await app.json(.get, "/api/v1/timetable?pupil=\(pupilID(app.world, t))", as: s) },
            allowed: [
                // As the page: a teacher's week is their own whatever the query; staff have no week of their own.
                .pupil: [.own: .ok], .guardian: [.own: .ok], .teacher: everyTarget(.ok),
            ]),
        Row(
            name: "API GET today", send: { app, s, _, t in try await app.json(.get, "/api/v1/today?pupil=\(pupilID(app.world, t))", as: s) },
            allowed: followers),
        Row(
            name: "API PUT account password",
            send: { app, s, _, t in
                try await app.json(.put, "/api/v1/accounts/\(accountID(app.world, t))/password", body: #"{"password":"nouveau-mdp-1"}"#, as: s)
            },
            allowed: staffOfSchool(.noContent)),
        Row(
            name: "API PUT account disabled",
            send: { app, s, _, t in
                try await app.json(.put, "/api/v1/accounts/\(accountID(app.world, t))/disabled", body: #"{"isDisabled":true}"#, as: s)
            },
            allowed: staffOfSchool(.noContent)),
        Row(name: "GET account security", send: { app, s, _, _ in try await app.get("/account/security", as: s) }, allowed: teachersAndStaff(.ok)),
        Row(
            name: "POST two-factor start", send: { app, s, _, _ in try await app.post("/account/security/two-factor/start", form: [], as: s) },
            allowed: teachersAndStaff(.seeOther)),
        Row(
            name: "POST two-factor confirm (no set-up started)",
            send: { app, s, _, _ in try await app.post("/account/security/two-factor/confirm", form: [("code", "123456")], as: s) },
            allowed: [:]),
        Row(
            name: "POST two-factor off (not on)",
            send: { app, s, _, _ in try await app.post("/account/security/two-factor/off", form: [("code", "123456")], as: s) }, allowed: [:]),
        Row(
            name: "POST recovery codes (not on)",
            send: { app, s, _, _ in try await app.post("/account/security/recovery-codes", form: [("code", "123456")], as: s) }, allowed: [:]),
        Row(
            name: "POST staff two-factor requirement",
            send: { app, s, _, _ in try await app.post("/account/security/staff-two-factor", form: [("required", "1")], as: s) },
            allowed: [.staff: everyTarget(.seeOther)]),
        Row(
            name: "GET sign-in code without a waiting sign-in", send: { app, s, _, _ in try await app.get("/signin/code", as: s) },
            allowed: [.pupil: everyTarget(.seeOther), .guardian: everyTarget(.seeOther), .teacher: everyTarget(.seeOther), .staff: everyTarget(.seeOther)]),
        Row(
            name: "GET personal data archive", send: { app, s, _, t in try await app.get("/admin/accounts/\(accountID(app.world, t))/data.zip", as: s) },
            allowed: staffOfSchool(.ok)),
        Row(name: "GET security log", send: { app, s, _, _ in try await app.get("/admin/security-log", as: s) }, allowed: [.staff: everyTarget(.ok)]),
        Row(
            name: "GET privacy page", send: { app, s, _, _ in try await app.get("/privacy", as: s) },
            allowed: [.pupil: everyTarget(.ok), .guardian: everyTarget(.ok), .teacher: everyTarget(.ok), .staff: everyTarget(.ok)]),
        Row(name: "GET privacy text form", send: { app, s, _, _ in try await app.get("/admin/privacy", as: s) }, allowed: [.staff: everyTarget(.ok)]),
        Row(
            name: "POST privacy text", send: { app, s, _, _ in try await app.post("/admin/privacy", form: [("text", "Notre texte")], as: s) },
            allowed: [.staff: everyTarget(.seeOther)]),
        Row(name: "GET accounts to purge", send: { app, s, _, _ in try await app.get("/admin/purge", as: s) }, allowed: [.staff: everyTarget(.ok)]),
        Row(
            // An account of each target, not disabled: nothing to purge, so even staff change nothing.
            name: "POST purge", send: { app, s, _, t in try await app.post("/admin/purge", form: [("account", accountID(app.world, t)), ("confirm", "yes")], as: s) },
            allowed: [.staff: everyTarget(.seeOther)]),
        Row(
            name: "POST retention period", send: { app, s, _, _ in try await app.post("/admin/purge/retention", form: [("days", "200")], as: s) },
            allowed: [.staff: everyTarget(.seeOther)]),
    ]

    static func viewer(_ world: World, _ role: Role) -> User {
        switch role {
        case .pupil: world.pupil
        case .guardian: world.guardian
        case .teacher: world.teacher
        case .staff: world.staff
        }
    }

    @Test(arguments: rows, Role.allCases)
    func answersOnlyWhatThePolicyAllows(row: Row, role: Role) async throws {
        try await TestApp.run { (app) async throws in
            let session = try await app.session(for: Self.viewer(app.world, role))
            // Destructive requests run on the forbidden targets first, so that the allowed one is still there.
            for target in [Target.otherSchool, .otherClass, .own] {
                try await row.prepare?(app, target)
                let before = try await app.writtenState()
                let response = try await row.send(app, session, role, target)
                let expected = row.allowed[role]?[target] ?? .notFound
                #expect(response.status == expected, "\(row.name) as \(role) on \(target): \(response.status)")
                if expected == .notFound || expected == .conflict || expected == .unprocessableContent {
                    #expect(try await app.writtenState() == before, "a refused request wrote something")
                }
            }
        }
    }

    /// The people of the other school see none of this school's data, and a disabled account is cut off at once.
    @Test func aDisabledAccountLosesAccessImmediately() async throws {
        try await TestApp.run { (app) async throws in
            let pupil = try await app.session(for: app.world.pupil)
            #expect(try await app.get("/today", as: pupil).status == .ok)
            let staff = try await app.session(for: app.world.staff)
            #expect(try await app.post("/admin/accounts/\(app.world.pupil.id)/disable", form: [], as: staff).status == .seeOther)
            let after = try await app.get("/today", as: pupil)
            #expect(after.status == .seeOther)
            #expect(after.headers[.location]?.hasPrefix("/signin") == true)
        }
    }

    @Test func staffCannotDisableThemselves() async throws {
        try await TestApp.run { (app) async throws in
            let staff = try await app.session(for: app.world.staff)
            #expect(try await app.post("/admin/accounts/\(app.world.staff.id)/disable", form: [], as: staff).status == .notFound)
            #expect(try await app.get("/admin/accounts", as: staff).status == .ok)
        }
    }

    @Test(arguments: [
        "/today", "/notebook", "/classes", "/entries/new", "/account/devices", "/admin/accounts",
        "/classes/\(World(passwordHash: "").classA.id)/notebook", "/timetable", "/classes/\(World(passwordHash: "").classA.id)/timetable",
    ])
    func pagesNeedASignedInPerson(path: String) async throws {
        try await TestApp.run { (app) async throws in
            let response = try await app.get(path)
            #expect(response.status == .seeOther)
            #expect(response.headers[.location] == "/signin?next=\(path)")
        }
    }

    @Test(arguments: [
        "/api/v1/me", "/api/v1/today", "/api/v1/classes", "/api/v1/sessions", "/api/v1/accounts", "/api/v1/timetable",
        "/api/v1/classes/\(World(passwordHash: "").classA.id)/timetable",
    ])
    func theAPINeedsASignedInPerson(path: String) async throws {
        try await TestApp.run { (app) async throws in
            let response = try await app.json(.get, path)
            #expect(response.status == .unauthorized)
            #expect(response.text.contains("\"code\":\"sign_in_required\""))
        }
    }
}
