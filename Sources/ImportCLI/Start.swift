import ArgumentParser
import Dispatch
import Foundation
import ImportKit

#if canImport(Glibc)
    import Glibc
#endif

extension OSSImportCommand {
    struct Start: AsyncParsableCommand, OSSImportVerb {
        static let configuration = CommandConfiguration(
            abstract: "Start the import service in the background (resumes every job from its checkpoint).")

        @OptionGroup var global: GlobalOptions
        @Flag(help: "Run in the foreground instead of as a background service.") var foreground = false
        @Flag(help: "With --foreground: exit when no job has work left (exit status 3 if a job failed).")
        var exitWhenDone = false

        func execute() async throws {
            try await reportingErrors {
                let sys = try global.loadSys()
                let workingDirectory = global.workingDirectory(sys)
                if foreground {
                    try await ServiceRunner.runForeground(
                        workingDirectory: workingDirectory, sys: sys, exitWhenDone: exitWhenDone, echo: exitWhenDone)
                } else {
                    try ServiceRunner.spawnBackground(workingDirectory: workingDirectory, sysConfig: global.sysConfig)
                    print("Start import service completed.")
                }
            }
        }
    }

    struct Run: AsyncParsableCommand, OSSImportVerb {
        static let configuration = CommandConfiguration(
            abstract: "Run the service in the foreground until every job is finished (exit status 3 if a job failed).")

        @OptionGroup var global: GlobalOptions

        func execute() async throws {
            try await reportingErrors {
                let sys = try global.loadSys()
                try await ServiceRunner.runForeground(
                    workingDirectory: global.workingDirectory(sys), sys: sys, exitWhenDone: true, echo: true)
            }
        }
    }

    struct Stop: AsyncParsableCommand, OSSImportVerb {
        static let configuration = CommandConfiguration(
            abstract: "Stop the service gracefully: transfers in flight are cancelled and resume on the next start.")

        @OptionGroup var global: GlobalOptions
        @Option(help: "Seconds to wait before killing the service.") var timeout = 60

        func execute() async throws {
            try await reportingErrors {
                let sys = try global.loadSys()
                let workingDirectory = global.workingDirectory(sys)
                if let pid = ServiceLock.runningPid(workingDirectory), pid > 0 {
                    // Recorded before the signal, so whoever sees the service gone also sees why (import.sh, stat).
                    try StopMarker.write(workingDirectory)
                    kill(pid, SIGTERM)
                    let deadline = Date().addingTimeInterval(TimeInterval(timeout))
                    while ServiceLock.runningPid(workingDirectory) != nil && Date() < deadline {
                        try await Task.sleep(for: .milliseconds(100))
                    }
                    if ServiceLock.runningPid(workingDirectory) != nil {
                        printError("Warning: the service did not stop within \(timeout) s; killing it (it resumes from its checkpoint)")
                        kill(pid, SIGKILL)
                    }
                }
                print("Stop import service completed.")
            }
        }
    }
}

/// Starting the service: in this process (signals stop it gracefully) or as a detached background process.
enum ServiceRunner {
    static func runForeground(workingDirectory: WorkingDirectory, sys: SysConfig, exitWhenDone: Bool, echo: Bool) async throws {
        try StopMarker.remove(workingDirectory)
        var service = ImportService(
            workingDirectory: workingDirectory, sys: sys, environment: ProcessInfo.processInfo.environment)
        service.exitWhenIdle = exitWhenDone
        service.echoLog = echo
        let task = Task { try await service.run() }
        var sources: [any DispatchSourceSignal] = []
        for signalNumber in [SIGTERM, SIGINT] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler {
                task.cancel()
                // Bounded stop: whatever is still running after 30 s is abandoned (it resumes next start).
                DispatchQueue.global().asyncAfter(deadline: .now() + 30) { exit(1) }
            }
            source.resume()
            sources.append(source)
        }
        defer { sources.forEach { $0.cancel() } }
        do {
            let state = try await task.value
            if exitWhenDone && state == .failed { throw ExitCode(3) }
        } catch is CancellationError {
            return
        }
    }

    /// Re-runs this binary as `start --foreground` in a new session, output appended to logs/ossimport2.log, and
    /// waits until it holds the working-directory lock.
    static func spawnBackground(workingDirectory: WorkingDirectory, sysConfig: String) throws {
        if let pid = ServiceLock.runningPid(workingDirectory) {
            // The running service tries again, at once, the jobs that stopped on an error (their stop record goes).
            let retried = try JobOperations.clearFatalStops(workingDirectory)
            guard !retried.isEmpty else {
                throw JobOperations.Failure("the import service is already running (pid \(pid))")
            }
            print("The import service is already running (pid \(pid)); it runs again the jobs that had stopped on an error: \(retried.joined(separator: ", ")).")
            return
        }
        try StopMarker.remove(workingDirectory)
        try FileSystem.makeDirectories(workingDirectory.logs)
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        let arguments = [executable, "start", "--foreground", "--sys-config", sysConfig]
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        let log = workingDirectory.logs + "/ossimport2.log"
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // Nothing else of the caller's is inherited: a pipe or socket the caller waits on (command substitution,
        // a supervisor watching for EOF) would otherwise stay open for the service's whole life.
        // (posix_spawn_file_actions_addclosefrom_np is not imported into Swift; glibc ignores fds closed meanwhile.)
        let inherited = ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []).compactMap { Int32($0) }
        for fd in inherited where fd > 2 { posix_spawn_file_actions_addclose(&actions, fd) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(0x80))  // POSIX_SPAWN_SETSID (glibc), not imported into Swift
        var pid: pid_t = 0
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let result = posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
        guard result == 0 else {
            throw JobOperations.Failure("cannot start the service: \(String(cString: strerror(result)))")
        }
        // Wait until the child holds the lock, or report why it exited.
        for _ in 0..<100 {
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid {
                throw JobOperations.Failure("the service exited at start; see \(log)")
            }
            if ServiceLock.runningPid(workingDirectory) != nil { return }
            usleep(50_000)
        }
        throw JobOperations.Failure("the service did not start within 5 s; see \(log)")
    }
}
