import Foundation

/// One finished run of the verdict CLI: exit status (or the signal that ended it) and output.
struct CLIRun {
    let status: Int32
    let signaled: Bool
    let stdout: String
    let stderr: String

    /// Runs `verdict arguments…` to its end, within `timeout` seconds (then it is killed).
    static func verdict(_ arguments: [String], timeout: TimeInterval = 60) throws -> CLIRun {
        try run(ServerProcess.binary, arguments, timeout: timeout)
    }

    /// Runs any program to its end, within `timeout` seconds (then it is killed).
    static func run(_ executable: String, _ arguments: [String], timeout: TimeInterval = 60) throws -> CLIRun {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let deadline = DispatchTime.now() + timeout
        DispatchQueue.global().asyncAfter(deadline: deadline) { if process.isRunning { process.terminate() } }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CLIRun(status: process.terminationStatus, signaled: process.terminationReason == .uncaughtSignal,
                      stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
    }
}
