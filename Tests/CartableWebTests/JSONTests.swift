import CartableCore
import Foundation
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
