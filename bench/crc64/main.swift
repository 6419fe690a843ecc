// CRC64 throughput check, compiled together with Sources/CRC64 by bench/crc64-speed.sh.
import Glibc

let size = (CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) : nil) ?? (1 << 30)
let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 64)
defer { buffer.deallocate() }
for i in 0..<size { buffer[i] = UInt8(truncatingIfNeeded: i &* 31 &+ 7) }

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

func fixed(_ x: Double) -> String { String(Double(Int(x * 1000)) / 1000) }

let gib = Double(size) / Double(1 << 30)
print("PCLMULQDQ folding available: \(CRC64Folding.isAvailable)")
var results: [UInt64] = []
var seconds: [Double] = []
for path in [CRC64Path.table, .automatic] {
    var best = Double.infinity
    var crc: UInt64 = 0
    for _ in 0..<3 {
        let start = now()
        crc = CRC64.continueCRC(0, UnsafeRawBufferPointer(buffer), path: path)
        best = min(best, now() - start)
    }
    results.append(crc)
    seconds.append(best)
    print("CRC64 \(path) over \(size) bytes: best \(fixed(best)) s = \(fixed(gib / best)) GiB/s (crc \(crc))")
}
if results[0] != results[1] {
    print("MISMATCH between the paths")
    exit(1)
}
print("speed-up: \(fixed(seconds[0] / seconds[1]))x")
