import CartableCore
import CartableStore
import CartableTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@testable import CartableWeb

/// The day's courses on *Aujourd'hui* and the week's timetable, as people see them.
@Suite struct TimetablePageTests {
    static let monday = LocalDate(iso: "2026-11-23")!

    @Test func aPupilSeesTodaysCoursesBeforeTheHomework() async throws {
        try await TestApp.run { (app) async throws in
            let pupil = try await app.session(for: app.world.pupil)
            let text = try await app.get("/today", as: pupil).visibleText
            #expect(text.contains("Les cours du jour 09:00 – 10:00 Mathématiques Claire Moreau · salle A03 10:15 – 11:30 Espagnol Claire Moreau · salle B05"))
            #expect(!text.contains("SVT"), "a week-A course on a week B")
            #expect(!text.contains("Français"), "another class's course")
            let courses = try #require(text.range(of: "Les cours du jour"))
            let homework = try #require(text.range(of: "Pour demain"))
            #expect(courses.lowerBound < homework.lowerBound)
        }
    }

    @Test func aChangeShowsAsAChangeOfThatCourseAndReachesThePageAtOnce() async throws {
        try await TestApp.run { (app) async throws in
            let pupil = try await app.session(for: app.world.pupil)
            let before = try await app.get("/today", as: pupil)
            let etag = try #require(before.headers[.eTag])
            #expect(try await app.get("/today", as: pupil, headers: [.ifNoneMatch: etag]).status == .notModified)

            try await app.services.storage.timetable.setChange(
                CourseChange(courseID: app.world.courseMaths.id, schoolID: app.world.school.id, date: Self.monday, room: "B12", updatedAt: app.clock.now()))
            try await app.services.storage.timetable.setChange(
                CourseChange(
                    courseID: app.world.courseSpanish.id, schoolID: app.world.school.id, date: Self.monday, isCancelled: true,
                    note: "Professeur absent", updatedAt: app.clock.now()))
            let after = try await app.get("/today", as: pupil, headers: [.ifNoneMatch: etag])
            #expect(after.status == .ok, "the change is seen without waiting for the cache")
            let text = after.visibleText
            #expect(text.contains("Mathématiques Claire Moreau · salle B12 salle B12 au lieu de A03"))
            #expect(text.contains("Espagnol Claire Moreau · salle B05 Annulé Professeur absent"))
            #expect(text.components(separatedBy: "Espagnol Claire Moreau · salle").count == 2, "one Spanish course, not a cancelled one and a new one")
        }
    }

    @Test func theWeekShowsEachDayTheWeekLetterAndHolidays() async throws {
        try await TestApp.run { (app) async throws in
            let pupil = try await app.session(for: app.world.pupil)
            let weekB = try await app.get("/timetable", as: pupil)
            #expect(weekB.status == .ok && weekB.headers[.eTag] != nil)
            #expect(weekB.visibleText.contains("Semaine du lundi 23 novembre au dimanche 29 novembre · Semaine B"))
            #expect(weekB.visibleText.contains("Lundi 23 novembre 09:00 – 10:00 Mathématiques"))
            #expect(weekB.visibleText.contains("Mardi 24 novembre Pas de cours."))
            let weekA = try await app.get("/timetable?week=2026-12-02", as: pupil)
            #expect(weekA.visibleText.contains("Semaine A"))
            #expect(weekA.visibleText.contains("14:00 – 15:00 SVT Paul Durand · salle Labo 1"))
            let holiday = try await app.get("/timetable?week=2026-10-19", as: pupil)
            #expect(holiday.visibleText.contains("Lundi 19 octobre Vacances de la Toussaint : pas de cours."))
            #expect(!holiday.visibleText.contains("Mathématiques"))
        }
    }

