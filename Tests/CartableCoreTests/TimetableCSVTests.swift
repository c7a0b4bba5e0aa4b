import CartableCore
import Testing

/// The timetable's CSV file: French or English columns, any of the usual separators, errors by line.
@Suite struct TimetableCSVTests {
    @Test func aFrenchFileWithSemicolonsQuotesAndWeeksIsRead() {
        let text = #"""
            \#u{FEFF}Classe;Matière;Professeur;Salle;Jour;Début;Fin;Semaine;Du;Au
            4e B;Mathématiques;claire.moreau;A03;lundi;09:00;10:00;;;
            "4e B";"SVT; TP";paul.durand + claire.moreau;"Labo ""1""";Mardi;8h30;10h;A;01/12/2026;2027-01-31

            Espagnol 4e;Espagnol;claire.moreau;;5;14:00;15:15;b;;
            """#
        let (rows, errors) = TimetableCSV.parse(text)
        #expect(errors.isEmpty)
        #expect(rows.count == 3)
        #expect(rows[0].className == "4e B" && rows[0].weekday == 1 && rows[0].weeks == .every && rows[0].line == 2)
        #expect(rows[1].subject == "SVT; TP" && rows[1].teacherLogins == ["paul.durand", "claire.moreau"] && rows[1].room == "Labo \"1\"")
        #expect(rows[1].start.text == "08:30" && rows[1].end.text == "10:00" && rows[1].weeks == .weekA)
        #expect(rows[1].from == LocalDate(iso: "2026-12-01") && rows[1].until == LocalDate(iso: "2027-01-31"))
        #expect(rows[2].line == 5 && rows[2].weekday == 5 && rows[2].weeks == .weekB && rows[2].room == "")
    }

    @Test func anEnglishFileWithCommasIsRead() {
        let (rows, errors) = TimetableCSV.parse("class,subject,teacher,room,day,start,end,week\n4e C,Français,paul.durand,A05,Monday,09:00,10:00,every\n")
        #expect(errors.isEmpty && rows.count == 1 && rows[0].weekday == 1)
    }

    @Test func eachBadLineIsNamedAndTheOthersRead() {
        let text = """
            classe;matière;professeur;jour;début;fin;semaine;du;au
            4e B;Maths;claire.moreau;lundi;10:00;09:00;;;
            4e B;Maths;claire.moreau;dimanche;09:00;10:00;;;
            4e B;;;lundi;25:00;10:00;C;31/02/2027;
            4e B;Maths;claire.moreau;lundi;09:00;10:00;;2027-02-01;2027-01-01
            4e B;Maths;claire.moreau;lundi;09:00;10:00;;;
            """
        let (rows, errors) = TimetableCSV.parse(text)
        #expect(rows.map(\.line) == [6])
        #expect(errors.map(\.line) == [2, 3, 4, 5])
        #expect(errors.map(\.key) == ["csvEndBeforeStart", "csvBadFields", "csvBadFields", "csvUntilBeforeFrom"])
        #expect(errors[1].values["fields"] == "day")
        #expect(errors[2].values["fields"] == "subject, teacher, start, week, from")
    }

    @Test func aFileWithoutItsColumnsIsRefusedWhole() {
        #expect(TimetableCSV.parse("").errors.first?.key == "csvEmpty")
        let missing = TimetableCSV.parse("classe;matière;jour\n4e B;Maths;lundi")
        #expect(missing.rows.isEmpty && missing.errors.first?.key == "csvMissingColumns")
        #expect(missing.errors.first?.values["columns"] == "teacher, start, end")
    }

    @Test func aReimportKeepsWhatIsTheSameEndsWhatBeganAndDeletesWhatHadNotBegun() {
        let from = LocalDate(iso: "2027-01-04")!
        let maths = TimetableCalendarTests.course(1)  // from 2026-09-01, Mondays 9:00 A03
        let future = TimetableCalendarTests.course(2, weekday: 2, from: "2027-02-01")
        let gone = TimetableCalendarTests.course(3, weekday: 3)
        var sameMaths = maths
        sameMaths.id = .init(rawValue: "00000000-0000-4000-8000-400000000001")
        sameMaths.validFrom = from
        var movedRoom = future
        movedRoom.id = .init(rawValue: "00000000-0000-4000-8000-400000000002")
        movedRoom.room = "B12"
        let brandNew = TimetableCalendarTests.course(4, weekday: 4)
        let plan = TimetableImportPlan(incoming: [sameMaths, movedRoom, brandNew], existing: [maths, future, gone], from: from)
        #expect(plan.unchanged.map(\.id) == [maths.id])
        #expect(plan.changed.map(\.old.id) == [future.id] && plan.changed.map(\.new.room) == ["B12"])
        #expect(plan.created.map(\.id) == [brandNew.id])
        #expect(plan.removed.map(\.id) == [gone.id])
        #expect(plan.ending == [gone.id])
        #expect(plan.deleting == [future.id])
        #expect(plan.adding.map(\.id) == [brandNew.id, movedRoom.id])
    }
}
