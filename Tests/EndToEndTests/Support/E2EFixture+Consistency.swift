import Foundation
import OSSCore
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

extension E2EFixture {
    /// The property every end-to-end scenario ends with (issue 9): once the service has stopped, the job is in a
    /// persisted state (`Succeed`, `Failed` or `Abort`, never `Running`); a finished job's `stat` counts every file
    /// exactly once (uploaded + skipped + failed = done = found); and every file an `audit.log` calls uploaded is
    /// in OSS with the CRC-64 the upload verified.
    func checkConsistency(sourceLocation: SourceLocation = #_sourceLocation) async {
        guard let stat = try? await console("stat"), let state = Self.value(of: "JobState", in: stat.stdout) else { return }
        #expect(["Succeed", "Failed", "Abort"].contains(state), "job left \(state) after the service stopped:\n\(stat.stdout)",
                sourceLocation: sourceLocation)
        guard state == "Succeed" || state == "Failed",
            Self.value(of: "PendingTasks", in: stat.stdout) == "0", Self.value(of: "DispatchedTasks", in: stat.stdout) == "0",
            Self.value(of: "ScanFinished", in: stat.stdout) == "true"
        else { return }
        if let files = Self.value(of: "Files", in: stat.stdout) {
            // "D/F done: U uploaded, S skipped, X failed"
            let numbers = files.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
            if numbers.count >= 5 {
                let (done, found, uploaded, skipped, failed) = (numbers[0], numbers[1], numbers[2], numbers[3], numbers[4])
                #expect(done == found && uploaded + skipped + failed == done, "counts disagree: Files: \(files)",
                        sourceLocation: sourceLocation)
            }
        }
        guard let job = Self.value(of: "JobName", in: stat.stdout) else { return }
        // Objects are checked where this fixture's server holds them (not for a demo server or an edited endpoint).
        let submitted = read("master/jobs/\(job)/job.cfg") ?? ""
        guard Self.value(of: "destDomain", inConfig: submitted) == server.endpoint,
            Self.value(of: "destBucket", inConfig: submitted) == Self.bucket
        else { return }
        let destPrefix = Self.value(of: "destPrefix", inConfig: submitted) ?? ""
        for directory in ["succeed_tasks", "failed_tasks"] {
            for task in list("master/jobs/\(job)/\(directory)") {
                let audit = read("master/jobs/\(job)/\(directory)/\(task)/audit.log") ?? ""
                let lastRun = audit.components(separatedBy: "# task ").last ?? ""
                for line in lastRun.split(separator: "\n") where line.hasPrefix("OK\t") {
                    let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
                    guard fields.count >= 4, let crcField = fields[3].split(separator: ";").first,
                        crcField.hasPrefix("crc64="), let path = Self.unescape(String(fields[1]))
                    else { continue }
                    let expected = String(crcField.dropFirst(6))
                    let actual = try? await objectCRC64(destPrefix + path)
                    #expect(actual == expected, "\(path): audit.log says uploaded with crc64=\(expected), OSS has \(actual ?? "no object")",
                            sourceLocation: sourceLocation)
                }
            }
        }
    }

    /// `x-oss-hash-crc64ecma` of an object (`nil` when it does not exist).
    func objectCRC64(_ key: String) async throws -> String? {
        var signing = OSSSigningRequest(method: "HEAD", bucket: Self.bucket, key: key)
        OSSSignerV1.sign(&signing, credentials: OSSCredentials(accessKeyId: Self.keyID, accessKeySecret: Self.secret), date: Date())
        guard let url = URL(string: server.endpoint + "/" + Self.bucket + "/" + OSSPercentEncoding.encodePath(key)) else { return nil }
        var request = URLRequest(url: url)
        request.httpMethod = "HEAD"
        for field in signing.headers { request.setValue(field.value, forHTTPHeaderField: field.name) }
        let (_, response) = try await URLSession.shared.data(for: request)
        guard let http = response as? HTTPURLResponse, http.statusCode == 200 else { return nil }
        return http.value(forHTTPHeaderField: "x-oss-hash-crc64ecma")
    }

    /// `key=value` of a properties file.
    static func value(of key: String, inConfig text: String) -> String? {
        for line in text.split(separator: "\n") where line.hasPrefix(key + "=") {
            return String(line.dropFirst(key.count + 1)).trimmingCharacters(in: .whitespaces)
        }
        return nil
    }

    /// Decodes the `%XX` escaping of `error.list`/`audit.log` paths (UTF-8 names).
    static func unescape(_ text: String) -> String? {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else { bytes.append(byte); continue }
            guard let high = iterator.next(), let low = iterator.next(),
                let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
            else { return nil }
            bytes.append(value)
        }
        return String(validating: bytes, as: UTF8.self)
    }
}
