import Foundation

/// The text encoding of a CSV: UTF-8 (with or without a byte order mark), else Windows-1252, what Excel writes in France.
enum CSVEncoding: Sendable, Equatable {
    /// UTF-8.
    case utf8
    /// Windows-1252 (Latin-1 with curly quotes, `€` and `œ` in 0x80–0x9F).
    case windows1252

    /// The UTF-8 byte order mark.
    static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// `bytes` as text.
    func decode(_ bytes: [UInt8]) -> String {
        switch self {
        case .utf8:
            return String(decoding: bytes, as: UTF8.self)
        case .windows1252:
            if !bytes.contains(where: { $0 >= 0x80 }) { return String(decoding: bytes, as: UTF8.self) }
            var scalars = String.UnicodeScalarView()
            for byte in bytes {
                if (0x80...0x9F).contains(byte) {
                    scalars.append(Unicode.Scalar(Self.windows1252High[Int(byte - 0x80)]) ?? "\u{FFFD}")
                } else {
                    scalars.append(Unicode.Scalar(byte))
                }
            }
            return String(scalars)
        }
    }

    /// Windows-1252's characters for 0x80–0x9F; the five bytes it leaves undefined stay the C1 controls Latin-1 has there.
    private static let windows1252High: [UInt32] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ]
}

/// Checks that bytes given in chunks are UTF-8, a sequence cut between two chunks included.
struct UTF8Validation {
    /// Continuation bytes still expected.
    private var expected = 0
    /// Whether every byte so far fits.
    private(set) var isValid = true

    /// Checks the next bytes.
    mutating func feed(_ bytes: some Sequence<UInt8>) {
        guard isValid else { return }
        for byte in bytes {
            if expected > 0 {
                guard byte & 0xC0 == 0x80 else {
                    isValid = false
                    return
                }
                expected -= 1
                continue
            }
            switch byte {
            case 0x00...0x7F: continue
            case 0xC2...0xDF: expected = 1
            case 0xE0...0xEF: expected = 2
            case 0xF0...0xF4: expected = 3
            default:
                isValid = false
                return
            }
        }
    }

    /// Whether the bytes were UTF-8 and did not end inside a sequence.
    var isComplete: Bool { isValid && expected == 0 }
}
