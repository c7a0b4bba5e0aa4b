import Foundation

/// One record of a CSV: its fields, and the physical line it starts on (1-based) for messages.
struct CSVRecord: Sendable, Equatable {
    /// The line of the record's first character.
    var line: Int
    /// The fields, unquoted and decoded.
    var fields: [String]

    /// Whether every field is blank (an empty line, or one of only separators, as spreadsheets write).
    var isBlank: Bool { fields.allSatisfy { $0.allSatisfy(\.isWhitespace) } }
}

/// Reads a CSV record by record from chunks of bytes (64 KB from a file), never holding more than a chunk and a record.
///
/// Fields are separated by `;`, or by `,` when the header has no `;`; RFC 4180 quoting: a quoted field may hold the
/// separator, newlines and `""` for a quote. A byte order mark is skipped. Line breaks may be LF, CR LF or CR.
final class CSVRecordReader {
    /// The size of a chunk read from a file.
    static let chunkSize = 65_536
    /// The most bytes kept for one field (a quote never closed would otherwise swallow the whole file).
    static let maximumField = 65_536

    private let nextChunk: () throws -> [UInt8]?
    private let encoding: CSVEncoding
    /// The separator: `;` or `,`.
    let separator: UInt8
    private var buffer: [UInt8]
    private var index = 0
    private var line = 1
    private var isAtEnd = false

    private static let quote = UInt8(ascii: "\"")
    private static let cr = UInt8(ascii: "\r")
    private static let lf = UInt8(ascii: "\n")

    /// A reader of the chunks `nextChunk` gives (`nil` at the end), in `encoding`.
    init(encoding: CSVEncoding, nextChunk: @escaping () throws -> [UInt8]?) throws {
        self.nextChunk = nextChunk
        self.encoding = encoding
        buffer = try nextChunk() ?? []
        if buffer.starts(with: CSVEncoding.byteOrderMark) { index = 3 }
        separator = Self.separator(in: buffer[index...])
    }

    /// Reads the file at `url`, after a first pass that decides its encoding.
    convenience init(url: URL) throws {
        let encoding = try Self.encoding(of: url)
        let chunks = try FileChunks(url: url, size: Self.chunkSize)
        try self.init(encoding: encoding, nextChunk: chunks.next)
    }

    /// Reads `bytes` (the start of a file, for ``ExportReader/kind(of:)``).
    convenience init(bytes: [UInt8]) throws {
        var validation = UTF8Validation()
        validation.feed(bytes)
        var given = false
        try self.init(encoding: validation.isValid ? .utf8 : .windows1252) {
            defer { given = true }
            return given ? nil : bytes
        }
    }

    /// The file's encoding: UTF-8 if it has a byte order mark or every byte fits UTF-8, else Windows-1252.
    /// Reads the file once in chunks, stopping at the first byte that does not fit.
    static func encoding(of url: URL) throws -> CSVEncoding {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        var validation = UTF8Validation()
        var isFirst = true
        while let data = try handle.read(upToCount: chunkSize), !data.isEmpty {
            if isFirst, data.starts(with: CSVEncoding.byteOrderMark) { return .utf8 }
            isFirst = false
            validation.feed(data)
            if !validation.isValid { return .windows1252 }
        }
        return validation.isComplete ? .utf8 : .windows1252
    }

    /// `;` if the first line has one outside quotes, else `,` if it has one, else `;`.
    private static func separator(in bytes: ArraySlice<UInt8>) -> UInt8 {
        var inQuotes = false
        var hasComma = false
        for byte in bytes {
            switch byte {
            case quote: inQuotes.toggle()
            case UInt8(ascii: ";") where !inQuotes: return byte
            case UInt8(ascii: ","): if !inQuotes { hasComma = true }
            case cr, lf: if !inQuotes { return hasComma ? UInt8(ascii: ",") : UInt8(ascii: ";") }
            default: break
            }
        }
        return hasComma ? UInt8(ascii: ",") : UInt8(ascii: ";")
    }

    private func nextByte() throws -> UInt8? {
        if index >= buffer.count {
            guard try refill() else { return nil }
        }
        defer { index += 1 }
        return buffer[index]
    }

    private func peekByte() throws -> UInt8? {
        if index >= buffer.count {
            guard try refill() else { return nil }
        }
        return buffer[index]
    }

    private func refill() throws -> Bool {
        guard !isAtEnd else { return false }
        while true {
            guard let chunk = try nextChunk() else {
                isAtEnd = true
                buffer = []
                index = 0
                return false
            }
            if !chunk.isEmpty {
                buffer = chunk
                index = 0
                return true
            }
        }
    }

    /// The next record, `nil` at the end of the file. Blank records are returned too (the parsers skip them).
    func next() throws -> CSVRecord? {
        let startLine = line
        var fields: [String] = []
        var field: [UInt8] = []
        var isQuoted = false
        var inQuotes = false
        var afterQuote = false
        var sawAnything = false
        func append(_ byte: UInt8) {
            if field.count < Self.maximumField { field.append(byte) }
        }
        func endField() {
            fields.append(encoding.decode(field))
            field.removeAll(keepingCapacity: true)
            isQuoted = false
        }
        while let byte = try nextByte() {
            sawAnything = true
            if inQuotes {
                if afterQuote {
                    afterQuote = false
                    if byte == Self.quote {
                        append(byte)
                        continue
                    }
                    inQuotes = false
                } else {
                    switch byte {
                    case Self.quote:
                        afterQuote = true
                    case Self.cr:
                        append(Self.lf)
                        line += 1
                        if try peekByte() == Self.lf { index += 1 }
                    case Self.lf:
                        append(Self.lf)
                        line += 1
                    default:
                        append(byte)
                    }
                    continue
                }
            }
            switch byte {
            case Self.quote where field.isEmpty && !isQuoted:
                inQuotes = true
                isQuoted = true
            case separator:
                endField()
            case Self.cr, Self.lf:
                if byte == Self.cr, try peekByte() == Self.lf { index += 1 }
                line += 1
                endField()
                return CSVRecord(line: startLine, fields: fields)
            default:
                append(byte)
            }
        }
        guard sawAnything else { return nil }
        endField()
        return CSVRecord(line: startLine, fields: fields)
    }
}

/// A file read in chunks of `size` bytes, closed when done with.
final class FileChunks {
    private let handle: FileHandle
    private let size: Int
    private var isClosed = false

    /// Opens the file at `url`; throws if it cannot be read.
    init(url: URL, size: Int) throws {
        handle = try FileHandle(forReadingFrom: url)
        self.size = size
    }

    /// The next chunk, `nil` at the end of the file.
    func next() throws -> [UInt8]? {
        guard !isClosed else { return nil }
        guard let data = try handle.read(upToCount: size), !data.isEmpty else {
            close()
            return nil
        }
        return [UInt8](data)
    }

    private func close() {
        guard !isClosed else { return }
        isClosed = true
        try? handle.close()
    }

    deinit { close() }
}
