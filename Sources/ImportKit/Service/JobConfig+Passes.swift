import Foundation

extension JobConfig {
    /// `settings(sys:)` with the audit and incremental settings: `jobType=audit` or `isAuditAfterImport` give
    /// ``JobSettings/audit``; `isIncremental` gives ``JobSettings/incrementalInterval``.
    public func engineSettings(sys: SysConfig) -> JobSettings {
        var settings = self.settings(sys: sys)
        if jobType == .audit || isAuditAfterImport {
            settings.audit = AuditSettings(mode: auditMode, auditOnly: jobType == .audit, lastModify: lastModify)
        }
        // An audit job verifies what is there once: it has no passes.
        if isIncremental && jobType == .import {
            settings.incrementalInterval = Double(incrementalModeInterval)
        }
        return settings
    }
}
