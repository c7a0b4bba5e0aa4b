/// Finds the root element's name at the start of an XML file, past its declaration, comments and doctype.
enum XMLRoot {
    /// The root element's name, or `nil` if `bytes` do not start like an XML document.
    static func name(in bytes: [UInt8]) -> String? {
        var index = bytes.starts(with: CSVEncoding.byteOrderMark) ? 3 : 0
        func skipSpaces() {
            while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        }
        func has(_ text: String) -> Bool {
            bytes[index...].starts(with: Array(text.utf8))
        }
        func skip(past end: String) -> Bool {
            let end = Array(end.utf8)
            while index < bytes.count {
                if bytes[index...].starts(with: end) {
                    index += end.count
                    return true
                }
                index += 1
            }
            return false
        }
        while true {
            skipSpaces()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "<") else { return nil }
            if has("<?") {
                guard skip(past: "?>") else { return nil }
            } else if has("<!--") {
                guard skip(past: "-->") else { return nil }
            } else if has("<!") {
                var depth = 0
                while index < bytes.count {
                    let byte = bytes[index]
                    index += 1
                    if byte == UInt8(ascii: "[") { depth += 1 }
                    if byte == UInt8(ascii: "]") { depth -= 1 }
                    if byte == UInt8(ascii: ">"), depth <= 0 { break }
                }
            } else {
                index += 1
                let start = index
                while index < bytes.count, ![0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: ">"), UInt8(ascii: "/")].contains(bytes[index]) {
                    index += 1
                }
                guard index > start, index < bytes.count else { return nil }
                return String(decoding: bytes[start..<index], as: UTF8.self)
            }
        }
    }
}
