#!/usr/bin/env python3
"""Constants for the PCLMULQDQ folding CRC-64/XZ in Sources/CCRC64/ccrc64.c, and a check of the algorithm.

CRC-64/XZ: P = x^64 + 0x42F0E1EBA9EA3693 (ECMA-182), reflected, init and xorout all ones.

Conventions (the reflected world):
  * a 64-bit "reflected" word w stands for the polynomial sum of x^(63-i) over its set bits i;
  * a 128-bit lane (little-endian load of 16 message bytes) stands for sum of x^(127-k) over set bits k,
    so its low qword holds the high-degree half;
  * _mm_clmulepi64_si128(a, b) of reflected words A, B gives the lane for A*B*x (one extra x).

Folding a lane X = H*x^64 + L forward by D bits: H*x^(64+D) + L*x^D, computed as
clmul(H, x^(63+D) mod P) ^ clmul(L, x^(D-1) mod P) (the extra x of clmul completes the exponent).

Final reduction of the last lane X (the register is X*x^64 mod P):
  Y = clmul(H, x^127 mod P) ^ (L moved to the low qword)           # Y = X*x^64 (mod P), 128 bits
  q = low qword of clmul(Y.lo, mu)      with mu = floor(x^127 / P) # = floor(Y.hi_poly * x^64 / P) (Barrett)
  crc = Y.hi ^ q ^ high qword of clmul(q, c)   with c = (P - 1) / x # low 64 bits of q*P = q*c*x + q

Run it to print the constants (as the C file spells them) and to check the emulated algorithm
against a bitwise CRC on random inputs.
"""
import random

P = (1 << 64) | 0x42F0E1EBA9EA3693  # normal (non-reflected) form, bit j = coefficient of x^j


def pmod(a, m=P):
    """a mod m over GF(2)."""
    dm = m.bit_length() - 1
    while a.bit_length() - 1 >= dm:
        a ^= m << (a.bit_length() - 1 - dm)
    return a


def pdiv(a, m=P):
    """floor(a / m) over GF(2)."""
    dm = m.bit_length() - 1
    q = 0
    while a and a.bit_length() - 1 >= dm:
        s = a.bit_length() - 1 - dm
        q |= 1 << s
        a ^= m << s
    return q


def rev(v, bits=64):
    """Bit reversal: the reflected word of a polynomial of degree < bits."""
    return int(format(v, "0%db" % bits)[::-1], 2)


def xpow_mod(n):
    """Reflected word of x^n mod P."""
    return rev(pmod(1 << n))


FOLD_BYTES = 128  # 8 lanes per loop iteration

CONSTANTS = {
    # fold one lane by 8 lanes (1024 bits): H uses x^(63+1024), L uses x^(1024-1)
    "K_FOLD8_HI": xpow_mod(63 + 1024),
    "K_FOLD8_LO": xpow_mod(1024 - 1),
}
# Combining the 8 accumulators: lane i (0-based) moves forward by (7 - i) * 128 bits.
for lanes in range(7, 0, -1):
    d = lanes * 128
    CONSTANTS["K_FOLD%d_HI" % lanes] = xpow_mod(63 + d)
    CONSTANTS["K_FOLD%d_LO" % lanes] = xpow_mod(d - 1)
# The final step x^64 and Barrett.
CONSTANTS["K_FINAL"] = xpow_mod(127)
CONSTANTS["BARRETT_MU"] = rev(pdiv(1 << 127))  # floor(x^127 / P), degree 63
CONSTANTS["BARRETT_POLY"] = rev(P >> 1)  # (P - 1) / x, degree 63


# ---- emulation of the intrinsics ----
def clmul(a, b):
    r = 0
    while b:
        if b & 1:
            r ^= a
        b >>= 1
        a <<= 1
    return r


def lo(v):
    return v & (2**64 - 1)


def hi(v):
    return v >> 64


def fold(x, k_hi, k_lo):
    return clmul(lo(x), k_hi) ^ clmul(hi(x), k_lo)


def load(data, off):
    return int.from_bytes(data[off:off + 16], "little")


def crc_table_free(reg, data):
    """Bitwise reflected register update (no init/xorout)."""
    for byte in data:
        reg ^= byte
        for _ in range(8):
            reg = (reg >> 1) ^ (0xC96C5795D7870F42 if reg & 1 else 0)
    return reg


def crc_fold_register(reg, data):
    """The C algorithm on len(data) bytes (multiple of 16, >= 16): register in, register out."""
    n = len(data)
    assert n >= 16 and n % 16 == 0
    c = CONSTANTS
    off = 0
    if n >= 2 * FOLD_BYTES:
        acc = [load(data, 16 * i) for i in range(8)]
        acc[0] ^= reg
        off = FOLD_BYTES
        while n - off >= FOLD_BYTES:
            acc = [fold(acc[i], c["K_FOLD8_HI"], c["K_FOLD8_LO"]) ^ load(data, off + 16 * i) for i in range(8)]
            off += FOLD_BYTES
        x = acc[7]
        for i in range(7):
            lanes = 7 - i
            x ^= fold(acc[i], c["K_FOLD%d_HI" % lanes], c["K_FOLD%d_LO" % lanes])
    else:
        x = load(data, 0) ^ reg
        off = 16
    while n - off >= 16:
        x = fold(x, c["K_FOLD1_HI"], c["K_FOLD1_LO"]) ^ load(data, off)
        off += 16
    y = clmul(lo(x), c["K_FINAL"]) ^ hi(x)
    q = lo(clmul(lo(y), c["BARRETT_MU"]))
    return hi(y) ^ q ^ hi(clmul(q, c["BARRETT_POLY"]))


def check():
    rng = random.Random(1)
    lengths = [16, 32, 48, 112, 128, 240, 256, 272, 384, 1024, 1040, 4096 + 16 * 7]
    lengths += [16 * rng.randrange(1, 200) for _ in range(40)]
    for n in lengths:
        data = bytes(rng.randrange(256) for _ in range(n))
        reg = rng.getrandbits(64)
        assert crc_fold_register(reg, data) == crc_table_free(reg, data), n
    assert (~crc_table_free(2**64 - 1, b"123456789")) & (2**64 - 1) == 0x995DC9BBDF1939FA
    print("// emulated folding algorithm matches the bitwise CRC on %d inputs" % len(lengths))


if __name__ == "__main__":
    for name, value in CONSTANTS.items():
        print("#define %-14s 0x%016xULL" % (name, value))
    check()
