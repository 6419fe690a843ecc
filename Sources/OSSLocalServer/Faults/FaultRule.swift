/// A fault to inject into matching requests, for tests of retries, resets and CRC checks.
///
/// A request matches when every given criterion holds (`method`, `keyContains`, `subresource`
/// present in the query). Matches are counted per rule; matches number `nth` ... `nth + times - 1`
/// (1-based) get the fault. `times <= 0` means every match from `nth` on. Admin requests never match.
///
/// JSON form (used by `POST /_admin/faults` and `--fault`):
/// `{"method":"PUT","keyContains":"big","subresource":"partNumber","nth":2,"times":1,"action":{"type":"error","status":503,"code":"ServiceUnavailable","message":"busy"}}`
/// with action types `error` (`status`, `code`, `message`), `resetAfterBodyBytes` (`bytes`),
/// `delay` (`milliseconds`), `stall`, `wrongCRC`, `resetBeforeResponse`. Only `action` is required.
public struct FaultRule: Sendable, Codable, Equatable {
    /// What happens to a request hit by the rule.
    public enum Action: Sendable, Equatable {
        /// Answer with this OSS error (the request is not performed).
        case error(status: Int, code: String, message: String)
        /// Read this many request-body bytes, then reset the connection (SO_LINGER 0 close);
        /// nothing is stored.
        case resetAfterBodyBytes(Int)
        /// Perform the request, wait, then respond normally.
        case delay(milliseconds: Int)
        /// Read the request but never respond (and do not perform it).
        case stall
        /// Perform the request and respond normally but with a wrong `x-oss-hash-crc64ecma`.
        case wrongCRC
        /// Perform the request, then reset the connection instead of responding.
        case resetBeforeResponse
    }

    public var method: String?
    public var keyContains: String?
    /// A query parameter that must be present (`uploads`, `uploadId`, `partNumber`, `list-type`, ...).
    public var subresource: String?
    /// The Nth matching request (1-based) is the first to fail.
    public var nth: Int
    /// How many consecutive matches fail (`<= 0`: all from `nth` on).
    public var times: Int
    public var action: Action

    public init(
        method: String? = nil, keyContains: String? = nil, subresource: String? = nil,
        nth: Int = 1, times: Int = 1, action: Action
    ) {
        self.method = method
        self.keyContains = keyContains
        self.subresource = subresource
        self.nth = nth
        self.times = times
        self.action = action
    }

    /// Whether the rule's criteria match a request (counting is done by the fault book).
    func matches(method: String, key: String?, queryNames: [String]) -> Bool {
        if let wanted = self.method, wanted.uppercased() != method { return false }
        if let part = keyContains, !part.isEmpty {
            guard let key, key.contains(part) else { return false }
        }
        if let subresource, !queryNames.contains(subresource) { return false }
        return true
    }
}

extension FaultRule {
    private enum CodingKeys: String, CodingKey { case method, keyContains, subresource, nth, times, action }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        method = try c.decodeIfPresent(String.self, forKey: .method)
        keyContains = try c.decodeIfPresent(String.self, forKey: .keyContains)
        subresource = try c.decodeIfPresent(String.self, forKey: .subresource)
        nth = try c.decodeIfPresent(Int.self, forKey: .nth) ?? 1
        times = try c.decodeIfPresent(Int.self, forKey: .times) ?? 1
        action = try c.decode(Action.self, forKey: .action)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(method, forKey: .method)
        try c.encodeIfPresent(keyContains, forKey: .keyContains)
        try c.encodeIfPresent(subresource, forKey: .subresource)
        try c.encode(nth, forKey: .nth)
        try c.encode(times, forKey: .times)
        try c.encode(action, forKey: .action)
    }
}

extension FaultRule.Action: Codable {
    private enum CodingKeys: String, CodingKey { case type, status, code, message, bytes, milliseconds }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let type = try c.decode(String.self, forKey: .type)
        switch type {
        case "error":
            self = .error(
                status: try c.decodeIfPresent(Int.self, forKey: .status) ?? 500,
                code: try c.decodeIfPresent(String.self, forKey: .code) ?? "InternalError",
                message: try c.decodeIfPresent(String.self, forKey: .message) ?? "Injected fault.")
        case "resetAfterBodyBytes": self = .resetAfterBodyBytes(try c.decodeIfPresent(Int.self, forKey: .bytes) ?? 0)
        case "delay": self = .delay(milliseconds: try c.decode(Int.self, forKey: .milliseconds))
        case "stall": self = .stall
        case "wrongCRC": self = .wrongCRC
        case "resetBeforeResponse": self = .resetBeforeResponse
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .type, in: c,
                debugDescription: "unknown fault action '\(type)' (expected error, resetAfterBodyBytes, delay, stall, wrongCRC, resetBeforeResponse)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .error(let status, let code, let message):
            try c.encode("error", forKey: .type)
            try c.encode(status, forKey: .status)
            try c.encode(code, forKey: .code)
            try c.encode(message, forKey: .message)
        case .resetAfterBodyBytes(let bytes):
            try c.encode("resetAfterBodyBytes", forKey: .type)
            try c.encode(bytes, forKey: .bytes)
        case .delay(let milliseconds):
            try c.encode("delay", forKey: .type)
            try c.encode(milliseconds, forKey: .milliseconds)
        case .stall: try c.encode("stall", forKey: .type)
        case .wrongCRC: try c.encode("wrongCRC", forKey: .type)
        case .resetBeforeResponse: try c.encode("resetBeforeResponse", forKey: .type)
        }
    }
}