    @Test func aGuardianSeesTheirChildsWeekAndATeacherTheirOwn() async throws {
        try await TestApp.run { (app) async throws in
            let guardian = try await app.session(for: app.world.guardian)
            let child = try await app.get("/timetable", as: guardian)
            #expect(child.visibleText.contains("Emploi du temps · Léa"))
            #expect(child.visibleText.contains("Espagnol Claire Moreau"))
            let teacher = try await app.session(for: app.world.teacher)
            let own = try await app.get("/timetable", as: teacher)
            // A teacher's week names the class, not themself.
            #expect(own.visibleText.contains("09:00 – 10:00 Mathématiques 4e B · salle A03 Faire l'appel Classe virtuelle 10:15 – 11:30 Espagnol Espagnol 4e · salle B05 Faire l'appel"))
            #expect(!own.visibleText.contains("Français"))
            let staff = try await app.session(for: app.world.staff)
            let classWeek = try await app.get("/classes/\(app.world.classB.id)/timetable", as: staff)
            #expect(classWeek.visibleText.contains("Emploi du temps · 4e C"))
            #expect(classWeek.visibleText.contains("Français Paul Durand · salle A05"))
        }
    }

    @Test func aReplacementTeacherIsNamedAsAChange() async throws {
        try await TestApp.run { (app) async throws in
            try await app.services.storage.timetable.setChange(
                CourseChange(
                    courseID: app.world.courseMaths.id, schoolID: app.world.school.id, date: Self.monday, teacherIDs: [app.world.teacherB.id],
                    updatedAt: app.clock.now()))
            let pupil = try await app.session(for: app.world.pupil)
            let text = try await app.get("/today", as: pupil).visibleText
            #expect(text.contains("Mathématiques Paul Durand · salle A03 remplacé par Paul Durand"))
        }
    }
}

/// Staff change one occurrence from the class's week; bad input and clashes are refused with nothing written.
@Suite struct OccurrenceChangeTests {
    static func path(_ world: World) -> String { "/timetable/courses/\(world.courseMaths.id)/2026-11-23" }

    @Test func staffMoveACourseAndPupilsSeeItAsAChange() async throws {
        try await TestApp.run { (app) async throws in
            let staff = try await app.session(for: app.world.staff)
            let week = try await app.get("/classes/\(app.world.classA.id)/timetable", as: staff)
            #expect(week.text.contains("href=\"\(Self.path(app.world))\""), "each course links to its form for staff")
            let form = try await app.get(Self.path(app.world), as: staff)
            #expect(form.visibleText.contains("Mathématiques · 4e B Lundi 23 novembre · 09:00 – 10:00 · salle A03 · Claire Moreau"))
            let saved = try await app.post(Self.path(app.world), form: [("start", "14:00"), ("room", "B12"), ("note", "Salle info")], as: staff)
            #expect(saved.status == .seeOther)
            let pupil = try await app.session(for: app.world.pupil)
            let today = try await app.get("/today", as: pupil).visibleText
            #expect(today.contains("14:00 – 15:00 Mathématiques Claire Moreau · salle B12 déplacé à 14:00 salle B12 au lieu de A03 Salle info"))
            // Put back as planned.
            #expect(try await app.post(Self.path(app.world) + "/reset", form: [], as: staff).status == .seeOther)
            #expect(try await app.get("/today", as: pupil).visibleText.contains("09:00 – 10:00 Mathématiques Claire Moreau · salle A03"))
        }
    }

    @Test(arguments: [
        ([("start", "10:00"), ("end", "09:30")], "La fin doit être après le début."),
        ([("date", "2026-11-31")], "Date non valide"),
        ([("teacherID", "00000000-0000-4000-8000-000000000099")], "Choisissez une des propositions."),
        // 4e C's French is at 9:00 in A05: the same room at the same time is a clash, named.
        ([("room", "a05")], "À la même heure que Français, 4e C, 09:00 – 10:00."),
        // Claire teaches Spanish at 10:15: moving mathematics onto it is a clash for her.
        ([("start", "10:30")], "À la même heure que Espagnol, Espagnol 4e, 10:15 – 11:30."),
    ])
    func badInputIsRefusedAndWritesNothing(form: [(String, String)], message: String) async throws {
        try await TestApp.run { (app) async throws in
            let staff = try await app.session(for: app.world.staff)
            let before = try await app.writtenState()
            let refused = try await app.post(Self.path(app.world), form: form, as: staff)
            #expect(refused.status == .unprocessableContent)
            #expect(refused.visibleText.contains("Rien n'a été enregistré"))
            #expect(refused.visibleText.contains(message), "\(refused.visibleText)")
            #expect(try await app.writtenState() == before)
        }
    }

