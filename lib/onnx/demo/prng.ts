// A seeded pseudo-random generator for the demo data. mulberry32 (Tommy Ettinger's 32-bit
// generator): tiny, fast and, unlike Math.random, reproducible, so the demo models and datasets
// come out byte-identical on every run and machine.

export type TRng = {
  /** Uniform in [0, 1). */
  next(): number;
  uniform(min: number, max: number): number;
  /** Standard normal (Box–Muller). */
  normal(mean?: number, sd?: number): number;
  /** Integer in [0, n). */
  int(n: number): number;
  bernoulli(p: number): 0 | 1;
};

export function createRng(seed: number): TRng {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    uniform: (min, max) => min + (max - min) * next(),
    normal: (mean = 0, sd = 1) => {
      // 1 - next() keeps the argument of log in (0, 1].
      const u = 1 - next();
      const v = next();
      return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
    int: (n) => Math.floor(next() * n),
    bernoulli: (p) => (next() < p ? 1 : 0),
  };
}
