import CRC64
import CurlHTTP
import Foundation
import OSSClient
import Synchronization

/// Verifies one object against its source file (`auditMode`):
/// - `simple`: the object exists with the source's size;
/// - `general`: also the source mtime (`x-oss-meta-mtime` equal to the source's to the nanosecond; objects
///   without it: Last-Modified in a later second; whole seconds that are equal: the CRC-64s decide) and a
///   `Content-Type`;
/// - `detailed`: size and content: the CRC-64 of the source read now against `x-oss-hash-crc64ecma`, or, when the
///   object has no CRC-64, against the CRC-64 of the object's bytes read back with GET.
///
/// Sources modified after `lastModify` are excluded. Mismatch details name both values, e.g.
/// `AUDIT_SIZE_MISMATCH source=123 oss=120`.
struct ObjectAuditor: Sendable {
    let client: OSSClient
    let bucket: String
    let settings: AuditSettings

    struct Result: Sendable, Equatable {
        var verdict: AuditVerdict
        var detail: String
        /// Mismatched or missing: the `audit.log` label.
        var code: FailureCode? = nil

        init(verdict: AuditVerdict, detail: String) {
            self.verdict = verdict
            self.detail = detail
        }

        /// A mismatch or a missing object, labelled with `code` (`words` without the label).
        init(_ code: FailureCode, verdict: AuditVerdict, _ words: String) {
            self.verdict = verdict
            self.detail = code.detail(words)
            self.code = code
        }
    }

    /// Verifies `key` against any source (local file or remote object). Throws only `CancellationError`; request
    /// errors become a mismatch with an `AUDIT_ERROR` detail (the file is listed as failed and a `retry` checks it again).
    func verify(key: String, source sourceSide: AuditSource) async throws -> Result {
        let source: SourceFingerprint
        do {
            source = try await sourceSide.fingerprint()
        } catch let error as SystemError {
            return Result(.auditSourceUnreadable, verdict: .mismatched, "\(FileUploader.reason(for: error))")
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            return Result(.auditSourceUnreadable, verdict: .mismatched, "\(error)")
        }
        let sourceSeconds = source.mtimeNanos / 1_000_000_000
        if settings.lastModify > 0 && sourceSeconds > settings.lastModify {
            return Result(verdict: .excluded, detail: "audit excluded: source mtime \(sourceSeconds) is after lastModify=\(settings.lastModify)")
        }
        let info: OSSObjectInfo?
        do {
            info = try await client.headObject(bucket: bucket, key: key)
        } catch {
            return try failure(error)
        }
        guard let info else {
            return Result(.auditMissing, verdict: .missing, "source=\(source.size) oss=none")
        }
        if info.size != source.size {
            return Result(.auditSizeMismatch, verdict: .mismatched, "source=\(source.size) oss=\(info.size)")
        }
        switch settings.mode {
        case .simple:
            return Result(verdict: .verified, detail: "audit simple: size \(info.size)")
        case .general:
            if let mismatch = try await mtimeMismatch(info, source: source, sourceSide: sourceSide) { return mismatch }
            guard let type = info.contentType, !type.isEmpty else {
                return Result(.auditHeaderMismatch, verdict: .mismatched, "Content-Type missing")
            }
            return Result(
                verdict: .verified,
                detail: "audit general: size \(info.size), mtime \(RecordedMtime.format(nanos: source.mtimeNanos)), \(type)")
        case .detailed:
            let local: UInt64
            do {
                local = try await sourceSide.crc64(source)
            } catch let error as SystemError {
                return Result(.auditSourceUnreadable, verdict: .mismatched, "\(FileUploader.reason(for: error))")
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                return Result(.auditSourceUnreadable, verdict: .mismatched, "\(error)")
            }
            let remote: UInt64
            let how: String
            if let crc = info.crc64 {
                remote = crc
                how = "x-oss-hash-crc64ecma"
            } else {
                do {
                    remote = try await objectCRC(key: key)
                } catch {
                    return try failure(error)
                }
                how = "object read back"
            }
            if remote != local {
                return Result(.auditCRCMismatch, verdict: .mismatched, "source=\(local) oss=\(remote) (\(how))")
            }
            return Result(verdict: .verified, detail: "audit detailed: crc64=\(local) (\(how))")
        }
    }

    /// `general`: the object must record the source mtime exactly (`x-oss-meta-mtime` to the nanosecond), or have
    /// been written in a later second (Last-Modified, objects without it). When only whole seconds are known and
    /// they are equal, the CRC-64s decide. Returns the mismatch, or nil when the mtime check passes.
    private func mtimeMismatch(_ info: OSSObjectInfo, source: SourceFingerprint, sourceSide: AuditSource) async throws -> Result? {
        switch MtimeMatch.compare(info, sourceNanos: source.mtimeNanos) {
        case .equal, .writtenAfter:
            return nil
        case .differs(let both):
            return Result(.auditMtimeMismatch, verdict: .mismatched, "\(both)")
        case .sameWholeSecond(let both):
            guard let remote = info.crc64 else {
                return Result(
                    .auditMtimeMismatch, verdict: .mismatched,
                    "\(both): equal in whole seconds only and the object has no CRC-64")
            }
            let local: UInt64
            do {
                local = try await sourceSide.crc64(source)
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                return Result(.auditSourceUnreadable, verdict: .mismatched, "\(error)")
            }
            if local != remote {
                return Result(
                    .auditCRCMismatch, verdict: .mismatched,
                    "source=\(local) oss=\(remote) (mtime equal in whole seconds only: \(both))")
            }
            return nil
        }
    }

    /// CRC-64 of the object's bytes, streamed (no size limit, no temporary file).
    private func objectCRC(key: String) async throws -> UInt64 {
        let crc = Mutex(CRC64())
        _ = try await client.getObject(bucket: bucket, key: key, range: nil) { chunk in
            crc.withLock { $0.update(chunk) }
        }
        return crc.withLock { $0.value }
    }

    private func failure(_ error: any Error) throws -> Result {
        if error is CancellationError { throw error }
        if let error = error as? OSSClientError, case .transport(let transport) = error, transport.kind == .cancelled {
            throw CancellationError()
        }
        return Result(.auditError, verdict: .mismatched, "cannot verify: \(error)")
    }
}
