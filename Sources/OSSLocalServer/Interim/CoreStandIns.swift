// TEMPORARY stand-ins for OSSCore/CRC64 API (branch `core`), removed once it is merged.
import Foundation

enum XMLEscape {
    static func escape(_ s: String) -> String {
        var out = ""
        for ch in s.unicodeScalars {
            switch ch {
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }
}

enum ContentType {
    static func forKey(_ key: String) -> String { "application/octet-stream" }
}

struct XMLElement: Sendable {
    var name: String
    var text: String = ""
    var children: [XMLElement] = []
    func child(_ name: String) -> XMLElement? { children.first { $0.name == name } }
    func children(_ name: String) -> [XMLElement] { children.filter { $0.name == name } }
    func childText(_ name: String) -> String? { child(name)?.text }
}

enum XMLReader {
    struct Failure: Error {}
    static func parse(_ bytes: [UInt8]) throws -> XMLElement {
        var i = 0
        var stack: [XMLElement] = []
        var root: XMLElement?
        func entityDecoded(_ s: String) -> String {
            s.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&apos;", with: "'")
                .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
                .replacingOccurrences(of: "&amp;", with: "&")
        }
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "<") {
                guard let end = bytes[i...].firstIndex(of: UInt8(ascii: ">")) else { throw Failure() }
                let tag = String(decoding: bytes[(i + 1)..<end], as: UTF8.self)
                i = end + 1
                if tag.hasPrefix("?") || tag.hasPrefix("!") { continue }
                if tag.hasPrefix("/") {
                    guard let done = stack.popLast(), done.name == String(tag.dropFirst()) else { throw Failure() }
                    if stack.isEmpty { root = done } else { stack[stack.count - 1].children.append(done) }
                } else {
                    let selfClosing = tag.hasSuffix("/")
                    let name = String(tag.split(separator: " ").first ?? "").replacingOccurrences(of: "/", with: "")
                    let element = XMLElement(name: name)
                    if selfClosing {
                        if stack.isEmpty { root = element } else { stack[stack.count - 1].children.append(element) }
                    } else { stack.append(element) }
                }
            } else {
                let end = bytes[i...].firstIndex(of: UInt8(ascii: "<")) ?? bytes.count
                if !stack.isEmpty { stack[stack.count - 1].text += entityDecoded(String(decoding: bytes[i..<end], as: UTF8.self)) }
                i = end
            }
        }
        guard let root, stack.isEmpty else { throw Failure() }
        return root
    }
}
