import CartableCore
import Testing

@Suite struct EntryInputTests {
    let today = LocalDate(iso: "2026-11-23")!

    func input(
        subject: String? = "Mathématiques", session: String? = "2026-11-23", done: String? = "Théorème de Pythagore",
        work: String? = "Exercices 12 et 13 p. 98", due: String? = "2026-11-26", minutes: String? = "30",
        links: [EntryInput.LinkInput] = []
    ) -> EntryInput {
        EntryInput(subject: subject, sessionDate: session, done: done, work: work, dueDate: due, estimatedMinutes: minutes, links: links)
    }

    func problems(_ input: EntryInput) -> [FieldIssue] {
        do {
            _ = try input.validated(today: today)
            return []
        } catch {
            return error.issues
        }
    }

    @Test func acceptsAndCleansAGoodEntry() throws {
        let content = try input(
            subject: "  Mathématiques ", done: "Ligne 1\r\nLigne 2\u{0}", links: [.init(title: "", url: "https://fr.khanacademy.org/math")]
        ).validated(today: today)
        #expect(content.subject == "Mathématiques")
        #expect(content.done == "Ligne 1\nLigne 2")
        #expect(content.dueDate == LocalDate(iso: "2026-11-26"))
        #expect(content.estimatedMinutes == 30)
        #expect(content.links == [EntryLink(title: "fr.khanacademy.org", url: "https://fr.khanacademy.org/math")])
    }

    @Test func anEntryWithOnlyWhatWasDoneNeedsNoDueDate() throws {
        let content = try input(work: "", due: "", minutes: "").validated(today: today)
        #expect(content.dueDate == nil)
        #expect(!content.hasWork)
    }

    @Test(arguments: [
        (EntryInput(subject: "", sessionDate: "2026-11-23", done: "x"), "subject", FieldIssue.Problem.required),
        (EntryInput(subject: "Maths", sessionDate: "", done: "x"), "sessionDate", .required),
        (EntryInput(subject: "Maths", sessionDate: "2026-02-30", done: "x"), "sessionDate", .invalidDate),
        (EntryInput(subject: "Maths", sessionDate: "2029-01-01", done: "x"), "sessionDate", .dateOutOfRange),
        (EntryInput(subject: "Maths", sessionDate: "2026-11-23", done: "", work: ""), "done", .nothingWritten),
        (EntryInput(subject: "Maths", sessionDate: "2026-11-23", work: "Exercices"), "dueDate", .required),
        (EntryInput(subject: "Maths", sessionDate: "2026-11-23", work: "Exercices", dueDate: "2026-11-20"), "dueDate", .dueBeforeSession),
        (EntryInput(subject: "Maths", sessionDate: "2026-11-23", work: "Exercices", dueDate: "demain"), "dueDate", .invalidDate),
        (EntryInput(subject: "Maths", sessionDate: "2026-11-23", done: "Cours", dueDate: "2026-11-24"), "work", .required),
        (
            EntryInput(subject: "Maths", sessionDate: "2026-11-23", done: "x", estimatedMinutes: "0"), "estimatedMinutes",
            .notInRange(min: 1, max: 600)
        ),
        (
            EntryInput(subject: "Maths", sessionDate: "2026-11-23", done: "x", estimatedMinutes: "beaucoup"), "estimatedMinutes",
            .notInRange(min: 1, max: 600)
        ),
        (
            EntryInput(subject: "Maths", sessionDate: "2026-11-23", done: "x", links: [.init(title: "x", url: "javascript:alert(1)")]), "links",
            .invalidURL
        ),
        (
            EntryInput(subject: "Maths", sessionDate: "2026-11-23", done: "x", links: [.init(title: "x", url: "https:// spaced.fr")]), "links",
            .invalidURL
        ),
        (EntryInput(subject: String(repeating: "M", count: 81), sessionDate: "2026-11-23", done: "x"), "subject", .tooLong(max: 80)),
        (EntryInput(subject: "Maths", sessionDate: "2026-11-23", done: String(repeating: "é", count: 10_001)), "done", .tooLong(max: 10_000)),
    ])
    func refusesBadInputWithTheRightProblem(entry: EntryInput, field: String, problem: FieldIssue.Problem) {
        #expect(problems(entry).contains(FieldIssue(field: field, problem: problem)), "\(problems(entry))")
    }

