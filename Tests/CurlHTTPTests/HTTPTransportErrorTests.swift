import CCurl
@testable import CurlHTTP
import Testing

@Suite struct HTTPTransportErrorTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let code: CURLcode
        let kind: HTTPTransportError.Kind
        let retryable: Bool
        var testDescription: String { "curl \(code.rawValue) → \(kind)" }
    }

    @Test(arguments: [
        Case(code: CURLE_COULDNT_CONNECT, kind: .connectFailed, retryable: true),
        Case(code: CURLE_OPERATION_TIMEDOUT, kind: .timeout, retryable: true),
        Case(code: CURLE_RECV_ERROR, kind: .connectionReset, retryable: true),
        Case(code: CURLE_SEND_ERROR, kind: .connectionReset, retryable: true),
        Case(code: CURLE_GOT_NOTHING, kind: .connectionReset, retryable: true),
        Case(code: CURLE_PARTIAL_FILE, kind: .connectionReset, retryable: true),
        Case(code: CURLE_COULDNT_RESOLVE_HOST, kind: .dns, retryable: false),
        Case(code: CURLE_SSL_CONNECT_ERROR, kind: .tls, retryable: true),
        Case(code: CURLE_PEER_FAILED_VERIFICATION, kind: .tls, retryable: false),
        Case(code: CURLE_SSL_CACERT_BADFILE, kind: .tls, retryable: false),
        Case(code: CURLE_READ_ERROR, kind: .sourceRead, retryable: false),
        Case(code: CURLE_URL_MALFORMAT, kind: .other, retryable: false),
    ])
    func curlCodesAreClassified(_ testCase: Case) {
        let error = HTTPTransportError(curlCode: testCase.code, detail: "", context: "GET http://h/k")
        #expect(error.kind == testCase.kind)
        #expect(error.isRetryable == testCase.retryable)
        #expect(error.curlCode == Int32(testCase.code.rawValue))
        #expect(error.message.hasPrefix("GET http://h/k: "))
        #expect(error.message.count > "GET http://h/k: ".count)  // falls back to curl_easy_strerror
    }

    @Test(arguments: [
        ("https://bucket.oss-cn-hangzhou.aliyuncs.com/a/b.txt?OSSAccessKeyId=ak&Signature=sig", "https://bucket.oss-cn-hangzhou.aliyuncs.com/a/b.txt"),
        ("http://user:pass@host:8080/p?q#f", "http://host:8080/p"),
        ("http://host/p#frag", "http://host/p"),
        ("http://host/a@b", "http://host/a@b"),
    ])
    func redactedURLDropsQueryAndUserInfo(url: String, expected: String) {
        #expect(HTTPRequest(method: "GET", url: url).redactedURL == expected)
    }

    @Test func rateLimiterGrantsBurstThenPauses() {
        let limiter = RateLimiter(bytesPerSecond: 100_000)
        #expect(limiter.burst == 10_000)
        #expect(limiter.acquire(upTo: 8_000) == 8_000)
        // ~2,000 tokens left: not enough for a worthwhile 8,000-byte read, enough for a 1,000-byte one.
        #expect(limiter.acquire(upTo: 8_000) == 0)
        #expect(limiter.delayUntilAvailable() > .zero)
        #expect(limiter.acquire(upTo: 1_000) == 1_000)
    }

    @Test func durationsRoundUpForCurl() {
        #expect(Duration.milliseconds(1500).curlSeconds == 2)
        #expect(Duration.microseconds(1).curlMilliseconds == 1)
        #expect(Duration.seconds(10).curlMilliseconds == 10_000)
    }
}
