extension JobConfig {
    /// Fills empty destination credentials from the environment and checks the result.
    ///
    /// Credentials are taken as a pair: the file's `destAccessKey`/`destSecretKey` when either is set
    /// (then both must be), otherwise `OSS_ACCESS_KEY_ID`/`OSS_ACCESS_KEY_SECRET` (and `OSS_SESSION_TOKEN`
    /// when `destSecurityToken` is empty). Mixing a key from the file with a secret from the environment
    /// would sign with a mismatched pair, so it is refused.
    mutating func resolveCredentials(_ r: ConfigReader, environment: [String: String]) throws(ConfigError) {
        let envFix = "set destAccessKey and destSecretKey, or leave both empty and export \(EnvironmentKey.accessKeyID) and \(EnvironmentKey.accessKeySecret)"
        switch (destAccessKey.isEmpty, destSecretKey.isEmpty) {
        case (true, true):
            let id = environment[EnvironmentKey.accessKeyID] ?? ""
            let secret = environment[EnvironmentKey.accessKeySecret] ?? ""
            if id.isEmpty && secret.isEmpty {
                throw r.error("destAccessKey", "is empty and \(EnvironmentKey.accessKeyID) is not set", fix: envFix)
            }
            if id.isEmpty || secret.isEmpty {
                let missing = id.isEmpty ? EnvironmentKey.accessKeyID : EnvironmentKey.accessKeySecret
                let present = id.isEmpty ? EnvironmentKey.accessKeySecret : EnvironmentKey.accessKeyID
                throw ConfigError(path: r.file.path, problem: "\(present) is set but \(missing) is not",
                                  fix: "export both \(EnvironmentKey.accessKeyID) and \(EnvironmentKey.accessKeySecret)")
            }
            destAccessKey = id
            destSecretKey = secret
            if destSecurityToken.isEmpty { destSecurityToken = environment[EnvironmentKey.sessionToken] ?? "" }
        case (true, false):
            throw r.error("destAccessKey", "is empty but destSecretKey is set", fix: envFix)
        case (false, true):
            throw r.error("destSecretKey", "is empty but destAccessKey is set", fix: envFix)
        case (false, false):
            break
        }
        for key in ["destAccessKey", "destSecretKey", "destSecurityToken"] {
            try Self.checkCredential(r, key: key, value: credential(key))
        }
        if srcType.isCloud {
            for key in ["srcAccessKey", "srcSecretKey"] {
                let value = credential(key)
                if value.isEmpty {
                    throw r.error(key, "is required for srcType=\(srcType.rawValue)",
                                  fix: "set \(key) to the source account's credential")
                }
                try Self.checkCredential(r, key: key, value: value)
            }
        }
    }

    private func credential(_ key: String) -> String {
        switch key {
        case "destAccessKey": destAccessKey
        case "destSecretKey": destSecretKey
        case "destSecurityToken": destSecurityToken
        case "srcAccessKey": srcAccessKey
        case "srcSecretKey": srcSecretKey
        default: ""
        }
    }

    /// Rejects sample placeholders (`Jwd1******nMnZBs`) and values with spaces or control characters,
    /// without ever repeating the value.
    private static func checkCredential(_ r: ConfigReader, key: String, value: String) throws(ConfigError) {
        if value.contains("***") {
            throw r.error(key, "still holds the sample placeholder (it contains \"***\")",
                          fix: "replace it with your real credential")
        }
        if value.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F }) {
            throw r.error(key, "contains spaces or control characters",
                          fix: "copy the credential again, without spaces or quotes")
        }
        if value.hasPrefix("\"") || value.hasPrefix("'") {
            throw r.error(key, "is quoted", fix: "remove the quotes: values in this file are written bare")
        }
    }
}
