import CartableCore
import CartableImport
import Foundation
import Testing

@Suite struct SampleExportsTests {
    /// Reads the four files of `school` and checks every count against ``SampleSchool/expected``.
    @discardableResult
    static func readAndCheck(_ school: SampleSchool, in directory: URL) throws -> SchoolRecords {
        let urls = try school.write(to: directory)
        let pupils = try ExportReader.read(urls[0], as: .sieclePupils, expectedUAI: school.uai)
        let guardians = try ExportReader.read(urls[1], as: .siecleGuardians, expectedUAI: school.uai)
        let nomenclature = try ExportReader.read(urls[2], as: .nomenclature, expectedUAI: school.uai)
        let sts = try ExportReader.read(urls[3], as: .sts, expectedUAI: school.uai)
        let expected = school.expected
        #expect(pupils.problems == [])
        #expect(guardians.problems == [])
        #expect(nomenclature.problems == [])
        #expect(sts.problems == [])
        #expect(pupils.pupils.count == expected.pupils)
        #expect(pupils.skipped == expected.skipped)
        #expect(pupils.structures.filter { $0.kind == .division }.count == expected.divisions)
        #expect(pupils.structures.filter { $0.kind == .group }.count == expected.groups)
        #expect(guardians.guardians.count == expected.guardians)
        #expect(guardians.guardianships.count == expected.guardianships)
        #expect(nomenclature.subjects.count == expected.subjects)
        #expect(sts.teachers.count == expected.teachers)
        #expect(sts.teachings.count == expected.teachings)
        #expect(sts.subjects.count == expected.subjects)
        // STS-web names exactly the pupils' divisions and groups.
        #expect(Set(sts.structures.map(\.code)) == Set(pupils.structures.map(\.code)))
        #expect(sts.structures.filter { $0.kind == .group }.allSatisfy { !$0.divisions.isEmpty && $0.label != nil })
        // Every link is to a kept pupil and a guardian of the file.
        let pupilIDs = Set(pupils.pupils.map(\.externalID))
        let guardianIDs = Set(guardians.guardians.map(\.externalID))
        #expect(guardians.guardianships.allSatisfy { pupilIDs.contains($0.pupilExternalID) && guardianIDs.contains($0.guardianExternalID) })
        #expect(Set(pupils.pupils.compactMap(\.division)).count == expected.divisions)
        #expect(pupils.uai == school.uai)
        #expect(pupils.schoolYear == String(school.year))
        #expect(sts.schoolYear == String(school.year))
        var all = pupils
        for other in [guardians, nomenclature, sts] { all.merge(other) }
        return all
    }

    @Test func collegeOf600ParsesToExactlyItsCounts() throws {
        let directory = try TestDirectory()
        let school = SampleExports.college()
        let expected = school.expected
        // 150 a level, 6 divisions of 25 each, an LV2 group of each language per level, 43 teachers (600 / 14).
        #expect(expected.pupils == 600)
        #expect(expected.skipped == [.inactive: 1, .noNationalID: 1])
        #expect(expected.divisions == 24)
        #expect(expected.groups == 8)
        #expect(expected.teachers == 43)
        #expect(expected.teachings == 24 * 8 + 8)
        #expect(expected.subjects == 14)
        #expect(expected.guardians > 900 && expected.guardians < 1_200)
        #expect(expected.guardianships >= expected.guardians)
        let records = try Self.readAndCheck(school, in: directory.url)
        #expect(records.structures.map(\.code).prefix(3) == ["6A", "6ESP2", "6B"])
        // Accents survive ISO-8859-15 both ways.
        #expect(records.pupils.contains { $0.firstName.contains("é") || $0.firstName.contains("ë") })
        #expect(records.guardians.contains { $0.lastName.contains("Œ") || $0.lastName.contains("È") || $0.lastName.contains("Ü") })
    }

