import ArgumentParser
import CartableCore
import CartableDemo
import CartableStore
import CartableWeb
import Foundation
import Logging

/// `cartable demo`: serves a realistic demo collège on a local SQLite file, creating it on first run.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Serve a demo school (about 600 pupils, 24 classes, 40 teachers) and print how to sign in.",
        discussion: "Takes the same options as serve. The school is created on the first run and reused afterwards.")

    @OptionGroup var options: ServerOptions

    func run() async throws {
        let configuration = try options.configuration(defaultDatabase: "sqlite:data/demo.sqlite")
        Logs.bootstrap(level: try options.level(), format: try options.format())
        let logger = Logger(label: "cartable")
        let host = configuration.host
        try await Server.serve(
            configuration: configuration, logger: logger,
            prepare: { services in try await Self.prepareDemoSchool(services: services, logger: logger) },
            onRunning: { port in Self.printBanner(host: host, port: port, database: configuration.database) })
    }

    /// Creates the demo school if it is missing, and adds notebook entries for the days since it was last used.
    static func prepareDemoSchool(services: AppServices, logger: Logger) async throws {
        let storage = services.storage
        let now = services.clock.now()
        if try await storage.schools.school(uai: DemoSchool.uai) == nil {
            logger.notice("creating the demo school (first run only)")
            let demo = DemoSchool(passwordHash: try await services.passwords.hash(DemoSchool.password))
            try await storage.schools.importRoster(demo.roster, at: now)
            let today = demo.school.today(at: now)
            let entries = demo.entries(upTo: today, after: nil, createdAt: now)
            try await storage.notebook.createEntries(entries)
            try await DemoAssignments.seed(entries: entries, storage: storage, blobs: services.blobs.unscanned(), classes: demo.roster.classes, now: now)
            try await seedTimetable(of: demo, storage: storage, now: now, video: services.configuration.video, logger: logger)
            logger.notice("demo school ready", metadata: ["accounts": "\(demo.roster.accounts.count)", "classes": "\(demo.roster.classes.count)"])
        } else {
            let demo = DemoSchool(passwordHash: "")
            let today = demo.school.today(at: now)
            do {
                try await seedTimetable(of: demo, storage: storage, now: now, video: services.configuration.video, logger: logger)
            } catch {
                logger.warning("could not bring the demo timetable up to date", metadata: ["error": "\(error)"])
            }
            let latest = try await storage.notebook.latestSessionDate(in: demo.school.id)
            let entries = demo.entries(upTo: today, after: latest, createdAt: now)
            if !entries.isEmpty {
                do {
                    try await storage.notebook.createEntries(entries)
                    try await DemoAssignments.seed(entries: entries, storage: storage, blobs: services.blobs.unscanned(), classes: nil, now: now)
                    logger.notice("demo notebook brought up to date", metadata: ["entries": "\(entries.count)"])
                } catch {
                    logger.warning("could not bring the demo notebook up to date", metadata: ["error": "\(error)"])
                }
            }
        }
    }

    /// Sets the demo's school year and weekly timetable if the school has none (or its year is over),
    /// and the few changes of the day that show what a change looks like (set again on every start).
    static func seedTimetable(of demo: DemoSchool, storage: Storage, now: Date, video: VideoSettings, logger: Logger) async throws {
        let today = demo.school.today(at: now)
        let year = demo.schoolYear(containing: today)
        let current = try await storage.timetable.schoolYear(of: demo.school.id)
        if current == nil || current.map({ $0.lastDay < today }) == true {
            try await storage.timetable.setSchoolYear(year, at: now)
            try await storage.timetable.addCourses(demo.weeklyCourses(for: year), at: now)
            logger.notice("demo timetable ready", metadata: ["from": "\(year.firstDay)", "until": "\(year.lastDay)"])
        }
        let divisions = Set(demo.roster.classes.map(\.id))
        let courses = try await storage.timetable.timetable(ofClasses: divisions, teacher: nil, in: demo.school.id, range: today...today.adding(days: 14))
        let changes = demo.demoChanges(of: courses.courses, year: year, today: today, at: now)
        for change in changes {
            try await storage.timetable.setChange(change)
        }
        let live = demo.demoLiveSettings(
            of: courses.courses, changes: changes, year: year, today: today, minute: TimeOfDay.minute(of: now, in: demo.school.timeZone), kinds: video.availableKinds,
            room: UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased(), at: now)
        for setting in live { _ = try await storage.timetable.setLive(setting) }
        try await seedAttendance(of: demo, courses: courses.courses, year: year, storage: storage, now: now, logger: logger)
        try await seedMessages(of: demo, storage: storage, now: now, logger: logger)
    }

    /// The demo's conversations, announcements and urgent banner, the first time only (the principal has no message yet).
    static func seedMessages(of demo: DemoSchool, storage: Storage, now: Date, logger: Logger) async throws {
        guard let principal = demo.roster.accounts.first(where: { $0.user.login == "direction" })?.user,
            try await storage.messages.inbox(of: principal.id, in: demo.school.id, limit: 1, offset: 0).isEmpty
        else { return }
        let messages = demo.demoMessages(now: now)
        for (thread, message) in messages { _ = try await storage.messages.send(message, newThread: thread) }
        let announced = demo.demoAnnouncements(now: now)
        for announcement in announced.announcements { try await storage.announcements.addAnnouncement(announcement) }
        for (id, userID, pupilID) in announced.acks {
            _ = try await storage.announcements.acknowledge(id, by: userID, for: pupilID, in: demo.school.id, at: now.addingTimeInterval(-3600))
        }
        if let banner = announced.banner { try await storage.announcements.addBanner(banner) }
        logger.notice("demo messages ready", metadata: ["messages": "\(messages.count)"])
    }

    /// The demo's reasons, three weeks of rolls of 4e B, a past incident window, a past remote day and two justifications
    /// (one waiting for staff), the first time only (the school has no reasons yet).
    static func seedAttendance(
        of demo: DemoSchool, courses: [WeeklyCourse], year: SchoolYear, storage: Storage, now: Date, logger: Logger
    ) async throws {
        guard try await storage.attendance.reasons(in: demo.school.id).isEmpty else { return }
        let today = demo.school.today(at: now)
        let history = try await storage.timetable.timetable(
            ofClasses: Set(demo.roster.classes.map(\.id)), teacher: nil, in: demo.school.id, range: today.adding(days: -21)...today)
        let attendance = demo.demoAttendance(of: history.courses, year: year, today: today)
        for reason in attendance.reasons { try await storage.attendance.saveReason(reason, at: now) }
        for roll in attendance.rolls {
            try await storage.attendance.markRollTaken(courseID: roll.courseID, plannedDate: roll.plannedDate, by: roll.teacherID, in: demo.school.id, at: roll.at)
        }
        for mark in attendance.marks { try await storage.attendance.saveMark(mark, in: demo.school.id) }
        try await storage.attendance.addIncidentWindow(attendance.incident, by: demo.roster.accounts[0].user.id, at: now)
        for justification in attendance.justifications { try await storage.attendance.addJustification(justification) }
        if let remoteDay = attendance.remoteDay {
            try await storage.attendance.addRemoteDay(remoteDay, by: demo.roster.accounts[0].user.id, at: now)
        }
        logger.notice("demo attendance ready", metadata: ["rolls": "\(attendance.rolls.count)", "marks": "\(attendance.marks.count)"])
    }

    static func printBanner(host: String, port: Int, database: DatabaseLocation) {
        let shownHost = host == "0.0.0.0" || host == "::" ? "127.0.0.1" : host
        print(
            """

            Cartable — démo : Collège Jean Moulin (UAI \(DemoSchool.uai))
            Ouvrez / open  http://\(shownHost):\(port)
            Données / data \(database)

            Comptes de démonstration, mot de passe « \(DemoSchool.password) » :
              élève       eleve       Léa Martin, 4e B
              parent      parent      Sophie Martin, mère de Léa (4e B) et de Hugo (6e A)
              professeur  prof        Claire Moreau, mathématiques (dont la 4e B)
              direction   direction   Jean Dupont, principal

            Ctrl-C pour arrêter / to stop.

            """)
        fflush(nil)
    }
}
