import CartableCore
import CartableStore
import Foundation

/// Work to hand in and documents for the demo school: French and mathematics entries with work still to
/// come become assignments, some with a worksheet (a real PDF of about 100 KB), and every class gets
/// a few course documents in folders.
public enum DemoAssignments {
    /// Subjects whose entries become work to hand in.
    static let subjects: Set<String> = ["Mathématiques", "Français"]

    /// Makes assignments of the entries with work still to come; one in `worksheetEvery` gets the
    /// worksheet (about 100 KB); with `classes`, each class also gets two course documents.
    public static func seed(
        entries: [NotebookEntry], storage: Storage, blobs: BlobStore, classes: [SchoolClass]?, now: Date, worksheetEvery: Int = 2
    ) async throws {
        let worksheet = try await blobs.store(pdf(title: "Fiche d'exercices", lines: 400), name: "Fiche d'exercices.pdf")
        for (index, entry) in entries.enumerated() where subjects.contains(entry.content.subject) && entry.content.hasWork {
            guard let due = entry.content.dueDate else { continue }
            let dueAt = due.instant(atMinute: 18 * 60, in: TimeZone(identifier: "Europe/Paris") ?? .gmt)
            guard dueAt > now else { continue }
            let settings = AssignmentSettings(
                instructions: "Rédigez votre réponse ici ou envoyez une photo de votre copie.", dueDate: due, dueMinutes: 18 * 60, dueAt: dueAt,
                answerKinds: .both, allowsLate: index % 4 != 0)
            let assignment = Assignment(
                id: Assignment.ID(rawValue: derivedID(entry.id.rawValue, salt: 1)), schoolID: entry.schoolID, entryID: entry.id,
                classID: entry.classID, teacherID: entry.teacherID, subject: entry.content.subject, settings: settings, createdAt: now,
                updatedAt: now, className: entry.className)
            _ = try await storage.assignments.setAssignment(assignment)
            if index % worksheetEvery == 0 {
                try await storage.documents.addDocument(
                    Document(
                        id: Document.ID(rawValue: derivedID(entry.id.rawValue, salt: 2)), schoolID: entry.schoolID, classID: entry.classID,
                        entryID: entry.id, folder: "", file: worksheet, uploadedBy: entry.teacherID, createdAt: now))
            }
        }
        guard let classes else { return }
        let course = try await blobs.store(pdf(title: "Cours", lines: 120), name: "Cours - chapitre 1.pdf")
        let method = try await blobs.store(
            Array("Méthode : relire le cours, faire les exercices, vérifier ses réponses.\n".utf8), name: "Méthode de travail.txt")
        for schoolClass in classes {
            guard let teacher = try await storage.schools.teachings(ofClass: schoolClass.id, in: schoolClass.schoolID).first?.teaching.teacherID
            else { continue }
            for (salt, file, folder) in [(UInt8(3), course, "Cours"), (UInt8(4), method, "Méthodes")] {
                try await storage.documents.addDocument(
                    Document(
                        id: Document.ID(rawValue: derivedID(schoolClass.id.rawValue, salt: salt)), schoolID: schoolClass.schoolID,
                        classID: schoolClass.id, entryID: nil, folder: folder, file: file, uploadedBy: teacher, createdAt: now))
            }
        }
    }

    /// A stable UUID made from another one, so that re-running the demo gives the same ids.
    static func derivedID(_ base: String, salt: UInt8) -> String {
        var bytes = Array(base.utf8)
        bytes.append(salt)
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        var parts: [UInt64] = []
        for round in 0..<2 {
            for byte in bytes + [UInt8(round)] {
                hash ^= UInt64(byte)
                hash = hash &* 0x100_0000_01b3
            }
            parts.append(hash)
        }
        let hex = parts.map { String(format: "%016llx", $0) }.joined()
        let characters = Array(hex)
        func slice(_ start: Int, _ end: Int) -> String { String(characters[start..<end]) }
        return "\(slice(0, 8))-\(slice(8, 12))-4\(slice(13, 16))-a\(slice(17, 20))-\(slice(20, 32))"
    }

    /// A small, valid PDF with `lines` lines of text on one page (about 250 bytes a line).
    static func pdf(title: String, lines: Int) -> [UInt8] {
        var stream = "BT /F1 11 Tf 50 800 Td 13 TL (\(title)) Tj\n"
        for line in 1...lines {
            stream +=
                "T* (Exercice \(line) : calculer, justifier et rediger la reponse en une phrase complete, puis verifier le resultat obtenu.) Tj\n"
            stream += "% " + String(repeating: "-", count: 110) + "\n"
        }
        stream += "ET"
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            "<< /Length \(stream.utf8.count) >>\nstream\n\(stream)\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
        var output = "%PDF-1.4\n"
        var offsets: [Int] = []
        for (index, object) in objects.enumerated() {
            offsets.append(output.utf8.count)
            output += "\(index + 1) 0 obj\n\(object)\nendobj\n"
        }
        let xref = output.utf8.count
        output += "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for offset in offsets { output += String(format: "%010d 00000 n \n", offset) }
        output += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n"
        return Array(output.utf8)
    }
}
