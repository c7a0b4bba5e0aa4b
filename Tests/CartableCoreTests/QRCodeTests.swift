import Foundation
import Testing

@testable import CartableCore

/// The QR code of the two-step sign-in: the standard's worked example, its fixed bit patterns, and
/// codes of every size read back by a real decoder (zbar's `zbarimg`).
@Suite struct QRCodeTests {
    /// ISO/IEC 18004, annex I: "01234567" at 1-M; its ten error correction codewords.
    @Test func errorCorrectionMatchesTheStandardsWorkedExample() {
        let data: [UInt8] = [0x10, 0x20, 0x0C, 0x56, 0x61, 0x80, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11]
        #expect(QRCode.ReedSolomon.remainder(of: data, degree: 10) == [0xA5, 0x24, 0xD4, 0xC1, 0xED, 0x36, 0xC7, 0x87, 0x2C, 0x55])
    }

    @Test func formatAndVersionBitsAreTheStandardsOwn() {
        #expect(QRCode.formatBits(level: .medium, mask: 0) == 0b101010000010010)
        #expect(QRCode.formatBits(level: .low, mask: 0) == 0b111011111000100)
        #expect(QRCode.formatBits(level: .medium, mask: 5) == 0b100000011001110)
        #expect(QRCode.formatBits(level: .low, mask: 7) == 0b110100101110110)
        #expect(QRCode.versionBits(7) == 0b000111110010010100)
        #expect(QRCode.versionBits(10) == 0b001010010011010011)
    }

    @Test func theSmallestVersionThatHoldsTheTextIsChosen() throws {
        #expect(QRCode.smallestFit(for: 14).map { "\($0.0)\($0.1)" } == "1medium")
        #expect(QRCode.smallestFit(for: 106).map { "\($0.0)\($0.1)" } == "6medium")
        #expect(QRCode.smallestFit(for: 107).map { "\($0.0)\($0.1)" } == "7medium")
        #expect(QRCode.smallestFit(for: 213).map { "\($0.0)\($0.1)" } == "10medium")
        #expect(QRCode.smallestFit(for: 214).map { "\($0.0)\($0.1)" } == "9low")
        #expect(QRCode.smallestFit(for: 271).map { "\($0.0)\($0.1)" } == "10low")
        #expect(QRCode(String(repeating: "a", count: 272)) == nil)
        let code = try #require(QRCode("otpauth://totp/Cartable:claire.moreau?secret=JBSWY3DPEHPK3PXP&issuer=Cartable%20Coll%C3%A8ge"))
        #expect(code.size == 17 + 4 * code.version && code.modules.count == code.size && code.modules.allSatisfy { $0.count == code.size })
        #expect(code.svg(label: "QR").hasPrefix("<svg ") && code.svg(label: "a\"b<c").contains("aria-label=\"a&quot;b&lt;c\""))
    }

    static var decoder: String? {
        if let path = ProcessInfo.processInfo.environment["CARTABLE_TEST_ZBARIMG"], !path.isEmpty { return path }
        return ["/usr/bin/zbarimg", "/usr/local/bin/zbarimg"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// What zbar reads in `code`, drawn as a PBM image.
    static func decode(_ code: QRCode) throws -> String {
        let decoder = try #require(decoder, "zbarimg not found: install zbar-tools, or run ./scripts/test")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("cartable-qr-\(UUID().uuidString).pbm")
        defer { try? FileManager.default.removeItem(at: file) }
        try code.pbm(scale: 4).write(to: file, atomically: true, encoding: .ascii)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: decoder)
        process.arguments = ["--raw", "-q", "-Sbinary", file.path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let bytes = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "zbarimg found no code (status \(process.terminationStatus))")
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Texts that need every version from 1 to 10, at both levels, each read back exactly.
    @Test(.enabled(if: decoder != nil)) func everySizeIsReadBackByARealDecoder() throws {
        // The largest text each version holds at M (14 … 213 bytes), then L for 9 and 10; and one byte.
        let lengths = [1, 14, 26, 42, 62, 84, 106, 122, 152, 180, 213, 230, 271]
        var seen: Set<String> = []
        for (index, length) in lengths.enumerated() {
            let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789:/?&=%.-_")
            let text = String((0..<length).map { alphabet[($0 * 7 + index * 13) % alphabet.count] })
            let code = try #require(QRCode(text), "\(length) bytes")
            seen.insert("\(code.version)\(code.level)")
            #expect(try Self.decode(code) == text, "\(length) bytes, version \(code.version), \(code.level), mask \(code.mask)")
        }
        #expect(seen == Set((1...10).map { "\($0)medium" } + ["9low", "10low"]), "\(seen.sorted())")
    }

    @Test(.enabled(if: decoder != nil)) func everyMaskIsReadBackAndAccentsSurvive() throws {
        let link = "otpauth://totp/Cartable:claire.moreau?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Cartable%20Coll%C3%A8ge%20Jean%20Moulin"
        for mask in 0..<8 {
            let code = try #require(QRCode(bytes: Array(link.utf8), mask: mask))
            #expect(code.mask == mask)
            #expect(try Self.decode(code) == link, "mask \(mask)")
        }
        let french = "Élève : Léa Martin — 4e B"
        #expect(try Self.decode(try #require(QRCode(french))) == french)
    }
}
