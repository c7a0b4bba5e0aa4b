/// A QR code (ISO/IEC 18004) for a short text, such as the `otpauth://` link of a two-step sign-in, so
/// that a phone's authenticator app can read it from the screen.
///
/// Byte mode only, versions 1 to 10 (57 × 57 modules at most), error correction level M (15 %) when the
/// text fits, else L (7 %): up to 271 bytes. Written here because it is small and needs no system
/// package (the first README command must keep working on a fresh machine); checked against the
/// standard's worked example and by decoding with zbar (`QRCodeTests`).
public struct QRCode: Sendable, Equatable {
    /// How much of the code may be damaged and still read.
    public enum Level: Sendable, Equatable {
        case low, medium

        /// The two bits the format information uses for it.
        var formatBits: Int { self == .low ? 1 : 0 }
    }

    /// The version (1–10): the size is `17 + 4 × version` modules.
    public let version: Int
    public let level: Level
    /// The mask pattern chosen (0–7).
    public let mask: Int
    /// Modules per side.
    public var size: Int { 17 + 4 * version }
    /// Row by row, `true` for a dark module.
    public let modules: [[Bool]]

    /// The code for `text`, or `nil` if it is too long (more than 271 bytes of UTF-8).
    public init?(_ text: String) {
        self.init(bytes: Array(text.utf8))
    }

    /// The code for `bytes`; `mask` forces a mask pattern (else the one with the lowest penalty).
    public init?(bytes: [UInt8], mask forcedMask: Int? = nil) {
        guard let (version, level) = Self.smallestFit(for: bytes.count) else { return nil }
        let codewords = Self.codewords(for: bytes, version: version, level: level)
        var matrix = Matrix(version: version)
        matrix.drawFunctionPatterns()
        matrix.drawCodewords(codewords)
        var best: (mask: Int, penalty: Int, modules: [[Bool]])?
        for mask in forcedMask.map({ [$0] }) ?? Array(0..<8) {
            var candidate = matrix
            candidate.applyMask(mask)
            candidate.drawFormatBits(level: level, mask: mask)
            let penalty = candidate.penalty()
            if best == nil || penalty < best!.penalty { best = (mask, penalty, candidate.modules) }
        }
        self.version = version
        self.level = level
        self.mask = best!.mask
        self.modules = best!.modules
    }

    // MARK: Capacity

    /// For each version 1–10 and level: (blocks of the first group, data codewords in each, blocks of
    /// the second group (one codeword longer), error correction codewords per block). ISO/IEC 18004, table 9.
    static let blocks: [Level: [(Int, Int, Int, Int)]] = [
        .medium: [
            (1, 16, 0, 10), (1, 28, 0, 16), (1, 44, 0, 26), (2, 32, 0, 18), (2, 43, 0, 24),
            (4, 27, 0, 16), (4, 31, 0, 18), (2, 38, 2, 22), (3, 36, 2, 22), (4, 43, 1, 26),
        ],
        .low: [
            (1, 19, 0, 7), (1, 34, 0, 10), (1, 55, 0, 15), (1, 80, 0, 20), (1, 108, 0, 26),
            (2, 68, 0, 18), (2, 78, 0, 20), (2, 97, 0, 24), (2, 116, 0, 30), (2, 68, 2, 18),
        ],
    ]

    /// Data codewords of a version at a level.
    static func dataCodewords(version: Int, level: Level) -> Int {
        let (count1, length1, count2, _) = blocks[level]![version - 1]
        return count1 * length1 + count2 * (length1 + 1)
    }

    /// Bits of the byte count: 8 up to version 9, 16 from 10.
    static func countBits(version: Int) -> Int { version < 10 ? 8 : 16 }

    /// The smallest version that holds `count` bytes, at level M if possible.
    static func smallestFit(for count: Int) -> (Int, Level)? {
        for level in [Level.medium, .low] {
            for version in 1...10 where 4 + countBits(version: version) + 8 * count <= dataCodewords(version: version, level: level) * 8 {
                return (version, level)
            }
        }
        return nil
    }

