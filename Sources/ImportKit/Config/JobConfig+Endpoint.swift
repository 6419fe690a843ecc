extension JobConfig {
    /// `destDomain` as `scheme://host[:port]` (ossimport assumes `http://` when no scheme is given).
    public var normalizedDestDomain: String {
        guard case .success(let domain) = DomainText.parse(destDomain) else { return destDomain }
        return domain.normalized
    }

    /// `destRegion` when set, else the region in an `oss-<region>[-internal].aliyuncs.com` `destDomain`, else nil.
    public var effectiveDestRegion: String? {
        if !destRegion.isEmpty { return destRegion }
        guard case .success(let domain) = DomainText.parse(destDomain) else { return nil }
        return domain.ossRegion
    }

    /// The signature version to use: `destSignatureVersion`, with `auto` resolved to V4 when a region is known
    /// and V1 otherwise (for example a local test server at `http://127.0.0.1:9000`).
    public var effectiveDestSignatureVersion: SignatureVersionSetting {
        switch destSignatureVersion {
        case .auto: effectiveDestRegion == nil ? .v1 : .v4
        case .v1, .v4: destSignatureVersion
        }
    }

    /// Whether credentials include an STS token.
    public var usesSecurityToken: Bool { !destSecurityToken.isEmpty }
}
