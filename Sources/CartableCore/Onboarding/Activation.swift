import Foundation

/// A one-time activation code, printed on a letter: 8 characters from an alphabet without look-alikes.
public enum ActivationCode {
    /// Lower-case letters and digits, without those read one for another (`i l o q u 0 1 2`).
    public static let alphabet: [Character] = Array("abcdefghjkmnprstvwxyz3456789")
    /// Characters in a code.
    public static let length = 8
    /// How long a code works by default: a term.
    public static let defaultLifetime: TimeInterval = 120 * 86_400

    /// A new code, from the system's cryptographic generator.
    public static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        return make(using: &generator)
    }

    /// A new code drawn from `generator`.
    public static func make(using generator: inout some RandomNumberGenerator) -> String {
        String((0..<length).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
    }

    /// A code as printed: two groups of four (`abcd-efgh`).
    public static func printed(_ code: String) -> String {
        code.count == length ? "\(code.prefix(4))-\(code.suffix(4))" : code
    }

    /// What a person typed, as a code: lower case, without spaces and dashes; `nil` if it cannot be one.
    public static func normalized(_ typed: String) -> String? {
        let kept = typed.lowercased().filter { !$0.isWhitespace && $0 != "-" && $0 != "." }
        guard kept.count == length, kept.allSatisfy({ alphabet.contains($0) }) else { return nil }
        return kept
    }
}

/// The first password an activating person chooses, and the charter they accept.
public struct ActivationInput: Sendable, Hashable {
    /// Whether the charter's box was ticked.
    public var acceptsCharter: Bool
    /// The password.
    public var password: String
    /// The password typed again.
    public var confirmation: String

    /// Creates an input.
    public init(acceptsCharter: Bool, password: String, confirmation: String) {
        self.acceptsCharter = acceptsCharter
        self.password = password
        self.confirmation = confirmation
    }

    /// Checks every field at once.
    public func validated() throws(ValidationError) {
        var issues: [FieldIssue] = []
        if !acceptsCharter { issues.append(.init(field: "charter", problem: .charterNotAccepted)) }
        if let problem = AccountRules.problem(withPassword: password) {
            issues.append(.init(field: "password", problem: problem))
        } else if CommonPasswords.contains(password) {
            issues.append(.init(field: "password", problem: .tooCommon))
        } else if password != confirmation {
            issues.append(.init(field: "confirmation", problem: .passwordsDiffer))
        }
        if !issues.isEmpty { throw ValidationError(issues) }
    }
}

/// Passwords too common to be chosen: the most used ones in French and worldwide leaks, and the school's own words.
public enum CommonPasswords {
    /// Whether `password` (compared in lower case, without accents) is on the list.
    public static func contains(_ password: String) -> Bool {
        let folded = TextRules.folded(password)
        if words.contains(folded) { return true }
        // "azerty123", "motdepasse!": a common word with digits or a sign after it.
        let stem = String(folded.reversed().drop { $0.isNumber || "!?.*_-#@$".contains($0) }.reversed())
        if stem != folded && words.contains(stem) { return true }
        // One character repeated, or a run of the keyboard's digits.
        if Set(folded).count <= 2 { return true }
        return "0123456789012345678909876543210".contains(folded)
    }

    static let words: Set<String> = [
        "123456", "123456789", "12345678", "1234567890", "password", "password1", "motdepasse", "azerty", "azertyuiop",
        "qwerty", "qwertyuiop", "soleil", "bonjour", "doudou", "loulou", "chouchou", "marseille", "paris", "nicolas",
        "camille", "julien", "chocolat", "football", "iloveyou", "jetaime", "princesse", "coucou", "123123", "000000",
        "111111", "abcdef", "abc123", "abcdefgh", "azerty12", "qwerty12", "sunshine", "welcome", "admin", "administrateur",
        "letmein", "monkey", "dragon", "master", "superman", "batman", "pokemon", "minecraft", "fortnite", "roblox",
        "liverpool", "arsenal", "chelsea", "barcelona", "psg", "olympique", "marine", "thomas", "alexandre", "maxime",
        "antoine", "anthony", "kevin", "jordan", "sophie", "emilie", "laura", "manon", "chloe", "lea", "emma", "louise",
        "jade", "lucas", "hugo", "louis", "gabriel", "raphael", "arthur", "nathan", "enzo", "tintin", "mickey", "toto",
        "titi", "doudou12", "nounours", "bisounours", "licorne", "papillon", "cartable", "ecole", "college", "lycee",
        "eleve", "professeur", "prof", "maman", "papa", "famille", "vacances", "secret", "motdepass", "mdp", "passe",
        "changeme", "trustno1", "baseball", "shadow", "michael", "jennifer", "hunter", "pass", "passw0rd", "p@ssw0rd",
        "p@ssword", "aaaaaaaa", "azertyui", "wxcvbn", "qsdfghjklm", "1q2w3e4r", "a1b2c3d4", "bienvenue", "france", "loveyou",
        "charlie", "jeanne", "pierre", "marie", "isabelle", "nathalie", "stephanie", "christophe", "frederic", "sebastien",
    ]
}

/// Who may import, print activation letters, change the school's structure and read its audit log.
public enum OnboardingAccess: Sendable, Hashable {
    /// Import the school's exports and see past imports: staff of the school.
    case importRecords(schoolID: School.ID)
    /// Print activation letters (new codes) for a class: staff; a teacher of the class for its pupils.
    case printLetters(classID: SchoolClass.ID, schoolID: School.ID, forGuardians: Bool)
    /// Create, rename and close classes, move pupils, link guardians, add and end teachings, read the audit log: staff.
    case editStructure(schoolID: School.ID)
    /// Write the school's charter: staff.
    case editCharter(schoolID: School.ID)
}

extension AccessPolicy.Action {
    public static func importRecords(schoolID: School.ID) -> Self { .onboarding(.importRecords(schoolID: schoolID)) }
    public static func printLetters(classID: SchoolClass.ID, schoolID: School.ID, forGuardians: Bool) -> Self {
        .onboarding(.printLetters(classID: classID, schoolID: schoolID, forGuardians: forGuardians))
    }
    public static func editStructure(schoolID: School.ID) -> Self { .onboarding(.editStructure(schoolID: schoolID)) }
    public static func editCharter(schoolID: School.ID) -> Self { .onboarding(.editCharter(schoolID: schoolID)) }
}

extension AccessPolicy {
    func allows(_ viewer: Viewer, onboarding action: OnboardingAccess) -> Bool {
        switch action {
        case .importRecords(let schoolID), .editStructure(let schoolID), .editCharter(let schoolID):
            return viewer.schoolID == schoolID && viewer.role == .staff
        case .printLetters(let classID, let schoolID, let forGuardians):
            guard viewer.schoolID == schoolID else { return false }
            switch viewer.role {
            case .staff: return true
            case .teacher: return !forGuardians && viewer.taughtClassIDs.contains(classID)
            case .pupil, .guardian: return false
            }
        }
    }
}
