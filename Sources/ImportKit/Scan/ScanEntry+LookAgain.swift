#if canImport(Glibc)
    import Glibc
#endif

extension FileUploader {
    /// A failed entry looked at again before `retry` (or a new incremental pass) runs it: the scan's verdict
    /// (broken link, permission denied, cannot stat) may no longer hold. Local sources only; remote entries are
    /// fingerprinted afresh by their reader anyway. Rules the user set still apply (symlink policy).
    func lookAgain(_ entry: ScanEntry) -> ScanEntry {
        guard case .local = settings.source, entry.kind == .unreadable else { return entry }
        let path = settings.srcPrefix + String(decoding: entry.relativePath, as: UTF8.self)
        var info = stat()
        guard lstat(path, &info) == 0 else {
            let code = errno
            if code == ENOENT || code == ENOTDIR {
                return entry.with(.unreadable, reason: "source deleted: \(path) no longer exists")
            }
            return entry.with(.unreadable, reason: "cannot stat: \(String(cString: strerror(code)))")
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG:
            return ScanEntry(kind: .file, size: Int64(info.st_size), mtimeNanos: info.mtimeNanos, relativePath: entry.relativePath)
        case S_IFLNK:
            guard settings.allowSymbolicLinks else {
                return entry.with(.skipped, reason: "symbolic link skipped (isAllowSymbolicLink=false)")
            }
            var target = stat()
            guard fstatat(AT_FDCWD, path, &target, 0) == 0 else {
                let code = errno
                let what = code == ELOOP ? "symbolic link loop" : "broken symbolic link"
                return entry.with(.unreadable, reason: "\(what): \(String(cString: strerror(code)))")
            }
            switch target.st_mode & S_IFMT {
            case S_IFREG:
                return ScanEntry(
                    kind: .symlinkedFile, size: Int64(target.st_size), mtimeNanos: target.mtimeNanos, relativePath: entry.relativePath)
            case S_IFDIR:
                return entry.with(.skipped, reason: "symbolic link to a directory is not followed")
            default:
                return entry.with(.skipped, reason: "symbolic link to something that is not a regular file")
            }
        case S_IFDIR:
            guard let directory = opendir(path) else {
                return entry.with(.unreadable, reason: "cannot list directory: \(String(cString: strerror(errno)))")
            }
            closedir(directory)
            return entry.with(
                .unreadable,
                reason: "directory can be listed now, but its files were not found by the scan: 'bash console.sh clean' and submit the job again (files already in OSS are skipped with isSkipExistFile=true)")
        default:
            return entry.with(.skipped, reason: "not a regular file (device, FIFO or socket)")
        }
    }
}

extension ScanEntry {
    func with(_ kind: Kind, reason: String) -> ScanEntry {
        ScanEntry(kind: kind, size: 0, mtimeNanos: 0, relativePath: relativePath, reason: reason, location: location)
    }
}

