import CartableCore
import Foundation
import Testing

@Suite struct LocalDateTests {
    @Test(arguments: [
        ("2026-11-23", 2026, 11, 23, 1),
        ("2024-02-29", 2024, 2, 29, 4),
        ("1970-01-01", 1970, 1, 1, 4),
        ("2000-03-01", 2000, 3, 1, 3),
        ("2027-01-03", 2027, 1, 3, 7),
    ])
    func parsesAndPrintsRealDays(text: String, year: Int, month: Int, day: Int, weekday: Int) throws {
        let date = try #require(LocalDate(iso: text))
        #expect(date.components == (year, month, day))
        #expect(date.iso == text)
        #expect(date.isoWeekday == weekday)
    }

    @Test(arguments: ["2026-02-30", "2025-02-29", "2026-13-01", "2026-00-10", "26-11-23", "2026/11/23", "", "2026-11-2x", "２０２６-11-23"])
    func refusesWhatIsNotADay(text: String) {
        #expect(LocalDate(iso: text) == nil)
    }

    @Test func weeksStartOnMonday() throws {
        let sunday = try #require(LocalDate(iso: "2026-11-29"))
        #expect(sunday.startOfWeek.iso == "2026-11-23")
        let monday = try #require(LocalDate(iso: "2026-11-23"))
        #expect(monday.startOfWeek == monday)
        #expect(monday.adding(days: -1).startOfWeek.iso == "2026-11-16")
    }

    @Test func todayDependsOnTheSchoolsZone() throws {
        // 23:30 UTC on 22 November is already 23 November in Paris (UTC+1 in winter).
        let instant = try #require(ISO8601DateFormatter().date(from: "2026-11-22T23:30:00Z"))
        let paris = try #require(TimeZone(identifier: "Europe/Paris"))
        let reunion = try #require(TimeZone(identifier: "Indian/Reunion"))
        #expect(LocalDate(containing: instant, in: paris).iso == "2026-11-23")
        #expect(LocalDate(containing: instant, in: .gmt).iso == "2026-11-22")
        #expect(LocalDate(containing: instant, in: reunion).iso == "2026-11-23")
    }

    @Test func roundTripsThroughJSON() throws {
        let date = try #require(LocalDate(iso: "2026-12-01"))
        let data = try JSONEncoder().encode([date])
        #expect(String(decoding: data, as: UTF8.self) == #"["2026-12-01"]"#)
        #expect(try JSONDecoder().decode([LocalDate].self, from: data) == [date])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([LocalDate].self, from: Data(#"["2026-02-31"]"#.utf8)) }
    }
}

@Suite struct IdentifierTests {
    @Test func acceptsOnlyWellFormedUUIDs() {
        #expect(User.ID(validating: "0F8FAD5B-D9CB-469F-A165-70867728950E")?.rawValue == "0f8fad5b-d9cb-469f-a165-70867728950e")
        let path = "/x/0f8fad5b-d9cb-469f-a165-70867728950e/y"
        #expect(User.ID(validating: path.dropFirst(3).prefix(36))?.rawValue == "0f8fad5b-d9cb-469f-a165-70867728950e")
        for junk in [
            "", "1", "0f8fad5b-d9cb-469f-a165-70867728950", "0f8fad5b_d9cb-469f-a165-70867728950e", "'; DROP TABLE users; --",
            "0f8fad5b-d9cb-469f-a165-70867728950g", "0f8fad5b-d9cb-469f-a165-7086772895é", "0f8fad5b-d9cb-469f-a165-70867728950e ",
        ] {
            #expect(User.ID(validating: junk) == nil, "\(junk)")
        }
    }

    @Test func makesDistinctRandomIdentifiers() {
        let generator = RandomIdentifierGenerator()
        let ids = Set((0..<1000).map { _ in User.ID.make(using: generator) })
        #expect(ids.count == 1000)
        #expect(ids.allSatisfy { User.ID(validating: $0.rawValue) != nil })
        // Version 4 UUIDs in lower case, as `UUID().uuidString.lowercased()` wrote them.
        for id in ids {
            let raw = Array(id.rawValue)
            #expect(UUID(uuidString: id.rawValue)?.uuidString.lowercased() == id.rawValue)
            #expect(raw[14] == "4" && "89ab".contains(raw[19]), "\(id.rawValue)")
        }
        // Every hex digit turns up in the random positions.
        #expect(Set(ids.flatMap { Array($0.rawValue.prefix(8)) }).count == 16)
    }
}
