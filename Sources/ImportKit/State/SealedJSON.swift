import Foundation
import OSSCore

/// JSON state files sealed with a CRC-64 line (see ``Sealed``) and written atomically.
enum SealedJSON {
    static func write<T: Encodable>(_ value: T, to path: String, durable: Bool = true) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var body = Array(try encoder.encode(value))
        body.append(UInt8(ascii: "\n"))
        try AtomicFile.write(Sealed.seal(body), to: path, durable: durable)
    }

    /// `nil` when the file does not exist; throws ``StateFileError`` when it is torn or corrupt.
    static func read<T: Decodable>(_ type: T.Type, from path: String, what: String) throws -> T? {
        guard let bytes = try AtomicFile.read(path) else { return nil }
        let body = try Sealed.open(bytes, what: what)
        do {
            return try JSONDecoder().decode(T.self, from: Data(body))
        } catch {
            throw StateFileError.corrupt(what, "unreadable JSON")
        }
    }
}
