import CartableCore
import CartableStore
import Foundation
import Hummingbird
import MultipartKit
import NIOCore

/// An import's files as they are uploaded: each file part streams to its own file in a staging folder (a lycée's
/// SIECLE export is tens of MB: never held in memory); the few text fields are kept.
///
/// The folder is named by a random token, given back in the preview's form, so that confirming reads the same files.
/// It lives on this node's disk: behind a load balancer, staff confirm on the node that previewed (the token is
/// refused elsewhere and they upload again). Folders older than a day are removed at the next upload.
struct ImportUpload {
    /// The token naming the folder.
    var token: String
    /// The files: where they are and the names they were sent with.
    var files: [(url: URL, name: String)]
    /// The text fields.
    var fields: FormData

    /// Most files per import (pupils, guardians, nomenclature, STS-web, and a spare).
    static let maximumFiles = 6
    /// Largest file: a large lycée's export with addresses is well under this.
    static let maximumFileSize: Int64 = 200 * 1024 * 1024

    /// The staging root under the blob store's folder.
    static func root(_ blobs: BlobStore) -> URL { blobs.root.appendingPathComponent("tmp/imports", isDirectory: true) }

    /// The folder of `token`, if the token is well formed and the folder exists.
    static func folder(_ token: String, blobs: BlobStore) -> URL? {
        guard token.count == 32, token.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else { return nil }
        let url = root(blobs).appendingPathComponent(token, isDirectory: true)
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }

    /// The staged files of `token`, in upload order (their names are kept in a small index file).
    static func staged(_ token: String, blobs: BlobStore) -> [(url: URL, name: String)]? {
        guard let folder = folder(token, blobs: blobs),
            let index = try? String(contentsOf: folder.appendingPathComponent("index"), encoding: .utf8)
        else { return nil }
        return index.split(separator: "\n").enumerated().map { (folder.appendingPathComponent("\($0.offset)"), String($0.element)) }
    }

    /// Removes the staged files of `token`.
    static func remove(_ token: String, blobs: BlobStore) {
        if let folder = folder(token, blobs: blobs) { try? FileManager.default.removeItem(at: folder) }
    }

    /// Reads the request. Throws ``BlobTooLarge`` over the size limit (nothing kept), a 400 for a malformed form.
    static func read(_ request: Request, blobs: BlobStore, now: Date) async throws -> ImportUpload {
        guard let type = request.headers[.contentType], let boundary = MultipartUpload.boundary(in: type) else {
            throw HTTPError(.badRequest)
        }
        let manager = FileManager.default
        let root = root(blobs)
        try manager.createDirectory(at: root, withIntermediateDirectories: true)
        if let old = try? manager.contentsOfDirectory(at: root, includingPropertiesForKeys: [.contentModificationDateKey]) {
            for folder in old {
                let modified = (try? folder.resourceValues(forKeys: [.contentModificationDateKey]))?.contentModificationDate ?? now
                if now.timeIntervalSince(modified) > 86_400 { try? manager.removeItem(at: folder) }
            }
        }
        var generator = SystemRandomNumberGenerator()
        let token = (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
        let folder = root.appendingPathComponent(token, isDirectory: true)
        try manager.createDirectory(at: folder, withIntermediateDirectories: true)

        let parser = MultipartParser(boundary: boundary)
        var headers: [String: String] = [:]
        var fieldBytes: [UInt8] = []
        var fields: [(String, String)] = []
        var files: [(url: URL, name: String)] = []
        var handle: FileHandle?
        var size: Int64 = 0
        var failure: (any Error)?
        func partName() -> (name: String?, fileName: String?) {
            guard let disposition = headers["content-disposition"] else { return (nil, nil) }
            return (MultipartUpload.parameter("name", in: disposition), MultipartUpload.parameter("filename", in: disposition))
        }
        parser.onHeader = { name, value in headers[name.lowercased()] = value }
        parser.onBody = { buffer in
            guard failure == nil else { return }
            let part = partName()
            if let name = part.fileName {
                if handle == nil {
                    guard files.count < maximumFiles else {
                        failure = ValidationError([FieldIssue(field: "files", problem: .tooMany(max: maximumFiles))])
                        return
                    }
                    let url = folder.appendingPathComponent("\(files.count)")
                    manager.createFile(atPath: url.path, contents: nil)
                    handle = FileHandle(forWritingAtPath: url.path)
                    let clean = TextRules.clean(name).replacingOccurrences(of: "\n", with: " ")
                    files.append((url, String((clean.split(separator: "/").last.map(String.init) ?? clean).prefix(120))))
                    size = 0
                }
                size += Int64(buffer.readableBytes)
                if size > maximumFileSize {
                    failure = BlobTooLarge(limit: maximumFileSize)
                    return
                }
                do { try handle?.write(contentsOf: buffer.readableBytesView) } catch { failure = error }
            } else {
                fieldBytes.append(contentsOf: buffer.readableBytesView)
                if fieldBytes.count > MultipartUpload.fieldsLimit { failure = HTTPError(.contentTooLarge) }
            }
        }
        parser.onPartComplete = {
            let part = partName()
            if part.fileName != nil {
                try? handle?.close()
                handle = nil
            } else if let name = part.name {
                fields.append((name, String(decoding: fieldBytes, as: UTF8.self)))
            }
            fieldBytes = []
            headers = [:]
        }
        do {
            for try await buffer in request.body {
                try parser.execute(buffer)
                if let failure { throw failure }
            }
        } catch {
            try? handle?.close()
            try? manager.removeItem(at: folder)
            if error is BlobTooLarge || error is HTTPError || error is ValidationError { throw error }
            throw HTTPError(.badRequest)
        }
        // An empty file input sends a part with no name and no bytes: not a file.
        files = files.filter { file in
            let empty = ((try? manager.attributesOfItem(atPath: file.url.path)[.size] as? Int) ?? 0) == 0
            if empty { try? manager.removeItem(at: file.url) }
            return !empty
        }
        // Renumber what is left so that the index matches the files.
        var kept: [(url: URL, name: String)] = []
        for (index, file) in files.enumerated() {
            let url = folder.appendingPathComponent("\(index)")
            if url != file.url { try manager.moveItem(at: file.url, to: url) }
            kept.append((url, file.name))
        }
        try kept.map(\.name).joined(separator: "\n").write(to: folder.appendingPathComponent("index"), atomically: true, encoding: .utf8)
        return ImportUpload(token: token, files: kept, fields: FormData(pairs: fields))
    }
}
