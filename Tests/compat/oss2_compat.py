#!/usr/bin/env python3
"""Compatibility check of an OSS endpoint (oss-local) against Alibaba Cloud's official SDK, oss2.

Usage: oss2_compat.py --endpoint http://127.0.0.1:PORT --access-key-id ID --access-key-secret SECRET [--bucket NAME]

Runs every check with V1 (oss2.Auth) and V4 (oss2.ProviderAuthV4, region cn-hangzhou), prints one
line per check and `N passed, M failed`; exits 1 if any check failed, 2 if oss2 is missing.
"""
import argparse
import os
import sys
import tempfile
import traceback
import uuid

try:
    import oss2
    from oss2.credentials import StaticCredentialsProvider
    from oss2.models import PartInfo
except ImportError as e:  # pragma: no cover
    print("oss2 is not installed (pip install oss2): %s" % e)
    sys.exit(2)

REGION = "cn-hangzhou"
SPECIAL_KEYS = ["dir/with space.txt", "中文/文件名.txt", "plus+percent%hash#q?amp&.bin", "a~b_c-d.e"]


class Checks:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def run(self, name, fn):
        try:
            fn()
            self.passed += 1
            print("PASS %s" % name)
        except Exception as e:  # noqa: BLE001 - report every failure
            self.failed += 1
            print("FAIL %s: %s: %s" % (name, type(e).__name__, e))
            traceback.print_exc(limit=3)


def expect(cond, what):
    if not cond:
        raise AssertionError(what)


def expect_raises(exc_type, fn, what):
    try:
        fn()
    except exc_type:
        return
    raise AssertionError("expected %s: %s" % (exc_type.__name__, what))


def make_bucket(auth, endpoint, name, v4):
    if v4:
        return oss2.Bucket(auth, endpoint, name, region=REGION, enable_crc=True)
    return oss2.Bucket(auth, endpoint, name, enable_crc=True)


