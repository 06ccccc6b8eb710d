import { createHash } from "node:crypto";

export type TSeededRandom = {
  /** The next 32 random bits, as an unsigned integer. */
  nextUint32(): number;
  /** A uniform integer in [0, n), n ≤ 2³². */
  nextIndex(n: number): number;
};

/**
 * xoshiro128** (Blackman and Vigna, https://prng.di.unimi.it/xoshiro128starstar.c), seeded with the
 * first 128 bits of sha256(seed): the same text always gives the same sequence, on any machine, so
 * a bootstrap interval does not move between page loads or processes.
 *
 * nextIndex scales 32 random bits to [0, n) (floor(x · n / 2³²)). Some indices are then more likely
 * than others by at most n / 2³² in relative terms (2·10⁻⁵ at 100,000 rows): far below the
 * bootstrap's own Monte Carlo error, and not worth a rejection loop in the hottest loop.
 */
export function seededRandom(seed: string): TSeededRandom {
  const digest = createHash("sha256").update(seed).digest();
  let s0 = digest.readUInt32LE(0);
  let s1 = digest.readUInt32LE(4);
  let s2 = digest.readUInt32LE(8);
  let s3 = digest.readUInt32LE(12);
  // The all-zero state is the one xoshiro cannot leave.
  if ((s0 | s1 | s2 | s3) === 0) s0 = 1;
  const nextUint32 = () => {
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 11);
    return result;
  };
  return {
    nextUint32,
    nextIndex: (n) => Math.min(n - 1, Math.floor((nextUint32() / 4294967296) * n)),
  };
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
