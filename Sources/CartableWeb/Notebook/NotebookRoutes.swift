import CartableCore

/// The notebook's paths, pages and API, each written once: the router, the links and the tests all read them here.
enum NotebookRoutes {
    /// *Aujourd'hui* (`?pupil=` picks a guardian's child).
    static let today = Path("/today")
    /// A pupil's week (`?pupil=`, `?week=`).
    static let pupilNotebook = Path("/notebook")
    /// The classes a teacher teaches, or every class for staff.
    static let classes = Path("/classes")
    /// One class's week (`?week=`).
    static let classNotebook = Path1<SchoolClass.ID>("/classes/:classID/notebook")
    /// The form for a new entry (`?class=` ticks a class).
    static let newEntry = Path("/entries/new")
    /// Where the new-entry form posts.
    static let entries = Path("/entries")
    /// One entry; its edit form posts here too.
    static let entry = Path1<NotebookEntry.ID>("/entries/:entryID")
    /// The form to change an entry.
    static let editEntry = Path1<NotebookEntry.ID>("/entries/:entryID/edit")
    /// Deletes an entry.
    static let deleteEntry = Path1<NotebookEntry.ID>("/entries/:entryID/delete")

    /// The notebook's JSON API.
    enum API {
        /// The work due for a pupil (`?pupil=`).
        static let today = Path("/api/v1/today")
        /// The classes the viewer may read.
        static let classes = Path("/api/v1/classes")
        /// A class's entries (`?from=`, `?to=`), and posting a new one.
        static let classEntries = Path1<SchoolClass.ID>("/api/v1/classes/:classID/entries")
        /// One entry: read, change, delete.
        static let entry = Path1<NotebookEntry.ID>("/api/v1/entries/:entryID")

        /// Every API path of the notebook.
        static let all: [any DeclaredPath] = [today, classes, classEntries, entry]
    }

    /// Every path of the notebook, pages and API.
    static let all: [any DeclaredPath] =
        [today, pupilNotebook, classes, classNotebook, newEntry, entries, entry, editEntry, deleteEntry] + API.all
}
