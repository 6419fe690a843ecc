import CurlHTTP
import Foundation
import OSSClient
import OSSLocalServer
import TestSupport
import Testing

@testable import ImportKit

/// Faults from the server and the network (issue 4 §3), injected by oss-local's fault rules into PutObject,
/// UploadPart and CompleteMultipartUpload: every file must end uploaded byte for byte.
@Suite struct ServerFaultTests {
    /// A transient fault, named for the test report.
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let action: FaultRule.Action
        var testDescription: String { name }
    }

    static let transient: [Case] = [
        Case(name: "500 InternalError", action: .error(status: 500, code: "InternalError", message: "injected")),
        Case(name: "503 ServiceUnavailable", action: .error(status: 503, code: "ServiceUnavailable", message: "busy")),
        Case(name: "503 SlowDown", action: .error(status: 503, code: "SlowDown", message: "Please reduce your request rate.")),
        Case(name: "429 throttled", action: .error(status: 429, code: "QpsLimitExceeded", message: "too many requests")),
        Case(name: "408 RequestTimeout", action: .error(status: 408, code: "RequestTimeout", message: "too slow")),
        Case(name: "403 RequestTimeTooSkewed", action: .error(status: 403, code: "RequestTimeTooSkewed", message: "skewed")),
        Case(name: "reset mid-body", action: .resetAfterBodyBytes(1000)),
        Case(name: "reset before response", action: .resetBeforeResponse),
        Case(name: "wrong CRC in response", action: .wrongCRC),
    ]

    /// Each fault hits a small PUT twice, the second part of a multipart upload twice and its Complete once.
    @Test(arguments: transient)
    func transientFaultIsRetried(_ fault: Case) async throws {
        try await withTestBed { h in
            let files = TestBed.mixedTree()
            try h.write(files)
            h.server.addFault(FaultRule(method: "PUT", keyContains: "small/f3", nth: 1, times: 2, action: fault.action))
            h.server.addFault(FaultRule(
                method: "PUT", keyContains: "four-parts", subresource: "partNumber", nth: 2, times: 2, action: fault.action))
            h.server.addFault(FaultRule(
                method: "POST", keyContains: "three-parts", subresource: "uploadId", nth: 1, times: 1, action: fault.action))

            let (state, layout) = try await h.run(h.settings())

            #expect(state == .succeed, "\(h.audit(layout))")
            try await h.expectUploaded(files)
            try await h.expectNoOpenUploads()
        }
    }

    /// A server that never answers: the total timeout ends the attempt, the retry succeeds.
    @Test func stalledResponseTimesOutAndIsRetried() async throws {
        var options = TestBedOptions()
        options.transport.timeouts = HTTPTimeouts(
            connect: .seconds(2), lowSpeedLimitBytesPerSecond: 1, lowSpeedTime: .seconds(1), total: .seconds(2))
        try await withTestBed(options) { h in
            let files = TestBed.mixedTree()
            try h.write(files)
            h.server.addFault(FaultRule(method: "PUT", keyContains: "small/f1", nth: 1, times: 1, action: .stall))
            h.server.addFault(FaultRule(
                method: "PUT", keyContains: "three-parts", subresource: "partNumber", nth: 1, times: 1, action: .stall))

            let (state, _) = try await h.run(h.settings())

            #expect(state == .succeed)
            try await h.expectUploaded(files)
            try await h.expectNoOpenUploads()
        }
    }

    /// An error that does not go away ends that file only, with the OSS code in its reason.
    @Test func persistentServerErrorFailsOnlyThatFile() async throws {
        try await withTestBed { h in
            var files = TestBed.mixedTree()
            try h.write(files)
            h.server.addFault(FaultRule(
                method: "PUT", keyContains: "small/f5", nth: 1, times: 0,
                action: .error(status: 503, code: "ServiceUnavailable", message: "down for f5")))

            let (state, layout) = try await h.run(h.settings())

            #expect(state == .failed)
            let (errorList, audit) = try h.failures(layout)
            #expect(errorList == ["small/f5.txt"])
            #expect(audit.contains("ServiceUnavailable"))
            files["small/f5.txt"] = nil
            try await h.expectUploaded(files)
            #expect(try await h.checker.headObject(bucket: TestBed.bucket, key: "small/f5.txt") == nil)
        }
    }

    /// `RequestTimeTooSkewed` carries the server's `Date`: the client learns the offset (here about zero) and
    /// the request succeeds on the next attempt.
    @Test func clockSkewAnswerIsRetriedWithTheServerClock() async throws {
        try await withTestBed { h in
            try h.write(["a.txt": Array("skew".utf8)])
            h.server.addFault(FaultRule(
                method: "PUT", nth: 1, times: 1, action: .error(status: 403, code: "RequestTimeTooSkewed", message: "skewed")))
            let (state, _) = try await h.run(h.settings())
            #expect(state == .succeed)
            try await h.expectUploaded(["a.txt": Array("skew".utf8)])
            #expect(abs(h.client.currentClockOffset.secondsDouble) < 5)
        }
    }
}

extension Duration {
    var secondsDouble: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
