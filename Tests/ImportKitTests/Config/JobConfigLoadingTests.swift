import Foundation
import TestSupport
import Testing
@testable import ImportKit

@Suite struct JobConfigLoadingTests {
    /// An ossimport 2.3-style job.cfg with every key, its Chinese comments, trailing blanks and sample values.
    static let ossimportStyle = """
        #是否打开增量模式，如果设为true，会每间隔incrementalModeInterval(单位秒)重新扫描一次增量数据
        isIncremental=true
        incrementalModeInterval=3600

        ##############################################################同步源端设置######
        #同步源类型，目前支持：
        #1.local(本地文件，此选项只需要填写srcPrefix)
        srcType=oss
        #源access key
        srcAccessKey=SRCAK
        srcSecretKey=SRCSK
        #源endpoint; 例:"srcDomain=http://oss-cn-hangzhou-internal.aliyuncs.com"
        srcDomain=http://oss-cn-beijing-internal.aliyuncs.com
        srcBucket=source-bucket
        srcPrefix=data/to/oss/

        ##############################################################同步目的端设置######
        destAccessKey=LTAI5tDESTKEY
        destSecretKey=DESTSECRETVALUE
        #注意:域名里不要带上bucket前缀
        destDomain=http://oss-cn-hangzhou-internal.aliyuncs.com
        destBucket=mybucket
        destPrefix=docs/
        appId=1252883280
        isDownloadFromCdn=false
        cdnDomain=
        httpListFilePath=c:/example/http.list
        httpPrefixColumn=1
        relativePathColumn=2
        jobName=local_test_md
        jobType=import
        importSince=1500000000
        lastModify=1600000000
        isSkipExistFile=true
        taskObjectCountLimit=5
        taskObjectSizeLimit=1000000000
        scanThreadCount=4
        maxMultiThreadScanDepth=2
        multipartUploadThreshold=1024m
        multipartUploadPartSize=500k
        uploadThreadNumPerLargeFile=5
        isServerSideEncryption=true
        isAllowSymbolicLink=true
        getObjectMetaMode=head
        isAuditAfterImport=true \("")
        auditMode=simple
        #高速通道设置
        isUseExpressTunnel=false
        expressTunnelProxyHost=http://100.100.100.100:80
        expressTunnelProxyType=data-migration
        expressTunnelProxyUser=user
        expressTunnelProxyDest=cn-shanghai
        expressTunnelAuthToken=
        """

    @Test func parsesOssimportStyleFileWithEveryKey() throws {
        let (c, warnings) = try ConfigFixture.load(Self.ossimportStyle)
        #expect(warnings.isEmpty)
        #expect(c.isIncremental && c.incrementalModeInterval == 3600)
        #expect(c.srcType == .oss && c.srcAccessKey == "SRCAK" && c.srcSecretKey == "SRCSK")
        #expect(c.srcDomain == "http://oss-cn-beijing-internal.aliyuncs.com" && c.srcBucket == "source-bucket")
        #expect(c.srcPrefix == "data/to/oss/")
        #expect(c.destAccessKey == "LTAI5tDESTKEY" && c.destSecretKey == "DESTSECRETVALUE")
        #expect(c.destBucket == "mybucket" && c.destPrefix == "docs/")
        #expect(c.appId == 1_252_883_280 && c.jobName == "local_test_md" && c.jobType == .import)
        #expect(c.importSince == 1_500_000_000 && c.lastModify == 1_600_000_000 && c.isSkipExistFile)
        #expect(c.taskObjectCountLimit == 5 && c.taskObjectSizeLimit == 1_000_000_000)
        #expect(c.scanThreadCount == 4 && c.maxMultiThreadScanDepth == 2)
        #expect(c.multipartUploadThreshold == 1 << 30 && c.multipartUploadPartSize == 500 << 10)
        #expect(c.uploadThreadNumPerLargeFile == 5 && c.isServerSideEncryption && c.isAllowSymbolicLink)
        #expect(c.getObjectMetaMode == "head" && c.isAuditAfterImport && c.auditMode == .simple)
        #expect(c.effectiveDestRegion == "cn-hangzhou" && c.effectiveDestSignatureVersion == .v4)
    }

