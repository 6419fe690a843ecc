import CurlHTTP
import OSSClient
import OSSCore
import S3Compatible
import Synchronization

/// Builds the clients that read remote sources; they share one transport, made on first use and shut down by
/// ``shutdownTransport()`` when the service ends (separate from the destination's, whose throughput limit must
/// not count source reads).
enum RemoteSourceClients {
    private static let sharedTransport = Mutex<CurlTransport?>(nil)

    /// Stops the shared transport (its threads and connections); the next use makes a new one.
    static func shutdownTransport() async {
        let transport = sharedTransport.withLock { transport in
            defer { transport = nil }
            return transport
        }
        await transport?.shutdown()
    }

    static func transport() throws -> any HTTPTransport {
        try sharedTransport.withLock { transport in
            if let transport { return transport }
            let made = try CurlTransport()
            transport = made
            return made
        }
    }

    static func ossClient(_ source: RemoteBucketSource) throws -> OSSClient {
        let endpoint = try OSSEndpoint(parsing: source.endpoint)
        let credentials = OSSCredentials(accessKeyId: source.accessKeyId, accessKeySecret: source.secretKey)
        let configuration = OSSClientConfiguration(
            endpoint: endpoint, credentials: credentials, signatureVersion: source.region.map { .v4(region: $0) })
        return OSSClient(configuration: configuration, transport: try transport())
    }

    static func s3Client(_ source: RemoteBucketSource) throws -> S3Client {
        S3Client(
            endpoint: try OSSEndpoint(parsing: source.endpoint), bucket: source.bucket, accessKeyId: source.accessKeyId,
            secret: source.secretKey, region: source.region, transport: try transport())
    }

    /// The reader for a job's source (`nil` for a local directory), built once in the job's preflight. Throws
    /// ``JobFatal`` naming the `src…` keys when no client can be built: the job stops instead of failing every file.
    static func preflightReader(_ settings: JobSettings) throws -> (any SourceReader)? {
        do {
            return try reader(settings)
        } catch {
            throw JobFatal(
                reason: "cannot set up the source client: \(error)",
                fix: "check srcDomain, srcBucket, srcAccessKey and srcSecretKey; \(JobFatal.configFix)")
        }
    }

    /// The reader for a job's source, or `nil` for a local directory.
    static func reader(_ settings: JobSettings) throws -> (any SourceReader)? {
        switch settings.source {
        case .local: return nil
        case .oss(let source): return OSSSourceReader(client: try ossClient(source), source: source)
        case .s3(let source): return S3SourceReader(client: try s3Client(source), source: source)
        case .http: return HTTPSourceReader(transport: try transport())
        }
    }
}