    @Test func aReplacementMustBeATeacherOfTheSchool() async throws {
        try await TestApp.run { (app) async throws in
            let staff = try await app.session(for: app.world.staff)
            for id in [app.world.teacherX.id, app.world.pupil.id] {
                let refused = try await app.post(Self.path(app.world), form: [("teacherID", id.rawValue)], as: staff)
                #expect(refused.status == .unprocessableContent)
            }
            // Paul teaches 4e C at 9:00: he can replace Claire once the course is moved after his.
            let clash = try await app.post(Self.path(app.world), form: [("teacherID", app.world.teacherB.id.rawValue)], as: staff)
            #expect(clash.visibleText.contains("À la même heure que Français, 4e C, 09:00 – 10:00."))
            let moved = [("teacherID", app.world.teacherB.id.rawValue), ("start", "11:45")]
            #expect(try await app.post(Self.path(app.world), form: moved, as: staff).status == .seeOther)
        }
    }

    @Test func aDayTheCourseIsNotPlannedOnHasNoForm() async throws {
        try await TestApp.run { (app) async throws in
            let staff = try await app.session(for: app.world.staff)
            // A Tuesday, a holiday, a malformed day.
            for day in ["2026-11-24", "2026-10-19", "2026-13-01", "tomorrow"] {
                #expect(try await app.get("/timetable/courses/\(app.world.courseMaths.id)/\(day)", as: staff).status == .notFound, "\(day)")
            }
        }
    }
}

/// The private calendar feed: a secret link made on the settings page, fetched with no session.
@Suite struct CalendarFeedTests {
    /// Makes the viewer's link on the settings page; returns the feed's path.
    static func makeLink(_ app: TestApp, _ session: TestSession) async throws -> String {
        let made = try await app.post("/account/calendar", form: [], as: session)
        #expect(made.status == .ok)
        #expect(made.headers[.cacheControl] == "no-store")
        let match = try #require(made.text.firstMatch(of: /value="http:\/\/[^\/"]*(\/calendar\/[A-Za-z0-9_-]{43}\.ics)"/))
        return String(match.1)
    }

    @Test func aPupilsFeedHasTheCoursesWithTheirChangesAndTheHomework() async throws {
        try await TestApp.run { (app) async throws in
            let pupil = try await app.session(for: app.world.pupil)
            try await app.services.storage.timetable.setChange(
                CourseChange(
                    courseID: app.world.courseSpanish.id, schoolID: app.world.school.id, date: LocalDate(iso: "2026-11-23")!, isCancelled: true,
                    updatedAt: app.clock.now()))
            let path = try await Self.makeLink(app, pupil)
            let feed = try await app.get(path)
            #expect(feed.status == .ok)
            #expect(feed.headers[.contentType] == "text/calendar; charset=utf-8")
            let text = feed.text
            #expect(text.hasPrefix("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") && text.hasSuffix("END:VCALENDAR\r\n"))
            #expect(text.contains("DTSTART;TZID=Europe/Paris:20261123T090000\r\nDTEND;TZID=Europe/Paris:20261123T100000\r\nSUMMARY:Mathématiques\r\nLOCATION:Salle A03"))
            #expect(text.contains("SUMMARY:Espagnol (annulé)"))
            #expect(text.contains("STATUS:CANCELLED"))
            #expect(text.contains("DTSTART;VALUE=DATE:20261124\r\nDTEND;VALUE=DATE:20261125\r\nTRANSP:TRANSPARENT\r\nSUMMARY:À faire · Mathématiques"))
            #expect(!text.contains("Français"), "another class's course")
            #expect(text.split(separator: "\r\n").allSatisfy { $0.utf8.count <= 75 }, "lines are folded at 75 octets")
            // Conditional requests: the same content answers 304, a change a new body.
            let etag = try #require(feed.headers[.eTag])
            #expect(try await app.get(path, headers: [.ifNoneMatch: etag]).status == .notModified)
            try await app.services.storage.timetable.removeChange(
                courseID: app.world.courseSpanish.id, plannedDate: LocalDate(iso: "2026-11-23")!, in: app.world.school.id, at: app.clock.now())
            let changed = try await app.get(path, headers: [.ifNoneMatch: etag])
            #expect(changed.status == .ok && !changed.text.contains("(annulé)"))
        }
    }

