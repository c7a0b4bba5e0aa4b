/// The timetable's CSV file: one row per weekly course, columns named in French or in English, separated by `;`,
/// `,` or tabs (whichever the header uses), fields optionally in double quotes. Pure: no I/O.
///
/// | column (French / English) | holds | required |
/// | --- | --- | --- |
/// | `classe` / `class` | the class's or group's name, as on *Toutes les classes* (`4e B`, `Espagnol 4e`) | yes |
/// | `matière` / `subject` | the subject | yes |
/// | `professeur` / `teacher` | the teacher's sign-in name; two teachers joined by `+` | yes |
/// | `salle` / `room` | the room | no |
/// | `jour` / `day` | `lundi` … `samedi` or `monday` … `saturday` (or 1 … 6) | yes |
/// | `début` / `start`, `fin` / `end` | `HH:MM` (or `8h30`) | yes |
/// | `semaine` / `week` | empty or `toutes` / `every`, `A`, `B` | no |
/// | `du` / `from`, `au` / `until` | `YYYY-MM-DD` or `DD/MM/YYYY`: when the course starts and stops, inside the import's period | no |
public enum TimetableCSV {
    /// One row as read, before names are resolved.
    public struct Row: Sendable, Hashable {
        /// The line number in the file (the header is line 1).
        public var line: Int
        public var className: String
        public var subject: String
        public var teacherLogins: [String]
        public var room: String
        public var weekday: Int
        public var start: TimeOfDay
        public var end: TimeOfDay
        public var weeks: WeeklyCourse.Weeks
        public var from: LocalDate?
        public var until: LocalDate?
    }

    /// A line that cannot be read, and why (a catalogue key and its values, so the page says it in the reader's language).
    public struct LineError: Sendable, Hashable {
        public var line: Int
        public var key: String
        public var values: [String: String]

        public init(line: Int, key: String, values: [String: String] = [:]) {
            self.line = line
            self.key = key
            self.values = values
        }
    }

    /// The longest file read (a collège's timetable is a few hundred rows).
    public static let maximumRows = 5_000

    static let columns: [String: String] = [
        "classe": "class", "class": "class", "division": "class", "groupe": "class",
        "matiere": "subject", "subject": "subject",
        "professeur": "teacher", "professeurs": "teacher", "teacher": "teacher", "teachers": "teacher", "enseignant": "teacher",
        "salle": "room", "room": "room",
        "jour": "day", "day": "day", "weekday": "day",
        "debut": "start", "start": "start", "heure de debut": "start",
        "fin": "end", "end": "end", "heure de fin": "end",
        "semaine": "week", "week": "week", "weeks": "week",
        "du": "from", "from": "from", "debut de validite": "from", "valid from": "from",
        "au": "until", "until": "until", "fin de validite": "until", "valid until": "until",
    ]

    static let days: [String: Int] = [
        "lundi": 1, "mardi": 2, "mercredi": 3, "jeudi": 4, "vendredi": 5, "samedi": 6,
        "monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6,
        "lun": 1, "mar": 2, "mer": 3, "jeu": 4, "ven": 5, "sam": 6, "mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6,
        "1": 1, "2": 2, "3": 3, "4": 4, "5": 5, "6": 6,
    ]

