// CRC-64/XZ (reflected ECMA-182) by carry-less multiplication folding: Intel's "Fast CRC Computation
// for Generic Polynomials Using PCLMULQDQ Instruction", the same scheme as zlib-ng's and the Linux
// kernel's folding CRCs. The constants and the reasoning behind every step are in
// bench/crc64-constants.py, which prints these #defines and checks an emulation of this code.
#include "ccrc64.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

// Fold by 8 lanes (1024 bits): x^(63+1024) and x^(1024-1) mod P, reflected.
#define K_FOLD8_HI     0x8757d71d4fcc1000ULL
#define K_FOLD8_LO     0xd7d86b2af73de740ULL
// Fold by n lanes (n*128 bits), to combine the 8 accumulators.
#define K_FOLD7_HI     0x9e735cb59b4724daULL
#define K_FOLD7_LO     0x947874de595052cbULL
#define K_FOLD6_HI     0x2fe3fd2920ce82ecULL
#define K_FOLD6_LO     0xe4ce2cd55fea0037ULL
#define K_FOLD5_HI     0x2e30203212cac325ULL
#define K_FOLD5_LO     0x0e31d519421a63a5ULL
#define K_FOLD4_HI     0x6ae3efbb9dd441f3ULL
#define K_FOLD4_LO     0x081f6054a7842df4ULL
#define K_FOLD3_HI     0xb5ea1af9c013aca4ULL
#define K_FOLD3_LO     0x69a35d91c3730254ULL
#define K_FOLD2_HI     0x60095b008a9efa44ULL
#define K_FOLD2_LO     0x3be653a30fe1af51ULL
#define K_FOLD1_HI     0xe05dd497ca393ae4ULL
#define K_FOLD1_LO     0xdabe95afc7875f40ULL
// Final multiplication by x^64: x^127 mod P.
#define K_FINAL        0xdabe95afc7875f40ULL
// Barrett: mu = floor(x^127 / P) and (P - 1) / x, reflected.
#define BARRETT_MU     0x9c3e466c172963d5ULL
#define BARRETT_POLY   0x92d8af2baf0e1e85ULL

#define TARGET __attribute__((target("pclmul,sse4.1")))

/// Constants as one vector: low qword for the lane's low qword (H), high qword for L.
static inline TARGET __m128i constants(uint64_t k_hi, uint64_t k_lo) {
    return _mm_set_epi64x((long long)k_lo, (long long)k_hi);
}

/// x * x^D, where k holds (x^(63+D), x^(D-1)) mod P.
static inline TARGET __m128i fold(__m128i x, __m128i k) {
    return _mm_xor_si128(_mm_clmulepi64_si128(x, k, 0x00), _mm_clmulepi64_si128(x, k, 0x11));
}

static inline TARGET __m128i load(const unsigned char *p) {
    return _mm_loadu_si128((const __m128i *)(const void *)p);
}

TARGET uint64_t ccrc64_fold(uint64_t crc, const void *data, size_t length) {
    const unsigned char *p = (const unsigned char *)data;
    const unsigned char *end = p + (length & ~(size_t)15);
    __m128i x;
    if (length >= 256) {
        const __m128i k8 = constants(K_FOLD8_HI, K_FOLD8_LO);
        __m128i a0 = _mm_xor_si128(load(p), _mm_cvtsi64_si128((long long)crc));
        __m128i a1 = load(p + 16), a2 = load(p + 32), a3 = load(p + 48);
        __m128i a4 = load(p + 64), a5 = load(p + 80), a6 = load(p + 96), a7 = load(p + 112);
        p += 128;
        while (end - p >= 128) {
            a0 = _mm_xor_si128(fold(a0, k8), load(p));
            a1 = _mm_xor_si128(fold(a1, k8), load(p + 16));
            a2 = _mm_xor_si128(fold(a2, k8), load(p + 32));
            a3 = _mm_xor_si128(fold(a3, k8), load(p + 48));
            a4 = _mm_xor_si128(fold(a4, k8), load(p + 64));
            a5 = _mm_xor_si128(fold(a5, k8), load(p + 80));
            a6 = _mm_xor_si128(fold(a6, k8), load(p + 96));
            a7 = _mm_xor_si128(fold(a7, k8), load(p + 112));
            p += 128;
        }
        x = a7;
        x = _mm_xor_si128(x, fold(a0, constants(K_FOLD7_HI, K_FOLD7_LO)));
        x = _mm_xor_si128(x, fold(a1, constants(K_FOLD6_HI, K_FOLD6_LO)));
        x = _mm_xor_si128(x, fold(a2, constants(K_FOLD5_HI, K_FOLD5_LO)));
        x = _mm_xor_si128(x, fold(a3, constants(K_FOLD4_HI, K_FOLD4_LO)));
        x = _mm_xor_si128(x, fold(a4, constants(K_FOLD3_HI, K_FOLD3_LO)));
        x = _mm_xor_si128(x, fold(a5, constants(K_FOLD2_HI, K_FOLD2_LO)));
        x = _mm_xor_si128(x, fold(a6, constants(K_FOLD1_HI, K_FOLD1_LO)));
    } else {
        x = _mm_xor_si128(load(p), _mm_cvtsi64_si128((long long)crc));
        p += 16;
    }
    const __m128i k1 = constants(K_FOLD1_HI, K_FOLD1_LO);
    while (p < end) {
        x = _mm_xor_si128(fold(x, k1), load(p));
        p += 16;
    }
    // Y = X * x^64 (mod P) in 128 bits: clmul(H, x^127) ^ (L moved to the low qword).
    const __m128i kf = constants(K_FINAL, 0);
    __m128i y = _mm_xor_si128(_mm_clmulepi64_si128(x, kf, 0x00), _mm_srli_si128(x, 8));
    // Barrett: q = floor(Y_hi * x^64 / P); remainder = Y_lo ^ low64(q * P) = Y_lo ^ q ^ high(clmul(q, (P-1)/x)).
    const __m128i kb = constants(BARRETT_MU, BARRETT_POLY);
    __m128i q = _mm_clmulepi64_si128(y, kb, 0x00);
    __m128i qp = _mm_clmulepi64_si128(q, kb, 0x10);
    return (uint64_t)_mm_extract_epi64(y, 1) ^ (uint64_t)_mm_cvtsi128_si64(q) ^ (uint64_t)_mm_extract_epi64(qp, 1);
}

int ccrc64_fold_available(void) {
    static int cached = -1;
    int value = __atomic_load_n(&cached, __ATOMIC_RELAXED);
    if (value < 0) {
        __builtin_cpu_init();
        value = (__builtin_cpu_supports("pclmul") && __builtin_cpu_supports("sse4.1")) ? 1 : 0;
        __atomic_store_n(&cached, value, __ATOMIC_RELAXED);
    }
    return value;
}

#else

uint64_t ccrc64_fold(uint64_t crc, const void *data, size_t length) {
    (void)data;
    (void)length;
    return crc;
}

int ccrc64_fold_available(void) { return 0; }

#endif
