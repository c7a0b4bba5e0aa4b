import CartableCore
import Foundation

/// One import's files read together: each one's kind found from its content, all of them read into one
/// ``SchoolRecords``, and the ``ImportScope`` they speak for. Used by the import page and `cartable import`.
public struct ImportFiles: Sendable {
    /// A file of the import.
    public struct File: Sendable {
        /// Where it is.
        public var url: URL
        /// The name the person gave it (the upload's name).
        public var name: String
        /// Its kind, `nil` when it is none of those Cartable reads.
        public var kind: ExportKind?
    }

    /// The files, in the order given.
    public var files: [File]
    /// What they say, together.
    public var records: SchoolRecords
    /// Which kinds of people they speak for.
    public var scope: ImportScope

    /// Reads `files` (url and display name) for the school `uai`. A file of an unknown kind is a problem of its own;
    /// two files of the same kind too (which one would be right?).
    public static func read(_ files: [(url: URL, name: String)], expectedUAI: String) throws -> ImportFiles {
        var records = SchoolRecords()
        var scope: ImportScope = []
        var read: [File] = []
        var seen: Set<ExportKind> = []
        // The nomenclature first, so that subjects are named whatever the order of the upload.
        let kinds = try files.map { try ExportReader.kind(of: $0.url) }
        let order = files.indices.sorted { (kinds[$0] == .nomenclature ? 0 : 1) < (kinds[$1] == .nomenclature ? 0 : 1) }
        for index in order {
            let file = files[index]
            let kind = kinds[index]
            read.append(File(url: file.url, name: file.name, kind: kind))
            guard let kind else {
                records.problems.append(.init(source: .sieclePupils, line: 0, kind: .notThisKindOfFile(expected: file.name)))
                continue
            }
            guard seen.insert(kind).inserted else {
                records.problems.append(.init(source: kind.source, line: 0, kind: .duplicateID(file.name)))
                continue
            }
            var one = try ExportReader.read(file.url, as: kind, expectedUAI: expectedUAI)
            if kind != .nomenclature, !records.subjects.isEmpty {
                // Subjects the STS-web file left as codes take their nomenclature names.
                one.teachings = one.teachings.map { teaching in
                    var named = teaching
                    if let name = records.subjects[teaching.subject] { named.subject = name }
                    return named
                }
            }
            records.merge(one)
            switch kind {
            case .sieclePupils, .csvPupils: scope.insert(.pupils)
            case .siecleGuardians, .csvGuardians: scope.insert(.guardians)
            case .sts, .csvTeachers: scope.insert(.teachers)
            case .nomenclature: break
            }
        }
        return ImportFiles(files: read.sorted { a, b in
            (files.firstIndex { $0.url == a.url } ?? 0) < (files.firstIndex { $0.url == b.url } ?? 0)
        }, records: records, scope: scope)
    }
}