    @Test func aNewLinkStopsTheOldOneAndRemovingStopsBoth() async throws {
        try await TestApp.run { (app) async throws in
            let guardian = try await app.session(for: app.world.guardian)
            let first = try await Self.makeLink(app, guardian)
            #expect(try await app.get(first).text.contains("SUMMARY:Léa · Mathématiques"))
            let settings = try await app.get("/account/calendar", as: guardian)
            #expect(settings.visibleText.contains("Vous avez un lien, créé le"))
            #expect(!settings.text.contains(first), "the secret is shown only once")
            let second = try await Self.makeLink(app, guardian)
            #expect(second != first)
            #expect(try await app.get(first).status == .notFound)
            #expect(try await app.get(second).status == .ok)
            #expect(try await app.post("/account/calendar/remove", form: [], as: guardian).status == .seeOther)
            #expect(try await app.get(second).status == .notFound)
        }
    }

    @Test func unknownMalformedAndDisabledFeedsAnswer404() async throws {
        try await TestApp.run { (app) async throws in
            for path in ["/calendar/\(String(repeating: "a", count: 43)).ics", "/calendar/abc.ics", "/calendar/\(String(repeating: "a", count: 43))",
                "/calendar/%00.ics"]
            {
                let status = try await app.get(path).status
                #expect(status == .notFound, "\(path): \(status)")
            }
            let pupil = try await app.session(for: app.world.pupil)
            let path = try await Self.makeLink(app, pupil)
            let staff = try await app.session(for: app.world.staff)
            #expect(try await app.post("/admin/accounts/\(app.world.pupil.id)/disable", form: [], as: staff).status == .seeOther)
            #expect(try await app.get(path).status == .notFound)
        }
    }

    @Test func aTeachersFeedHasTheirCoursesWithTheClass() async throws {
        try await TestApp.run { (app) async throws in
            let teacher = try await app.session(for: app.world.teacher)
            let text = try await app.get(try await Self.makeLink(app, teacher)).text
            #expect(text.contains("SUMMARY:Espagnol\r\nLOCATION:Salle B05\r\nDESCRIPTION:Espagnol 4e · salle B05"))
            #expect(!text.contains("SVT"))
        }
    }
}

/// Staff import the weekly timetable from a CSV file: a preview, errors by line, nothing applied until confirmed.
@Suite struct TimetableImportTests {
    static let file = """
        classe;matière;professeur;salle;jour;début;fin;semaine
        4e B;Mathématiques;claire.moreau;A03;lundi;09:00;10:00;
        4e B;Histoire;paul.durand;C01;mardi;08:00;09:00;
        4e C;Français;paul.durand;A05;lundi;09:00;10:00;
        """