def suite(checks, label, auth, bad_auth, endpoint, bucket_name, v4):
    bucket = make_bucket(auth, endpoint, bucket_name, v4)
    prefix = "compat-%s-%s/" % (label, uuid.uuid4().hex[:8])
    t = lambda name: "%s %s" % (label, name)  # noqa: E731

    checks.run(t("create bucket"), lambda: bucket.create_bucket())
    checks.run(t("create bucket again is ok"), lambda: bucket.create_bucket())

    def put_get_head_delete():
        key = prefix + "hello.txt"
        r = bucket.put_object(key, b"hello world", headers={"x-oss-meta-author": "alice", "Content-Type": "text/plain"})
        expect(r.etag == "5EB63BBBE01EEED093CB22BB8F5ACDC3", "etag %s" % r.etag)
        expect(r.crc == 5981764153023615706, "crc %s" % r.crc)
        got = bucket.get_object(key)
        expect(got.read() == b"hello world", "body")
        meta = bucket.head_object(key)
        expect(meta.content_length == 11, "length")
        expect(meta.headers.get("x-oss-meta-author") == "alice", "meta %r" % dict(meta.headers))
        expect(meta.headers.get("Content-Type") == "text/plain", "content type")
        expect(meta.object_type == "Normal", "object type")
        bucket.delete_object(key)
        expect_raises(oss2.exceptions.NoSuchKey, lambda: bucket.get_object(key), "get after delete")
        bucket.delete_object(key)  # deleting a missing key is fine
    checks.run(t("put/get/head/delete"), put_get_head_delete)

    def special_keys():
        for i, name in enumerate(SPECIAL_KEYS):
            key = prefix + "special/" + name
            data = ("data %d %s" % (i, name)).encode("utf-8")
            bucket.put_object(key, data)
            expect(bucket.get_object(key).read() == data, "roundtrip %s" % key)
            expect(bucket.object_exists(key), "exists %s" % key)
        listed = [o.key for o in oss2.ObjectIteratorV2(bucket, prefix=prefix + "special/")]
        expected = sorted(prefix + "special/" + n for n in SPECIAL_KEYS)
        expect(listed == sorted(listed, key=lambda k: k.encode("utf-8")), "byte order")
        expect(sorted(listed) == expected, "listed %r" % listed)
    checks.run(t("special keys"), special_keys)

    def range_get():
        key = prefix + "range.bin"
        data = bytes(range(256)) * 4
        bucket.put_object(key, data)
        expect(bucket.get_object(key, byte_range=(10, 19)).read() == data[10:20], "bytes=10-19")
        expect(bucket.get_object(key, byte_range=(1000, None)).read() == data[1000:], "bytes=1000-")
        r = bucket.get_object(key, byte_range=(0, 0))
        expect(r.status == 206 and r.read() == data[:1], "206 one byte")
    checks.run(t("range get"), range_get)

    def list_paging():
        base = prefix + "list/"
        keys = [base + "f%02d" % i for i in range(7)] + [base + "sub%d/x" % i for i in range(3)]
        for k in keys:
            bucket.put_object(k, b"x")
        got, token, pages = [], "", 0
        while True:
            r = bucket.list_objects_v2(prefix=base, max_keys=3, continuation_token=token)
            got += [o.key for o in r.object_list]
            pages += 1
            if not r.is_truncated:
                break
            token = r.next_continuation_token
        expect(got == sorted(keys), "paged keys %r" % got)
        expect(pages == 4, "pages %d" % pages)
        r = bucket.list_objects_v2(prefix=base, delimiter="/", max_keys=100)
        expect([o.key for o in r.object_list] == [base + "f%02d" % i for i in range(7)], "files")
        expect(r.prefix_list == [base + "sub%d/" % i for i in range(3)], "common prefixes %r" % r.prefix_list)
        listed = [o.key for o in oss2.ObjectIteratorV2(bucket, prefix=base, delimiter="/", max_keys=2)]
        expect(len(listed) == 10, "iterator with delimiter %r" % listed)
        v1 = [o.key for o in oss2.ObjectIterator(bucket, prefix=base, max_keys=4)]
        expect(v1 == sorted(keys), "v1 listing %r" % v1)
    checks.run(t("list_objects_v2 paging, prefix, delimiter"), list_paging)

    def multipart():
        key = prefix + "multi/big object.bin"
        part_size = 100 * 1024
        parts_data = [os.urandom(part_size), os.urandom(part_size), os.urandom(1234)]
        upload_id = bucket.init_multipart_upload(key).upload_id
        parts = []
        for n, data in enumerate(parts_data, start=1):
            r = bucket.upload_part(key, upload_id, n, data)
            parts.append(PartInfo(n, r.etag))
        listed = bucket.list_parts(key, upload_id)
        expect([p.part_number for p in listed.parts] == [1, 2, 3], "list_parts")
        expect([p.size for p in listed.parts] == [len(d) for d in parts_data], "part sizes")
        paged = bucket.list_parts(key, upload_id, max_parts=2)
        expect(paged.is_truncated and [p.part_number for p in paged.parts] == [1, 2], "list_parts paging")
        r = bucket.complete_multipart_upload(key, upload_id, parts)
        expect(r.etag.endswith("-3"), "multipart etag %s" % r.etag)
        whole = b"".join(parts_data)
        expect(bucket.get_object(key).read() == whole, "multipart content")
        expect(bucket.head_object(key).object_type == "Multipart", "object type")
    checks.run(t("multipart init/upload_part x3/list_parts/complete"), multipart)

    def multipart_errors():
        key = prefix + "multi/errors.bin"
        upload_id = bucket.init_multipart_upload(key).upload_id
        r1 = bucket.upload_part(key, upload_id, 1, b"small")
        r2 = bucket.upload_part(key, upload_id, 2, b"small")
        expect_raises(oss2.exceptions.ServerError,
                      lambda: bucket.complete_multipart_upload(key, upload_id, [PartInfo(2, r2.etag), PartInfo(1, r1.etag)]),
                      "InvalidPartOrder")
        expect_raises(oss2.exceptions.ServerError,
                      lambda: bucket.complete_multipart_upload(key, upload_id, [PartInfo(1, r1.etag), PartInfo(2, r2.etag)]),
                      "EntityTooSmall")
        expect_raises(oss2.exceptions.ServerError,
                      lambda: bucket.complete_multipart_upload(key, upload_id, [PartInfo(1, "0" * 32)]),
                      "InvalidPart")
        uploads = [u.upload_id for u in oss2.MultipartUploadIterator(bucket, prefix=prefix + "multi/")]
        expect(upload_id in uploads, "list_multipart_uploads %r" % uploads)
        bucket.abort_multipart_upload(key, upload_id)
        uploads = [u.upload_id for u in oss2.MultipartUploadIterator(bucket, prefix=prefix + "multi/")]
        expect(upload_id not in uploads, "aborted upload still listed")
        expect_raises(oss2.exceptions.NoSuchUpload, lambda: bucket.abort_multipart_upload(key, upload_id), "abort twice")
    checks.run(t("multipart errors, list_multipart_uploads, abort"), multipart_errors)

    def resumable():
        key = prefix + "resumable/file.bin"
        data = os.urandom(700 * 1024 + 17)
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "file.bin")
            with open(path, "wb") as f:
                f.write(data)
            store = oss2.ResumableStore(root=tmp)
            oss2.resumable_upload(bucket, key, path, store=store, multipart_threshold=200 * 1024,
                                  part_size=100 * 1024, num_threads=2)
            expect(bucket.get_object(key).read() == data, "resumable content")
            out = os.path.join(tmp, "down.bin")
            oss2.resumable_download(bucket, key, out, store=oss2.ResumableDownloadStore(root=tmp),
                                    multiget_threshold=200 * 1024, part_size=100 * 1024, num_threads=2)
            with open(out, "rb") as f:
                expect(f.read() == data, "resumable download content")
    checks.run(t("resumable_upload (multipart) + resumable_download"), resumable)

    def copy():
        src = prefix + "copy/src.txt"
        bucket.put_object(src, b"copy me", headers={"x-oss-meta-k": "v"})
        bucket.copy_object(bucket_name, src, prefix + "copy/dst.txt")
        expect(bucket.get_object(prefix + "copy/dst.txt").read() == b"copy me", "copy content")
        expect(bucket.head_object(prefix + "copy/dst.txt").headers.get("x-oss-meta-k") == "v", "copied meta")
        bucket.copy_object(bucket_name, src, prefix + "copy/replaced.txt",
                           headers={"x-oss-metadata-directive": "REPLACE", "x-oss-meta-new": "1"})
        h = bucket.head_object(prefix + "copy/replaced.txt").headers
        expect(h.get("x-oss-meta-new") == "1" and h.get("x-oss-meta-k") is None, "replaced meta")
    checks.run(t("copy_object"), copy)

    def forbid_overwrite():
        key = prefix + "forbid.txt"
        bucket.put_object(key, b"1")
        try:
            bucket.put_object(key, b"2", headers={"x-oss-forbid-overwrite": "true"})
        except oss2.exceptions.ServerError as e:
            expect(e.status == 409 and e.code == "FileAlreadyExists", "code %s" % e.code)
        else:
            raise AssertionError("no 409")
    checks.run(t("x-oss-forbid-overwrite"), forbid_overwrite)

    def head_missing():
        expect_raises(oss2.exceptions.NoSuchKey, lambda: bucket.head_object(prefix + "does-not-exist"), "head missing")
        expect_raises(oss2.exceptions.NoSuchKey, lambda: bucket.get_object_meta(prefix + "does-not-exist"), "meta missing")
    checks.run(t("head of a missing key raises NoSuchKey"), head_missing)

    def wrong_secret():
        bad = make_bucket(bad_auth, endpoint, bucket_name, v4)
        try:
            bad.put_object(prefix + "bad.txt", b"x")
        except oss2.exceptions.ServerError as e:
            expect(e.code == "SignatureDoesNotMatch", "code %s" % e.code)
        else:
            raise AssertionError("wrong secret accepted")
    checks.run(t("wrong secret raises SignatureDoesNotMatch"), wrong_secret)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--endpoint", required=True)
    parser.add_argument("--access-key-id", required=True)
    parser.add_argument("--access-key-secret", required=True)
    parser.add_argument("--bucket", default="oss2-compat")
    args = parser.parse_args()

    checks = Checks()
    v1 = oss2.Auth(args.access_key_id, args.access_key_secret)
    v1_bad = oss2.Auth(args.access_key_id, args.access_key_secret + "x")
    v4 = oss2.ProviderAuthV4(StaticCredentialsProvider(args.access_key_id, args.access_key_secret))
    v4_bad = oss2.ProviderAuthV4(StaticCredentialsProvider(args.access_key_id, args.access_key_secret + "x"))
    suite(checks, "v1", v1, v1_bad, args.endpoint, args.bucket, v4=False)
    suite(checks, "v4", v4, v4_bad, args.endpoint, args.bucket + "-v4", v4=True)
    print("%d passed, %d failed" % (checks.passed, checks.failed))
    sys.exit(1 if checks.failed else 0)


if __name__ == "__main__":
    main()
