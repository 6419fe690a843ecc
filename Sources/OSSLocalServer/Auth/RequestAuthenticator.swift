import Foundation
import OSSCore

/// Verifies V1 (`OSS id:signature`) and V4 (`OSS4-HMAC-SHA256 ...`) header signatures with
/// OSSCore's signers over the request as received. Without configured credentials every
/// request is accepted, signed or not.
struct RequestAuthenticator: Sendable {
    let credentials: OSSCredentials?
    /// Largest accepted difference between the request's date and the server clock (OSS: 15 min).
    var maxSkewSeconds: Double = 15 * 60

    func check(_ r: ParsedRequest, now: Double) throws(OSSLocalError) {
        guard let credentials else { return }
        guard let authorization = r.header("authorization"), !authorization.isEmpty else {
            throw .accessDenied("You have no right to access this object because of bucket acl.")
        }
        let signing = OSSSigningRequest(
            method: r.method, bucket: r.bucket, key: r.keyString, query: r.query,
            headers: OSSHeaders(r.headers.map { (name: $0.name, value: $0.value) }))
        if authorization.hasPrefix("OSS4-HMAC-SHA256 ") {
            try checkV4(authorization, signing, r, credentials, now: now)
        } else if authorization.hasPrefix("OSS ") {
            try checkV1(authorization, signing, r, credentials, now: now)
        } else {
            throw .invalidArgument("Authorization header is invalid.", name: "Authorization", value: authorization)
        }
    }

    private func checkV1(_ header: String, _ signing: OSSSigningRequest, _ r: ParsedRequest, _ credentials: OSSCredentials, now: Double) throws(OSSLocalError) {
        let body = header.dropFirst(4)
        guard let colon = body.lastIndex(of: ":") else {
            throw .invalidArgument("Authorization header is invalid.", name: "Authorization", value: header)
        }
        try checkKeyId(String(body[..<colon]), credentials)
        let dateText = r.header("x-oss-date") ?? r.header("date") ?? ""
        guard let date = Timestamp.parseRFC1123(dateText) else {
            throw .accessDenied("Invalid date format in Date header: '\(dateText)'.")
        }
        try checkSkew(date, now: now)
        let expected = OSSSignerV1.authorization(signing, credentials: credentials)
        if expected != header {
            throw signatureMismatch(stringToSign: OSSSignerV1.stringToSign(signing), provided: String(body[body.index(after: colon)...]))
        }
    }

    private func checkV4(_ header: String, _ signing: OSSSigningRequest, _ r: ParsedRequest, _ credentials: OSSCredentials, now: Double) throws(OSSLocalError) {
        var fields: [String: String] = [:]
        for item in header.dropFirst("OSS4-HMAC-SHA256 ".count).split(separator: ",") {
            let trimmed = item.trimmingCharacters(in: .whitespaces)
            guard let eq = trimmed.firstIndex(of: "=") else { continue }
            fields[String(trimmed[..<eq])] = String(trimmed[trimmed.index(after: eq)...])
        }
        guard let credential = fields["Credential"], let signature = fields["Signature"] else {
            throw .invalidArgument("Authorization header is invalid.", name: "Authorization", value: header)
        }
        let scope = credential.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard scope.count == 5, scope[4] == "aliyun_v4_request" else {
            throw .invalidArgument("Invalid credential in Authorization header.", name: "Authorization", value: header)
        }
        try checkKeyId(scope[0], credentials)
        var additional: [String] = []
        if let names = fields["AdditionalHeaders"] {
            additional = names.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
            guard !additional.contains(where: \.isEmpty) else {
                throw .invalidArgument("AdditionalHeaders in Authorization header is invalid.", name: "Authorization", value: header)
            }
        }
        let dateTime = r.header("x-oss-date") ?? ""
        guard let date = Timestamp.parseISO8601Basic(dateTime) else {
            throw .accessDenied("Invalid or missing x-oss-date header: '\(dateTime)'.")
        }
        guard dateTime.hasPrefix(scope[1]) else {
            throw .accessDenied("Invalid signing date in Authorization header.")
        }
        try checkSkew(date, now: now)
        let signer = OSSSignerV4(region: scope[2], product: scope[3])
        let toSign = signer.stringToSign(signing, dateTime: dateTime, additionalHeaders: additional)
        let key = signer.signingKey(secret: credentials.accessKeySecret, date: scope[1])
        let expected = Hex.encode(Digest.hmacSHA256(key: key, data: Array(toSign.utf8)))
        if expected != signature.lowercased() {
            throw signatureMismatch(stringToSign: toSign, provided: signature)
        }
    }

    private func checkKeyId(_ id: String, _ credentials: OSSCredentials) throws(OSSLocalError) {
        guard id == credentials.accessKeyId else {
            throw OSSLocalError(status: 403, code: "InvalidAccessKeyId", message: "The OSS Access Key Id you provided does not exist in our records.",
                                ec: "0002-00000902", extra: [("OSSAccessKeyId", id)])
        }
    }

    private func checkSkew(_ date: Double, now: Double) throws(OSSLocalError) {
        guard abs(date - now) <= maxSkewSeconds else {
            throw OSSLocalError(status: 403, code: "RequestTimeTooSkewed",
                                message: "The difference between the request time and the current time is too large.",
                                ec: "0002-00000504",
                                extra: [("RequestTime", Timestamp.rfc1123(date)), ("ServerTime", Timestamp.rfc1123(now)), ("MaxAllowedSkewMilliseconds", "900000")])
        }
    }

    private func signatureMismatch(stringToSign: String, provided: String) -> OSSLocalError {
        OSSLocalError(status: 403, code: "SignatureDoesNotMatch",
                      message: "The request signature we calculated does not match the signature you provided. Check your key and signing method.",
                      ec: "0002-00000040", extra: [("SignatureProvided", provided), ("StringToSign", stringToSign)])
    }
}
