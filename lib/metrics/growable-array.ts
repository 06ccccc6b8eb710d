type TTypedArray = Float64Array | Float32Array | Int32Array | Uint8Array;
type TTypedArrayConstructor<T extends TTypedArray> = { new (length: number): T };

/**
 * An append-only typed array that doubles its capacity when full. Evaluation streams millions of rows
 * in batches; keeping them in one typed array (8, 4 or 1 bytes a row) instead of JS objects or number[]
 * keeps memory predictable and lets `finish()` use native typed-array sorts.
 */
export class GrowableArray<T extends TTypedArray> {
  private buffer: T;
  private size = 0;

  constructor(
    private readonly ctor: TTypedArrayConstructor<T>,
    initialCapacity = 1024,
  ) {
    this.buffer = new ctor(Math.max(1, initialCapacity));
  }

  get length(): number {
    return this.size;
  }

  get capacity(): number {
    return this.buffer.length;
  }

  /** Makes room for `extra` more elements, growing geometrically so n appends cost O(n) overall. */
  reserve(extra: number): void {
    const needed = this.size + extra;
    if (needed <= this.buffer.length) return;
    let capacity = this.buffer.length;
    while (capacity < needed) capacity *= 2;
    const next = new this.ctor(capacity);
    next.set(this.buffer.subarray(0, this.size));
    this.buffer = next;
  }

  /** Appends a whole batch; values are converted by typed-array assignment (Float32 → Float64 is exact). */
  append(values: ArrayLike<number>): void {
    this.reserve(values.length);
    this.buffer.set(values, this.size);
    this.size += values.length;
  }

  push(value: number): void {
    this.reserve(1);
    this.buffer[this.size++] = value;
  }

  /** A view of the filled part; valid until the next append. */
  view(): T {
    return this.buffer.subarray(0, this.size) as T;
  }
}
