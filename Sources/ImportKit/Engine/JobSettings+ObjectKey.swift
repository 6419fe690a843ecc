import OSSCore

extension JobSettings {
    /// The one derivation of an object key: `destPrefix` followed by the entry's path below `srcPrefix`, byte for
    /// byte, and a `/` for an empty directory's marker object. Fails with the reason OSS cannot name it
    /// (``OSSKeyProblem``: empty, over 1023 bytes, not UTF-8, a control character, a leading slash).
    func objectKey(for entry: ScanEntry, directoryMarker: Bool = false) -> Result<String, OSSKeyProblem> {
        var bytes = Array(destPrefix.utf8) + entry.relativePath
        if directoryMarker { bytes.append(UInt8(ascii: "/")) }
        if let problem = OSSObjectKey.validate(bytes) { return .failure(problem) }
        return .success(String(decoding: bytes, as: UTF8.self))  // valid UTF-8: `validate` checked it
    }
}
