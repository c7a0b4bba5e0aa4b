import CartableCore
import Foundation
import Hummingbird
import Testing

@testable import CartableWeb

/// Answers written by hand must be the bytes the shared encoder writes.
@Suite struct HandWrittenJSONTests {
    @Test func aDraftSavedAnswerIsWhatTheEncoderWrites() throws {
        var instants: [Date] = [
            Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: -1), Date(timeIntervalSince1970: 951_782_400),  // 2000-02-29
            Date(timeIntervalSince1970: 1_795_420_800.999), Date(timeIntervalSince1970: 4_102_444_799),  // 2099-12-31 23:59:59
            Date(timeIntervalSince1970: -2_208_988_800),  // 1900-01-01
        ]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 { instants.append(Date(timeIntervalSince1970: Double.random(in: -3e9...5e9, using: &generator))) }
        for (index, instant) in instants.enumerated() {
            for state in Submission.State.allCases {
                let saved = APIModel.DraftSaved(revision: Int64(index) * 7_919 - 3, savedAt: instant, state: state.rawValue)
                let expected = String(decoding: try JSON.encoder.encode(saved), as: UTF8.self)
                #expect(saved.json == expected, "\(instant.timeIntervalSince1970)")
            }
        }
    }
}

/// The flat reader of draft saves must agree with `JSONDecoder` on everything it accepts.
@Suite struct FlatJSONTests {
    /// What the fast path reads, or `nil` when it hands the body to `JSONDecoder`.
    func flat(_ body: [UInt8]) -> DraftInput? {
        body.withUnsafeBytes { FlatJSON.object($0).flatMap(DraftInput.init(flat:)) }
    }

    func decoded(_ body: [UInt8]) -> DraftInput? {
        try? JSON.decoder.decode(DraftInput.self, from: Data(body))
    }

    @Test func readsTheUsualSaveWithoutJSONDecoder() {
        let body = #"{"revision":12,"text":"Brouillon n° 12 : je réponds à la question 1."}"#
        #expect(flat(Array(body.utf8)) == DraftInput(text: "Brouillon n° 12 : je réponds à la question 1.", revision: 12))
        let escaped = #" { "text" : "Ligne 1\nLigne 2 \"cité\" \\ \/ \u00e9\u00E9 \ud83d\ude00\t" , "revision" : 3 , "autre": [1] } "#
        #expect(flat(Array(escaped.utf8)) == nil, "a nested value goes to JSONDecoder")
        let plain = #" { "text" : "Ligne 1\nLigne 2 \"cité\" \\ \/ \u00e9\u00E9 \ud83d\ude00\t" , "revision" : 3 , "autre": true } "#
        #expect(flat(Array(plain.utf8)) == DraftInput(text: "Ligne 1\nLigne 2 \"cité\" \\ / éé 😀\t", revision: 3))
    }

    @Test func agreesWithJSONDecoderOnEverythingItAccepts() {
        var generator = SystemRandomNumberGenerator()
        let pieces = [
            "a", "é", "😀", " ", "\\n", "\\\"", "\\\\", "\\/", "\\u00e9", "\\u00E9", "\\ud83d\\ude00", "\\ud83d", "\\ude00", "\\u0000",
            "\\x", "\t", "\u{1}", "\\b\\f\\r\\t", "\\u12", "<b>", "'",
        ]
        let numbers = [
            "0", "-0", "1", "12", "-5", "01", "1.0", "1e3", "1.5", "9007199254740993", "123456789012345678",
            "1234567890123456789", "99999999999999999999", "-", "+1", "0x10", "null", "true", "\"7\"",
        ]
        var bodies: [[UInt8]] = []
        for _ in 0..<3_000 {
            var text = ""
            for _ in 0..<Int.random(in: 0..<6, using: &generator) { text += pieces.randomElement(using: &generator)! }
            var members = [
                "\"text\":\"\(text)\"", "\"revision\":\(numbers.randomElement(using: &generator)!)", "\"text\":null", "\"revision\":null",
                "\"other\":1", "\"other\":{}", "\"text\":5", "\"revision\":\"3\"", "\"text\":false",
            ].shuffled(using: &generator)
            members = Array(members.prefix(Int.random(in: 0...3, using: &generator)))
            let space = [" ", "", "\n", "\t", "\r\n"]
            var body = space.randomElement(using: &generator)! + "{" + members.joined(separator: "," + space.randomElement(using: &generator)!) + "}"
            body += space.randomElement(using: &generator)!
            var bytes = Array(body.utf8)
            // Break a quarter of them: a byte changed, dropped or cut, trailing junk, invalid UTF-8, a BOM.
            switch Int.random(in: 0..<16, using: &generator) {
            case 0 where !bytes.isEmpty: bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            case 1 where !bytes.isEmpty: bytes.remove(at: Int.random(in: 0..<bytes.count, using: &generator))
            case 2: bytes = Array(bytes.prefix(Int.random(in: 0...bytes.count, using: &generator)))
            case 3: bytes += Array("x".utf8)
            case 4: bytes.insert(0xC3, at: bytes.count / 2)
            case 5: bytes = [0xEF, 0xBB, 0xBF] + bytes
            default: break
            }
            bodies.append(bytes)
        }
        var read = 0
        for body in bodies {
            guard let fast = flat(body) else { continue }
            read += 1
            #expect(fast == decoded(body), "\(String(decoding: body, as: UTF8.self))")
        }
        // The fast path must really be taken for a good share of them, or this test proves nothing.
        #expect(read > 500)
        // Keys given twice are left to JSONDecoder.
        #expect(flat(Array(#"{"revision":1,"revision":2}"#.utf8)) == nil)
    }
}

/// The cookie reader must find what Hummingbird's `request.cookies` finds.
@Suite struct CookieHeaderTests {
    @Test func findsWhatHummingbirdFinds() {
        let headers = [
            "", "cartable_session=abc", "a=1; cartable_session=tok-en_1; cartable_lang=en", "cartable_session=", "cartable_session",
            " cartable_lang=fr ;cartable_session=x=y", "xcartable_session=1; cartable_session=2", "cartable_session=1; cartable_session=2",
            "a=b;;  cartable_lang=en;", "cartable_wait=12.34.ab", "\tcartable_session=t",
        ]
        for header in headers {
            let ours = CookieHeader(header: header)
            let theirs = Hummingbird.Cookies(from: [header])
            for name in ["cartable_session", "cartable_lang", "cartable_wait", "a"] {
                #expect(ours[name].map(String.init) == theirs[name]?.value, "\(header) \(name)")
            }
        }
    }
}
