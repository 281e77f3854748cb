/**
 * Append-only typed arrays that double when full: the postings index builds its
 * compact arrays with them instead of JavaScript arrays (8+ bytes per number).
 *
 * @module
 */

type TypedArray = Uint8Array | Uint16Array | Uint32Array;
type TypedArrayConstructor<T extends TypedArray> = { new (length: number): T };

/** A growable typed array of one element type. */
export class Growable<T extends TypedArray> {
  /** The backing array; only the first `length` elements are meaningful. */
  array: T;
  /** Number of elements appended. */
  length = 0;

  constructor(private readonly make: TypedArrayConstructor<T>, capacity = 16) {
    this.array = new make(Math.max(1, capacity));
  }

  /** Appends one value. */
  push(value: number): void {
    if (this.length === this.array.length) this.grow(this.length + 1);
    this.array[this.length++] = value;
  }

  /** Makes room for at least `capacity` elements. */
  grow(capacity: number): void {
    if (capacity <= this.array.length) return;
    const next = new this.make(Math.max(capacity, this.array.length * 2));
    next.set(this.array.subarray(0, this.length) as never);
    this.array = next;
  }

  /** Appends `source[start..end)`. */
  appendRange(source: ArrayLike<number> & TypedArray, start: number, end: number): void {
    const n = end - start;
    this.grow(this.length + n);
    const a = this.array;
    if (n <= 16) {
      for (let i = start; i < end; i++) a[this.length++] = source[i];
      return;
    }
    a.set(source.subarray(start, end) as never, this.length);
    this.length += n;
  }

  /** A trimmed copy of the appended elements. */
  toArray(): T {
    return this.array.slice(0, this.length) as T;
  }

  /**
   * The appended elements without copying them when little room is left over (at most
   * an eighth of them): the backing array itself, or a view of its start. For arrays
   * sized ahead from a close bound, so a large result is not held twice while copied.
   */
  trimmed(): T {
    if (this.length === this.array.length) return this.array;
    if (this.array.length - this.length <= this.length / 8) {
      return this.array.subarray(0, this.length) as T;
    }
    return this.toArray();
  }
}

/** A growable byte buffer with LEB128 variable-length unsigned integers. */
export class ByteWriter extends Growable<Uint8Array> {
  constructor(capacity = 1024) {
    super(Uint8Array, capacity);
  }

  /** Appends `bytes` as they are. */
  append(bytes: Uint8Array): void {
    this.grow(this.length + bytes.length);
    this.array.set(bytes, this.length);
    this.length += bytes.length;
  }

  /** Appends `value` (0 ≤ value < 2^32) as an unsigned LEB128 varint. */
  varint(value: number): void {
    if (this.length + 5 > this.array.length) this.grow(this.length + 5);
    const a = this.array;
    let v = value >>> 0;
    while (v >= 0x80) {
      a[this.length++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    a[this.length++] = v;
  }
}
