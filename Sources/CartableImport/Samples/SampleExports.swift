/// Sample SIECLE and STS-web exports for tests, the import benchmark and `cartable import sample`: see ``SampleSchool``.
public enum SampleExports {
    /// Girls' and women's first names the samples draw from, accents included.
    public static let femaleFirstNames = [
        "Léa", "Chloé", "Gaëlle", "Maëlys", "Anaïs", "Zoé", "Hélène", "Cécile", "Inès", "Élise", "Aurélie", "Océane",
        "Maïwenn", "Ophélie", "Noémie", "Emma", "Jade", "Louise", "Camille", "Manon", "Lucie", "Juliette", "Margaux", "Clémence",
        "Éloïse", "Agnès", "Françoise", "Joëlle", "Bérénice", "Sarah",
    ]

    /// Boys' and men's first names the samples draw from, accents included.
    public static let maleFirstNames = [
        "Noël", "Jérôme", "François", "Benoît", "Joël", "Théo", "Mathéo", "Loïc", "Gaël", "Clément", "Raphaël", "Timothée",
        "Hugo", "Lucas", "Louis", "Gabriel", "Arthur", "Jules", "Adam", "Nathan", "Léo", "Maël", "Étienne", "Rémi",
        "Anthony", "Cédric", "Hervé", "Frédéric", "Aurélien", "Yanis",
    ]

    /// Last names the samples draw from, in capitals as SIECLE writes them, accents included.
    public static let lastNames = [
        "MARTIN", "BERNARD", "DUBOIS", "THOMAS", "ROBERT", "RICHARD", "PETIT", "DURAND", "LEROY", "MOREAU", "SIMON", "LAURENT",
        "LEFÈVRE", "MICHEL", "GARCIA", "DAVID", "BERTRAND", "ROUX", "VINCENT", "FOURNIER", "MOREL", "GIRARD", "ANDRÉ", "MERCIER",
        "DUPONT", "LAMBERT", "BONNET", "FRANÇOIS", "MARTINEZ", "LEGRAND", "GARNIER", "FAURE", "ROUSSEAU", "BLANC", "GUÉRIN",
        "MÜLLER", "HENRY", "ROUSSEL", "NICOLAS", "PERRIN", "MORIN", "MATHIEU", "CLÉMENT", "GAUTHIER", "DUMONT", "LOPEZ",
        "FONTAINE", "CHEVALIER", "ROBIN", "MASSON", "SANCHEZ", "NOËL", "BÉRANGER", "LAFORÊT", "CHÂTELAIN", "DE LA FONTAINE",
        "N'DIAYE", "LE GOFF", "CŒURDEROY", "BŒUF",
    ]

    /// A collège of 600 pupils for the school year 2025–2026, the one tests and the benchmark start from.
    public static func college(uai: String = "0750001A", pupils: Int = 600, seed: UInt64 = 1) -> SampleSchool {
        SampleSchool(uai: uai, year: 2025, pupils: pupils, kind: .college, seed: seed)
    }

    /// A lycée of 2,500 pupils for the school year 2025–2026: its exports are the large ones.
    public static func lycee(uai: String = "0750002B", pupils: Int = 2_500, seed: UInt64 = 2) -> SampleSchool {
        SampleSchool(uai: uai, year: 2025, pupils: pupils, kind: .lycee, seed: seed)
    }
}
