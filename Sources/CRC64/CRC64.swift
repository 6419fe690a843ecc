/// CRC-64/XZ (ECMA-182 polynomial, reflected, init and xor-out all ones): the checksum OSS
/// reports in `x-oss-hash-crc64ecma` as an unsigned decimal.
///
/// `value` is always the finalized CRC of everything fed so far, so a value read from OSS
/// can seed `init(value:)` and be continued with more bytes.
///
/// ```swift
/// var crc = CRC64()
/// crc.update(Array("hello world".utf8))
/// crc.value // 5981764153023615706
/// ```
public struct CRC64: Sendable, Hashable {
    /// The finalized CRC-64/XZ of all bytes fed so far (0 for no bytes).
    public private(set) var value: UInt64

    /// A CRC of empty input (value 0).
    public init() {
        value = 0
    }

    /// Continues from a known finalized CRC, for example one returned by OSS for a prefix of the data.
    public init(value: UInt64) {
        self.value = value
    }

    /// Feeds `buffer` into the checksum.
    public mutating func update(_ buffer: UnsafeRawBufferPointer) {
        value = CRC64.continueCRC(value, buffer)
    }

    /// Feeds `bytes` into the checksum.
    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// Feeds any contiguous byte collection (ArraySlice, ContiguousArray, ...) into the checksum.
    public mutating func update<C: Collection>(contentsOf bytes: C) where C.Element == UInt8 {
        let done: Void? = bytes.withContiguousStorageIfAvailable { update(UnsafeRawBufferPointer($0)) }
        if done == nil {
            update(Array(bytes))
        }
    }

    /// The CRC-64/XZ of `bytes`.
    public static func checksum(_ bytes: [UInt8]) -> UInt64 {
        bytes.withUnsafeBytes { continueCRC(0, $0) }
    }

    /// The CRC-64/XZ of the bytes in `buffer`.
    public static func checksum(_ buffer: UnsafeRawBufferPointer) -> UInt64 {
        continueCRC(0, buffer)
    }

    /// Continues the finalized CRC `crc` with `buffer` and returns the new finalized CRC
    /// (PCLMULQDQ folding when the CPU has it and the input is long enough, slicing-by-16 tables otherwise).
    static func continueCRC(_ crc: UInt64, _ buffer: UnsafeRawBufferPointer) -> UInt64 {
        continueCRC(crc, buffer, path: .automatic)
    }
}
