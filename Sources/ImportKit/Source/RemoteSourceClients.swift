import CurlHTTP
import OSSClient
import OSSCore
import Synchronization

/// Builds the clients that read remote sources; they share one transport for the process.
enum RemoteSourceClients {
    private static let sharedTransport = Mutex<CurlTransport?>(nil)

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
        try S3Client(source: source, transport: try transport())
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
