/// The CSV files a school without SIECLE fills in: a header line and one example line each, `;`-separated, UTF-8.
///
/// The headers are the ones the readers know best; they also accept the aliases listed with ``ExportKind/csvPupils``,
/// ``ExportKind/csvGuardians`` and ``ExportKind/csvTeachers`` (`Prénom*`, `DATE DE NAISSANCE`, `first_name`…). List fields (classes, groups,
/// subjects) separate their values by `,` or `|`.
public enum CSVTemplates {
    /// Pupils: id, names, birth date (`dd/mm/yyyy`), division and groups. Id, names and division are required.
    public static let pupils = """
        Identifiant;Nom;Prénom;Date de naissance;Classe;Groupes
        E0001;DUPONT;Léa;14/03/2013;6A;6ESP2|6LAT
        """ + "\n"

    /// Guardians, one line per guardian and child: the child by its id, or by its name and division when the
    /// pupils' ids are not known. Names and the child are required.
    public static let guardians = """
        Identifiant;Nom;Prénom;Courriel;Identifiant élève;Nom élève;Prénom élève;Classe élève
        R0001;DUPONT;Hélène;helene.dupont@example.fr;E0001;DUPONT;Léa;6A
        """ + "\n"

    /// Teachers: id, names, birth date, e-mail, and what they teach to which classes and groups. Names are required.
    public static let teachers = """
        Identifiant;Nom;Prénom;Date de naissance;Courriel;Matières;Classes;Groupes
        P0001;MARTIN;Jérôme;02/11/1980;jerome.martin@example.fr;Mathématiques;6A,6B;6ESP2
        """ + "\n"
}
