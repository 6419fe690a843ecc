import TestSupport
import Testing
@testable import ImportKit

@Suite struct JobConfigWarningTests {
    @Test(arguments: [
        ([("jobType", "audit"), ("isSkipExistFile", "true")], "conf/local_job.cfg:10: isSkipExistFile: has no effect when jobType=audit"),
        ([("multipartUploadPartSize", "50k")],
         "conf/local_job.cfg:9: multipartUploadPartSize: 51200 bytes is below 100k, so the default 50m is used (as ossimport does) — write multipartUploadPartSize=50m or any size from 100k to 5g"),
        ([("multipartUploadThreshold", "500k")],
         "conf/local_job.cfg:9: multipartUploadThreshold: 500k is below the 1m ossimport recommends; small files will use multipart upload"),
        ([("isIncremental", "true"), ("incrementalModeInterval", "900")],
         "conf/local_job.cfg:10: incrementalModeInterval: rescanning every 900 s lists the whole source each time; 3600 or more is recommended"),
        ([("slaveTaskThreadNum", "10")],
         "conf/local_job.cfg:9: key \"slaveTaskThreadNum\" is the ossimport 2.1 name of workerTaskThreadNum and is ignored — rename it to workerTaskThreadNum"),
    ] as [([(String, String)], String)])
    func warns(overrides: [(String, String)], warning: String) throws {
        let (_, warnings) = try ConfigFixture.load(ConfigFixture.text(overrides))
        #expect(warnings == [warning])
    }

    @Test func duplicateKeyWarnsAndLastValueWins() throws {
        let text = ConfigFixture.text([]) + "taskObjectCountLimit=5\ntaskObjectCountLimit=6\n"
        let (config, warnings) = try ConfigFixture.load(text)
        #expect(config.taskObjectCountLimit == 6)
        #expect(warnings == ["conf/local_job.cfg:10: duplicate key \"taskObjectCountLimit\" (also on line 9); the last value wins"])
    }

    @Test func partSizeFallbackIsApplied() throws {
        let (c, _) = try ConfigFixture.load(ConfigFixture.text([("multipartUploadPartSize", "99k")]))
        #expect(c.multipartUploadPartSize == 50 << 20)
        let (exact, warnings) = try ConfigFixture.load(ConfigFixture.text([("multipartUploadPartSize", "100k")]))
        #expect(exact.multipartUploadPartSize == 100 << 10 && warnings.isEmpty)
    }

    @Test func keysOfOtherVariantsAreAccepted() throws {
        let tolerated = [
            "isUseExpressTunnel", "expressTunnelProxyHost", "expressTunnelProxyType", "expressTunnelProxyUser",
            "expressTunnelProxyDest", "expressTunnelAuthToken", "javaHeapMaxSize", "workerUserName", "workerPassword",
            "privateKeyFile", "sshPort", "dispatcherThreadNum", "getObjectMetaMode", "isDownloadFromCdn", "cdnDomain", "appId",
        ]
        let text = ConfigFixture.text(tolerated.map { ($0, "") })
        let (_, warnings) = try ConfigFixture.load(text)
        #expect(warnings.isEmpty)
    }
}
