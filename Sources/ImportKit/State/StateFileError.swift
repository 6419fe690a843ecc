/// A state file that cannot be trusted.
public enum StateFileError: Error, Sendable, CustomStringConvertible, Equatable {
    case corrupt(String, String)

    public var description: String {
        switch self {
        case .corrupt(let what, let detail): return "\(what) is corrupt (\(detail))"
        }
    }
}
