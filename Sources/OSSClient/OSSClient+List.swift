import CurlHTTP
import OSSCore

extension OSSClient {
    /// One page of ListObjectsV2 with `encoding-type=url` (keys are decoded here, so any key round-trips).
    ///
    /// `timeouts` and `retry` override the transport's and the client's for this call (a start-up probe wants
    /// seconds and one attempt). A 2xx answer whose body is not a `<ListBucketResult>` document throws
    /// ``OSSClientError/invalidResponse(operation:detail:requestId:)``: the server does not speak the OSS API.
    public func listObjectsV2(
        bucket: String, prefix: String = "", delimiter: String? = nil, startAfter: String? = nil,
        continuationToken: String? = nil, maxKeys: Int = 1000, timeouts: HTTPTimeouts? = nil,
        retry: RetryPolicy? = nil
    ) async throws -> OSSListPage {
        var request = OSSRequest("ListObjectsV2", "GET", bucket: bucket)
        request.timeouts = timeouts
        request.retry = retry
        request.query = [("list-type", "2"), ("max-keys", String(min(max(maxKeys, 1), 1000))), ("encoding-type", "url")]
        if !prefix.isEmpty { request.query.append(("prefix", prefix)) }
        if let delimiter { request.query.append(("delimiter", delimiter)) }
        if let startAfter { request.query.append(("start-after", startAfter)) }
        if let continuationToken { request.query.append(("continuation-token", continuationToken)) }
        let response = try await perform(request)
        let root = try parseXML(response, operation: request.operation)
        guard root.name == "ListBucketResult" else {
            throw OSSClientError.invalidResponse(
                operation: request.operation, detail: "the XML document is <\(root.name)>, not <ListBucketResult>",
                requestId: response.requestId)
        }
        func decoded(_ value: String?) -> String? { value.map { OSSPercentEncoding.decode($0) ?? $0 } }
        let objects = root.children("Contents").map { item in
            OSSListedObject(
                key: decoded(item.childText("Key")) ?? "",
                size: item.childText("Size").flatMap { Int64($0) } ?? 0,
                etag: item.childText("ETag") ?? "",
                lastModified: item.childText("LastModified").flatMap(HTTPDate.parseISO8601),
                storageClass: item.childText("StorageClass"))
        }
        let prefixes = root.children("CommonPrefixes").compactMap { decoded($0.childText("Prefix")) }
        let truncated = root.childText("IsTruncated") == "true"
        return OSSListPage(
            objects: objects, commonPrefixes: prefixes, isTruncated: truncated,
            nextContinuationToken: truncated ? decoded(root.childText("NextContinuationToken")) : nil,
            requestId: response.requestId)
    }

    /// Every object under `prefix`, page by page, without holding more than one page in memory.
    public func listAllObjects(bucket: String, prefix: String = "", pageSize: Int = 1000) -> OSSObjectListing {
        OSSObjectListing(client: self, bucket: bucket, prefix: prefix, pageSize: pageSize)
    }
}

/// An `AsyncSequence` of every object under a prefix, fetched a page at a time.
public struct OSSObjectListing: AsyncSequence, Sendable {
    public typealias Element = OSSListedObject
    let client: OSSClient
    let bucket: String
    let prefix: String
    let pageSize: Int

    public struct AsyncIterator: AsyncIteratorProtocol {
        let listing: OSSObjectListing
        var buffer: [OSSListedObject] = []
        var index = 0
        var token: String?
        var finished = false

        public mutating func next() async throws -> OSSListedObject? {
            while index >= buffer.count {
                if finished { return nil }
                let page = try await listing.client.listObjectsV2(
                    bucket: listing.bucket, prefix: listing.prefix, continuationToken: token, maxKeys: listing.pageSize)
                buffer = page.objects
                index = 0
                token = page.nextContinuationToken
                finished = !page.isTruncated || token == nil
            }
            defer { index += 1 }
            return buffer[index]
        }
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(listing: self) }
}