    // MARK: Codewords

    /// The data (mode, count, bytes, terminator, padding) split in blocks, each followed by its error
    /// correction, interleaved as the standard says.
    static func codewords(for bytes: [UInt8], version: Int, level: Level) -> [UInt8] {
        var bits = BitBuffer()
        bits.append(0b0100, count: 4)
        bits.append(bytes.count, count: countBits(version: version))
        for byte in bytes { bits.append(Int(byte), count: 8) }
        let capacity = dataCodewords(version: version, level: level) * 8
        bits.append(0, count: min(4, capacity - bits.count))
        bits.append(0, count: (8 - bits.count % 8) % 8)
        var data = bits.bytes
        var pad: UInt8 = 0xEC
        while data.count < capacity / 8 {
            data.append(pad)
            pad = pad == 0xEC ? 0x11 : 0xEC
        }
        let (count1, length1, count2, ecLength) = blocks[level]![version - 1]
        var blocks: [(data: ArraySlice<UInt8>, ec: [UInt8])] = []
        var start = 0
        for index in 0..<(count1 + count2) {
            let length = index < count1 ? length1 : length1 + 1
            let slice = data[start..<(start + length)]
            blocks.append((slice, ReedSolomon.remainder(of: Array(slice), degree: ecLength)))
            start += length
        }
        var result: [UInt8] = []
        for index in 0...length1 {
            for block in blocks where index < block.data.count { result.append(block.data[block.data.startIndex + index]) }
        }
        for index in 0..<ecLength {
            for block in blocks { result.append(block.ec[index]) }
        }
        return result
    }

    struct BitBuffer {
        var bits: [Bool] = []
        var count: Int { bits.count }

        mutating func append(_ value: Int, count: Int) {
            for shift in stride(from: count - 1, through: 0, by: -1) { bits.append((value >> shift) & 1 == 1) }
        }

        var bytes: [UInt8] {
            stride(from: 0, to: bits.count, by: 8).map { start in
                var byte: UInt8 = 0
                for offset in 0..<8 { byte = byte << 1 | (start + offset < bits.count && bits[start + offset] ? 1 : 0) }
                return byte
            }
        }
    }

    /// Reed–Solomon error correction over GF(256) with the polynomial x⁸ + x⁴ + x³ + x² + 1.
    enum ReedSolomon {
        static func multiply(_ a: UInt8, _ b: UInt8) -> UInt8 {
            var result = 0
            var a = Int(a)
            var b = Int(b)
            while b > 0 {
                if b & 1 == 1 { result ^= a }
                a <<= 1
                if a & 0x100 != 0 { a ^= 0x11D }
                b >>= 1
            }
            return UInt8(result)
        }

        /// The generator polynomial's coefficients (highest first, the leading 1 left out).
        static func generator(degree: Int) -> [UInt8] {
            var coefficients = [UInt8](repeating: 0, count: degree)
            coefficients[degree - 1] = 1
            var root: UInt8 = 1
            for _ in 0..<degree {
                for index in 0..<degree {
                    coefficients[index] = multiply(coefficients[index], root)
                    if index + 1 < degree { coefficients[index] ^= coefficients[index + 1] }
                }
                root = multiply(root, 2)
            }
            return coefficients
        }

        /// The `degree` error correction codewords of `data`.
        static func remainder(of data: [UInt8], degree: Int) -> [UInt8] {
            let generator = generator(degree: degree)
            var result = [UInt8](repeating: 0, count: degree)
            for byte in data {
                let factor = byte ^ result.removeFirst()
                result.append(0)
                for index in 0..<degree { result[index] ^= multiply(generator[index], factor) }
            }
            return result
        }
    }

    // MARK: The matrix

    /// The 15 bits of format information for a level and mask (BCH code, then the standard's mask).
    static func formatBits(level: Level, mask: Int) -> Int {
        let data = level.formatBits << 3 | mask
        var remainder = data
        for _ in 0..<10 { remainder = (remainder << 1) ^ ((remainder >> 9) * 0x537) }
        return (data << 10 | remainder) ^ 0x5412
    }

