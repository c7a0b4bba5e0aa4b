import CartableCore
import CartableStore
import Foundation
import Hummingbird
import MultipartKit
import NIOCore

/// A `multipart/form-data` upload from a page, read as it arrives: small text fields are kept in
/// memory, the one file part streams to the blob store without ever being held whole.
struct MultipartUpload {
    /// The text fields.
    var fields: FormData
    /// The file, checked and stored; `nil` if the form had no file (or an empty file input).
    var file: StoredFile?

    /// Most bytes of all text fields together.
    static let fieldsLimit = 16 * 1024

    /// Reads the request. Throws ``BlobTooLarge`` over `fileLimit` (nothing kept), ``ValidationError``
    /// for a refused file, or a 400 for a body that is not a well-formed multipart form.
    static func read(_ request: Request, blobs: BlobStore, fileLimit: Int64) async throws -> MultipartUpload {
        guard let type = request.headers[.contentType], let boundary = boundary(in: type) else {
            throw HTTPError(.badRequest)
        }
        let parser = MultipartParser(boundary: boundary)
        var headers: [String: String] = [:]
        var fieldBytes: [UInt8] = []
        var fields: [(String, String)] = []
        var writer: BlobWriter?
        var fileName: String?
        var fileDone = false
        var failure: (any Error)?
        var fieldsSize = 0

        func partName() -> (name: String?, fileName: String?) {
            guard let disposition = headers["content-disposition"] else { return (nil, nil) }
            return (parameter("name", in: disposition), parameter("filename", in: disposition))
        }

        parser.onHeader = { name, value in headers[name.lowercased()] = value }
        parser.onBody = { buffer in
            guard failure == nil else { return }
            let part = partName()
            if let name = part.fileName {
                guard !fileDone else { return }
                do {
                    if writer == nil {
                        writer = try blobs.makeWriter(limit: fileLimit)
                        fileName = name
                    }
                    try writer?.write(buffer)
                } catch {
                    failure = error
                }
            } else {
                fieldsSize += buffer.readableBytes
                if fieldsSize > fieldsLimit {
                    failure = HTTPError(.contentTooLarge)
                    return
                }
                fieldBytes.append(contentsOf: buffer.readableBytesView)
            }
        }
        parser.onPartComplete = {
            let part = partName()
            if part.fileName != nil {
                if writer != nil { fileDone = true }
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
            writer?.discard()
            if error is BlobTooLarge || error is HTTPError || error is ValidationError || error is StoreError { throw error }
            throw HTTPError(.badRequest)
        }
        var file: StoredFile?
        if let writer {
            if writer.size == 0 && (fileName ?? "").isEmpty {
                writer.discard()
            } else {
                file = try await writer.finish(name: fileName)
            }
        }
        return MultipartUpload(fields: FormData(pairs: fields), file: file)
    }

    /// Reads a form whose file is required; the file comes back stored, or ``ValidationError`` says it is missing.
    static func readWithFile(_ request: Request, blobs: BlobStore, fileLimit: Int64) async throws -> (fields: FormData, file: StoredFile) {
        let upload = try await read(request, blobs: blobs, fileLimit: fileLimit)
        guard let file = upload.file else { throw ValidationError([FieldIssue(field: "file", problem: .required)]) }
        return (upload.fields, file)
    }

    /// The boundary of a `multipart/form-data` content type.
    static func boundary(in contentType: String) -> String? {
        guard contentType.lowercased().hasPrefix("multipart/form-data") else { return nil }
        guard let value = parameter("boundary", in: contentType), !value.isEmpty, value.count <= 200 else { return nil }
        return value
    }

    /// A parameter of a header value (`name="x"` or `name=x`).
    static func parameter(_ name: String, in header: String) -> String? {
        for piece in header.split(separator: ";").dropFirst() {
            let pair = piece.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == name else { continue }
            var value = pair[1].trimmingCharacters(in: .whitespaces)
            if value.hasPrefix("\"") && value.hasSuffix("\"") && value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            return value
        }
        return nil
    }
}

extension BlobTooLarge {
    /// The refusal as a form shows it, next to the file field.
    var issues: ValidationError { ValidationError([FieldIssue(field: "file", problem: .fileTooLarge(max: limit))]) }
}
