import ArgumentParser
import Foundation
import ImportKit

extension OSSImportCommand {
    struct Start: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Start the import service in the background (resumes every job from its checkpoint).")

        @OptionGroup var global: GlobalOptions
        @Flag(help: "Run in the foreground instead of as a background service.") var foreground = false
        @Flag(help: "With --foreground: exit when no job has work left (exit status 3 if a job failed).")
        var exitWhenDone = false

        func run() async throws {
            try await reportingErrors {
                let sys = try global.loadSys()
                let workingDirectory = global.workingDirectory(sys)
                if foreground {
                    try await runForeground(workingDirectory, sys: sys, exitWhenDone: exitWhenDone)
                    return
                }
                switch try ServiceProcess.spawnBackground(workingDirectory: workingDirectory, sysConfig: global.sysConfig) {
                case .started:
                    print("Start import service completed.")
                case .alreadyRunning(let pid, let retried):
                    print(
                        "The import service is already running (pid \(pid)); it runs again the jobs that had stopped on an error: \(retried.joined(separator: ", "))."
                    )
                }
            }
        }
    }
}

/// Runs the service in this process until it ends or a signal stops it; exit status 3 when `exitWhenDone` and a job
/// failed. The service's log lines are echoed to stdout when it exits on its own (`run`, `start --exit-when-done`).
func runForeground(_ workingDirectory: WorkingDirectory, sys: SysConfig, exitWhenDone: Bool) async throws {
    let state = try await ServiceProcess.runForeground(
        workingDirectory: workingDirectory, sys: sys, exitWhenIdle: exitWhenDone, echo: exitWhenDone)
    if exitWhenDone && state == .failed { throw ExitCode(3) }
}
