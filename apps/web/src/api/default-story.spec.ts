import { beforeEach, describe, expect, it, vi } from 'vitest';
import { story } from '../testing/admin.js';
import { defaultStory, forgetDefaultStory } from './default-story.js';
import { storiesApi } from './stories.js';

vi.mock('./stories.js', () => ({ storiesApi: { front: vi.fn() } }));

describe('defaultStory', () => {
  beforeEach(() => {
    vi.clearAllMocks();
    forgetDefaultStory();
  });

  it('asks the server once for every caller', async () => {
    const front = story({ slug: 'the-front-story' });
    vi.mocked(storiesApi.front).mockResolvedValueOnce(front);

    const answers = await Promise.all([defaultStory(), defaultStory()]);

    expect(answers).toEqual([front, front]);
    expect(storiesApi.front).toHaveBeenCalledOnce();
  });

  it('asks again after a failure', async () => {
    const front = story();
    vi.mocked(storiesApi.front).mockRejectedValueOnce(new Error('offline')).mockResolvedValueOnce(front);

    await expect(defaultStory()).rejects.toThrow('offline');
    expect(await defaultStory()).toEqual(front);
    expect(storiesApi.front).toHaveBeenCalledTimes(2);
  });
});
