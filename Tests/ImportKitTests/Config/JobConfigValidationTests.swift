import TestSupport
import Testing
@testable import ImportKit

/// One bad job file and the exact line it must be rejected with.
struct RejectionCase: CustomTestStringConvertible, Sendable {
    var overrides: [(String, String)]
    var message: String
    var environment: [String: String] = [:]
    var testDescription: String { overrides.map { "\($0.0)=\($0.1)" }.joined(separator: " ") }
}

private let f = "conf/local_job.cfg"
private let oss: [(String, String)] = [
    ("srcType", "oss"), ("srcPrefix", ""), ("srcDomain", "http://oss-cn-beijing.aliyuncs.com"), ("srcBucket", "source"),
    ("srcAccessKey", "SRCKEY"), ("srcSecretKey", "SRCSECRET"),
]

@Suite struct JobConfigValidationTests {
    static let cases: [RejectionCase] = [
        // jobName
        .init(overrides: [("jobName", "abc")],
              message: "\(f):1: jobName: \"abc\" is not a valid job name — use 4 to 128 letters, digits, '_' or '-', e.g. jobName=local_test"),
        .init(overrides: [("jobName", "my job")],
              message: "\(f):1: jobName: \"my job\" is not a valid job name — use 4 to 128 letters, digits, '_' or '-', e.g. jobName=local_test"),
        .init(overrides: [("jobName", String(repeating: "a", count: 129))],
              message: "\(f):1: jobName: \"\(String(repeating: "a", count: 129))\" is not a valid job name — use 4 to 128 letters, digits, '_' or '-', e.g. jobName=local_test"),
        // srcType
        .init(overrides: [("srcType", "Local")],
              message: "\(f):2: srcType: \"Local\" is not valid: srcType is case-sensitive — write srcType=local"),
        .init(overrides: [("srcType", "OSS")],
              message: "\(f):2: srcType: \"OSS\" is not valid: srcType is case-sensitive — write srcType=oss"),
        .init(overrides: [("srcType", "ftp")],
              message: "\(f):2: srcType: \"ftp\" is not one of local, oss, s3, qiniu, bos, ks3, youpai, http, cos, azure — write srcType=local or another of the listed values"),
        .init(overrides: [("srcType", "baidu")],
              message: "\(f):2: srcType: \"baidu\" is not a source type name — write srcType=bos"),
        // local srcPrefix
        .init(overrides: [("srcPrefix", "")],
              message: "\(f):3: srcPrefix: is empty; srcType=local needs the directory to migrate — write the absolute directory ending with /, e.g. srcPrefix=/data/photos/"),
        .init(overrides: [("srcPrefix", "/data/photos")],
              message: "\(f):3: srcPrefix: \"/data/photos\" must end with \"/\" — write srcPrefix=/data/photos/"),
        .init(overrides: [("srcPrefix", "data/photos/")],
              message: "\(f):3: srcPrefix: \"data/photos/\" is not an absolute path — write the full path from /, e.g. srcPrefix=/data/photos/"),
        .init(overrides: [("srcPrefix", "D:/work/oss/data/")],
              message: "\(f):3: srcPrefix: \"D:/work/oss/data/\" is a Windows path; this tool runs on Linux — write the absolute Linux directory, e.g. srcPrefix=/data/photos/"),
        .init(overrides: [("srcPrefix", "/data//photos/")],
              message: "\(f):3: srcPrefix: \"/data//photos/\" contains \"//\" — write srcPrefix=/data/photos/"),
        .init(overrides: [("srcPrefix", "/data/photos//")],
              message: "\(f):3: srcPrefix: \"/data/photos//\" contains \"//\" — write srcPrefix=/data/photos/"),
        .init(overrides: [("srcPrefix", "/data\\\\photos/")],
              message: "\(f):3: srcPrefix: \"/data\\photos/\" contains '\\' — separate directories with /, e.g. srcPrefix=/data/photos/"),
        // cloud sources
        .init(overrides: oss + [("srcDomain", "")],
              message: "\(f):9: srcDomain: is required for srcType=oss — write the source endpoint without the bucket, e.g. srcDomain=http://oss-cn-hangzhou.aliyuncs.com"),
        .init(overrides: oss + [("srcBucket", "")],
              message: "\(f):10: srcBucket: is required for srcType=oss — write the source bucket name, without /"),
        .init(overrides: oss + [("srcBucket", "source/photos")],
              message: "\(f):10: srcBucket: must be a bucket name only, without a path — move the path into srcPrefix, e.g. srcPrefix=photos/"),
        .init(overrides: oss + [("srcBucket", "Source")],
              message: "\(f):10: srcBucket: \"Source\" must be lowercase — use 3 to 63 lowercase letters, digits or '-'"),
        .init(overrides: oss + [("srcPrefix", "/photos/")],
              message: "\(f):3: srcPrefix: \"/photos/\" starts with \"/\"; for srcType=oss it is an object key prefix — write srcPrefix=photos/"),
        .init(overrides: oss + [("srcSecretKey", "")],
              message: "\(f):12: srcSecretKey: is required for srcType=oss — set srcSecretKey to the source account's credential"),
        .init(overrides: [("srcType", "s3"), ("srcBucket", "b"), ("srcAccessKey", "A"), ("srcSecretKey", "S")],
              message: "\(f): srcDomain: is required for srcType=s3 — write the source endpoint without the bucket, e.g. srcDomain=https://s3.us-west-2.amazonaws.com"),
        .init(overrides: [("srcType", "cos"), ("srcPrefix", "docs/"), ("srcBucket", "b"), ("srcAccessKey", "A"), ("srcSecretKey", "S")],
              message: "\(f):3: srcPrefix: \"docs/\" must start and end with \"/\" for srcType=cos — write srcPrefix=/docs/"),
        // http
        .init(overrides: [("srcType", "http")],
              message: "\(f): httpListFilePath: is empty; srcType=http needs the URL list file — write its absolute path, e.g. httpListFilePath=/data/http.list"),
        .init(overrides: [("srcType", "http"), ("httpListFilePath", "c:/example/http.list")],
              message: "\(f):9: httpListFilePath: \"c:/example/http.list\" is not an absolute path — write the full path from /, e.g. httpListFilePath=/data/http.list"),
        .init(overrides: [("srcType", "http"), ("httpListFilePath", "/data/http.list"), ("relativePathColumn", "1")],
              message: "\(f):10: relativePathColumn: is the same column as httpPrefixColumn (1) — use different columns, e.g. httpPrefixColumn=1 and relativePathColumn=2"),
        .init(overrides: [("httpPrefixColumn", "0")],
              message: "\(f):9: httpPrefixColumn: 0 is out of range — use a whole number from 1 to 2147483647"),
        // destination
        .init(overrides: [("destPrefix", "/docs/")],
              message: "\(f):6: destPrefix: \"/docs/\" must not start with \"/\" or \"\\\" (OSS keys cannot) — write destPrefix=docs/"),
        .init(overrides: [("destPrefix", "\\\\docs/")],
              message: "\(f):6: destPrefix: \"\\docs/\" must not start with \"/\" or \"\\\" (OSS keys cannot) — write destPrefix=docs/"),
        .init(overrides: [("destBucket", "mybucket/photos")],
              message: "\(f):5: destBucket: must be a bucket name only, without a path — write destBucket=mybucket and destPrefix=photos/"),
        .init(overrides: [("destBucket", "mybucket/")],
              message: "\(f):5: destBucket: must be a bucket name only, without a path — write destBucket=mybucket"),
        .init(overrides: [("destBucket", "My_Bucket")],
              message: "\(f):5: destBucket: \"My_Bucket\" must be lowercase — use 3 to 63 lowercase letters, digits or '-', not starting or ending with '-'"),
        .init(overrides: [("destBucket", "my_bucket")],
              message: "\(f):5: destBucket: \"my_bucket\" may contain only lowercase letters, digits and '-' — use 3 to 63 lowercase letters, digits or '-', not starting or ending with '-'"),
        .init(overrides: [("destBucket", "ab")],
              message: "\(f):5: destBucket: \"ab\" must be 3 to 63 characters long — use 3 to 63 lowercase letters, digits or '-', not starting or ending with '-'"),
        .init(overrides: [("destBucket", "-bucket")],
              message: "\(f):5: destBucket: \"-bucket\" must not start or end with '-' — use 3 to 63 lowercase letters, digits or '-', not starting or ending with '-'"),
        .init(overrides: [("destBucket", "")],
              message: "\(f):5: destBucket: is empty — write the OSS bucket name, e.g. destBucket=mybucket"),
        .init(overrides: [("destDomain", "")],
              message: "\(f):4: destDomain: is empty — write the OSS endpoint without the bucket, e.g. destDomain=http://oss-cn-hangzhou.aliyuncs.com"),
        .init(overrides: [("destDomain", "http://mybucket.oss-cn-hangzhou.aliyuncs.com")],
              message: "\(f):4: destDomain: must not include the bucket (\"http://mybucket.oss-cn-hangzhou.aliyuncs.com\") — use destDomain=http://oss-cn-hangzhou.aliyuncs.com (destBucket=mybucket already names the bucket)"),
        .init(overrides: [("destDomain", "https://other.oss-cn-shanghai-internal.aliyuncs.com")],
              message: "\(f):4: destDomain: must not include the bucket (\"https://other.oss-cn-shanghai-internal.aliyuncs.com\") — use destDomain=https://oss-cn-shanghai-internal.aliyuncs.com; the bucket is destBucket=mybucket (destDomain named \"other\": check which one you mean)"),
        .init(overrides: [("destDomain", "http://mybucket.oss-cn-hangzhou.aliyuncs.com"), ("destBucket", "")],
              message: "\(f):4: destDomain: must not include the bucket (\"http://mybucket.oss-cn-hangzhou.aliyuncs.com\") — use destDomain=http://oss-cn-hangzhou.aliyuncs.com and destBucket=mybucket"),
        .init(overrides: [("destDomain", "mybucket.oss-cn-hangzhou.aliyuncs.com")],
              message: "\(f):4: destDomain: must not include the bucket (\"mybucket.oss-cn-hangzhou.aliyuncs.com\") — use destDomain=http://oss-cn-hangzhou.aliyuncs.com (destBucket=mybucket already names the bucket)"),
        .init(overrides: [("srcType", "youpai"), ("srcPrefix", ""), ("srcDomain", "http://v0.api.upyun.com"), ("srcBucket", "b"),
                          ("srcAccessKey", "op"), ("srcSecretKey", "pw"), ("isDownloadFromCdn", "true")],
              message: "\(f):2: srcType: youpai is not supported by this version — migrate through an S3-compatible endpoint of the service with srcType=s3, or use ossimport 2.3.x"),
        .init(overrides: [("srcType", "azure"), ("srcPrefix", ""), ("srcDomain", "core.windows.net"), ("srcBucket", "b"),
                          ("srcAccessKey", "acct"), ("srcSecretKey", "key")],
              message: "\(f):2: srcType: azure is not supported by this version — migrate through an S3-compatible endpoint of the service with srcType=s3, or use ossimport 2.3.x"),
        .init(overrides: [("destDomain", "ftp://oss-cn-hangzhou.aliyuncs.com")],
              message: "\(f):4: destDomain: scheme \"ftp\" is not http or https — write e.g. destDomain=http://oss-cn-hangzhou.aliyuncs.com"),
        .init(overrides: [("destDomain", "http://oss-cn-hangzhou.aliyuncs.com/mybucket")],
              message: "\(f):4: destDomain: \"http://oss-cn-hangzhou.aliyuncs.com/mybucket\" contains a path; it must be the endpoint only — write e.g. destDomain=http://oss-cn-hangzhou.aliyuncs.com"),
        .init(overrides: [("destDomain", "http://127.0.0.1:99999")],
              message: "\(f):4: destDomain: \"http://127.0.0.1:99999\" has an invalid port (1 to 65535) — write e.g. destDomain=http://127.0.0.1:9000"),
        .init(overrides: [("destDomain", "http://")],
              message: "\(f):4: destDomain: \"http://\" has no valid host name — write e.g. destDomain=http://oss-cn-hangzhou.aliyuncs.com"),
        .init(overrides: [("destSignatureVersion", "v4"), ("destDomain", "http://127.0.0.1:9000")],
              message: "\(f):9: destSignatureVersion: v4 needs a region, and none can be derived from destDomain \"http://127.0.0.1:9000\" — set destRegion, e.g. destRegion=cn-hangzhou, or use destSignatureVersion=auto"),
        .init(overrides: [("destSignatureVersion", "v5")],
              message: "\(f):9: destSignatureVersion: \"v5\" is not auto, v1 or v4 — write destSignatureVersion=auto (v4 when the region is known)"),
        .init(overrides: [("destStorageClass", "Cold")],
              message: "\(f):9: destStorageClass: \"Cold\" is not a storage class — use Standard, IA, Archive or ColdArchive, or leave it empty for the bucket's default"),
        .init(overrides: [("serverSideEncryptionAlgorithm", "SM5")],
              message: "\(f):9: serverSideEncryptionAlgorithm: \"SM5\" is not AES256 or KMS — write serverSideEncryptionAlgorithm=AES256"),
        // credentials
        .init(overrides: [("destAccessKey", ""), ("destSecretKey", "")],
              message: "\(f):7: destAccessKey: is empty and OSS_ACCESS_KEY_ID is not set — set destAccessKey and destSecretKey, or leave both empty and export OSS_ACCESS_KEY_ID and OSS_ACCESS_KEY_SECRET"),
        .init(overrides: [("destAccessKey", "")],
              message: "\(f):7: destAccessKey: is empty but destSecretKey is set — set destAccessKey and destSecretKey, or leave both empty and export OSS_ACCESS_KEY_ID and OSS_ACCESS_KEY_SECRET"),
        .init(overrides: [("destSecretKey", "")],
              message: "\(f):8: destSecretKey: is empty but destAccessKey is set — set destAccessKey and destSecretKey, or leave both empty and export OSS_ACCESS_KEY_ID and OSS_ACCESS_KEY_SECRET"),
        .init(overrides: [("destAccessKey", ""), ("destSecretKey", "")],
              message: "\(f): OSS_ACCESS_KEY_ID is set but OSS_ACCESS_KEY_SECRET is not — export both OSS_ACCESS_KEY_ID and OSS_ACCESS_KEY_SECRET",
              environment: ["OSS_ACCESS_KEY_ID": "ENVKEY"]),
        .init(overrides: [("destAccessKey", "Jwd1******nMnZBs")],
              message: "\(f):7: destAccessKey: still holds the sample placeholder (it contains \"***\") — replace it with your real credential"),
        .init(overrides: [("destSecretKey", "abc def")],
              message: "\(f):8: destSecretKey: contains spaces or control characters — copy the credential again, without spaces or quotes"),
        .init(overrides: [("destSecretKey", "\"abcdef\"")],
              message: "\(f):8: destSecretKey: is quoted — remove the quotes: values in this file are written bare"),
        // numbers
        .init(overrides: [("taskObjectCountLimit", "abc")],
              message: "\(f):9: taskObjectCountLimit: \"abc\" is not a whole number — use a whole number from 1 to 50000"),
        .init(overrides: [("taskObjectCountLimit", "50001")],
              message: "\(f):9: taskObjectCountLimit: 50001 is out of range — use a whole number from 1 to 50000"),
        .init(overrides: [("taskObjectCountLimit", "10,000")],
              message: "\(f):9: taskObjectCountLimit: \"10,000\" is not a plain whole number — write taskObjectCountLimit=10000"),
        .init(overrides: [("taskObjectSizeLimit", "0")],
              message: "\(f):9: taskObjectSizeLimit: 0 is out of range — use a whole number >= 1 (bytes)"),
        .init(overrides: [("scanThreadCount", "10000")],
              message: "\(f):9: scanThreadCount: 10000 is out of range — use a whole number from 1 to 32"),
        .init(overrides: [("maxMultiThreadScanDepth", "0")],
              message: "\(f):9: maxMultiThreadScanDepth: 0 is out of range — use a whole number from 1 to 16"),
        .init(overrides: [("uploadThreadNumPerLargeFile", "101")],
              message: "\(f):9: uploadThreadNumPerLargeFile: 101 is out of range — use a whole number from 1 to 100"),
        .init(overrides: [("appId", "-1")],
              message: "\(f):9: appId: -1 is out of range — use a whole number >= 0"),
        .init(overrides: [("isIncremental", "true"), ("incrementalModeInterval", "600")],
              message: "\(f):10: incrementalModeInterval: 600 seconds is below the minimum of 900 — write incrementalModeInterval=3600 or more (each rescan lists the whole source; at least 900)"),
        .init(overrides: [("incrementalModeInterval", "1d")],
              message: "\(f):9: incrementalModeInterval: \"1d\" is not a number of seconds — write incrementalModeInterval=3600 (whole seconds, at least 900; e.g. 86400 for once a day)"),
        .init(overrides: [("importSince", "1700000000000")],
              message: "\(f):9: importSince: 1700000000000 looks like milliseconds, not Unix seconds — use seconds: date +%s (here importSince=1700000000)"),
        .init(overrides: [("lastModify", "1700000000123")],
              message: "\(f):9: lastModify: 1700000000123 looks like milliseconds, not Unix seconds — use seconds: date +%s (here lastModify=1700000000)"),
        .init(overrides: [("importSince", "-1")],
              message: "\(f):9: importSince: -1 is out of range — use a whole number >= 0 (Unix seconds)"),
        .init(overrides: [("importSince", "2024-01-01")],
              message: "\(f):9: importSince: \"2024-01-01\" is not a whole number — use a whole number >= 0 (Unix seconds)"),
        // booleans, choices, sizes
        .init(overrides: [("isIncremental", "flase")],
              message: "\(f):9: isIncremental: \"flase\" is not a boolean — write isIncremental=true or isIncremental=false"),
        .init(overrides: [("isSkipExistFile", "Y")],
              message: "\(f):9: isSkipExistFile: \"Y\" is not a boolean — write isSkipExistFile=true or isSkipExistFile=false"),
        .init(overrides: [("jobType", "Audit")],
              message: "\(f):9: jobType: \"Audit\" is not valid: jobType is case-sensitive — write jobType=audit"),
        .init(overrides: [("jobType", "migrate")],
              message: "\(f):9: jobType: \"migrate\" is not one of import, audit — write jobType=import or another of the listed values"),
        .init(overrides: [("auditMode", "full")],
              message: "\(f):9: auditMode: \"full\" is not one of simple, general, detailed — write auditMode=general or another of the listed values"),
        .init(overrides: [("getObjectMetaMode", "get")],
              message: "\(f):9: getObjectMetaMode: \"get\" is not head or stat — write getObjectMetaMode=stat"),
        .init(overrides: [("multipartUploadThreshold", "150mm")],
              message: "\(f):9: multipartUploadThreshold: \"150mm\" is not a size — write a number of bytes or use a k/m/g suffix, e.g. multipartUploadThreshold=150m"),
        .init(overrides: [("multipartUploadThreshold", "10k")],
              message: "\(f):9: multipartUploadThreshold: 10k is below 100k — use a size from 1m to 5g, e.g. multipartUploadThreshold=150m"),
        .init(overrides: [("multipartUploadThreshold", "6g")],
              message: "\(f):9: multipartUploadThreshold: 6g is larger than 5g, the largest single upload OSS accepts — use a size from 1m to 5g, e.g. multipartUploadThreshold=150m"),
        .init(overrides: [("multipartUploadPartSize", "1.5m")],
              message: "\(f):9: multipartUploadPartSize: \"1.5m\" is not a size — write a number of bytes or use a k/m/g suffix, e.g. multipartUploadPartSize=50m"),
        .init(overrides: [("multipartUploadPartSize", "6g")],
              message: "\(f):9: multipartUploadPartSize: 6g is larger than the OSS maximum part size of 5g — use a size from 100k to 5g, e.g. multipartUploadPartSize=50m"),
        // syntax
        .init(overrides: [("destBucket", "my\\u00zzbucket")],
              message: "\(f):5: destBucket: malformed \\uXXXX escape — write \\u followed by exactly four hex digits, or \\\\u for a literal backslash"),
    ]

