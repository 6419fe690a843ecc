import CurlHTTP
import OSSClient

/// The destination cannot be used at all (unreachable, keys or bucket rejected): the job stops with this one
/// message, and the file that found out is not marked failed (the next start runs it again).
struct DestinationUnusable: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

/// One cheap request (ListObjectsV2, one key) that says whether the destination is usable at all.
enum DestinationProbe {
    /// Why no request can succeed, or `nil` when the destination answers normally (or fails in a way that may
    /// be specific to one request). Throws only `CancellationError`.
    static func unusableReason(client: OSSClient, settings: JobSettings, log: EventLog? = nil) async throws -> String? {
        do {
            _ = try await client.listObjectsV2(bucket: settings.destBucket, prefix: settings.destPrefix, maxKeys: 1)
            return nil
        } catch let error as OSSClientError {
            if let reason = reason(for: error, client: client, bucket: settings.destBucket) { return reason }
            if case .transport(let transport) = error, transport.kind == .cancelled { throw CancellationError() }
            log?.service(.warning, "destination check failed, going on: \(error)")
            return nil
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            return nil
        }
    }

    /// Errors after which the probe is worth asking: they may mean the whole destination is gone.
    static func mayBeUnusable(_ error: OSSClientError) -> Bool {
        reason(for: error, client: nil, bucket: "") != nil
    }

    /// The job-stopping line: for a rejected request, the `dest…` keys to fix (``ServiceErrorAdvice``).
    private static func reason(for error: OSSClientError, client: OSSClient?, bucket: String) -> String? {
        if error.isFatalForJob {
            if let client,
                let advice = ServiceErrorAdvice.message(
                    for: error, side: .destination, bucket: bucket, domain: "\(client.configuration.endpoint)")
            {
                return advice
            }
            return "destination rejected the request: \(error)"
        }
        if case .transport(let transport) = error,
            transport.kind == .connectFailed || transport.kind == .dns || transport.kind == .tls
        {
            let endpoint = client.map { " \($0.configuration.endpoint)" } ?? ""
            return "cannot reach destination\(endpoint): \(transport)"
        }
        return nil
    }
}
