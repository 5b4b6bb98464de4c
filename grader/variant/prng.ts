/**
 * The seeded generator: xoshiro128** 1.1 (Blackman & Vigna, 2018; https://prng.di.unimi.it/),
 * 128-bit state, 32-bit outputs, fully specified by integer operations, so it gives the same
 * stream in any language with 32-bit unsigned arithmetic (a Python port is a dozen lines).
 *
 * Seeding: the state is the first 16 bytes of the derived seed, read as four little-endian
 * uint32 words (an all-zero state, which xoshiro cannot leave, is replaced by a fixed one).
 * Derived draws: floats use 53 bits from two outputs; integers in [lo, hi] use rejection
 * (Lemire-free, plain modulo with a rejection zone), so they are unbiased and portable.
 */
export interface Prng {
  /** The next raw 32-bit output, as an unsigned integer. */
  nextUint32(): number;
  /** Uniform in [0, 1) with 53 bits of precision. */
  nextFloat(): number;
  /** Uniform integer in [lo, hi] (both inclusive, safe integers, hi − lo < 2^32). */
  int(lo: number, hi: number): number;
}

const rotl = (x: number, k: number): number => ((x << k) | (x >>> (32 - k))) >>> 0;

/** xoshiro128** over a 16-byte seed (more bytes are ignored). */
export function createPrng(seed: Uint8Array): Prng {
  if (seed.length < 16) throw new RangeError(`xoshiro128** needs a 16-byte seed, got ${seed.length} bytes`);
  const view = new DataView(seed.buffer, seed.byteOffset, 16);
  const s = [view.getUint32(0, true), view.getUint32(4, true), view.getUint32(8, true), view.getUint32(12, true)] as [
    number,
    number,
    number,
    number,
  ];
  if ((s[0] | s[1] | s[2] | s[3]) === 0) s[0] = 0x9e3779b9;

  const nextUint32 = (): number => {
    const result = Math.imul(rotl(Math.imul(s[1], 5) >>> 0, 7), 9) >>> 0;
    const t = (s[1] << 9) >>> 0;
    s[2] = (s[2] ^ s[0]) >>> 0;
    s[3] = (s[3] ^ s[1]) >>> 0;
    s[1] = (s[1] ^ s[2]) >>> 0;
    s[0] = (s[0] ^ s[3]) >>> 0;
    s[2] = (s[2] ^ t) >>> 0;
    s[3] = rotl(s[3], 11);
    return result;
  };

  const nextFloat = (): number => {
    const high = nextUint32() >>> 5; // 27 bits
    const low = nextUint32() >>> 6; // 26 bits
    return (high * 67108864 + low) / 9007199254740992;
  };

  const int = (lo: number, hi: number): number => {
    if (!Number.isSafeInteger(lo) || !Number.isSafeInteger(hi) || hi < lo)
      throw new RangeError(`Invalid integer range [${lo}, ${hi}]`);
    const span = hi - lo + 1;
    if (span > 2 ** 32) throw new RangeError(`Integer range [${lo}, ${hi}] is wider than 2^32`);
    if (span === 2 ** 32) return lo + nextUint32();
    const limit = 2 ** 32 - (2 ** 32 % span);
    for (;;) {
      const x = nextUint32();
      if (x < limit) return lo + (x % span);
    }
  };

  return { nextUint32, nextFloat, int };
}
