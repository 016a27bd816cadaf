/**
 * The ids of an export's posts, each given an index in the order first seen, in typed arrays rather
 * than a Map of strings: a million Disqus ids (ten-digit numbers) held as strings in a Map and an
 * array took over 100 MB of heap, and Node's lazy collector let the process grow to several times
 * that. An id that is a plain decimal number (what Disqus and WordPress write) is kept as a double
 * (8 bytes) and found through an open-addressing table of indexes (4 bytes a slot, at most half
 * full); any other id (tests, hand-made files) goes to an ordinary Map.
 */
export class SourceIdTable {
  private numbers = new Float64Array(1024);
  /** Indexes into `numbers`, +1 (0: empty slot). */
  private slots = new Int32Array(2048);
  private numeric = 0;
  private readonly texts = new Map<string, number>();
  private readonly textAt = new Map<number, string>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Adds `id` and returns its index, or -1 when it is there already. */
  add(id: string): number {
    const number = plainNumber(id);
    if (number === null) {
      if (this.texts.has(id)) return -1;
      const index = this.count++;
      this.texts.set(id, index);
      this.textAt.set(index, id);
      this.store(index, Number.NaN);
      return index;
    }
    if (this.find(number) !== undefined) return -1;
    const index = this.count++;
    this.store(index, number);
    if (++this.numeric * 2 > this.slots.length) this.rehash(this.slots.length * 2);
    else this.place(index, number);
    return index;
  }

  indexOf(id: string): number | undefined {
    const number = plainNumber(id);
    return number === null ? this.texts.get(id) : this.find(number);
  }

  idAt(index: number): string {
    const number = this.numbers[index]!;
    return Number.isNaN(number) ? this.textAt.get(index)! : String(number);
  }

  private store(index: number, number: number): void {
    if (index >= this.numbers.length) {
      const grown = new Float64Array(this.numbers.length * 2);
      grown.set(this.numbers);
      this.numbers = grown;
    }
    this.numbers[index] = number;
  }

  private find(number: number): number | undefined {
    const mask = this.slots.length - 1;
    for (let slot = hash(number) & mask; ; slot = (slot + 1) & mask) {
      const entry = this.slots[slot]!;
      if (entry === 0) return undefined;
      if (this.numbers[entry - 1] === number) return entry - 1;
    }
  }

  private place(index: number, number: number): void {
    const mask = this.slots.length - 1;
    let slot = hash(number) & mask;
    while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
    this.slots[slot] = index + 1;
  }

  private rehash(size: number): void {
    this.slots = new Int32Array(size);
    for (let index = 0; index < this.count; index++) {
      const number = this.numbers[index]!;
      if (!Number.isNaN(number)) this.place(index, number);
    }
  }
}

/** The id as a number when it is one written plainly (no sign, no leading zero, exact), else null. */
export function plainNumber(id: string): number | null {
  if (id.length === 0 || id.length > 15) return null;
  const code = id.charCodeAt(0);
  if (code < 48 || code > 57 || (code === 48 && id.length > 1)) return null;
  const number = Number(id);
  return Number.isInteger(number) && String(number) === id ? number : null;
}

/** Both 32-bit halves of an integer below 2^53, mixed (murmur3's finaliser), so any low bits will do as a slot. */
function hash(number: number): number {
  let h = (number >>> 0) ^ Math.imul(Math.floor(number / 4294967296) >>> 0, 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
