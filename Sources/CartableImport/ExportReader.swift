import CartableCore
import Foundation
import ZIPFoundation

/// Reads the files a school exports from SIECLE and STS-web, or CSV files, into ``SchoolRecords``.
///
/// Every reading streams: XML through Foundation's SAX `XMLParser(stream:)`, CSV in 64 KB chunks, a zip's entry
/// extracted to a temporary file chunk by chunk. No file is ever held whole in memory.
public enum ExportReader {
    /// How many bytes of a file ``kind(of:)`` looks at.
    static let sniffedBytes = 65_536

    /// Sniffs a file: an XML by its root element (`BEE_ELEVES`, `BEE_RESPONSABLES`, `BEE_NOMENCLATURES`, `STS_EDT`);
    /// a `.zip` (found by its `PK\u{03}\u{04}` signature) by the one file it holds; a CSV by its header row: a guardians
    /// CSV has a child column (child id or child name), a teachers CSV a subject column (`Matière`, `Matières`,
    /// `Discipline`), and any other with a name column is of pupils. `nil` if the file is none of these.
    /// Throws only when the file cannot be read.
    public static func kind(of url: URL) throws -> ExportKind? {
        var head = try start(of: url, count: sniffedBytes)
        if ZippedExport.isZip(head) {
            guard let inner = ZippedExport.start(ofEntryIn: url, count: sniffedBytes) else { return nil }
            head = inner
        }
        if let root = XMLRoot.name(in: head) { return ExportKind(rootElement: root) }
        return try csvKind(ofHeaderIn: head)
    }

    /// Reads one file of a known kind.
    ///
    /// `expectedUAI` is the school's UAI: an XML whose `PARAMETRES/UAJ` (or STS-web's `UAJ`) differs gives an
    /// ``SchoolRecords/LineProblem/Kind/otherSchool(found:expected:)`` problem and no records (only ``SchoolRecords/uai``,
    /// the UAI found). An empty `expectedUAI` checks nothing. An XML without a `UAJ` gives a `missingField("UAJ")` problem.
    /// Never throws for bad content, whose problems go in ``SchoolRecords/problems`` (a file that is not of `kind`, is not
    /// well formed or is an unreadable zip gives one problem on line 0 and no records); throws only for I/O errors
    /// (a missing file).
    public static func read(_ url: URL, as kind: ExportKind, expectedUAI: String) throws -> SchoolRecords {
        let head = try start(of: url, count: 4)
        guard ZippedExport.isZip(head) else { return try readPlain(url, as: kind, expectedUAI: expectedUAI) }
        switch ZippedExport.extractEntry(of: url) {
        case .success(let extracted):
            defer { try? FileManager.default.removeItem(at: extracted) }
            return try readPlain(extracted, as: kind, expectedUAI: expectedUAI)
        case .failure(let failure):
            var records = SchoolRecords()
            records.problems.append(.init(source: kind.source, line: 0, kind: .unreadable(detail: failure.detail)))
            return records
        }
    }

    /// Reads a file that is not a zip.
    private static func readPlain(_ url: URL, as kind: ExportKind, expectedUAI: String) throws -> SchoolRecords {
        switch kind {
        case .sieclePupils:
            return XMLExport.read(url, kind: kind, handler: SIECLEPupilsParser(expectedUAI: expectedUAI))
        case .siecleGuardians:
            return XMLExport.read(url, kind: kind, handler: SIECLEGuardiansParser(expectedUAI: expectedUAI))
        case .nomenclature:
            return XMLExport.read(url, kind: kind, handler: NomenclatureParser(expectedUAI: expectedUAI))
        case .sts:
            return XMLExport.read(url, kind: kind, handler: STSParser(expectedUAI: expectedUAI))
        case .csvPupils:
            return try CSVPupilsParser.read(CSVRecordReader(url: url))
        case .csvGuardians:
            return try CSVGuardiansParser.read(CSVRecordReader(url: url))
        case .csvTeachers:
            return try CSVTeachersParser.read(CSVRecordReader(url: url))
        }
    }

    /// The first `count` bytes of the file (fewer if it is shorter); throws if it cannot be opened.
    static func start(of url: URL, count: Int) throws -> [UInt8] {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        var bytes: [UInt8] = []
        while bytes.count < count, let data = try handle.read(upToCount: count - bytes.count), !data.isEmpty {
            bytes += data
        }
        return bytes
    }

    /// The kind of CSV whose header is the first record of `bytes`, or `nil` if the header names no known column.
    private static func csvKind(ofHeaderIn bytes: [UInt8]) throws -> ExportKind? {
        guard !bytes.contains(0) else { return nil }
        let reader = try CSVRecordReader(bytes: bytes)
        while let record = try reader.next() {
            guard !record.isBlank else { continue }
            let columns = CSVColumns(header: record.fields, roles: CSVRole.allCases)
            if [.childID, .childLastName, .childFirstName, .childDivision].contains(where: columns.has) { return .csvGuardians }
            if columns.has(.subject) { return .csvTeachers }
            if columns.has(.lastName) || columns.has(.firstName) { return .csvPupils }
            return nil
        }
        return nil
    }
}
