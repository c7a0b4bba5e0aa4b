import CartableCore
import Foundation
import Hummingbird
import NIOCore

/// The JSON body of every API error: `{"error": {"code": …, "message": …, "fields": […]}}`.
public struct APIErrorBody: Codable, Sendable {
    /// The error itself.
    public struct Detail: Codable, Sendable {
        /// A stable, machine-readable code (`not_found`, `validation_failed`…).
        public var code: String
        /// A sentence for people, in the request's language.
        public var message: String
        /// For validation errors, what is wrong with each field.
        public var fields: [Field]?
        /// For `stale_revision`, the revision the server holds.
        public var currentRevision: Int64?
    }

    /// One field's problem.
    public struct Field: Codable, Sendable {
        /// The field's name.
        public var field: String
        /// A sentence for people.
        public var message: String
    }

    /// The error.
    public var error: Detail
}

/// JSON encoding and decoding shared by the API.
enum JSON {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()

    /// A JSON response.
    static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) throws -> Response {
        let data = try encoder.encode(value)
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        fields[.cacheControl] = "no-store"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// A JSON response whose body is already written.
    static func response(raw json: String, status: HTTPResponse.Status = .ok) -> Response {
        var fields = HTTPFields()
        fields[.contentType] = "application/json; charset=utf-8"
        fields[.cacheControl] = "no-store"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(string: json)))
    }

    /// Decodes a JSON body of at most `limit` bytes; a body that is not valid JSON for `type` is a ``BadJSON`` (400).
    static func decode<T: Decodable>(_ type: T.Type, from request: inout Request, limit: Int) async throws -> T {
        let buffer = try await request.collectBody(upTo: limit)
        do {
            return try decoder.decode(T.self, from: Data(buffer.readableBytesView))
        } catch {
            throw BadJSON()
        }
    }

    /// A draft save's body: read by ``FlatJSON`` when it can, else as any other body.
    static func decode(_ type: DraftInput.Type, from request: inout Request, limit: Int) async throws -> DraftInput {
        let buffer = try await request.collectBody(upTo: limit)
        if let input = buffer.withUnsafeReadableBytes({ FlatJSON.object($0).flatMap(DraftInput.init(flat:)) }) { return input }
        do {
            return try decoder.decode(DraftInput.self, from: Data(buffer.readableBytesView))
        } catch {
            throw BadJSON()
        }
    }
}

/// An API body that could not be read as the JSON the action expects.
struct BadJSON: Error {}
