import CartableCore
import Foundation

/// Words for one request: the catalogue in the reader's language, dates and problems in words.
public struct Localizer: Sendable {
    /// The reader's language.
    public let language: Language

    /// Creates a localizer.
    public init(_ language: Language) {
        self.language = language
    }

    /// The catalogue's text for `key`.
    public func callAsFunction(_ key: String) -> String { Catalogue.text(key, language) }

    /// The catalogue's text for `key`, with its placeholders filled.
    public func callAsFunction(_ key: String, _ values: [String: String]) -> String { Catalogue.text(key, language, values) }

    /// The whole catalogue, for templates (`{{t.key}}`).
    public var table: [String: String] { Catalogue.table(for: language) }

    /// "lundi 30 novembre" / "Monday 30 November".
    public func day(_ date: LocalDate) -> String {
        let (_, month, day) = date.components
        return self("dayFormat", ["weekday": self("weekday\(date.isoWeekday)"), "day": String(day), "month": self("month\(month)")])
    }

    /// "30 novembre 2026 à 08:55" in `timeZone`.
    public func dateTime(_ instant: Date, in timeZone: TimeZone) -> String {
        let date = LocalDate(containing: instant, in: timeZone)
        let seconds = Int(instant.timeIntervalSince1970.rounded(.down)) + timeZone.secondsFromGMT(for: instant)
        let minutesOfDay = ((seconds % 86_400) + 86_400) % 86_400 / 60
        let time = String(format: "%02d:%02d", minutesOfDay / 60, minutesOfDay % 60)
        let (year, month, day) = date.components
        return self("dateTimeFormat", ["date": "\(day) \(self("month\(month)")) \(year)", "time": time])
    }

    /// A whole number as people write it: "10 000" in French, "10,000" in English.
    public func number(_ value: Int) -> String {
        let digits = String(value.magnitude)
        let separator = language == .fr ? "\u{202F}" : ","
        var groups: [Substring] = []
        var end = digits.endIndex
        while end > digits.startIndex {
            let start = digits.index(end, offsetBy: -3, limitedBy: digits.startIndex) ?? digits.startIndex
            groups.insert(digits[start..<end], at: 0)
            end = start
        }
        return (value < 0 ? "-" : "") + groups.joined(separator: separator)
    }

    /// The role's name.
    public func role(_ role: Role) -> String {
        switch role {
        case .pupil: self("rolePupil")
        case .guardian: self("roleGuardian")
        case .teacher: self("roleTeacher")
        case .staff: self("roleStaff")
        }
    }

    /// A sentence saying what is wrong with a field.
    public func problem(_ problem: FieldIssue.Problem) -> String {
        switch problem {
        case .required: self("problemRequired")
        case .tooLong(let max): self("problemTooLong", ["max": number(max)])
        case .tooShort(let min): self("problemTooShort", ["min": number(min)])
        case .invalidDate: self("problemInvalidDate")
        case .dateOutOfRange: self("problemDateOutOfRange")
        case .dueBeforeSession: self("problemDueBeforeSession")
        case .notInRange(let min, let max): self("problemNotInRange", ["min": number(min), "max": number(max)])
        case .invalidURL: self("problemInvalidURL")
        case .tooMany(let max): self("problemTooMany", ["max": String(max)])
        case .invalidLogin: self("problemInvalidLogin")
        case .loginTaken: self("problemLoginTaken")
        case .subjectNotTaught: self("problemSubjectNotTaught")
        case .nothingWritten: self("problemNothingWritten")
        case .invalidChoice: self("problemInvalidChoice")
        case .invalidTime: self("problemInvalidTime")
        case .dateInPast: self("problemDateInPast")
        case .deadlinePassed: self("problemDeadlinePassed")
        case .nothingToHandIn: self("problemNothingToHandIn")
        case .fileTooLarge(let max): self("problemFileTooLarge", ["max": bytes(max)])
        case .filesTooLarge(let max): self("problemFilesTooLarge", ["max": bytes(max)])
        case .forbiddenFileType: self("problemForbiddenFileType")
        case .emptyFile: self("problemEmptyFile")
        case .notAccepted: self("problemNotAccepted")
        case .infectedFile: self("problemInfectedFile")
        case .wrongCode: self("problemWrongCode")
        case .requiredBySchool: self("problemRequiredBySchool")
        case .endBeforeStart: self("problemEndBeforeStart")
        case .proofNeeded: self("problemProofNeeded")
        case .outsideSchoolDay(let from, let to): self("problemOutsideSchoolDay", ["from": String(from), "to": String(to)])
        case .insecureURL: self("problemInsecureURL")
        case .clash(let other): self("problemClash", ["other": other])
        case .notReachable(let who): self("problemNotReachable", ["who": who])
        case .messagingRestricted: self("problemMessagingRestricted")
        case .writingSuspended: self("problemWritingSuspended")
        case .noReply: self("problemNoReply")
        case .recallTooLate: self("problemRecallTooLate")
        case .tooCommon: self("problemTooCommon")
        case .passwordsDiffer: self("problemPasswordsDiffer")
        case .charterNotAccepted: self("problemCharterNotAccepted")
        }
    }

    /// Field name → sentence, the first problem of each field.
    public func fieldErrors(_ error: ValidationError) -> [String: String] {
        var result: [String: String] = [:]
        for issue in error.issues where result[issue.field] == nil { result[issue.field] = problem(issue.problem) }
        return result
    }

    /// A size for people: "850 ko", "2,5 Mo" / "850 KB", "2.5 MB".
    public func bytes(_ count: Int64) -> String {
        let units = language == .fr ? ["o", "ko", "Mo", "Go"] : ["B", "KB", "MB", "GB"]
        var value = Double(count)
        var unit = 0
        while value >= 1024 && unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        let text = unit == 0 || value >= 10 ? String(Int(value.rounded())) : String(format: "%.1f", value)
        return (language == .fr ? text.replacingOccurrences(of: ".", with: ",") : text) + "\u{a0}" + units[unit]
    }

    /// "09:03" in `timeZone`.
    public func time(_ instant: Date, in timeZone: TimeZone) -> String {
        let minutesOfDay = TimeOfDay.minute(of: instant, in: timeZone)
        return String(format: "%02d:%02d", minutesOfDay / 60, minutesOfDay % 60)
    }
}
