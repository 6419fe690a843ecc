import Dispatch
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The import service as a process: run here until a signal, started as a detached background process, or stopped.
public enum ServiceProcess {
    /// What ``spawnBackground(workingDirectory:sysConfig:)`` did.
    public enum Spawned: Equatable, Sendable {
        /// A new service process holds the working-directory lock.
        case started
        /// A service was already running (`pid`); the jobs that had stopped on an error (`retried`, not empty) run
        /// again in it.
        case alreadyRunning(pid: Int32, retried: [String])
    }

    /// Runs the service in this process (SIGTERM and SIGINT cancel it gracefully; whatever still runs 30 s later is
    /// abandoned and resumes on the next start) and returns the state it ended in, or nil when a signal stopped it.
    public static func runForeground(
        workingDirectory: WorkingDirectory, sys: SysConfig, exitWhenIdle: Bool, echo: Bool
    ) async throws -> JobState? {
        try StopMarker.remove(workingDirectory)
        var service = ImportService(
            workingDirectory: workingDirectory, sys: sys, environment: ProcessInfo.processInfo.environment)
        service.exitWhenIdle = exitWhenIdle
        service.echoLog = echo
        let task = Task { try await service.run() }
        var sources: [any DispatchSourceSignal] = []
        for signalNumber in [SIGTERM, SIGINT] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler {
                task.cancel()
                DispatchQueue.global().asyncAfter(deadline: .now() + 30) { exit(1) }
            }
            source.resume()
            sources.append(source)
        }
        defer { for source in sources { source.cancel() } }
        do {
            return try await task.value
        } catch is CancellationError {
            return nil
        }
    }

    /// Re-runs this binary as `start --foreground --sys-config <sysConfig>` in a new session, output appended to
    /// `logs/ossimport2.log`, and waits (at most 5 s) until it holds the working-directory lock.
    ///
    /// - Throws: `JobOperations.Failure` when a service already runs and no job had stopped on an error, when the
    ///   process cannot be spawned, or when it exits or does not take the lock in time (the message names the log).
    public static func spawnBackground(workingDirectory: WorkingDirectory, sysConfig: String) throws -> Spawned {
        if let pid = ServiceLock.runningPid(workingDirectory) {
            // The running service tries again, at once, the jobs that stopped on an error (their stop record goes).
            let retried = try JobOperations.clearFatalStops(workingDirectory)
            guard !retried.isEmpty else {
                throw JobOperations.Failure("the import service is already running (pid \(pid))")
            }
            return .alreadyRunning(pid: pid, retried: retried)
        }
        try StopMarker.remove(workingDirectory)
        try FileSystem.makeDirectories(workingDirectory.logs)
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        let log = workingDirectory.logs + "/ossimport2.log"
        let pid = try spawnDetached(executable, ["start", "--foreground", "--sys-config", sysConfig], output: log)
        // Wait until the child holds the lock, or report why it exited.
        for _ in 0..<100 {
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid {
                throw JobOperations.Failure("the service exited at start; see \(log)")
            }
            if ServiceLock.runningPid(workingDirectory) != nil { return .started }
            usleep(50_000)
        }
        throw JobOperations.Failure("the service did not start within 5 s; see \(log)")
    }

    /// Stops a running service: writes the stop marker, sends SIGTERM, waits up to `timeoutSeconds`, then calls
    /// `onKill` and sends SIGKILL (the service resumes from its checkpoints). Does nothing when none runs.
    public static func stop(
        _ workingDirectory: WorkingDirectory, timeoutSeconds: Int, onKill: () -> Void
    ) async throws {
        guard let pid = ServiceLock.runningPid(workingDirectory), pid > 0 else { return }
        // Recorded before the signal, so whoever sees the service gone also sees why (import.sh, stat).
        try StopMarker.write(workingDirectory)
        kill(pid, SIGTERM)
        let deadline = Date().addingTimeInterval(TimeInterval(timeoutSeconds))
        while ServiceLock.runningPid(workingDirectory) != nil && Date() < deadline {
            try await Task.sleep(for: .milliseconds(100))
        }
        if ServiceLock.runningPid(workingDirectory) != nil {
            onKill()
            kill(pid, SIGKILL)
        }
    }

    /// posix_spawn of `executable` with `arguments` in a new session: stdin from /dev/null, stdout and stderr
    /// appended to `output`, and no other descriptor of ours inherited.
    private static func spawnDetached(_ executable: String, _ arguments: [String], output: String) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_APPEND, 0o644)
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
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for argument in argv { free(argument) } }
        let result = posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
        guard result == 0 else {
            throw JobOperations.Failure("cannot start the service: \(String(cString: strerror(result)))")
        }
        return pid
    }
}
