internal import CCRC64

/// Which implementation runs a CRC update. Internal: tests and the benchmark force one path.
enum CRC64Path: Sendable, CaseIterable {
    /// Folding when the CPU supports it and the input is long enough, tables otherwise.
    case automatic
    /// Slicing-by-16 tables only (the fallback).
    case table
    /// PCLMULQDQ folding for whole 16-byte blocks, tables for the tail; tables only when the CPU lacks PCLMULQDQ.
    case folding
}

/// CRC-64/XZ by carry-less multiplication folding (`Sources/CCRC64`), with the table code for the tail.
enum CRC64Folding {
    /// Whether this CPU has PCLMULQDQ and SSE4.1; checked once.
    static let isAvailable: Bool = ccrc64_fold_available() != 0

    /// Inputs shorter than this go to the tables: the folding's fixed cost (final reduction) outweighs its speed.
    static let minimumLength = 64

    /// Runs the raw (non-inverted) register `crc` over `buffer`: whole 16-byte blocks by folding, the rest by table.
    /// Falls back to the tables entirely when folding is unavailable.
    static func process(_ crc: UInt64, _ buffer: UnsafeRawBufferPointer) -> UInt64 {
        let bulk = buffer.count & ~15
        guard isAvailable, bulk >= 16, let base = buffer.baseAddress else {
            return CRC64Tables.process(crc, buffer)
        }
        let folded = ccrc64_fold(crc, base, bulk)
        if bulk == buffer.count { return folded }
        return CRC64Tables.process(folded, UnsafeRawBufferPointer(rebasing: buffer[bulk...]))
    }
}

extension CRC64 {
    /// Continues the finalized CRC `crc` with `buffer` on the chosen implementation.
    static func continueCRC(_ crc: UInt64, _ buffer: UnsafeRawBufferPointer, path: CRC64Path) -> UInt64 {
        switch path {
        case .automatic:
            if buffer.count >= CRC64Folding.minimumLength && CRC64Folding.isAvailable {
                return ~CRC64Folding.process(~crc, buffer)
            }
            return ~CRC64Tables.process(~crc, buffer)
        case .table:
            return ~CRC64Tables.process(~crc, buffer)
        case .folding:
            return ~CRC64Folding.process(~crc, buffer)
        }
    }
}
