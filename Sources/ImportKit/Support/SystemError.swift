import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A failed system call on a path: keeps errno so callers can tell "deleted" from "permission denied".
public struct SystemError: Error, Sendable, CustomStringConvertible, Equatable {
    public var errno: Int32
    public var operation: String
    public var path: String

    public init(errno: Int32, operation: String, path: String) {
        self.errno = errno
        self.operation = operation
        self.path = path
    }

    public var reason: String { String(cString: strerror(errno)) }
    public var description: String { "\(operation) \(path): \(reason)" }

    public var isNotFound: Bool { errno == ENOENT || errno == ENOTDIR }
    public var isPermissionDenied: Bool { errno == EACCES || errno == EPERM }
    public var isNoSpace: Bool { errno == ENOSPC || errno == EDQUOT }
}

/// Calls `body` until it does not fail with EINTR; a `-1` result becomes a ``SystemError``.
@discardableResult
func syscall<T: FixedWidthInteger>(_ operation: String, _ path: String, _ body: () -> T) throws(SystemError) -> T {
    while true {
        let result = body()
        if result != -1 { return result }
        let code = Glibc.errno
        if code == EINTR { continue }
        throw SystemError(errno: code, operation: operation, path: path)
    }
}
