import Logging
import OSSClient
import OSSCore

/// The destination cannot be used at all (unreachable, keys or bucket rejected): the job stops with this one
/// message, and the file that found out is not marked failed (the next start runs it again).
struct DestinationUnusable: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

/// One cheap request (ListObjectsV2, one key, one attempt, ``JobSettings/probeTimeoutSeconds`` without a byte at
/// most) that says whether the destination is usable at all.
enum DestinationProbe {
    /// Why no request can succeed, or `nil` when the destination answers normally (or fails in a way that may
    /// be specific to one request). Throws only `CancellationError`.
    ///
    /// Unusable: keys or bucket rejected, endpoint unreachable, a server that accepts the connection and sends
    /// nothing for `probeTimeoutSeconds`, a server that does not speak the OSS API (an answer that is neither a
    /// `<ListBucketResult>` nor an OSS error with `x-oss-request-id`).
    static func unusableReason(client: any ObjectDestination, settings: JobSettings, log: EventLog? = nil) async throws -> String? {
        let seconds = max(1, settings.probeTimeoutSeconds)
        do {
            try await client.probe(bucket: settings.destBucket, prefix: settings.destPrefix, timeout: .seconds(seconds))
            return nil
        } catch let error as OSSClientError {
            if let reason = reason(
                for: error, endpoint: "\(client.endpoint)", probeSeconds: seconds, bucket: settings.destBucket)
            {
                return reason
            }
            log?.service.warning("destination check failed, going on: {error}", metadata: ["error": "\(error)"])
            return nil
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            return nil
        }
    }

    /// Throws ``DestinationUnusable`` when `error`'s disposition is ``OSSErrorDisposition/stopJob`` and the probe
    /// fails too; returns when the failure is the file's own. Throws only that and `CancellationError`.
    static func stopIfUnusable(after error: OSSClientError, client: any ObjectDestination, settings: JobSettings) async throws {
        guard error.disposition == .stopJob else { return }
        if let reason = try await unusableReason(client: client, settings: settings) {
            throw DestinationUnusable(message: reason)
        }
    }

    /// The one-line reason for a probe failure that no retry can fix, or `nil`.
    static func reason(for error: OSSClientError, endpoint: String, probeSeconds: Int, bucket: String = "") -> String? {
        if error.isFatalForJob {
            // For a rejected request, the `dest…` keys to fix (``ServiceErrorAdvice``).
            if let advice = ServiceErrorAdvice.message(for: error, side: .destination, bucket: bucket, domain: endpoint) {
                return advice
            }
            return "destination rejected the request: \(error)"
        }
        return error.unusableEndpointReason(endpoint: endpoint, probeSeconds: probeSeconds)
    }
}