    /// The 18 bits of version information (versions 7 and up).
    static func versionBits(_ version: Int) -> Int {
        var remainder = version
        for _ in 0..<12 { remainder = (remainder << 1) ^ ((remainder >> 11) * 0x1F25) }
        return version << 12 | remainder
    }

    struct Matrix {
        let version: Int
        let size: Int
        var modules: [[Bool]]
        var isFunction: [[Bool]]

        init(version: Int) {
            self.version = version
            size = 17 + 4 * version
            modules = Array(repeating: Array(repeating: false, count: size), count: size)
            isFunction = modules
        }

        mutating func set(x: Int, y: Int, _ dark: Bool) {
            modules[y][x] = dark
            isFunction[y][x] = true
        }

        /// Centres of the alignment patterns on each axis.
        var alignmentCentres: [Int] {
            let table: [[Int]] = [
                [], [6, 18], [6, 22], [6, 26], [6, 30], [6, 34], [6, 22, 38], [6, 24, 42], [6, 26, 46], [6, 28, 50],
            ]
            return table[version - 1]
        }

        mutating func drawFunctionPatterns() {
            for index in 0..<size {
                set(x: 6, y: index, index % 2 == 0)
                set(x: index, y: 6, index % 2 == 0)
            }
            for (x, y) in [(3, 3), (size - 4, 3), (3, size - 4)] {
                for dy in -4...4 {
                    for dx in -4...4 where (0..<size).contains(x + dx) && (0..<size).contains(y + dy) {
                        let distance = max(abs(dx), abs(dy))
                        set(x: x + dx, y: y + dy, distance != 2 && distance != 4)
                    }
                }
            }
            let centres = alignmentCentres
            for (i, cx) in centres.enumerated() {
                for (j, cy) in centres.enumerated() {
                    let last = centres.count - 1
                    if (i == 0 && j == 0) || (i == 0 && j == last) || (i == last && j == 0) { continue }
                    for dy in -2...2 {
                        for dx in -2...2 { set(x: cx + dx, y: cy + dy, max(abs(dx), abs(dy)) != 1) }
                    }
                }
            }
            drawFormatBits(level: .medium, mask: 0)  // reserves the area; drawn for real after masking
            if version >= 7 {
                let bits = QRCode.versionBits(version)
                for index in 0..<18 {
                    let dark = (bits >> index) & 1 == 1
                    let a = size - 11 + index % 3
                    let b = index / 3
                    set(x: a, y: b, dark)
                    set(x: b, y: a, dark)
                }
            }
        }

        mutating func drawFormatBits(level: Level, mask: Int) {
            let bits = QRCode.formatBits(level: level, mask: mask)
            func bit(_ index: Int) -> Bool { (bits >> index) & 1 == 1 }
            for index in 0...5 { set(x: 8, y: index, bit(index)) }
            set(x: 8, y: 7, bit(6))
            set(x: 8, y: 8, bit(7))
            set(x: 7, y: 8, bit(8))
            for index in 9..<15 { set(x: 14 - index, y: 8, bit(index)) }
            for index in 0..<8 { set(x: size - 1 - index, y: 8, bit(index)) }
            for index in 8..<15 { set(x: 8, y: size - 15 + index, bit(index)) }
            set(x: 8, y: size - 8, true)  // the dark module
        }

        /// Places the codewords two columns at a time, right to left, up then down, around the function patterns.
        mutating func drawCodewords(_ codewords: [UInt8]) {
            var index = 0
            var right = size - 1
            while right >= 1 {
                if right == 6 { right = 5 }
                let upward = (right + 1) & 2 == 0
                for vertical in 0..<size {
                    for offset in 0..<2 {
                        let x = right - offset
                        let y = upward ? size - 1 - vertical : vertical
                        guard !isFunction[y][x], index < codewords.count * 8 else { continue }
                        modules[y][x] = (codewords[index >> 3] >> (7 - (index & 7))) & 1 == 1
                        index += 1
                    }
                }
                right -= 2
            }
        }

