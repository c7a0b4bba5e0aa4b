import CartableCore
import Foundation

/// Reading a CSV export: its header first, then each record, the same way for pupils, guardians and teachers.
struct CSVExport {
    /// The file problems are reported against.
    let source: SchoolRecords.Source
    /// The records being filled.
    var records = SchoolRecords()
    /// The line of the header, once read.
    private(set) var headerLine = 0
    private var structureCodes: Set<String> = []

    /// An empty reading for `source`.
    init(source: SchoolRecords.Source) {
        self.source = source
    }

    /// Notes a problem.
    mutating func problem(_ line: Int, _ kind: SchoolRecords.LineProblem.Kind) {
        records.problems.append(.init(source: source, line: line, kind: kind))
    }

    /// Reads the header of `reader`'s file and matches it against `roles`: the columns, or `nil` (and a problem) when
    /// the file has none of the `required` columns (not this kind of file), misses one of them, or is empty.
    /// `required` lists the columns a file must have; a list inside it is a choice (any of them, all of the inner ones).
    mutating func header(
        _ reader: CSVRecordReader, roles: [CSVRole], required: [[CSVRole]], expected: String
    ) throws -> CSVColumns? {
        var headerRecord: CSVRecord?
        while let record = try reader.next() {
            if !record.isBlank {
                headerRecord = record
                break
            }
        }
        guard let headerRecord else {
            problem(0, .notThisKindOfFile(expected: expected))
            return nil
        }
        headerLine = headerRecord.line
        let columns = CSVColumns(header: headerRecord.fields, roles: roles)
        guard required.joined().contains(where: columns.has) else {
            problem(headerRecord.line, .notThisKindOfFile(expected: expected))
            return nil
        }
        var isComplete = true
        for choice in required where !choice.allSatisfy(columns.has) {
            problem(headerRecord.line, .missingField(choice.first(where: { !columns.has($0) })?.header ?? ""))
            isComplete = false
        }
        return isComplete ? columns : nil
    }

    /// Checks a value of a record: present when `isRequired`, at most ``ImportText/maximumLength`` characters.
    /// Answers whether it is fine.
    mutating func check(_ value: String, _ role: CSVRole, line: Int, isRequired: Bool = true) -> Bool {
        if value.isEmpty, isRequired {
            problem(line, .missingField(role.header))
            return false
        }
        if ImportText.isTooLong(value) {
            problem(line, .badValue(field: role.header, value: ImportText.shown(value)))
            return false
        }
        return true
    }

    /// Reads a date column: `nil` when empty, a problem when it is not a date. Answers the date and whether it is fine.
    mutating func date(_ value: String, line: Int) -> (LocalDate?, Bool) {
        guard !value.isEmpty else { return (nil, true) }
        guard let date = ImportText.date(value) else {
            problem(line, .badDate(ImportText.shown(value)))
            return (nil, false)
        }
        return (date, true)
    }

    /// Names a division or group the file mentions, once.
    mutating func addStructure(_ code: String, _ kind: SchoolClass.Kind) {
        guard structureCodes.insert(code).inserted else { return }
        records.structures.append(.init(code: code, kind: kind))
    }

    /// The key of a record without an id: `csv:` and the folded names, then `extra` (an e-mail, a birth date).
    static func key(lastName: String, firstName: String, extra: String) -> String {
        "csv:" + TextRules.folded(lastName) + "|" + TextRules.folded(firstName) + "|" + extra
    }
}
