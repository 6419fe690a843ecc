// OpenSSL's libcrypto: HMAC, SHA-1/SHA-256 and MD5 for the OSS signer and Content-MD5.
#ifndef OSSIMPORT_COPENSSL_SHIM_H
#define OSSIMPORT_COPENSSL_SHIM_H
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>
#include <openssl/md5.h>
#endif