    @Test func aPreviewChangesNothingAndTheConfirmationReplacesFromTheDay() async throws {
        try await TestApp.run { (app) async throws in
            let staff = try await app.session(for: app.world.staff)
            #expect(try await app.get("/admin/timetable/import", as: staff).status == .ok)
            let before = try await app.writtenState()
            let preview = try await app.post("/admin/timetable/import", form: [("csv", Self.file), ("from", "2026-11-30")], as: staff)
            #expect(preview.status == .ok)
            // 4e B's maths and 4e C's French are unchanged; 4e B's history is new; SVT (4e B) and Spanish (the group) go.
            #expect(preview.visibleText.contains("À partir du lundi 30 novembre : 1 cours créés, 0 modifiés, 2 supprimés, 2 inchangés."))
            #expect(try await app.writtenState() == before, "a preview writes nothing")

            let applied = try await app.post(
                "/admin/timetable/import", form: [("csv", Self.file), ("from", "2026-11-30"), ("confirm", "yes")], as: staff)
            #expect(applied.status == .ok && applied.visibleText.contains("Emploi du temps importé."))
            let pupil = try await app.session(for: app.world.pupil)
            // Past occurrences stay: Monday 23's Spanish is still there; from 30 November it is gone and history comes.
            #expect(try await app.get("/timetable?week=2026-11-23", as: pupil).visibleText.contains("Espagnol"))
            let after = try await app.get("/timetable?week=2026-11-30", as: pupil).visibleText
            #expect(!after.contains("Espagnol") && !after.contains("SVT"))
            #expect(after.contains("08:00 – 09:00 Histoire Paul Durand · salle C01"))
            #expect(after.contains("09:00 – 10:00 Mathématiques Claire Moreau · salle A03"))
        }
    }

    @Test func aFileWithErrorsNamesEachLineAndAppliesNothingEvenConfirmed() async throws {
        try await TestApp.run { (app) async throws in
            let staff = try await app.session(for: app.world.staff)
            let file = """
                classe;matière;professeur;salle;jour;début;fin
                4e Z;Mathématiques;claire.moreau;A03;lundi;09:00;10:00
                4e B;Mathématiques;nobody;A03;lundi;09:00;10:00
                4e B;Mathématiques;claire.moreau;A03;lundi;11:00;10:00
                4e B;Mathématiques;claire.moreau;A03;mardi;09:00;10:00
                4e C;Français;claire.moreau;B01;mardi;09:30;10:30
                3e A;Mathématiques;anne.roux;101;lundi;09:00;10:00
                """
            let before = try await app.writtenState()
            let refused = try await app.post("/admin/timetable/import", form: [("csv", file), ("confirm", "yes")], as: staff)
            #expect(refused.status == .unprocessableContent)
            let text = refused.visibleText
            #expect(text.contains("Le fichier a des erreurs. Rien n'a été changé."))
            #expect(text.contains("Ligne 2 : classe inconnue « 4e Z »."))
            #expect(text.contains("Ligne 3 : professeur inconnu « nobody »"))
            #expect(text.contains("Ligne 4 : la fin doit être après le début."))
            #expect(text.contains("Ligne 6 : à la même heure que la ligne 5"))
            // Another school's class and teacher are unknown here.
            #expect(text.contains("Ligne 7 : classe inconnue « 3e A »."))
            #expect(try await app.writtenState() == before)
        }
    }
}

/// Staff set up the school year: its days, week A and its holidays.
@Suite struct SchoolYearFormTests {
    @Test func staffSetTheYearAndPupilsSeeTheNewHolidayAndWeekLetter() async throws {
        try await TestApp.run { (app) async throws in
            let staff = try await app.session(for: app.world.staff)
            let form = try await app.get("/admin/timetable/year", as: staff)
            #expect(form.text.contains("Vacances de la Toussaint; 2026-10-17; 2026-11-01"))
            let saved = try await app.post(
                "/admin/timetable/year",
                form: [
                    ("firstDay", "2026-09-01"), ("lastDay", "2027-07-03"), ("weekA", "2026-11-25"),
                    ("holidays", "Toussaint ; 17/10/2026 ; 01/11/2026\nPont ; 2026-11-30 ; 2026-11-30\n"),
                ], as: staff)
            #expect(saved.status == .seeOther)
            let pupil = try await app.session(for: app.world.pupil)
            let week = try await app.get("/timetable", as: pupil).visibleText
            #expect(week.contains("Semaine A"), "23 November is now a week A")
            #expect(week.contains("14:00 – 15:00 SVT"))
            #expect(try await app.get("/timetable?week=2026-11-30", as: pupil).visibleText.contains("Lundi 30 novembre Pont : pas de cours."))
        }
    }

