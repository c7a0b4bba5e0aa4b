import Testing

@testable import CartableWeb

/// The checksum BigBlueButton checks, against its documentation's own example, and Java's form encoding.
@Suite struct BigBlueButtonSignerTests {
    @Test func theDocumentationsExampleGivesItsChecksum() {
        let signer = BigBlueButtonSigner(secret: "639259d4-9dd8-4b25-bf01-95f9567eaf4b", algorithm: .sha1)
        let query = BigBlueButtonSigner.query(["name": "Test Meeting", "meetingID": "abc123", "attendeePW": "111222", "moderatorPW": "333444"])
        #expect(query == "name=Test+Meeting&meetingID=abc123&attendeePW=111222&moderatorPW=333444")
        #expect(signer.checksum(call: "create", query: query) == "1fcbb0c4fc1f039f73aa6d697d2db9ba7f803f17")
        #expect(signer.signedQuery(call: "create", query: query).hasSuffix("&checksum=1fcbb0c4fc1f039f73aa6d697d2db9ba7f803f17"))
        // SHA-256 by default: 64 hex digits, and not the SHA-1 one.
        let sha256 = BigBlueButtonSigner(secret: signer.secret).checksum(call: "create", query: query)
        #expect(sha256.count == 64 && sha256 != signer.checksum(call: "create", query: query))
    }

    @Test(arguments: [
        ("Éloïse D'Arc-Müller", "%C3%89lo%C3%AFse+D%27Arc-M%C3%BCller"),
        ("a-z_A.Z*0~9", "a-z_A.Z*0%7E9"),
        ("1 + 1 = 2 & 50 %", "1+%2B+1+%3D+2+%26+50+%25"),
        ("4e B / Maths", "4e+B+%2F+Maths"),
        ("日本", "%E6%97%A5%E6%9C%AC"),
    ])
    func valuesAreEncodedAsJavaDoes(text: String, encoded: String) {
        #expect(BigBlueButtonSigner.formEncode(text) == encoded)
    }
}