    @Test func collegeNextYearParsesToExactlyItsCounts() throws {
        let directory = try TestDirectory()
        let first = SampleExports.college()
        let next = first.nextYear(leavers: 150, newcomers: 150)
        let expected = next.expected
        // 3e leave (150), 450 move up, 150 of them leave (75 gone, 75 with a DATE_SORTIE), 150 arrive in 6e.
        #expect(expected.pupils == 450)
        #expect(expected.skipped == [.left: 75])
        #expect(expected.teachers == 43)
        #expect(next.year == 2026)
        let records = try Self.readAndCheck(next, in: directory.url)
        // 6e: 150 pupils in 6 divisions; the other levels share the 300 who stayed.
        #expect(records.structures.filter { $0.kind == .division && $0.code.hasPrefix("6") }.count == 6)
        #expect(records.structures.contains { $0.code.hasPrefix("3") && $0.kind == .division })
        // Pupils who stayed keep their ids and move up a level.
        let before = try ExportReader.read(
            try first.write(to: directory.url.appendingPathComponent("before"))[0], as: .sieclePupils, expectedUAI: first.uai)
        let levelBefore = Dictionary(uniqueKeysWithValues: before.pupils.map { ($0.externalID, $0.division!.prefix(1)) })
        let stayed = records.pupils.filter { levelBefore[$0.externalID] != nil }
        #expect(stayed.count == 300)
        let order = ["6", "5", "4", "3"]
        #expect(
            stayed.allSatisfy { pupil in
                order.firstIndex(of: String(pupil.division!.prefix(1)))! == order.firstIndex(of: String(levelBefore[pupil.externalID]!))! + 1
            })
    }

    @Test func teachersKeepNameAndBirthDateWhenTheirSTSIdChanges() throws {
        let directory = try TestDirectory()
        let first = SampleExports.college()
        let next = first.nextYear(leavers: 150, newcomers: 150)
        let before = try ExportReader.read(
            try first.write(to: directory.url.appendingPathComponent("2025"))[3], as: .sts, expectedUAI: first.uai)
        let after = try ExportReader.read(try next.write(to: directory.url.appendingPathComponent("2026"))[3], as: .sts, expectedUAI: next.uai)
        #expect(before.teachers.count == 43)
        #expect(Set(before.teachers.map(\.externalID)).isDisjoint(with: after.teachers.map(\.externalID)))
        struct Person: Hashable {
            var lastName: String
            var firstName: String
            var birthDate: LocalDate?
        }
        let people = before.teachers.map { Person(lastName: $0.lastName, firstName: $0.firstName, birthDate: $0.birthDate) }
        #expect(people == after.teachers.map { Person(lastName: $0.lastName, firstName: $0.firstName, birthDate: $0.birthDate) })
        #expect(people.allSatisfy { $0.birthDate != nil })
    }

    @Test func sameSeedSameFiles() throws {
        let directory = try TestDirectory()
        let one = try SampleExports.college(pupils: 120, seed: 7).write(to: directory.url.appendingPathComponent("one"))
        let two = try SampleExports.college(pupils: 120, seed: 7).write(to: directory.url.appendingPathComponent("two"))
        for (a, b) in zip(one, two) { #expect(try Data(contentsOf: a) == Data(contentsOf: b)) }
        let other = try SampleExports.college(pupils: 120, seed: 8).write(to: directory.url.appendingPathComponent("three"))
        #expect(try Data(contentsOf: one[0]) != Data(contentsOf: other[0]))
        // Declared and written in ISO-8859-15.
        let head = try Data(contentsOf: one[0]).prefix(45)
        #expect(String(decoding: head, as: UTF8.self).hasPrefix("<?xml version=\"1.0\" encoding=\"ISO-8859-15\"?>"))
    }

    @Test func largeLyceeParsesToItsCounts() throws {
        let directory = try TestDirectory()
        let school = SampleExports.lycee()
        let expected = school.expected
        #expect(expected.pupils == 2_500)
        #expect(expected.teachers == 179)
        #expect(expected.divisions == 90)
        try Self.readAndCheck(school, in: directory.url)
        let pupilsFile = directory.url.appendingPathComponent(SampleSchool.pupilsFileName)
        let size = try FileManager.default.attributesOfItem(atPath: pupilsFile.path)[.size] as? Int ?? 0
        #expect(size > 1_000_000)
        try Self.readAndCheck(school.nextYear(leavers: 300, newcomers: 900), in: directory.url.appendingPathComponent("next"))
    }
}
