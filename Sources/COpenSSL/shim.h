// OpenSSL's libcrypto: HMAC, SHA-1/SHA-256 and MD5 for the OSS signer and Content-MD5.
#ifndef OSSIMPORT_COPENSSL_SHIM_H
#define OSSIMPORT_COPENSSL_SHIM_H
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>
#include <openssl/md5.h>
#include <openssl/params.h>

/// An HMAC context keyed with `key` for `digest` ("SHA1", "SHA256"), to be copied (EVP_MAC_CTX_dup) per message:
/// keying and fetching the algorithm once instead of per signature. NULL on failure.
static inline EVP_MAC_CTX *ossimport_hmac_keyed(const char *digest, const unsigned char *key, size_t key_length) {
    EVP_MAC *mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
    if (mac == NULL) return NULL;
    EVP_MAC_CTX *ctx = EVP_MAC_CTX_new(mac);
    EVP_MAC_free(mac);
    if (ctx == NULL) return NULL;
    OSSL_PARAM params[2] = { OSSL_PARAM_construct_utf8_string("digest", (char *)digest, 0), OSSL_PARAM_construct_end() };
    unsigned char empty = 0;
    if (EVP_MAC_init(ctx, key_length > 0 ? key : &empty, key_length, params) != 1) {
        EVP_MAC_CTX_free(ctx);
        return NULL;
    }
    return ctx;
}
#endif
