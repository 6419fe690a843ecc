import OSSCore
import NIOCore
import NIOHTTP1

/// A response before the common headers (request id, Date, Server, Connection) are added.
struct OSSResponse: Sendable {
    enum Body: Sendable {
        case empty
        case bytes([UInt8])
        /// `length` bytes of an open file from `offset`; the descriptor is closed after sending.
        case file(descriptor: Int32, offset: Int64, length: Int64)
    }

    var status: HTTPResponseStatus
    var headers: [(String, String)] = []
    var body: Body = .empty
    /// Overrides Content-Length for HEAD responses (which carry no body).
    var headContentLength: Int64?

    init(status: HTTPResponseStatus, headers: [(String, String)] = [], body: Body = .empty) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    static func xml(_ writer: XMLResponseWriter, status: HTTPResponseStatus = .ok, headers: [(String, String)] = []) -> OSSResponse {
        OSSResponse(status: status, headers: headers + [("Content-Type", "application/xml")], body: .bytes(writer.bytes))
    }

    static func json(_ bytes: [UInt8]) -> OSSResponse {
        OSSResponse(status: .ok, headers: [("Content-Type", "application/json")], body: .bytes(bytes))
    }

    /// Releases a file descriptor that will not be sent.
    func discardBody() {
        if case .file(let fd, _, _) = body { _ = closeDescriptor(fd) }
    }
}

#if canImport(Glibc)
import Glibc
private func closeDescriptor(_ fd: Int32) -> Int32 { Glibc.close(fd) }
#elseif canImport(Darwin)
import Darwin
private func closeDescriptor(_ fd: Int32) -> Int32 { Darwin.close(fd) }
#endif

extension OSSLocalError {
    /// The OSS error response. HEAD responses carry no body: the XML goes base64-encoded into `x-oss-err`.
    func response(requestId: String, isHead: Bool) -> OSSResponse {
        var xml = XMLResponseWriter()
        xml.group("Error") { x in
            x.element("Code", code)
            x.element("Message", message)
            x.element("RequestId", requestId)
            x.element("HostId", "oss-local")
            for (name, value) in extra { x.element(name, value) }
            x.element("EC", ec)
        }
        var headers: [(String, String)] = [("x-oss-ec", ec)]
        let status = HTTPResponseStatus(statusCode: status)
        if isHead {
            headers.append(("x-oss-err", Base64.encode(xml.bytes)))
            var response = OSSResponse(status: status, headers: headers)
            response.headContentLength = 0
            return response
        }
        return .xml(xml, status: status, headers: headers)
    }
}
