import CartableCore
import Crypto
import Foundation
import Logging
import NIOCore
import NIOPosix

#if canImport(Glibc)
    import Glibc
#endif

/// Uploaded files on the local filesystem, under the data directory, named by the SHA-256 of their content.
///
/// A file is written to `tmp/` while it streams in, checked (size, kind from its first bytes, the
/// optional virus scan), flushed to disk, then moved to `ab/cd/<digest>`: a file that fails a check
/// or is cut off is deleted, so nothing half-stored is ever visible. The folder is never served as
/// such and nothing in it is ever executed: downloads look a key up in the database first.
public struct BlobStore: Sendable {
    /// The folder holding the blobs.
    public let root: URL
    /// The virus scanner, if one is configured.
    public let scanner: (any VirusScanner)?
    /// What an upload does when the scanner cannot be reached.
    public let whenScannerIsDown: ScanFallback
    /// Where a file stored unscanned is reported.
    let logger: Logger?

    /// Opens (and creates) the store in `root`.
    public init(root: URL, scanner: (any VirusScanner)? = nil, whenScannerIsDown: ScanFallback = .refuse, logger: Logger? = nil) throws {
        self.root = root
        self.scanner = scanner
        self.whenScannerIsDown = whenScannerIsDown
        self.logger = logger
        try FileManager.default.createDirectory(at: root.appendingPathComponent("tmp"), withIntermediateDirectories: true)
    }

    /// The same store without the virus scan, for files the application makes itself (the demo's worksheets).
    public func unscanned() -> BlobStore {
        BlobStore(unscannedCopyOf: self)
    }

    private init(unscannedCopyOf store: BlobStore) {
        root = store.root
        scanner = nil
        whenScannerIsDown = store.whenScannerIsDown
        logger = store.logger
    }

    /// A writer for a new file of at most `limit` bytes.
    public func makeWriter(limit: Int64) throws -> BlobWriter {
        let url = root.appendingPathComponent("tmp/\(UUID().uuidString.lowercased()).part")
        guard FileManager.default.createFile(atPath: url.path, contents: nil), let handle = FileHandle(forWritingAtPath: url.path) else {
            throw StoreError.unavailable("cannot create \(url.path)")
        }
        return BlobWriter(store: self, temporaryURL: url, handle: handle, limit: limit)
    }

    /// Where the blob `key` lives, or `nil` for a malformed key or a missing file.
    public func path(for key: String) -> String? {
        guard StoredFile.isValidKey(key) else { return nil }
        let path = finalURL(for: key).path
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }

    /// Deletes the blob `key`, once no record refers to it (the caller checks: blobs are shared by
    /// content). A malformed key or a missing file changes nothing.
    public func remove(_ key: String) {
        guard StoredFile.isValidKey(key) else { return }
        try? FileManager.default.removeItem(at: finalURL(for: key))
    }

    func finalURL(for key: String) -> URL {
        let start = key.startIndex
        let first = key[start..<key.index(start, offsetBy: 2)]
        let second = key[key.index(start, offsetBy: 2)..<key.index(start, offsetBy: 4)]
        return root.appendingPathComponent("\(first)/\(second)/\(key)")
    }

    /// Stores `bytes` in one go (for the demo and tests).
    public func store(_ bytes: [UInt8], name: String, limit: Int64 = .max) async throws -> StoredFile {
        let writer = try makeWriter(limit: limit)
        try writer.write(ByteBuffer(bytes: bytes))
        return try await writer.finish(name: name)
    }
}

/// A file larger than allowed; the partial file has been deleted.
public struct BlobTooLarge: Error, Sendable {
    /// The limit, in bytes.
    public var limit: Int64

    /// A refusal over `limit` bytes.
    public init(limit: Int64) {
        self.limit = limit
    }
}

/// Streams one upload into the ``BlobStore``. Used by one task at a time; ``discard()`` or ``finish(name:)`` must end it.
public final class BlobWriter {
    let store: BlobStore
    let temporaryURL: URL
    let handle: FileHandle
    let limit: Int64
    private var hasher = SHA256()
    private var head: [UInt8] = []
    private var ended = false
    /// Bytes written so far.
    public private(set) var size: Int64 = 0

    init(store: BlobStore, temporaryURL: URL, handle: FileHandle, limit: Int64) {
        self.store = store
        self.temporaryURL = temporaryURL
        self.handle = handle
        self.limit = limit
    }

    deinit { discard() }

    /// Appends bytes; throws ``BlobTooLarge`` (and deletes the partial file) past the limit.
    public func write(_ buffer: ByteBuffer) throws {
        precondition(!ended, "write after the end")
        let count = Int64(buffer.readableBytes)
        guard size + count <= limit else {
            discard()
            throw BlobTooLarge(limit: limit)
        }
        buffer.withUnsafeReadableBytes { bytes in
            hasher.update(bufferPointer: bytes)
            if head.count < FileKind.sniffLength { head.append(contentsOf: bytes.prefix(FileKind.sniffLength - head.count)) }
        }
        do {
            try handle.write(contentsOf: buffer.readableBytesView)
        } catch {
            discard()
            throw StoreError.unavailable("cannot write an upload: \(error)")
        }
        size += count
    }

    /// Checks the file (not empty, an accepted kind, clean), flushes it to disk and moves it into place.
    /// Throws ``ValidationError`` (the file is deleted) when a check fails.
    public func finish(name: String?) async throws -> StoredFile {
        precondition(!ended, "finish after the end")
        guard size > 0 else {
            discard()
            throw ValidationError([FieldIssue(field: "file", problem: .emptyFile)])
        }
        guard let kind = FileKind.sniff(head, name: name ?? "") else {
            discard()
            throw ValidationError([FieldIssue(field: "file", problem: .forbiddenFileType)])
        }
        let descriptor = handle.fileDescriptor
        do {
            try await NIOThreadPool.singleton.runIfActive { guard fsync(descriptor) == 0 else { throw StoreError.unavailable("fsync failed") } }
        } catch {
            discard()
            throw error
        }
        if let scanner = store.scanner {
            var verdict = ScanVerdict.clean
            do {
                verdict = try await scanner.scan(fileAt: temporaryURL.path)
            } catch let error as ScannerUnavailable where store.whenScannerIsDown == .accept {
                store.logger?.warning("file stored without a virus scan: the scanner is unavailable", metadata: ["reason": "\(error.reason)"])
            } catch {
                discard()
                throw error
            }
            if case .infected = verdict {
                discard()
                throw ValidationError([FieldIssue(field: "file", problem: .infectedFile)])
            }
        }
        let key = hasher.finalize().map { String(format: "%02x", $0) }.joined()
        try? handle.close()
        ended = true
        let destination = store.finalURL(for: key)
        let manager = FileManager.default
        do {
            try manager.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
            if manager.fileExists(atPath: destination.path) {
                try? manager.removeItem(at: temporaryURL)
            } else {
                try manager.moveItem(at: temporaryURL, to: destination)
            }
        } catch {
            try? manager.removeItem(at: temporaryURL)
            if !manager.fileExists(atPath: destination.path) { throw StoreError.unavailable("cannot store an upload: \(error)") }
        }
        return StoredFile(key: key, name: StoredFile.cleanName(name, kind: kind), kind: kind, size: size)
    }

    /// Deletes what was written. Safe to call more than once.
    public func discard() {
        guard !ended else { return }
        ended = true
        try? handle.close()
        try? FileManager.default.removeItem(at: temporaryURL)
    }
}
