import TestSupport
import Testing

@testable import ImportKit

/// `srcType` and the `src*` / `http*` keys map onto the engine's ``SourceSettings``.
@Suite struct SourceSettingsTests {
    @Test func mapsEachSourceType() {
        var config = JobConfig()
        #expect(config.sourceSettings == .local)

        config.srcType = .oss
        config.srcDomain = "http://oss-cn-shanghai.aliyuncs.com"
        config.srcBucket = "b"
        config.srcPrefix = "p/"
        config.srcAccessKey = "id"
        config.srcSecretKey = "secret"
        #expect(config.sourceSettings == .oss(RemoteBucketSource(
            endpoint: "http://oss-cn-shanghai.aliyuncs.com", bucket: "b", prefix: "p/", accessKeyId: "id", secretKey: "secret",
            region: "cn-shanghai")))

        config.srcType = .cos
        config.srcDomain = "cos.ap-guangzhou.myqcloud.com"
        config.srcPrefix = "/docs/"
        config.srcRegion = "ap-guangzhou"
        guard case .s3(let cos) = config.sourceSettings else { Issue.record("cos is read through S3"); return }
        #expect(cos.endpoint == "http://cos.ap-guangzhou.myqcloud.com" && cos.prefix == "docs/" && cos.region == "ap-guangzhou")
        #expect(!cos.description.contains("secret"))

        config.srcType = .http
        config.httpListFilePath = "/l"
        config.httpPrefixColumn = 2
        config.relativePathColumn = 3
        #expect(config.sourceSettings == .http(HTTPListSource(listPath: "/l", prefixColumn: 2, relativeColumn: 3)))
    }

    @Test func byteBudgetWaitsForRoom() async throws {
        let budget = ByteBudget(capacity: 10)
        try await budget.acquire(8)
        let waiter = Task { try await budget.acquire(5) }
        await budget.release(8)
        try await waiter.value
        let big = Task { try await budget.acquire(20) }  // larger than the whole budget: granted alone
        await budget.release(5)
        try await big.value
        await budget.release(20)
    }
}
