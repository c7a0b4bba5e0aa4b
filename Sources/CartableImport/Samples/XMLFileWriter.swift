import Foundation

/// Writes an XML file in chunks, in ISO-8859-15 or ISO-8859-1 as SIECLE and STS-web do, so that a large export never
/// sits whole in memory. Characters the encoding lacks are written as character references (`&#8217;`).
final class XMLFileWriter {
    /// The single-byte encodings the exports use.
    enum Encoding: String {
        /// Latin-9, SIECLE's: Latin-1 with `€`, `Œ`, `œ`, `Š`, `š`, `Ž`, `ž`, `Ÿ` in eight of its places.
        case latin9 = "ISO-8859-15"
        /// Latin-1, STS-web's.
        case latin1 = "ISO-8859-1"
    }

    /// The bytes kept before they are written to the file.
    static let chunkSize = 65_536

    private static let latin9Extra: [UInt32: UInt8] = [
        0x20AC: 0xA4, 0x0160: 0xA6, 0x0161: 0xA8, 0x017D: 0xB4, 0x017E: 0xB8, 0x0152: 0xBC, 0x0153: 0xBD, 0x0178: 0xBE,
    ]
    private static let latin9Replaced: Set<UInt32> = [0xA4, 0xA6, 0xA8, 0xB4, 0xB8, 0xBC, 0xBD, 0xBE]

    private let handle: FileHandle
    private let encoding: Encoding
    private var buffer: [UInt8] = []

    /// Creates (or empties) the file at `url` and writes the XML declaration.
    init(url: URL, encoding: Encoding) throws {
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: url.path])
        }
        handle = try FileHandle(forWritingTo: url)
        self.encoding = encoding
        buffer.reserveCapacity(Self.chunkSize + 4_096)
        raw("<?xml version=\"1.0\" encoding=\"\(encoding.rawValue)\"?>\n")
    }

    /// Writes `text` as it is (markup in ASCII).
    func raw(_ text: String) {
        buffer.append(contentsOf: text.utf8)
    }

    /// Writes `text` escaped for an element's content or an attribute's value.
    func text(_ text: String) {
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": raw("&amp;")
            case "<": raw("&lt;")
            case ">": raw("&gt;")
            case "\"": raw("&quot;")
            default: append(scalar)
            }
        }
    }

    private func append(_ scalar: Unicode.Scalar) {
        let value = scalar.value
        if value < 0x80 {
            buffer.append(UInt8(value))
        } else if encoding == .latin9, let byte = Self.latin9Extra[value] {
            buffer.append(byte)
        } else if value <= 0xFF, encoding == .latin1 || !Self.latin9Replaced.contains(value) {
            buffer.append(UInt8(value))
        } else {
            raw("&#\(value);")
        }
    }

    /// Opens an element, with its attributes in the order given.
    func open(_ name: String, _ attributes: KeyValuePairs<String, String> = [:]) {
        raw("<" + name)
        for (key, value) in attributes {
            raw(" " + key + "=\"")
            text(value)
            raw("\"")
        }
        raw(">")
    }

    /// Closes an element and ends the line; writes the buffer out when it is full.
    func close(_ name: String) throws {
        raw("</" + name + ">\n")
        if buffer.count >= Self.chunkSize { try flush() }
    }

    /// An element with only text (nothing when `value` is `nil`).
    func element(_ name: String, _ value: String?) {
        guard let value else { return }
        raw("<" + name + ">")
        text(value)
        raw("</" + name + ">")
    }

    /// An empty element with attributes.
    func empty(_ name: String, _ attributes: KeyValuePairs<String, String>) {
        open(name, attributes)
        buffer.removeLast()
        raw("/>")
    }

    private func flush() throws {
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes what is left and closes the file.
    func finish() throws {
        try flush()
        try handle.close()
    }
}