    @Test(arguments: [
        ([("firstDay", "2026-09-01"), ("lastDay", "2026-08-01")], "La fin doit être après le début."),
        ([("firstDay", ""), ("lastDay", "2027-07-03")], "Ce champ est obligatoire."),
        ([("firstDay", "2026-09-01"), ("lastDay", "2027-07-03"), ("holidays", "Noël; 2026-12-19")], "Choisissez une des propositions."),
        ([("firstDay", "2026-09-01"), ("lastDay", "2027-07-03"), ("weekA", "demain")], "Date non valide"),
    ])
    func badInputIsRefusedAndWritesNothing(form: [(String, String)], message: String) async throws {
        try await TestApp.run { (app) async throws in
            let staff = try await app.session(for: app.world.staff)
            let before = try await app.writtenState()
            let refused = try await app.post("/admin/timetable/year", form: form, as: staff)
            #expect(refused.status == .unprocessableContent)
            #expect(refused.visibleText.contains(message), "\(refused.visibleText)")
            #expect(try await app.writtenState() == before)
            #expect(try await app.services.storage.timetable.schoolYear(of: app.world.school.id) == app.world.schoolYear)
        }
    }
}

/// Staff add an extra course (once: a catch-up, a test) to a class's week, and remove it while nobody joined it.
@Suite struct ExtraCourseTests {
    static func path(_ world: World, _ schoolClass: SchoolClass? = nil) -> String { "/classes/\((schoolClass ?? world.classA).id)/timetable/extra" }

    static func extras(_ app: TestApp) async throws -> [WeeklyCourse] {
        try await app.services.storage.timetable.courses(in: app.world.school.id, validOnOrAfter: LocalDate(iso: "2026-09-01")!).filter(\.isExtra)
    }

    static let catchUp = [("date", "2026-11-24"), ("start", "14:00"), ("end", "15:30"), ("subject", "Rattrapage de maths"), ("room", "B12")]