    /// Reads `text`: the rows that can be read, and an error for each line that cannot (or for the file).
    public static func parse(_ text: String) -> (rows: [Row], errors: [LineError]) {
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }).map(String.init)
        if let first = lines.first, first.hasPrefix("\u{FEFF}") { lines[0] = String(first.dropFirst()) }
        guard let headerIndex = lines.firstIndex(where: { !$0.trimmingWhitespace().isEmpty }) else {
            return ([], [LineError(line: 1, key: "csvEmpty")])
        }
        let header = lines[headerIndex]
        let separator: Character = header.contains(";") ? ";" : header.contains("\t") ? "\t" : ","
        var positions: [String: Int] = [:]
        for (index, name) in fields(of: header, separator: separator).enumerated() {
            if let column = columns[fold(name)], positions[column] == nil { positions[column] = index }
        }
        let missing = ["class", "subject", "teacher", "day", "start", "end"].filter { positions[$0] == nil }
        guard missing.isEmpty else {
            return ([], [LineError(line: headerIndex + 1, key: "csvMissingColumns", values: ["columns": missing.joined(separator: ", ")])])
        }
        var rows: [Row] = []
        var errors: [LineError] = []
        for index in lines.indices where index > headerIndex {
            let lineNumber = index + 1
            guard !lines[index].trimmingWhitespace().isEmpty else { continue }
            guard rows.count + errors.count < maximumRows else {
                errors.append(LineError(line: lineNumber, key: "csvTooManyRows", values: ["max": String(maximumRows)]))
                break
            }
            let values = fields(of: lines[index], separator: separator)
            func value(_ column: String) -> String {
                guard let position = positions[column], position < values.count else { return "" }
                return TextRules.clean(values[position])
            }
            var problems: [String] = []
            let className = value("class")
            if className.isEmpty || className.count > 80 { problems.append("class") }
            let subject = value("subject")
            if subject.isEmpty || subject.count > EntryInput.Limits.subject { problems.append("subject") }
            let teachers = value("teacher").split(separator: "+").map { TextRules.clean(String($0)).lowercased() }.filter { !$0.isEmpty }
            if teachers.isEmpty || teachers.count > 3 { problems.append("teacher") }
            let room = value("room")
            if room.count > CourseChangeInput.Limits.room { problems.append("room") }
            let weekday = days[fold(value("day"))]
            if weekday == nil { problems.append("day") }
            let start = TimeOfDay(text: value("start"))
            let end = TimeOfDay(text: value("end"))
            if start == nil { problems.append("start") }
            if end == nil { problems.append("end") }
            if let start, let end, end <= start {
                errors.append(LineError(line: lineNumber, key: "csvEndBeforeStart"))
                continue
            }
            let weekText = fold(value("week"))
            let weeks: WeeklyCourse.Weeks? =
                switch weekText {
                case "", "toutes", "every", "all", "chaque semaine", "tous", "s": .every
                case "a", "semaine a", "week a", "qa": .weekA
                case "b", "semaine b", "week b", "qb": .weekB
                default: nil
                }
            if weeks == nil { problems.append("week") }
            let fromText = value("from")
            let untilText = value("until")
            let from = date(fromText)
            let until = date(untilText)
            if !fromText.isEmpty && from == nil { problems.append("from") }
            if !untilText.isEmpty && until == nil { problems.append("until") }
            guard problems.isEmpty, let weekday, let start, let end, let weeks else {
                errors.append(LineError(line: lineNumber, key: "csvBadFields", values: ["fields": problems.joined(separator: ", ")]))
                continue
            }
            if let from, let until, until < from {
                errors.append(LineError(line: lineNumber, key: "csvUntilBeforeFrom"))
                continue
            }
            rows.append(
                Row(
                    line: lineNumber, className: className, subject: subject, teacherLogins: teachers, room: room, weekday: weekday, start: start,
                    end: end, weeks: weeks, from: from, until: until))
        }
        return (rows, errors)
    }

    /// `YYYY-MM-DD` or `DD/MM/YYYY`.
    static func date(_ text: String) -> LocalDate? {
        if let date = LocalDate(iso: text) { return date }
        let parts = text.split(separator: "/")
        guard parts.count == 3, let day = Int(parts[0]), let month = Int(parts[1]), let year = Int(parts[2]), parts[2].count == 4 else { return nil }
        return LocalDate(year: year, month: month, day: day)
    }

    /// The fields of one line; a field in double quotes may hold the separator, `""` stands for a quote.
    static func fields(of line: String, separator: Character) -> [String] {
        var result: [String] = []
        var current = ""
        var quoted = false
        var iterator = Array(line).makeIterator()
        var pending: Character? = nil
        while let character = pending ?? iterator.next() {
            pending = nil
            if quoted {
                if character == "\"" {
                    let next = iterator.next()
                    if next == "\"" { current.append("\"") } else {
                        quoted = false
                        pending = next
                    }
                } else {
                    current.append(character)
                }
            } else if character == "\"" && current.trimmingWhitespace().isEmpty {
                current = ""
                quoted = true
            } else if character == separator {
                result.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        result.append(current)
        return result
    }

    /// A header or keyword as compared: lower case, accents and surrounding spaces dropped.
    static func fold(_ text: String) -> String {
        let replacements: [Character: Character] = ["é": "e", "è": "e", "ê": "e", "à": "a", "â": "a", "î": "i", "ô": "o", "û": "u", "ù": "u", "ç": "c"]
        return String(TextRules.clean(text).lowercased().map { replacements[$0] ?? $0 })
    }
}
