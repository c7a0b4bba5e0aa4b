import CartableCore
import Foundation

/// The homework notebook's entries.
public protocol NotebookStore: Sendable {
    /// Stores new entries (one per class when a teacher posts to several) in one transaction.
    func createEntries(_ entries: [NotebookEntry]) async throws
    /// The entry `id` if it belongs to `schoolID`, with its teacher's and class's names.
    func entry(_ id: NotebookEntry.ID, in schoolID: School.ID) async throws -> NotebookEntry?
    /// Replaces an entry's content; returns the entry as stored, or `nil` if there is no such entry in `schoolID`.
    func updateEntry(_ id: NotebookEntry.ID, in schoolID: School.ID, content: EntryContent, at instant: Date) async throws -> NotebookEntry?
    /// Deletes an entry (and its assignment); `false` if there is no such entry in `schoolID`, ``Conflict`` if pupils have started its work.
    /// `instant` is when its class's content changed.
    func deleteEntry(_ id: NotebookEntry.ID, in schoolID: School.ID, at instant: Date) async throws -> Bool
    /// Entries of the given classes whose session falls in `sessionDates`, by session date.
    func entries(of classIDs: Set<SchoolClass.ID>, in schoolID: School.ID, sessionDates: ClosedRange<LocalDate>) async throws
        -> [NotebookEntry]
    /// The latest session date of any entry of `schoolID`.
    func latestSessionDate(in schoolID: School.ID) async throws -> LocalDate?
    /// Entries of the given classes whose work is due in `dueDates`, by due date.
    func entries(of classIDs: Set<SchoolClass.ID>, in schoolID: School.ID, dueDates: ClosedRange<LocalDate>) async throws
        -> [NotebookEntry]
}