    @Test func missingKeysTakeDefaults() throws {
        let (c, _) = try ConfigFixture.load(ConfigFixture.text([]))
        var expected = JobConfig()
        for (key, value) in ConfigFixture.base {
            switch key {
            case "srcPrefix": expected.srcPrefix = value
            case "destDomain": expected.destDomain = value
            case "destBucket": expected.destBucket = value
            case "destAccessKey": expected.destAccessKey = value
            case "destSecretKey": expected.destSecretKey = value
            default: break
            }
        }
        #expect(c == expected)
        #expect(c.incrementalModeInterval == 86_400 && c.taskObjectCountLimit == 10_000)
        #expect(c.multipartUploadThreshold == 157_286_400 && c.multipartUploadPartSize == 52_428_800)
        #expect(c.isAuditAfterImport && c.auditMode == .general && c.jobName == "local_test")
    }

    @Test func emptyValuesTakeDefaults() throws {
        let text = ConfigFixture.text([
            ("isIncremental", ""), ("taskObjectCountLimit", ""), ("multipartUploadPartSize", ""), ("jobType", ""),
            ("auditMode", ""), ("jobName", ""), ("getObjectMetaMode", ""), ("serverSideEncryptionAlgorithm", ""),
        ])
        let (c, _) = try ConfigFixture.load(text)
        #expect(!c.isIncremental && c.taskObjectCountLimit == 10_000 && c.multipartUploadPartSize == 50 << 20)
        #expect(c.jobType == .import && c.auditMode == .general && c.jobName == "local_test")
        #expect(c.getObjectMetaMode == "stat" && c.serverSideEncryptionAlgorithm == "AES256")
    }

    @Test func emptyFileTakesDefaultsThenSaysWhatIsMissing() throws {
        let error = try #require(ConfigFixture.error(""))
        #expect(error.description == "conf/local_job.cfg: srcPrefix: is empty; srcType=local needs the directory to migrate — write the absolute directory ending with /, e.g. srcPrefix=/data/photos/")
        let second = try #require(ConfigFixture.error("srcPrefix=/data/"))
        #expect(second.description == "conf/local_job.cfg: destAccessKey: is empty and OSS_ACCESS_KEY_ID is not set — set destAccessKey and destSecretKey, or leave both empty and export OSS_ACCESS_KEY_ID and OSS_ACCESS_KEY_SECRET")
        let environment = ["OSS_ACCESS_KEY_ID": "K", "OSS_ACCESS_KEY_SECRET": "S"]
        let third = try #require(ConfigFixture.error("srcPrefix=/data/", environment: environment))
        #expect(third.description == "conf/local_job.cfg: destDomain: is empty — write the OSS endpoint without the bucket, e.g. destDomain=http://oss-cn-hangzhou.aliyuncs.com")
        let fourth = try #require(ConfigFixture.error("srcPrefix=/data/\ndestDomain=oss-cn-hangzhou.aliyuncs.com", environment: environment))
        #expect(fourth.description == "conf/local_job.cfg: destBucket: is empty — write the OSS bucket name, e.g. destBucket=mybucket")
        let (config, _) = try ConfigFixture.load("srcPrefix=/data/\ndestDomain=oss-cn-hangzhou.aliyuncs.com\ndestBucket=b-1", environment: environment)
        #expect(config.jobName == "local_test" && config.normalizedDestDomain == "http://oss-cn-hangzhou.aliyuncs.com")
    }

    @Test func valuesAreNormalised() throws {
        let text = ConfigFixture.text([
            ("destStorageClass", "coldarchive"), ("serverSideEncryptionAlgorithm", "kms"), ("destSignatureVersion", "V4"),
            ("destDomain", "OSS-cn-Shanghai.aliyuncs.com/"),
        ])
        let (c, _) = try ConfigFixture.load(text)
        #expect(c.destStorageClass == "ColdArchive" && c.serverSideEncryptionAlgorithm == "KMS")
        #expect(c.destSignatureVersion == .v4 && c.effectiveDestRegion == "cn-shanghai")
        #expect(c.normalizedDestDomain == "http://oss-cn-shanghai.aliyuncs.com")
    }

    @Test(arguments: [
        ("http://oss-cn-hangzhou.aliyuncs.com", "", "cn-hangzhou", SignatureVersionSetting.v4),
        ("https://oss-cn-hangzhou-internal.aliyuncs.com", "", "cn-hangzhou", .v4),
        ("oss-ap-southeast-1.aliyuncs.com", "", "ap-southeast-1", .v4),
        ("http://oss-accelerate.aliyuncs.com", "", nil, .v1),
        ("http://127.0.0.1:9000", "", nil, .v1),
        ("http://127.0.0.1:9000", "cn-beijing", "cn-beijing", .v4),
        ("https://static.example.com", "", nil, .v1),
        ("http://[::1]:9000", "", nil, .v1),
    ] as [(String, String, String?, SignatureVersionSetting)])
    func derivesRegionAndSignature(domain: String, region: String, expected: String?, version: SignatureVersionSetting) throws {
        let (c, _) = try ConfigFixture.load(ConfigFixture.text([("destDomain", domain), ("destRegion", region)]))
        #expect(c.effectiveDestRegion == expected)
        #expect(c.effectiveDestSignatureVersion == version)
    }

