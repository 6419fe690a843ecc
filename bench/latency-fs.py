#!/usr/bin/python3
"""A read-only FUSE passthrough of SRC at MOUNT that adds DELAY_MS to every getattr, readdir and open, as a NAS's
network round trip would (bench/scale-cases.sh, case latencymount). Multithreaded: requests overlap, as they do on
a NAS. Debian's python3-fusepy (module `fusepy`) and libfuse2.

    /usr/bin/python3 bench/latency-fs.py SRC MOUNT [DELAY_MS]     # runs in the foreground; unmount with umount MOUNT
"""
import errno
import os
import sys
import time

from fusepy import FUSE, FuseOSError, Operations


class LatencyPassthrough(Operations):
    def __init__(self, root, delay):
        self.root = root
        self.delay = delay

    def _full(self, path):
        return os.path.join(self.root, path.lstrip("/"))

    def getattr(self, path, fh=None):
        time.sleep(self.delay)
        try:
            st = os.lstat(self._full(path))
        except OSError as error:
            raise FuseOSError(error.errno)
        keys = ("st_mode", "st_size", "st_uid", "st_gid", "st_nlink", "st_atime", "st_mtime", "st_ctime")
        return {key: getattr(st, key) for key in keys}

    def readdir(self, path, fh):
        time.sleep(self.delay)
        return [".", ".."] + os.listdir(self._full(path))

    def readlink(self, path):
        return os.readlink(self._full(path))

    def open(self, path, flags):
        time.sleep(self.delay)
        if flags & (os.O_WRONLY | os.O_RDWR):
            raise FuseOSError(errno.EROFS)
        return os.open(self._full(path), os.O_RDONLY)

    def read(self, path, size, offset, fh):
        return os.pread(fh, size, offset)

    def release(self, path, fh):
        os.close(fh)


if __name__ == "__main__":
    source, mount = sys.argv[1], sys.argv[2]
    delay_ms = float(sys.argv[3]) if len(sys.argv) > 3 else 1.0
    FUSE(LatencyPassthrough(source, delay_ms / 1000.0), mount, foreground=True, nothreads=False, ro=True)