    @Test(arguments: cases)
    func rejectsWithExactMessage(_ rejection: RejectionCase) throws {
        let error = try #require(ConfigFixture.error(ConfigFixture.text(rejection.overrides), environment: rejection.environment))
        #expect(error.description == rejection.message)
    }

    @Test func errorCarriesItsParts() throws {
        let error = try #require(ConfigFixture.error(ConfigFixture.text([("srcPrefix", "/data/photos")])))
        #expect(error == ConfigError(path: f, line: 3, key: "srcPrefix", problem: "\"/data/photos\" must end with \"/\"",
                                     fix: "write srcPrefix=/data/photos/"))
    }

    @Test(arguments: ["files.example.com", "http://mybucket.example.com", "http://127.0.0.1:9000", "localhost:9000",
                      "https://oss-cn-hangzhou.aliyuncs.com/", "http://[::1]:9000"])
    func acceptsEndpoints(domain: String) throws {
        let (config, _) = try ConfigFixture.load(ConfigFixture.text([("destDomain", domain)]))
        #expect(config.destDomain == domain)
    }

    @Test func baseFixtureIsValid() throws {
        let (config, warnings) = try ConfigFixture.load(ConfigFixture.text([]))
        #expect(warnings.isEmpty)
        #expect(config.srcPrefix == "/data/photos/")
    }
}
