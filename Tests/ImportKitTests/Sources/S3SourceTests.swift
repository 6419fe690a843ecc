import Foundation
import OSSClient
import TestSupport
import Testing

@testable import ImportKit

/// `srcType=s3` against moto's S3 server on loopback (a third-party S3 implementation), imported into oss-local.
@Suite struct S3SourceTests {
    /// Starts moto on a free loopback port, prints the port, then serves.
    static let moto = #"""
import socket, sys
from moto.server import ThreadedMotoServer
sock = socket.socket(); sock.bind(("127.0.0.1", 0)); port = sock.getsockname()[1]; sock.close()
server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
server.start()
print(port, flush=True)
import threading; threading.Event().wait()
"""#

    /// Creates the bucket and uploads every file under argv[3] as key argv[2] + relative path.
    static let seed = #"""
import boto3, os, sys
s3 = boto3.client("s3", endpoint_url=sys.argv[1], aws_access_key_id="AKIDMOTO", aws_secret_access_key="moto-secret", region_name="us-east-1")
s3.create_bucket(Bucket="srcbucket")
root = sys.argv[3]
for d, _, files in os.walk(root):
    for f in files:
        path = os.path.join(d, f)
        s3.put_object(Bucket="srcbucket", Key=sys.argv[2] + os.path.relpath(path, root), Body=open(path, "rb").read())
print("0", flush=True)
"""#

    @Test func importsFromMotoByteForByte() async throws {
        try #require(
            PythonServer.hasModules(["moto.server", "boto3"]),
            "moto[server] and boto3 are missing: python3 -m pip install \"moto[server]\" boto3 (.ci/run does)")
        let moto = try await PythonServer(script: Self.moto, arguments: [])
        defer { moto.stop() }
        let endpoint = "http://127.0.0.1:\(moto.port)"
        let staged = TemporaryDirectory("s3-seed")
        var files: [String: [UInt8]] = [
            "a b/c d.txt": Array("spaces".utf8),
            "中文/文件.txt": Array("你好".utf8),
            "odd/+ % # ? &=.bin": testPattern(1000, seed: 1),
            "big/multipart.bin": testPattern((1 << 20) + 4321, seed: 2),
        ]
        // More keys than one listing page (paging with start-after).
        for i in 0..<25 { files["many/f\(i).txt"] = Array("file \(i)".utf8) }
        for (path, bytes) in files { try staged.file(path, bytes) }
        let seeded = try await PythonServer(script: Self.seed, arguments: [endpoint, "data/", staged.path])
        seeded.stop()

        let source = RemoteBucketSource(
            endpoint: endpoint, bucket: "srcbucket", prefix: "data/", accessKeyId: "AKIDMOTO", secretKey: "moto-secret")
        // Listing pages of 10 keys: every key once, in order.
        let client = try S3Client(source: source, transport: try RemoteSourceClients.transport())
        let lister = ObjectStoreLister(prefix: "data/") { startAfter in
            try await client.listObjectsV2(prefix: "data/", startAfter: startAfter, maxKeys: 10).objects
        }
        let listed = try await BlockingIO.run { () throws -> [String] in
            var keys: [String] = []
            try lister.scan(resumeAfter: nil, isCancelled: { false }) { keys.append(String(decoding: $0.relativePath, as: UTF8.self)); return true }
            return keys
        }
        #expect(listed == files.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })

        try await withTestBed { h in
            var settings = h.runnerSettings(prefix: "from-s3/")
            settings.source = .s3(source)
            let (state, _) = try await h.run(settings)
            #expect(state == .succeed)
            for (path, bytes) in files {
                let got = try await h.client.getObject(bucket: "bucket", key: "from-s3/" + path, maxBytes: 4 << 20)
                #expect(got.body == bytes, "\(path)")
            }
        }
    }
}
