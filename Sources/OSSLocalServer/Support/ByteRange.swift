/// `Range: bytes=...` as OSS interprets it.
///
/// By default OSS ignores an invalid or out-of-bounds range and returns the whole object (200).
/// With `x-oss-range-behavior: standard` a start beyond the end is 416 InvalidRange and an end
/// beyond the object is clamped.
enum ByteRange: Equatable {
    case whole
    case partial(first: Int64, last: Int64)
    case unsatisfiable

    static func resolve(_ header: String, size: Int64, standard: Bool) -> ByteRange {
        let text = header.trimmingCharacters(in: .whitespaces)
        guard text.hasPrefix("bytes="), !text.contains(",") else { return .whole }
        let spec = text.dropFirst("bytes=".count)
        guard let dash = spec.firstIndex(of: "-") else { return .whole }
        let startText = spec[..<dash]
        let endText = spec[spec.index(after: dash)...]
        if startText.isEmpty {
            guard let suffix = Int64(endText), suffix > 0 else { return .whole }
            if suffix > size {
                return standard && size > 0 ? .partial(first: 0, last: size - 1) : .whole
            }
            return .partial(first: size - suffix, last: size - 1)
        }
        guard let first = Int64(startText), first >= 0 else { return .whole }
        var last = size - 1
        if !endText.isEmpty {
            guard let end = Int64(endText), end >= first else { return .whole }
            last = end
        }
        if first >= size { return standard ? .unsatisfiable : .whole }
        if last >= size {
            if !standard && !endText.isEmpty { return .whole }
            last = size - 1
        }
        return .partial(first: first, last: last)
    }
}

import Foundation
