import { describe, expect, it } from 'vitest';
import { author, item } from '../testing/moderation-queue.js';
import { withAuthorHistory } from './queue-authors.js';

describe(withAuthorHistory.name, () => {
  it('shows the new history on every card of the author and leaves the others alone', () => {
    const writer = author();
    const [mine, theirs, alsoMine] = [item({ author: writer }), item(), item({ author: writer })];
    const banned = { ...writer, status: 'banned' as const, rejectedCount: 3 };

    const sut = withAuthorHistory([mine, theirs, alsoMine], banned, 'action');

    expect(sut.map((card) => card.author)).toEqual([banned, theirs.author, banned]);
    expect(sut[1]).toBe(theirs);
  });

  it("keeps the address an admin's page has when a live card (which carries none) brings the history", () => {
    const writer = author({ email: 'eve@example.com' });
    const fresher = { ...writer, email: null, approvedCount: 4 };

    const [sut] = withAuthorHistory([item({ author: writer })], fresher, 'live');

    expect(sut!.author).toEqual({ ...fresher, email: 'eve@example.com' });
  });

  it("takes the action answer's address as it is, even when it has none", () => {
    const writer = author({ email: 'eve@example.com' });
    const answer = { ...writer, email: null, status: 'suspended' as const };

    const [sut] = withAuthorHistory([item({ author: writer })], answer, 'action');

    expect(sut!.author).toEqual(answer);
  });

  it('returns the same list when the author has no card in it', () => {
    const list = [item(), item()];
    expect(withAuthorHistory(list, author(), 'live')).toBe(list);
  });
});
