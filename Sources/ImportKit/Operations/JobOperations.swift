import Foundation

/// `submit`, `clean` and `retry`: what console.sh does besides running the service.
public enum JobOperations {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
        public init(_ description: String) { self.description = description }
    }

    /// Validates the job file, refuses a name that exists, and freezes a copy of the file in the job's directory.
    /// Returns the job name and the warnings to show.
    public static func submit(
        configPath: String, workingDirectory: WorkingDirectory, environment: [String: String]
    ) throws -> (job: String, warnings: [String]) {
        let (config, warnings) = try JobConfig.load(path: configPath, environment: environment)
        let layout = workingDirectory.job(config.jobName)
        if FileSystem.exists(layout.root) {
            var message = "job \(config.jobName) already exists, please clean it first (bash console.sh clean \(config.jobName))"
            if let drift = JobConfigDrift.check(job: config.jobName, workingDirectory: workingDirectory, path: configPath) {
                message += "; " + drift.message(job: config.jobName)
            }
            throw Failure(message)
        }
        guard let text = try AtomicFile.read(configPath) else { throw Failure("cannot read \(configPath)") }
        try FileSystem.makeDirectories(workingDirectory.jobQueue)
        let staging = workingDirectory.jobs + "/.staging-" + config.jobName
        try FileSystem.removeTree(staging)
        try FileSystem.makeDirectories(staging)
        try AtomicFile.write(text, to: staging + "/job.cfg")
        chmod(staging + "/job.cfg", 0o600)  // it may hold keys
        try FileSystem.move(staging, to: layout.root)
        try layout.createDirectories()
        try AtomicFile.write(config.jobName + "\n", to: layout.queueMarker)
        return (config.jobName, warnings)
    }

    /// Deletes the job's state (tasks, checkpoints, worker files). Refused while the service runs.
    public static func clean(job: String, workingDirectory: WorkingDirectory) throws {
        if let pid = ServiceLock.runningPid(workingDirectory) {
            throw Failure("the import service is running (pid \(pid)); stop it first (bash console.sh stop)")
        }
        let layout = workingDirectory.job(job)
        try FileSystem.removeTree(layout.root)
        try FileSystem.removeTree(layout.queueMarker)
        try FileSystem.removeTree(workingDirectory.workerJobs + "/" + job)
    }

    /// Removes the fatal stop records of every job, so that a running service tries those jobs again. Returns their
    /// names.
    public static func clearFatalStops(_ workingDirectory: WorkingDirectory) throws -> [String] {
        var cleared: [String] = []
        for name in try workingDirectory.jobNames() {
            let layout = workingDirectory.job(name)
            guard JobStopRecord.read(layout)?.kind == .fatal else { continue }
            try JobStopRecord.remove(layout)
            cleared.append(name)
        }
        return cleared
    }

    /// Moves failed tasks back to pending (only their failed files run again). Returns how many.
    public static func retry(job: String, workingDirectory: WorkingDirectory) throws -> Int {
        let layout = workingDirectory.job(job)
        guard FileSystem.exists(layout.root) else { throw Failure("no job named \(job); submit it first") }
        let moved = try TaskStore(layout: layout, host: "localhost").retryFailed()
        if moved > 0 {
            // Trying again is what the user asked: an earlier stop no longer holds the job back.
            try JobStopRecord.remove(layout)
            if var status = JobStateStore(layout).status() {
                status.state = .running
                status.reason = nil
                status.fix = nil
                try JobStateStore(layout).write(status)
            }
        }
        return moved
    }
}