    @Test func reportsEveryProblemAtOnce() {
        let found = problems(EntryInput(subject: "", sessionDate: "x", done: "", work: "", dueDate: "", estimatedMinutes: "-3"))
        #expect(Set(found.map(\.field)) == ["subject", "sessionDate", "done", "estimatedMinutes"])
    }

    @Test func limitsTheNumberOfLinks() {
        let links = (0..<11).map { EntryInput.LinkInput(title: "Lien \($0)", url: "https://example.org/\($0)") }
        #expect(problems(input(links: links)) == [FieldIssue(field: "links", problem: .tooMany(max: 10))])
        #expect(problems(input(links: Array(links.prefix(10)))).isEmpty)
    }
}

@Suite struct AccountInputTests {
    @Test func acceptsAGoodAccountAndLowercasesTheLogin() throws {
        let checked = try AccountInput(login: " Lea.Martin ", firstName: "Léa", lastName: "Martin", role: "pupil", password: "secret-42").validated()
        #expect(checked.login == "lea.martin")
        #expect(checked.role == .pupil)
    }

    @Test(arguments: [
        (AccountInput(login: "lé", firstName: "A", lastName: "B", role: "pupil", password: "12345678"), "login"),
        (AccountInput(login: "léa.martin", firstName: "A", lastName: "B", role: "pupil", password: "12345678"), "login"),
        (AccountInput(login: "lea", firstName: "", lastName: "B", role: "pupil", password: "12345678"), "firstName"),
        (AccountInput(login: "lea", firstName: "A", lastName: "B", role: "admin", password: "12345678"), "role"),
        (AccountInput(login: "lea", firstName: "A", lastName: "B", role: "pupil", password: "1234567"), "password"),
        (AccountInput(login: "lea", firstName: "A", lastName: "B", role: "pupil", password: String(repeating: "é", count: 40)), "password"),
    ])
    func refusesBadFields(input: AccountInput, field: String) {
        #expect(throws: ValidationError.self) { try input.validated() }
        do {
            _ = try input.validated()
        } catch {
            #expect(error.issues.map(\.field) == [field])
        }
    }
}

@Suite struct TextRulesTests {
    @Test func cleansSingleLineText() {
        #expect(TextRules.clean("  a\tb\nc\u{7} ") == "a b c")
        #expect(TextRules.clean(nil) == "")
    }

    @Test func keepsLinesInMultilineText() {
        #expect(TextRules.clean("a\r\nb\rc\n", multiline: true) == "a\nb\nc")
        #expect(TextRules.clean("1.\tLire\n2.\tÉcrire", multiline: true) == "1.\tLire\n2.\tÉcrire")
    }

    @Test func keepsUsualTextAsItIsAndDropsC1Controls() {
        let usual = "  Élève : « 3 × 4 = 12 », à rendre — 😀 ok  "
        #expect(TextRules.clean(usual) == usual.trimmingWhitespace())
        #expect(TextRules.clean(usual, trim: false) == usual)
        // U+0085 (next line) and U+009F are control characters; U+00A0 (no-break space) and U+00E9 are not.
        #expect(TextRules.clean("a\u{85}b\u{9F}c\u{A0}d\u{E9}", trim: false) == "abc\u{A0}d\u{E9}")
        #expect(TextRules.clean("a\u{7F}b\u{0}c", multiline: true) == "abc")
    }

    @Test(arguments: [
        ("https://lumni.fr/x", true), ("http://a.b", true), ("ftp://a.b", false), ("https://", false), ("javascript:x", false),
        ("https://a b", false),
    ])
    func recognisesWebAddresses(text: String, expected: Bool) {
        #expect(TextRules.isWebAddress(text) == expected)
    }
}
