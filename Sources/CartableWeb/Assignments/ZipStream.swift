import Foundation
import NIOCore

/// Writes a zip archive as it goes (entries stored, not compressed: photos and PDFs do not shrink),
/// so that a class's submissions download without being gathered in memory or on disk first.
///
/// Each entry's CRC-32 and size follow its data in a data descriptor (general purpose bit 3); the
/// central directory comes last. Names are UTF-8 (bit 11). Archives stay under 4 GiB (no Zip64).
struct ZipStream {
    private struct CentralRecord {
        var name: [UInt8]
        var crc: UInt32
        var size: UInt32
        var offset: UInt32
    }

    private var records: [CentralRecord] = []
    private var offset: UInt32 = 0
    private var usedNames: Set<String> = []
    private let dosTime: UInt16
    private let dosDate: UInt16

    /// The archive too large for a plain zip.
    struct TooLarge: Error {}

    /// An archive whose files are dated `date` (the request's instant, from the application's clock).
    init(date: Date) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Paris") ?? .current
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        dosTime = UInt16((parts.hour ?? 0) << 11 | (parts.minute ?? 0) << 5 | (parts.second ?? 0) / 2)
        dosDate = UInt16(max(0, (parts.year ?? 1980) - 1980) << 9 | (parts.month ?? 1) << 5 | (parts.day ?? 1))
    }

    /// A name not used yet in this archive ("a.pdf", then "a (2).pdf").
    mutating func uniqueName(_ name: String) -> String {
        var candidate = name
        var counter = 2
        while usedNames.contains(candidate.lowercased()) {
            let dot = name.lastIndex(of: ".").map { name.distance(from: name.startIndex, to: $0) } ?? name.count
            let base = String(name.prefix(dot))
            let ext = String(name.dropFirst(dot))
            candidate = "\(base) (\(counter))\(ext)"
            counter += 1
        }
        usedNames.insert(candidate.lowercased())
        return candidate
    }

    /// The local header that starts an entry.
    mutating func beginEntry(name: String) -> ByteBuffer {
        var buffer = ByteBuffer()
        let nameBytes = Array(name.utf8)
        buffer.writeInteger(UInt32(0x0403_4b50), endianness: .little)
        buffer.writeInteger(UInt16(20), endianness: .little)  // version needed
        buffer.writeInteger(UInt16(0x0808), endianness: .little)  // data descriptor + UTF-8 names
        buffer.writeInteger(UInt16(0), endianness: .little)  // stored
        buffer.writeInteger(dosTime, endianness: .little)
        buffer.writeInteger(dosDate, endianness: .little)
        buffer.writeInteger(UInt32(0), endianness: .little)  // crc (in the descriptor)
        buffer.writeInteger(UInt32(0), endianness: .little)  // compressed size
        buffer.writeInteger(UInt32(0), endianness: .little)  // size
        buffer.writeInteger(UInt16(nameBytes.count), endianness: .little)
        buffer.writeInteger(UInt16(0), endianness: .little)
        buffer.writeBytes(nameBytes)
        records.append(CentralRecord(name: nameBytes, crc: 0, size: 0, offset: offset))
        offset &+= UInt32(buffer.readableBytes)
        return buffer
    }

    /// Counts bytes of the current entry's data (which the caller sends as they are).
    mutating func entryData(_ bytes: ByteBuffer, crc: inout CRC32) throws {
        guard var record = records.popLast() else { return }
        let count = UInt64(bytes.readableBytes)
        guard UInt64(record.size) + count < UInt64(UInt32.max), UInt64(offset) + count < UInt64(UInt32.max) else { throw TooLarge() }
        bytes.withUnsafeReadableBytes { crc.update($0) }
        record.size += UInt32(count)
        offset += UInt32(count)
        records.append(record)
    }

    /// The data descriptor that ends an entry.
    mutating func endEntry(crc: CRC32) -> ByteBuffer {
        guard var record = records.popLast() else { return ByteBuffer() }
        record.crc = crc.value
        records.append(record)
        var buffer = ByteBuffer()
        buffer.writeInteger(UInt32(0x0807_4b50), endianness: .little)
        buffer.writeInteger(record.crc, endianness: .little)
        buffer.writeInteger(record.size, endianness: .little)
        buffer.writeInteger(record.size, endianness: .little)
        offset &+= UInt32(buffer.readableBytes)
        return buffer
    }

    /// The central directory and its end record.
    func finish() -> ByteBuffer {
        var buffer = ByteBuffer()
        for record in records {
            buffer.writeInteger(UInt32(0x0201_4b50), endianness: .little)
            buffer.writeInteger(UInt16(0x031E), endianness: .little)  // made by: Unix, 3.0
            buffer.writeInteger(UInt16(20), endianness: .little)
            buffer.writeInteger(UInt16(0x0808), endianness: .little)
            buffer.writeInteger(UInt16(0), endianness: .little)
            buffer.writeInteger(dosTime, endianness: .little)
            buffer.writeInteger(dosDate, endianness: .little)
            buffer.writeInteger(record.crc, endianness: .little)
            buffer.writeInteger(record.size, endianness: .little)
            buffer.writeInteger(record.size, endianness: .little)
            buffer.writeInteger(UInt16(record.name.count), endianness: .little)
            buffer.writeInteger(UInt16(0), endianness: .little)  // extra
            buffer.writeInteger(UInt16(0), endianness: .little)  // comment
            buffer.writeInteger(UInt16(0), endianness: .little)  // disk
            buffer.writeInteger(UInt16(0), endianness: .little)  // internal attributes
            buffer.writeInteger(UInt32(0o100644) << 16, endianness: .little)  // external: regular file, rw-r--r--
            buffer.writeInteger(record.offset, endianness: .little)
            buffer.writeBytes(record.name)
        }
        let directorySize = UInt32(buffer.readableBytes)
        buffer.writeInteger(UInt32(0x0605_4b50), endianness: .little)
        buffer.writeInteger(UInt16(0), endianness: .little)
        buffer.writeInteger(UInt16(0), endianness: .little)
        buffer.writeInteger(UInt16(records.count), endianness: .little)
        buffer.writeInteger(UInt16(records.count), endianness: .little)
        buffer.writeInteger(directorySize, endianness: .little)
        buffer.writeInteger(offset, endianness: .little)
        buffer.writeInteger(UInt16(0), endianness: .little)
        return buffer
    }
}

/// CRC-32 (IEEE 802.3), as zip uses it.
struct CRC32 {
    private static let table: [UInt32] = (0..<256).map { index in
        var value = UInt32(index)
        for _ in 0..<8 { value = value & 1 == 1 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1 }
        return value
    }

    private var state: UInt32 = 0xFFFF_FFFF

    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        var crc = state
        for byte in bytes { crc = Self.table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        state = crc
    }

    var value: UInt32 { state ^ 0xFFFF_FFFF }
}