        mutating func applyMask(_ mask: Int) {
            for y in 0..<size {
                for x in 0..<size where !isFunction[y][x] {
                    let flip: Bool
                    switch mask {
                    case 0: flip = (x + y) % 2 == 0
                    case 1: flip = y % 2 == 0
                    case 2: flip = x % 3 == 0
                    case 3: flip = (x + y) % 3 == 0
                    case 4: flip = (x / 3 + y / 2) % 2 == 0
                    case 5: flip = x * y % 2 + x * y % 3 == 0
                    case 6: flip = (x * y % 2 + x * y % 3) % 2 == 0
                    default: flip = ((x + y) % 2 + x * y % 3) % 2 == 0
                    }
                    if flip { modules[y][x].toggle() }
                }
            }
        }

        /// The standard's penalty: long runs, 2 × 2 blocks, finder-like patterns, and an unbalanced dark share.
        func penalty() -> Int {
            var total = 0
            let lines: [[Bool]] = modules + (0..<size).map { x in (0..<size).map { y in modules[y][x] } }
            let finderLike: [[Bool]] = [
                [true, false, true, true, true, false, true, false, false, false, false],
                [false, false, false, false, true, false, true, true, true, false, true],
            ]
            for line in lines {
                var run = 1
                for index in 1..<line.count {
                    if line[index] == line[index - 1] {
                        run += 1
                    } else {
                        if run >= 5 { total += run - 2 }
                        run = 1
                    }
                }
                if run >= 5 { total += run - 2 }
                for start in 0...(line.count - 11) {
                    for pattern in finderLike where Array(line[start..<(start + 11)]) == pattern { total += 40 }
                }
            }
            for y in 0..<(size - 1) {
                for x in 0..<(size - 1) {
                    let colour = modules[y][x]
                    if modules[y][x + 1] == colour && modules[y + 1][x] == colour && modules[y + 1][x + 1] == colour { total += 3 }
                }
            }
            let dark = modules.reduce(0) { $0 + $1.filter { $0 }.count }
            let share = dark * 100 / (size * size)
            total += abs(share - 50) / 5 * 10
            return total
        }
    }

    // MARK: Drawing

    /// The code as an SVG image: one path of horizontal runs, with the four-module quiet zone around it.
    public func svg(label: String, pixels: Int = 220) -> String {
        let side = size + 8
        var path = ""
        for (y, row) in modules.enumerated() {
            var x = 0
            while x < size {
                guard row[x] else {
                    x += 1
                    continue
                }
                let start = x
                while x < size && row[x] { x += 1 }
                path += "M\(start + 4) \(y + 4)h\(x - start)v1h-\(x - start)z"
            }
        }
        let escaped = label.replacingAll("&", with: "&amp;").replacingAll("\"", with: "&quot;").replacingAll("<", with: "&lt;")
        return """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(side) \(side)" width="\(pixels)" height="\(pixels)" role="img" aria-label="\(escaped)" shape-rendering="crispEdges"><path fill="#fff" d="M0 0h\(side)v\(side)H0z"/><path fill="#000" d="\(path)"/></svg>
            """
    }

    /// The code as a plain PBM image (`P1`), `scale` pixels per module, with the quiet zone (for decoders in tests).
    public func pbm(scale: Int = 4) -> String {
        let side = (size + 8) * scale
        var lines = ["P1", "\(side) \(side)"]
        for y in 0..<side {
            let row = y / scale - 4
            var line = ""
            line.reserveCapacity(side * 2)
            for x in 0..<side {
                let column = x / scale - 4
                let dark = (0..<size).contains(row) && (0..<size).contains(column) && modules[row][column]
                line += dark ? "1 " : "0 "
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension String {
    fileprivate func replacingAll(_ target: Character, with replacement: String) -> String {
        var result = ""
        for character in self {
            if character == target { result += replacement } else { result.append(character) }
        }
        return result
    }
}
