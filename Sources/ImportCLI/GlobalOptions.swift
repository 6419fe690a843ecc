import ArgumentParser
import Foundation
import ImportKit

/// Options every verb takes: where `sys.properties` is (its `workingDir` is resolved from the current directory).
struct GlobalOptions: ParsableArguments {
    @Option(name: [.customShort("c"), .customLong("sys-config")], help: "Path of sys.properties.")
    var sysConfig = "conf/sys.properties"

    /// sys.properties, or its defaults when the file does not exist.
    func loadSys() throws -> SysConfig {
        if !FileManager.default.fileExists(atPath: sysConfig) { return SysConfig() }
        let (sys, warnings) = try SysConfig.load(path: sysConfig)
        for warning in warnings { printError("Warning: \(warning)") }
        // conf/workers is not used yet (standalone only): a problem in it is a warning, never a reason to refuse a
        // command (a running service must stay stoppable whatever the file says).
        do {
            if let workers = try WorkerHosts.load(path: workersPath), let warning = workers.standaloneWarning(path: workersPath) {
                printError("Warning: \(warning)")
            }
        } catch {
            printError("Warning: \(error)")
        }
        return sys
    }

    /// ossimport's `conf/workers` (next to sys.properties).
    var workersPath: String {
        let directory = (sysConfig as NSString).deletingLastPathComponent
        return (directory.isEmpty ? "." : directory) + "/workers"
    }

    func workingDirectory(_ sys: SysConfig) -> WorkingDirectory {
        WorkingDirectory(sys.workingDirectory(relativeTo: FileManager.default.currentDirectoryPath))
    }

    /// The job file next to sys.properties (`conf/local_job.cfg`), which `console.sh submit` submits.
    var jobConfigPath: String {
        let directory = (sysConfig as NSString).deletingLastPathComponent
        return (directory.isEmpty ? "." : directory) + "/local_job.cfg"
    }

    /// The job a verb without a job name acts on: the one named in conf/local_job.cfg, else the only job.
    func defaultJob(_ workingDirectory: WorkingDirectory) -> String? {
        let cfg = jobConfigPath
        if let file = try? PropertiesFile.load(path: cfg), let name = file.value("jobName")?.value, !name.isEmpty,
            FileManager.default.fileExists(atPath: workingDirectory.job(name).root)
        {
            return name
        }
        let names = (try? workingDirectory.jobNames()) ?? []
        return names.count == 1 ? names[0] : nil
    }
}

func printError(_ message: String) {
    fflush(nil)  // keep the order of stdout and stderr when both go to one file
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

/// Runs `body`, turning any error into one `Error:` line and exit status 1 (never a stack trace).
func reportingErrors<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let error as ExitCode {
        throw error
    } catch is CancellationError {
        throw ExitCode(130)
    } catch {
        printError("Error: \(error)")
        throw ExitCode.failure
    }
}
