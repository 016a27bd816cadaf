import { Injectable } from '@nestjs/common';
import type { Story } from '@parley/db';
import type { StoryWithArticle } from '@parley/shared';
import { AppError } from '../common/app-error.js';
import { StoriesRepository } from './stories.repository.js';

export function toStoryWithArticle(row: Story): StoryWithArticle {
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    paragraphs: row.body.split(/\n{2,}/).filter(Boolean),
    tags: row.tags,
    publishedAt: row.publishedAt.toISOString(),
    commentsOpen: row.commentsOpen,
    premod: row.premod,
    commentCount: row.commentCount,
    url: row.url,
    externalId: row.externalId,
  };
}

/** Slugs remembered by `idOf`; past it the oldest is forgotten. */
const MAX_CACHED_SLUGS = 10_000;

/** Finds stories by slug or id for the features that work inside one: threads, posting, rooms, queues. */
@Injectable()
export class StoryLookupService {
  /** slug → id: neither ever changes, so a story is looked up once per process. */
  private readonly ids = new Map<string, string>();

  constructor(private readonly stories: StoriesRepository) {}

  /**
   * The id of a story, from memory after the first time: joining a room needs only this, and a
   * node that thousands of sockets reconnect to at once (another node restarted) must not send
   * the database one query per socket.
   */
  async idOf(slug: string): Promise<string> {
    const cached = this.ids.get(slug);
    if (cached) return cached;
    const { id } = await this.getBySlug(slug);
    if (this.ids.size >= MAX_CACHED_SLUGS) this.ids.delete(this.ids.keys().next().value!);
    this.ids.set(slug, id);
    return id;
  }

  async getBySlug(slug: string): Promise<Story> {
    const row = await this.stories.findRowBySlug(slug);
    if (!row) throw new AppError('story/not_found', { slug });
    return row;
  }

  async getById(id: string): Promise<Story> {
    const row = await this.stories.findRowById(id);
    if (!row) throw new AppError('story/not_found');
    return row;
  }

  async withArticle(slug: string): Promise<StoryWithArticle> {
    return toStoryWithArticle(await this.getBySlug(slug));
  }
}
