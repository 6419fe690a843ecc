import CurlHTTP
import OSSClient
import OSSCore
import Testing
@testable import ImportKit

@Suite struct ThroughputHistoryTests {
    @Test func staysBoundedAndKeepsEveryByte() {
        var history = ThroughputHistory()
        var total: Int64 = 0
        for second in 0..<10_000 {
            let bytes = Int64(second % 7) * 1000
            total += bytes
            history.record(end: Double(second + 1), seconds: 1, bytes: bytes)
            #expect(history.samples.count <= ThroughputHistory.capacity)
        }
        #expect(history.totalBytes == total)
        #expect(history.samples.first.map { $0.end - $0.seconds } == 0, "the history still starts at the job's start")
        #expect(history.samples.last?.end == 10_000)
        #expect(history.peakBytesPerSecond == 6000)
        // Contiguous intervals: each starts where the previous ended.
        for (a, b) in zip(history.samples, history.samples.dropFirst()) { #expect(b.end - b.seconds == a.end) }
    }

    @Test func peakIsCappedByTheThrottleAndIgnoresSlivers() {
        var history = ThroughputHistory()
        history.record(end: 1, seconds: 1, bytes: 500, cap: 400)
        history.record(end: 1.1, seconds: 0.1, bytes: 300, cap: 400)
        #expect(history.peakBytesPerSecond == 400)
        #expect(history.samples.map { $0.bytesPerSecond(cap: history.cap) } == [400, 400])
        #expect(history.totalBytes == 800)
    }
}

@Suite struct RetryReasonTests {
    @Test(arguments: [
        (OSSClientError.service(OSSServiceError(statusCode: 503, code: "ServiceUnavailable", message: "", requestId: "")), "throttled"),
        (.service(OSSServiceError(statusCode: 429, code: "TooManyRequests", message: "", requestId: "")), "throttled"),
        (.service(OSSServiceError(statusCode: 500, code: "InternalError", message: "", requestId: "")), "server_error"),
        (.service(OSSServiceError(statusCode: 403, code: "RequestTimeTooSkewed", message: "", requestId: "")), "clock_skew"),
        (.service(OSSServiceError(statusCode: 400, code: "InvalidCRC64", message: "", requestId: "")), "crc"),
        (.crcMismatch(operation: "PutObject", local: 1, remote: 2, requestId: ""), "crc"),
        (.transport(HTTPTransportError(kind: .timeout, message: "idle")), "timeout"),
        (.transport(HTTPTransportError(kind: .connectionReset, message: "reset")), "network"),
        (.transport(HTTPTransportError(kind: .connectFailed, message: "refused")), "network"),
        (.service(OSSServiceError(statusCode: 408, code: "RequestTimeout", message: "", requestId: "")), "other"),
    ])
    func classifies(error: OSSClientError, reason: String) {
        #expect(RetryCounter.reason(error) == reason)
        #expect(RetryCounter.reasons.contains(reason))
    }
}

@Suite struct MetricsExpositionTests {
    @Test func escapesLabelValues() {
        #expect(MetricsExposition.escape(#"a"b\c"#) == #"a\"b\\c"#)
        #expect(MetricsExposition.escape("a\nb") == #"a\nb"#)
        #expect(MetricsExposition.format(3) == "3" && MetricsExposition.format(0.5) == "0.5")
    }

    @Test func reportReasonHeads() {
        #expect(JobReport.reasonHead("invalid object key: file name is not valid UTF-8") == "invalid object key")
        #expect(JobReport.reasonHead("source is no longer a regular file") == "source is no longer a regular file")
        let block = "OK\ta\t1\tx\n# task T finished\nFAILED\tb\t1\tboom\n# files=1\n"
        #expect(JobReport.finalBlock(block).map(String.init) == ["FAILED\tb\t1\tboom"])
    }

    @Test func listenAddress() {
        #expect(MetricsListenAddress("127.0.0.1:9487") == MetricsListenAddress("127.0.0.1:9487"))
        #expect(MetricsListenAddress("127.0.0.1:9487")?.port == 9487)
        #expect(MetricsListenAddress("0.0.0.0:0") == nil)
        #expect(MetricsListenAddress("::1:9487") == nil)
    }
}
