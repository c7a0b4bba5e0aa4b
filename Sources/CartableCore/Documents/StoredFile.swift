import Foundation

/// A file kept in the blob store: its content's digest is its key, so equal files are stored once.
public struct StoredFile: Hashable, Sendable, Codable {
    /// The SHA-256 of the content, in lowercase hex: where the bytes are.
    public var key: String
    /// The name the person gave it (cleaned), for display and download.
    public var name: String
    /// The type found from the content.
    public var kind: FileKind
    /// Its size in bytes.
    public var size: Int64

    /// Creates a stored file.
    public init(key: String, name: String, kind: FileKind, size: Int64) {
        self.key = key
        self.name = name
        self.kind = kind
        self.size = size
    }

    /// Whether `text` is a well-formed key (64 lowercase hex digits), before it is used as a path.
    public static func isValidKey(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }

    /// A file name safe to show and to send in `Content-Disposition`: no path, no control characters, 1–120 characters.
    public static func cleanName(_ raw: String?, kind: FileKind) -> String {
        var name = TextRules.clean(raw)
        if let slash = name.lastIndex(where: { $0 == "/" || $0 == "\\" }) { name = String(name[name.index(after: slash)...]) }
        name = String(name.filter { $0 != "\"" }.prefix(120)).trimmingWhitespace()
        while name.hasPrefix(".") { name.removeFirst() }
        if name.isEmpty { name = "fichier" }
        if !name.lowercased().hasSuffix("." + kind.fileExtension) && !kind.otherExtensions.contains(where: { name.lowercased().hasSuffix("." + $0) })
        {
            name += "." + kind.fileExtension
        }
        return name
    }
}

/// The kinds of file Cartable keeps, told apart by their first bytes (never by their name).
///
/// Anything else (programs, web pages, scripts, SVG images that can carry script) is refused.
public enum FileKind: String, Sendable, Hashable, Codable, CaseIterable {
    case pdf, png, jpeg, gif, webp, heic, text, mp3, mp4, m4a, ogg, wav
    case zip, docx, xlsx, pptx, odt, ods, odp

    /// The `Content-Type` to serve it with.
    public var contentType: String {
        switch self {
        case .pdf: "application/pdf"
        case .png: "image/png"
        case .jpeg: "image/jpeg"
        case .gif: "image/gif"
        case .webp: "image/webp"
        case .heic: "image/heic"
        case .text: "text/plain; charset=utf-8"
        case .mp3: "audio/mpeg"
        case .mp4: "video/mp4"
        case .m4a: "audio/mp4"
        case .ogg: "audio/ogg"
        case .wav: "audio/wav"
        case .zip: "application/zip"
        case .docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        case .xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        case .pptx: "application/vnd.openxmlformats-officedocument.presentationml.presentation"
        case .odt: "application/vnd.oasis.opendocument.text"
        case .ods: "application/vnd.oasis.opendocument.spreadsheet"
        case .odp: "application/vnd.oasis.opendocument.presentation"
        }
    }

    /// The usual extension.
    public var fileExtension: String {
        switch self {
        case .jpeg: "jpg"
        case .text: "txt"
        default: rawValue
        }
    }

    /// Other extensions people use for it.
    var otherExtensions: [String] {
        switch self {
        case .jpeg: ["jpeg", "jpe"]
        case .heic: ["heif"]
        case .text: ["md", "csv"]
        case .mp4: ["m4v"]
        case .ogg: ["oga", "opus"]
        default: []
        }
    }

    /// Whether browsers may show it in the page (PDF, images, plain text) rather than download it.
    public var opensInBrowser: Bool {
        switch self {
        case .pdf, .png, .jpeg, .gif, .webp, .text: true
        default: false
        }
    }

    /// How many leading bytes ``sniff(_:name:)`` needs.
    public static let sniffLength = 512

    /// The kind of a file from its first bytes (at least ``sniffLength`` of them, or the whole file if
    /// shorter); `name` only tells apart the office formats, which are all zip archives. `nil`: refused.
    public static func sniff(_ head: [UInt8], name: String) -> FileKind? {
        func starts(_ bytes: [UInt8], at offset: Int = 0) -> Bool {
            head.count >= offset + bytes.count && Array(head[offset..<offset + bytes.count]) == bytes
        }
        func ascii(_ text: String, at offset: Int = 0) -> Bool { starts(Array(text.utf8), at: offset) }
        if ascii("%PDF-") { return .pdf }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if starts([0xFF, 0xD8, 0xFF]) { return .jpeg }
        if ascii("GIF87a") || ascii("GIF89a") { return .gif }
        if ascii("RIFF") && ascii("WEBP", at: 8) { return .webp }
        if ascii("RIFF") && ascii("WAVE", at: 8) { return .wav }
        if ascii("OggS") { return .ogg }
        if ascii("ID3") || starts([0xFF, 0xFB]) || starts([0xFF, 0xF3]) || starts([0xFF, 0xF2]) { return .mp3 }
        if ascii("ftyp", at: 4) {
            let brand = head.count >= 12 ? String(decoding: head[8..<12], as: UTF8.self) : ""
            switch brand {
            case "heic", "heix", "hevc", "heim", "heis", "mif1", "msf1": return .heic
            case "M4A ": return .m4a
            default: return .mp4
            }
        }
        if starts([0x50, 0x4B, 0x03, 0x04]) {
            let lower = name.lowercased()
            for kind in [FileKind.docx, .xlsx, .pptx, .odt, .ods, .odp] where lower.hasSuffix("." + kind.rawValue) { return kind }
            return .zip
        }
        return isPlainText(head) ? .text : nil
    }

    /// Text with no NUL, no other control characters than tab and line breaks, valid UTF-8 (a cut
    /// last character is allowed), and not markup a browser would run.
    static func isPlainText(_ head: [UInt8]) -> Bool {
        guard !head.isEmpty else { return false }
        for byte in head where byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D && byte != 0x0C { return false }
        var bytes = head[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        // Allow a UTF-8 sequence cut at the end of the sniffed prefix.
        var valid = false
        for cut in 0...3 where bytes.count >= cut {
            if String(validating: bytes.dropLast(cut), as: UTF8.self) != nil {
                valid = true
                break
            }
        }
        guard valid else { return false }
        let start = String(decoding: bytes.prefix(256), as: UTF8.self).trimmingWhitespace().lowercased()
        let markup = ["<!doctype", "<html", "<script", "<svg", "<?xml", "<head", "<body", "<iframe", "<!--"]
        return !markup.contains { start.hasPrefix($0) }
    }
}
