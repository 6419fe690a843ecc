import CRC64
@testable import CurlHTTP
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The transfer's callbacks driven directly, for paths a loopback server cannot trigger reliably.
@Suite struct CurlTransferTests {
    @Test func rewindRestartsTheSentBodyCRC() {
        let body = TestPattern.bytes(count: 1000)
        let transfer = CurlTransfer(request: HTTPRequest(method: "PUT", url: "http://h/k", body: .bytes(body)), sink: nil, limiter: nil)
        let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: 600)
        defer { buffer.deallocate() }
        #expect(transfer.onRead(buffer, capacity: 600) == 600)
        #expect(transfer.onSeek(offset: 0, origin: SEEK_SET) == 0)
        #expect(transfer.position == 0)
        #expect(transfer.onRead(buffer, capacity: 600) == 600)
        #expect(transfer.onRead(buffer, capacity: 600) == 400)
        #expect(transfer.onRead(buffer, capacity: 600) == 0)
        #expect(transfer.sentCRC.value == TestPattern.crc64(body))
        #expect(transfer.onSeek(offset: 10, origin: SEEK_SET) == 2)  // CURL_SEEKFUNC_CANTSEEK
    }

    @Test func headersOfTheFinalResponseOnly() {
        let transfer = CurlTransfer(request: HTTPRequest(method: "PUT", url: "http://h/k"), sink: nil, limiter: nil)
        for line in ["HTTP/1.1 100 Continue\r\n", "\r\n", "HTTP/1.1 200 OK\r\n", "ETag:  \"abc\" \r\n", "x-oss-hash-crc64ecma: 42\r\n", "\r\n"] {
            let bytes = Array(line.utf8)
            let consumed = bytes.withUnsafeBytes { transfer.onHeader($0) }
            #expect(consumed == bytes.count)
        }
        #expect(transfer.statusFromHeaders == 200)
        #expect(transfer.responseHeaders.count == 2)
        #expect(transfer.responseHeaders["etag"] == "\"abc\"")
        #expect(transfer.responseHeaders["X-OSS-Hash-CRC64ECMA"] == "42")
    }
}
