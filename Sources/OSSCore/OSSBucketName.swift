/// Bucket naming rules (as oss2 `is_valid_bucket_name`).
public enum OSSBucketName {
    /// nil if `name` is a valid bucket name, else the reason: 3–63 characters, lower-case letters, digits
    /// and '-', not starting or ending with '-'.
    public static func validate(_ name: String) -> String? {
        let bytes = Array(name.utf8)
        if bytes.isEmpty { return "bucket name is empty" }
        if bytes.count < 3 || bytes.count > 63 {
            return "bucket name '\(name)' must be 3 to 63 characters long (it is \(name.count))"
        }
        for c in bytes where !(isLowerAlnum(c) || c == UInt8(ascii: "-")) {
            if c == UInt8(ascii: ".") {
                return "bucket name '\(name)' contains '.'; give the endpoint and the bucket separately (bucket without the domain)"
            }
            return "bucket name '\(name)' may contain only lower-case letters, digits and '-'"
        }
        if bytes.first == UInt8(ascii: "-") || bytes.last == UInt8(ascii: "-") {
            return "bucket name '\(name)' must not start or end with '-'"
        }
        return nil
    }

    private static func isLowerAlnum(_ c: UInt8) -> Bool {
        (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")) || (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9"))
    }
}