    // MARK: Credentials from the environment

    private static let env = ["OSS_ACCESS_KEY_ID": "ENVKEY", "OSS_ACCESS_KEY_SECRET": "ENVSECRET", "OSS_SESSION_TOKEN": "ENVTOKEN"]

    @Test func environmentFillsEmptyCredentials() throws {
        let text = ConfigFixture.text([("destAccessKey", ""), ("destSecretKey", "")])
        let (c, _) = try ConfigFixture.load(text, environment: Self.env)
        #expect(c.destAccessKey == "ENVKEY" && c.destSecretKey == "ENVSECRET" && c.destSecurityToken == "ENVTOKEN")
        #expect(c.usesSecurityToken)
    }

    @Test func fileCredentialsTakePrecedence() throws {
        let (c, _) = try ConfigFixture.load(ConfigFixture.text([]), environment: Self.env)
        #expect(c.destAccessKey == ConfigFixture.accessKey && c.destSecretKey == ConfigFixture.secretKey)
        #expect(c.destSecurityToken == "", "an environment token must not be paired with file credentials")
    }

    @Test func fileTokenTakesPrecedenceOverEnvironmentToken() throws {
        let text = ConfigFixture.text([("destAccessKey", ""), ("destSecretKey", ""), ("destSecurityToken", "FILETOKEN")])
        let (c, _) = try ConfigFixture.load(text, environment: Self.env)
        #expect(c.destAccessKey == "ENVKEY" && c.destSecurityToken == "FILETOKEN")
    }

    @Test func emptyEnvironmentValuesCountAsUnset() throws {
        let text = ConfigFixture.text([("destAccessKey", ""), ("destSecretKey", "")])
        let error = try #require(ConfigFixture.error(text, environment: ["OSS_ACCESS_KEY_ID": "", "OSS_ACCESS_KEY_SECRET": ""]))
        #expect(error.problem == "is empty and OSS_ACCESS_KEY_ID is not set")
    }

    // MARK: File system checks

    @Test func localDirectoryMustExist() throws {
        let dir = try ConfigFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let good = dir.path + "/"
        let (c, _) = try ConfigFixture.load(ConfigFixture.text([("srcPrefix", good)]), checkFileSystem: true)
        #expect(c.srcPrefix == good)

        let missing = dir.path + "/missing/"
        let error = try #require(ConfigFixture.error(ConfigFixture.text([("srcPrefix", missing)]), checkFileSystem: true))
        #expect(error.description == "conf/local_job.cfg:3: srcPrefix: \"\(missing)\": directory does not exist — create it, or point srcPrefix at the directory to migrate")
    }

    @Test func localPrefixMustNotBeAFile() throws {
        let dir = try ConfigFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data("x".utf8).write(to: dir.appendingPathComponent("photo.jpg"))
        let prefix = dir.path + "/photo.jpg/"
        let error = try #require(ConfigFixture.error(ConfigFixture.text([("srcPrefix", prefix)]), checkFileSystem: true))
        #expect(error.description.contains("is not a directory (srcPrefix cannot name a single file)"))
    }

    @Test func httpListFileMustExist() throws {
        let dir = try ConfigFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let list = dir.appendingPathComponent("http.list")
        let overrides = [("srcType", "http"), ("srcPrefix", ""), ("httpListFilePath", list.path)]
        let error = try #require(ConfigFixture.error(ConfigFixture.text(overrides), checkFileSystem: true))
        #expect(error.description == "conf/local_job.cfg:9: httpListFilePath: \"\(list.path)\": file does not exist — check the path of the URL list file")
        try Data("http://127.0.0.1/ a.jpg\n".utf8).write(to: list)
        let (c, _) = try ConfigFixture.load(ConfigFixture.text(overrides), checkFileSystem: true)
        #expect(c.srcType == .http)
    }

    @Test func loadReadsFromDisk() throws {
        let dir = try ConfigFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("local_job.cfg")
        try Data(ConfigFixture.text([("srcPrefix", dir.path + "/")]).utf8).write(to: file)
        let (c, _) = try JobConfig.load(path: file.path, environment: [:])
        #expect(c.srcPrefix == dir.path + "/")
    }
}