    @Test func staffAddAnExtraCourseThePupilSeesItAndStaffRemoveIt() async throws {
        try await TestApp.run { (app) async throws in
            let staff = try await app.session(for: app.world.staff)
            let week = try await app.get("/classes/\(app.world.classA.id)/timetable?week=2026-11-23", as: staff)
            #expect(week.text.contains("href=\"\(Self.path(app.world))?date=2026-11-24\""), "each day has its add link for staff")
            let form = try await app.get(Self.path(app.world) + "?date=2026-11-24", as: staff)
            #expect(form.status == .ok)
            #expect(form.visibleText.contains("Ajouter un cours · 4e B"))
            #expect(form.text.contains("value=\"2026-11-24\""), "the day of the link is proposed")

            let added = try await app.post(
                Self.path(app.world), form: Self.catchUp + [("teacherID", app.world.teacherB.id.rawValue)], as: staff)
            #expect(added.status == .seeOther)
            let location = try #require(added.headers[.location])
            #expect(location.contains("week=2026-11-24"))
            #expect(try await app.get(location, as: staff).visibleText.contains("Cours ajouté. Les élèves le voient tout de suite."))
            let extra = try #require(try await Self.extras(app).first)
            #expect(extra.validFrom == LocalDate(iso: "2026-11-24") && extra.validUntil == extra.validFrom && extra.weekday == 2)
            #expect(extra.classID == app.world.classA.id && extra.teacherIDs == [app.world.teacherB.id])

            let pupil = try await app.session(for: app.world.pupil)
            let pupilWeek = try await app.get("/timetable?week=2026-11-23", as: pupil).visibleText
            #expect(pupilWeek.contains("14:00 – 15:30 Rattrapage de maths Paul Durand · salle B12 Cours ajouté"), "\(pupilWeek)")
            let next = try await app.get("/timetable?week=2026-11-30", as: pupil).visibleText
            #expect(!next.contains("Rattrapage"), "once, not every week")
            let other = try await app.session(for: app.world.pupilB)
            #expect(!(try await app.get("/timetable?week=2026-11-23", as: other).visibleText.contains("Rattrapage")), "another class")

            // Its form says it was added and offers to remove it; a weekly course has no such button.
            let occurrence = "/timetable/courses/\(extra.id)/2026-11-24"
            let extraForm = try await app.get(occurrence, as: staff)
            #expect(extraForm.visibleText.contains("Cours ajouté · Rattrapage de maths · 4e B"))
            #expect(extraForm.text.contains("action=\"\(occurrence)/remove\""))
            #expect(!(try await app.get("/timetable/courses/\(app.world.courseMaths.id)/2026-11-23", as: staff).text.contains("/remove\"")))
            let removed = try await app.post(occurrence + "/remove", form: [], as: staff)
            #expect(removed.status == .seeOther)
            #expect(try await app.get(try #require(removed.headers[.location]), as: staff).visibleText.contains("Le cours ajouté est supprimé."))
            #expect(try await Self.extras(app).isEmpty)
            #expect(!(try await app.get("/timetable?week=2026-11-23", as: pupil).visibleText.contains("Rattrapage")))
        }
    }

    @Test func aWeeklyCourseCannotBeRemovedAsAnExtraOne() async throws {
        try await TestApp.run { (app) async throws in
            let staff = try await app.session(for: app.world.staff)
            let before = try await app.writtenState()
            let refused = try await app.post("/timetable/courses/\(app.world.courseMaths.id)/2026-11-23/remove", form: [], as: staff)
            #expect(refused.status == .notFound)
            #expect(try await app.writtenState() == before)
        }
    }

    @Test func anExtraCourseSomeoneJoinedIsKeptAndCanBeCancelled() async throws {
        try await TestApp.run { (app) async throws in
            let staff = try await app.session(for: app.world.staff)
            let added = try await app.post(
                Self.path(app.world), form: Self.catchUp + [("teacherID", app.world.teacherB.id.rawValue)], as: staff)
            #expect(added.status == .seeOther)
            let extra = try #require(try await Self.extras(app).first)
            try await app.services.storage.timetable.recordJoin(
                courseID: extra.id, plannedDate: extra.validFrom, userID: app.world.pupil.id, role: "viewer", in: app.world.school.id,
                at: app.clock.now())
            let before = try await app.writtenState()
            let refused = try await app.post("/timetable/courses/\(extra.id)/2026-11-24/remove", form: [], as: staff)
            #expect(refused.status == .conflict)
            #expect(refused.visibleText.contains("Des élèves ont déjà rejoint ce cours en ligne : il ne peut plus être supprimé."))
            #expect(try await app.writtenState() == before)
            #expect(try await Self.extras(app).count == 1)
        }
    }

