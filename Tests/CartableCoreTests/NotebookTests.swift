import CartableCore
import Foundation
import Testing

@Suite struct DueWorkTests {
    let today = LocalDate(iso: "2026-11-23")!
    let classID = SchoolClass.ID(rawValue: "00000000-0000-4000-8000-00000000000a")

    func entry(_ n: Int, subject: String, due: String?, session: String = "2026-11-20") -> NotebookEntry {
        NotebookEntry(
            id: .init(rawValue: "00000000-0000-4000-8000-2000000000\(String(format: "%02d", n))"),
            schoolID: .init(rawValue: "00000000-0000-4000-8000-000000000001"), classID: classID,
            teacherID: .init(rawValue: "00000000-0000-4000-8000-100000000004"),
            content: EntryContent(
                subject: subject, sessionDate: LocalDate(iso: session)!, done: "", work: due == nil ? "" : "travail",
                dueDate: due.flatMap { LocalDate(iso: $0) },
                estimatedMinutes: nil, links: []),
            createdAt: Date(timeIntervalSince1970: Double(n)), updatedAt: Date())
    }

    @Test func groupsByDueDateWithinTheHorizon() {
        let due = DueWork(
            entries: [
                entry(1, subject: "SVT", due: "2026-11-24"), entry(2, subject: "Anglais", due: "2026-11-24"),
                entry(3, subject: "Maths", due: "2026-11-23"),
                entry(4, subject: "Passé", due: "2026-11-22"), entry(5, subject: "Loin", due: "2026-12-07"),
                entry(6, subject: "Dernier jour", due: "2026-12-06"),
                entry(7, subject: "Sans travail", due: nil), entry(8, subject: "Éducation musicale", due: "2026-11-24"),
            ], today: today)
        #expect(due.days.map(\.date.iso) == ["2026-11-23", "2026-11-24", "2026-12-06"])
        #expect(due.days[1].entries.map(\.content.subject) == ["Anglais", "Éducation musicale", "SVT"])
        #expect(due.dueRange == today...LocalDate(iso: "2026-12-06")!)
    }

    @Test func aWeekRunsMondayToSaturdayAndSundayOnlyWhenUsed() {
        let week = NotebookWeek(entries: [entry(1, subject: "Maths", due: nil, session: "2026-11-25")], anyDay: LocalDate(iso: "2026-11-27")!)
        #expect(week.monday.iso == "2026-11-23")
        #expect(week.days.count == 6)
        #expect(week.days[2].entries.count == 1)
        let withSunday = NotebookWeek(entries: [entry(1, subject: "Maths", due: nil, session: "2026-11-29")], anyDay: LocalDate(iso: "2026-11-23")!)
        #expect(withSunday.days.count == 7)
        let otherWeek = NotebookWeek(entries: [entry(1, subject: "Maths", due: nil, session: "2026-11-30")], anyDay: LocalDate(iso: "2026-11-23")!)
        #expect(otherWeek.days.allSatisfy { $0.entries.isEmpty })
    }
}
