import CartableCore
import Foundation

/// A parser of one kind of XML export: it reads the file's elements, and makes the records when the file is read.
protocol XMLExportHandler: XMLRecordHandler {
    /// The school the file says it is for, checked against the expected one as soon as it is read.
    var school: SchoolCheck { get }
    /// The records, once the whole file has been read.
    func finish() -> SchoolRecords
}

/// The check that a file is the expected school's: `PARAMETRES/UAJ` against the UAI the import is for.
struct SchoolCheck {
    /// The school's UAI; empty checks nothing (a preview of a file, the sample exports).
    let expectedUAI: String
    /// The UAI the file gave.
    private(set) var foundUAI: String?

    /// A check against `expectedUAI`.
    init(expectedUAI: String) {
        self.expectedUAI = expectedUAI.trimmingWhitespace()
    }

    /// Notes the file's UAI; answers whether the file may be read on (`false` for another school's file).
    mutating func note(_ uai: String) -> Bool {
        guard foundUAI == nil else { return true }
        foundUAI = uai
        return isExpected
    }

    /// Whether the file's UAI, if it gave one, is the expected school's (UAIs compared without case).
    var isExpected: Bool {
        guard let foundUAI, !expectedUAI.isEmpty else { return true }
        return foundUAI.uppercased() == expectedUAI.uppercased()
    }
}

/// Reading an XML export into records, the same way for every kind.
enum XMLExport {
    /// Reads `url` with `handler`, a parser of `kind`: the handler's records, or a file-wide problem and no records
    /// when the file is not of this kind, not well formed, or another school's.
    static func read(_ url: URL, kind: ExportKind, handler: some XMLExportHandler) -> SchoolRecords {
        let root = kind.rootElement ?? ""
        let outcome = XMLEventReader.read(url, expectedRoot: root, handler: handler)
        var records = SchoolRecords()
        func problem(_ problemKind: SchoolRecords.LineProblem.Kind) {
            records.problems.append(.init(source: kind.source, line: 0, kind: problemKind))
        }
        switch outcome {
        case .finished:
            records = handler.finish()
            if !handler.school.isExpected, let found = handler.school.foundUAI {
                records = SchoolRecords()
                records.uai = found
                problem(.otherSchool(found: found, expected: handler.school.expectedUAI))
            } else if handler.school.foundUAI == nil, !handler.school.expectedUAI.isEmpty {
                problem(.missingField("UAJ"))
            }
        case .otherRoot:
            problem(.notThisKindOfFile(expected: root))
        case .stopped:
            let found = handler.school.foundUAI ?? ""
            records.uai = found
            problem(.otherSchool(found: found, expected: handler.school.expectedUAI))
        case .failed(let detail):
            problem(.unreadable(detail: detail))
        }
        return records
    }
}

/// The fields of one XML record (an `ELEVE`, a `PERSONNE`…), by element name, kept while the record is read.
struct XMLFields {
    private var values: [String: String] = [:]

    /// The field's text, empty when the record does not have it.
    subscript(_ name: String) -> String {
        get { values[name] ?? "" }
        set { values[name] = newValue }
    }

    /// Whether the record has the element at all (an empty one counts).
    func has(_ name: String) -> Bool { values[name] != nil }

    /// The field cleaned (see ``ImportText/cleaned(_:)``).
    func cleaned(_ name: String) -> String { ImportText.cleaned(self[name]) }

    /// Forgets every field, for the next record.
    mutating func removeAll() { values.removeAll(keepingCapacity: true) }
}
