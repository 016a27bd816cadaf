import { describe, expect, it } from 'vitest';
import { plainNumber, SourceIdTable } from './source-id-table.js';

describe(SourceIdTable.name, () => {
  it('numbers ids in the order first seen, numeric and not, and refuses a repeat', () => {
    const sut = new SourceIdTable();

    expect(['5200000001', 'p1', '7', '007', '5200000001', 'p1'].map((id) => sut.add(id))).toEqual([
      0, 1, 2, 3, -1, -1,
    ]);
    expect(sut.size).toBe(4);
    expect([0, 1, 2, 3].map((index) => sut.idAt(index))).toEqual(['5200000001', 'p1', '7', '007']);
    expect(sut.indexOf('007')).toBe(3);
    expect(sut.indexOf('7')).toBe(2);
    expect(sut.indexOf('8')).toBeUndefined();
    expect(sut.indexOf('p2')).toBeUndefined();
  });

  it('finds every id again after growing far past its first size', () => {
    const sut = new SourceIdTable();
    // Large ids in a stride (as Disqus hands them out), interleaved with text ones.
    const ids = Array.from({ length: 20_000 }, (_, k) =>
      k % 7 === 0 ? `t${k}` : String(4_000_000_000 + k * 1024),
    );

    const indexes = ids.map((id) => sut.add(id));

    expect(indexes).toEqual(ids.map((_, k) => k));
    expect(ids.every((id, k) => sut.indexOf(id) === k && sut.idAt(k) === id)).toBe(true);
    expect(sut.add(ids[12_345]!)).toBe(-1);
  });
});

describe(plainNumber.name, () => {
  it('takes only ids that a number gives back exactly', () => {
    expect(['0', '42', '5200000001', '999999999999999'].map(plainNumber)).toEqual([
      0, 42, 5200000001, 999999999999999,
    ]);
    for (const id of ['', '007', '-1', '1e3', '4.0', ' 12', '12 ', 'abc', '9999999999999999', '0x10'])
      expect(plainNumber(id)).toBeNull();
  });
});
