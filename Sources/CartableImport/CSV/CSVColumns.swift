import CartableCore
import Foundation

/// What a CSV column holds, recognised by its header.
enum CSVRole: String, CaseIterable, Sendable {
    /// The record's own id.
    case id
    /// Last name.
    case lastName
    /// First name.
    case firstName
    /// Birth date.
    case birthDate
    /// A pupil's division, or a teacher's divisions.
    case division
    /// Groups.
    case groups
    /// E-mail address.
    case email
    /// A teacher's subjects.
    case subject
    /// A guardian's child, by id.
    case childID
    /// A guardian's child's last name.
    case childLastName
    /// A guardian's child's first name.
    case childFirstName
    /// A guardian's child's division.
    case childDivision

    /// The headers that name this column, as ``CSVColumns/normalized(_:)`` writes them.
    var aliases: [String] {
        switch self {
        case .id: ["id", "externalid", "identifiant", "ine"]
        case .lastName: ["nom", "lastname", "nomdefamille", "nomdusage"]
        case .firstName: ["prenom", "firstname"]
        case .birthDate: ["datedenaissance", "naissance", "birthdate", "datenaiss"]
        case .division: ["classe", "classes", "division", "class"]
        case .groups: ["groupes", "groupe", "groups"]
        case .email: ["email", "mail", "courriel", "mel"]
        case .subject: ["matiere", "matieres", "discipline", "subject"]
        case .childID: ["ideleve", "eleveid", "childid", "identifianteleve"]
        case .childLastName: ["nomeleve", "elevenom", "childlastname"]
        case .childFirstName: ["prenomeleve", "eleveprenom", "childfirstname"]
        case .childDivision: ["classeeleve", "eleveclasse", "childclass"]
        }
    }

    /// The name a problem gives the column: its header in ``CSVTemplates``.
    var header: String {
        switch self {
        case .id: "Identifiant"
        case .lastName: "Nom"
        case .firstName: "Prénom"
        case .birthDate: "Date de naissance"
        case .division: "Classe"
        case .groups: "Groupes"
        case .email: "Courriel"
        case .subject: "Matières"
        case .childID: "Identifiant élève"
        case .childLastName: "Nom élève"
        case .childFirstName: "Prénom élève"
        case .childDivision: "Classe élève"
        }
    }
}

/// A CSV's header: which column holds what. Unknown columns are ignored.
struct CSVColumns {
    /// The columns of each role found, in the header's order.
    private var indices: [CSVRole: [Int]] = [:]
    /// Whether the id column is headed `INE` (its values are then national ids too).
    private(set) var isIDNationalID = false

    /// The columns of `header` among `roles`.
    init(header: [String], roles: [CSVRole]) {
        for (index, name) in header.enumerated() {
            let key = Self.normalized(name)
            guard let role = roles.first(where: { $0.aliases.contains(key) }) else { continue }
            indices[role, default: []].append(index)
            if role == .id, key == "ine", indices[.id]?.count == 1 { isIDNationalID = true }
        }
    }

    /// A header as matched against aliases: no accents, lowercase, without spaces, `_`, `-`, `*` and apostrophes.
    static func normalized(_ header: String) -> String {
        String(TextRules.folded(header).filter { !$0.isWhitespace && !"_-*'’.".contains($0) })
    }

    /// Whether the header has a column for `role`.
    func has(_ role: CSVRole) -> Bool { indices[role] != nil }

    /// The value of `role` in `fields`: the first non-empty of its columns, cleaned; empty when none.
    func value(_ role: CSVRole, in fields: [String]) -> String {
        for index in indices[role] ?? [] where index < fields.count {
            let value = ImportText.cleaned(fields[index])
            if !value.isEmpty { return value }
        }
        return ""
    }

    /// The values of a list column (`6A,6B` or `6A|6B`), cleaned, without repeats.
    func list(_ role: CSVRole, in fields: [String]) -> [String] {
        var values: [String] = []
        for index in indices[role] ?? [] where index < fields.count {
            for part in fields[index].split(whereSeparator: { $0 == "," || $0 == "|" }) {
                let value = ImportText.cleaned(String(part))
                if !value.isEmpty, !values.contains(value) { values.append(value) }
            }
        }
        return values
    }
}