    @Test(arguments: [
        ([("end", "13:00")], "La fin doit être après le début."),
        ([("subject", " ")], "Ce champ est obligatoire."),
        ([("date", "2026-11-29")], "Choisissez une des propositions."),  // a Sunday
        ([("date", "2028-01-10")], "Cette date est trop loin d'aujourd'hui."),
        ([("date", "24/11/2026")], "Date non valide"),
        ([("start", "05:00"), ("end", "06:00")], "Un cours a lieu entre 6 h et 22 h."),
        // Claire teaches 4e B's mathematics on Monday at 9:00.
        ([("date", "2026-11-23"), ("start", "09:30"), ("end", "10:00"), ("room", "C1")], "À la même heure que Mathématiques, 4e B, 09:00 – 10:00."),
        // 4e C's French is in A05 at 9:00.
        ([("date", "2026-11-23"), ("start", "09:30"), ("end", "10:00"), ("room", "a05")], "À la même heure que Français, 4e C, 09:00 – 10:00."),
    ])
    func badInputIsRefusedAndWritesNothing(form: [(String, String)], message: String) async throws {
        try await TestApp.run { (app) async throws in
            let staff = try await app.session(for: app.world.staff)
            let before = try await app.writtenState()
            var fields = Dictionary(Self.catchUp + [("teacherID", app.world.teacher.id.rawValue)], uniquingKeysWith: { $1 })
            for (name, value) in form { fields[name] = value }
            let refused = try await app.post(Self.path(app.world), form: fields.map { ($0.key, $0.value) }, as: staff)
            #expect(refused.status == .unprocessableContent)
            #expect(refused.visibleText.contains("Rien n'a été enregistré"))
            #expect(refused.visibleText.contains(message), "\(refused.visibleText)")
            #expect(refused.text.contains("value=\"\(fields["subject"] ?? "")\""), "what was typed is kept")
            #expect(try await app.writtenState() == before)
        }
    }

    @Test func theTeacherMustBeAnEnabledTeacherOfTheSchool() async throws {
        try await TestApp.run { (app) async throws in
            let staff = try await app.session(for: app.world.staff)
            let before = try await app.writtenState()
            for id in [app.world.teacherX.id.rawValue, app.world.pupil.id.rawValue, "not-an-id", ""] {
                let refused = try await app.post(Self.path(app.world), form: Self.catchUp + [("teacherID", id)], as: staff)
                #expect(refused.status == .unprocessableContent, "\(id)")
            }
            #expect(try await app.writtenState() == before)
        }
    }

    /// A pupil of 4e B is in the Spanish group: a course of 4e B at the group's time clashes for them; 4e C has
    /// nobody in the group, so its course at that time does not.
    @Test func aGroupAndTheDivisionOfItsPupilsClashButNotAnotherDivision() async throws {
        try await TestApp.run { (app) async throws in
            let staff = try await app.session(for: app.world.staff)
            let atSpanish = [("date", "2026-11-23"), ("start", "10:30"), ("end", "11:00"), ("subject", "Vie de classe"), ("room", "C1"),
                ("teacherID", app.world.teacherB.id.rawValue)]
            let refused = try await app.post(Self.path(app.world), form: atSpanish, as: staff)
            #expect(refused.status == .unprocessableContent)
            #expect(refused.visibleText.contains("À la même heure que Espagnol, Espagnol 4e, 10:15 – 11:30."), "\(refused.visibleText)")
            let accepted = try await app.post(Self.path(app.world, app.world.classB), form: atSpanish, as: staff)
            #expect(accepted.status == .seeOther)
            #expect(try await Self.extras(app).map(\.classID) == [app.world.classB.id])
        }
    }

    @Test func aCourseOnSundayShowsOnTheWeek() async throws {
        try await TestApp.run { (app) async throws in
            var course = app.world.courseMaths
            course = WeeklyCourse(
                id: .make(using: RandomIdentifierGenerator()), schoolID: course.schoolID, classID: course.classID, subject: "Portes ouvertes",
                teacherIDs: course.teacherIDs, room: "Hall", weekday: 7, start: TimeOfDay(text: "10:00")!, end: TimeOfDay(text: "12:00")!,
                validFrom: LocalDate(iso: "2026-11-29")!, validUntil: LocalDate(iso: "2026-11-29")!, isExtra: true)
            try await app.services.storage.timetable.addCourses([course], at: app.clock.now())
            let pupil = try await app.session(for: app.world.pupil)
            let week = try await app.get("/timetable?week=2026-11-23", as: pupil).visibleText
            #expect(week.contains("Dimanche 29 novembre 10:00 – 12:00 Portes ouvertes"), "\(week)")
        }
    }
}
