import Foundation

/// The difference between a job's frozen copy (`master/jobs/<job>/job.cfg`, what the service runs with) and the
/// job file on disk, which the user may have edited after `submit`.
///
/// Only key names are reported, never values: a key may be a secret (`destSecretKey`).
public struct JobConfigDrift: Sendable, Equatable {
    /// Keys whose value differs, or that only one of the two files has, in the order of the file on disk
    /// (keys only in the frozen copy last).
    public var changedKeys: [String]
    /// The job file on disk.
    public var path: String

    /// Compares the job file at `path` with the frozen copy of `job`.
    ///
    /// Returns `nil` when they hold the same keys and values (comments, order and spacing do not count), when the
    /// job or either file does not exist, or when the file on disk names another job (`jobName`).
    public static func check(job: String, workingDirectory: WorkingDirectory, path: String) -> JobConfigDrift? {
        let frozenPath = workingDirectory.job(job).configCopy
        guard FileManager.default.fileExists(atPath: frozenPath), FileManager.default.fileExists(atPath: path),
            let frozen = try? PropertiesFile.load(path: frozenPath), let current = try? PropertiesFile.load(path: path),
            current.value("jobName")?.value == job
        else { return nil }
        let keys = compare(frozen: frozen, current: current)
        return keys.isEmpty ? nil : JobConfigDrift(changedKeys: keys, path: path)
    }

    /// Keys whose values differ between two parsed files (see ``changedKeys`` for the order).
    public static func compare(frozen: PropertiesFile, current: PropertiesFile) -> [String] {
        var changed: [String] = []
        for entry in current.entries where frozen.value(entry.key)?.value != entry.value {
            changed.append(entry.key)
        }
        for entry in frozen.entries where current.value(entry.key) == nil {
            changed.append(entry.key)
        }
        return changed
    }

    /// One line for `stat` and `submit`: which keys changed, that the job keeps the submitted values, and what to do.
    public func message(job: String) -> String {
        "\(path) was edited after job \(job) was submitted (changed: \(changedKeys.joined(separator: ", "))); "
            + "the job runs with the submitted copy master/jobs/\(job)/job.cfg — to use the edited file: "
            + "bash console.sh stop, bash console.sh clean \(job), bash console.sh submit (or bash import.sh --restart)"
    }
}
