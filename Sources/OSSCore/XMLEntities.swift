/// Decoding of the five predefined entities and numeric character references.
enum XMLEntities {
    static func decode(_ text: ArraySlice<UInt8>, at offset: Int) throws(XMLParseError) -> [UInt8] {
        guard text.contains(UInt8(ascii: "&")) else { return Array(text) }
        var out = [UInt8]()
        out.reserveCapacity(text.count)
        var i = text.startIndex
        while i < text.endIndex {
            let c = text[i]
            guard c == UInt8(ascii: "&") else {
                out.append(c)
                i += 1
                continue
            }
            guard let semicolon = text[i...].firstIndex(of: UInt8(ascii: ";")), semicolon - i <= 12 else {
                throw XMLParseError(offset: offset + (i - text.startIndex), message: "unterminated entity")
            }
            let name = text[(i + 1)..<semicolon]
            switch String(decoding: name, as: UTF8.self) {
            case "lt": out.append(UInt8(ascii: "<"))
            case "gt": out.append(UInt8(ascii: ">"))
            case "amp": out.append(UInt8(ascii: "&"))
            case "quot": out.append(UInt8(ascii: "\""))
            case "apos": out.append(UInt8(ascii: "'"))
            case let reference where reference.hasPrefix("#"):
                let digits = reference.dropFirst()
                let value = digits.hasPrefix("x") || digits.hasPrefix("X")
                    ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits, radix: 10)
                guard let value, let scalar = Unicode.Scalar(value), value != 0 else {
                    throw XMLParseError(offset: offset + (i - text.startIndex), message: "invalid character reference &\(reference);")
                }
                out.append(contentsOf: Array(String(Character(scalar)).utf8))
            case let other:
                throw XMLParseError(offset: offset + (i - text.startIndex), message: "unknown entity &\(other);")
            }
            i = semicolon + 1
        }
        return out
    }
}
