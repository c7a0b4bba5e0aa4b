/// A subject of the samples' nomenclature, with SIECLE's code and names.
struct SampleSubject: Sendable, Equatable {
    /// `CODE_MATIERE` (SIECLE) and `MATIERE/@CODE` (STS-web).
    var code: String
    /// `CODE_GESTION`.
    var management: String
    /// `LIBELLE_COURT`.
    var short: String
    /// `LIBELLE_LONG`, in capitals.
    var long: String
    /// `LIBELLE_EDITION`, in mixed case.
    var edition: String

    static let french = SampleSubject(code: "020700", management: "FRANC", short: "FRANCAIS", long: "FRANCAIS", edition: "Français")
    static let mathematics = SampleSubject(
        code: "061300", management: "MATHS", short: "MATHEMATIQUES", long: "MATHEMATIQUES", edition: "Mathématiques")
    static let history = SampleSubject(
        code: "040600", management: "HI-GE", short: "HIST.-GEOGRAPHIE", long: "HISTOIRE & GEOGRAPHIE", edition: "Histoire-géographie")
    static let english = SampleSubject(code: "030201", management: "AGL1", short: "ANGLAIS LV1", long: "ANGLAIS LV1", edition: "Anglais LV1")
    static let biology = SampleSubject(
        code: "062900", management: "SVT", short: "SC. VIE & TERRE", long: "SCIENCES VIE & TERRE", edition: "Sciences de la vie et de la Terre")
    static let physics = SampleSubject(
        code: "063200", management: "PH-CH", short: "PHYSIQUE-CHIMIE", long: "PHYSIQUE-CHIMIE", edition: "Physique-chimie")
    static let sport = SampleSubject(
        code: "100100", management: "EPS", short: "ED.PHYSIQUE & SPORT.", long: "EDUCATION PHYSIQUE ET SPORTIVE",
        edition: "Éducation physique et sportive")
    static let technology = SampleSubject(code: "070800", management: "TECHN", short: "TECHNOLOGIE", long: "TECHNOLOGIE", edition: "Technologie")
    static let economics = SampleSubject(
        code: "085400", management: "SES", short: "SC. ECONO.& SOCIALES", long: "SCIENCES ECONOMIQUES ET SOCIALES",
        edition: "Sciences économiques et sociales")
    static let spanish = SampleSubject(code: "030602", management: "ESP2", short: "ESPAGNOL LV2", long: "ESPAGNOL LV2", edition: "Espagnol LV2")
    static let german = SampleSubject(code: "030102", management: "ALL2", short: "ALLEMAND LV2", long: "ALLEMAND LV2", edition: "Allemand LV2")
    static let latin = SampleSubject(
        code: "021200", management: "LCALA", short: "LCA LATIN", long: "LANGUES ET CULTURES DE L'ANTIQUITE LATIN", edition: "Latin")
    static let arts = SampleSubject(
        code: "080100", management: "A-PLA", short: "ARTS PLASTIQUES", long: "ARTS PLASTIQUES", edition: "Arts plastiques")
    static let music = SampleSubject(
        code: "081100", management: "EDMUS", short: "EDUCATION MUSICALE", long: "EDUCATION MUSICALE", edition: "Éducation musicale")

    /// The nomenclature, the seven subjects every division has first.
    static let all: [SampleSubject] = [
        french, mathematics, history, english, biology, physics, sport, technology, economics, spanish, german, latin, arts, music,
    ]
}
