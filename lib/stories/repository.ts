import { AccountDeletedError } from "@/lib/account/running-streams";
import { readSnapshot } from "@/lib/characters/snapshot";
import { getDb } from "@/lib/db/client";
import { Prisma, type Story } from "@/lib/generated/prisma/client";
import { NO_STORY_CONTEXT, type StoryContext } from "@/lib/series/story-context";
import type { StoryResponse, StorySummaryResponse } from "./responses";
import type { StoryRequest } from "./schema";

const withCharacters = { characters: { orderBy: { position: "asc" } } } satisfies Prisma.StoryInclude;

/** A story with the characters it used, as saved with it. */
export type StoryWithCharacters = Prisma.StoryGetPayload<{ include: typeof withCharacters }>;

export type CompletedStory = {
  ownerId: string;
  input: StoryRequest;
  content: string;
  model: string;
  promptTokens?: number;
  completionTokens?: number;
  /** Marks this Idempotency-Key completed in the same transaction as the insert. */
  idempotencyKey?: string;
  /** The cast it used and the series it continues; without one, the story starts a series. */
  context?: StoryContext;
};

/** The series of a continuation no longer exists (its chapters were deleted meanwhile). */
export class SeriesGoneError extends Error {
  constructor() {
    super("the story this continues was deleted, so the chapter was not saved");
    this.name = "SeriesGoneError";
  }
}

/** Unicode code points, so an emoji or a CJK character counts as one. */
export function countCharacters(text: string): number {
  return Array.from(text).length;
}

// A continuation waits for its series' row lock; on a loaded database that can take longer than Prisma's 2 s default.
const CONTINUATION_TRANSACTION = { maxWait: 10_000, timeout: 15_000 };

/**
 * Saves the story as chapter 1 of a new series, or as the next chapter of the series it
 * continues, with its cast, all or nothing. A new story is one nested create (no interactive
 * transaction holding a pooled connection, unless an Idempotency-Key is marked with it); a
 * continuation locks its series row, so concurrent continuations take distinct numbers.
 */
export async function saveCompletedStory(story: CompletedStory): Promise<Story> {
  try {
    return await insertCompletedStory(story);
  } catch (error) {
    // The owner's account was deleted while the story was written, possibly on another instance.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2003") throw new AccountDeletedError();
    throw error;
  }
}

async function insertCompletedStory(story: CompletedStory): Promise<Story> {
  const db = await getDb();
  const { idempotencyKey, context = NO_STORY_CONTEXT } = story;
  // A character deleted while the story streamed keeps its snapshot here, without the link.
  const castIds = context.characters.map((character) => character.id);
  const stillSaved = new Set(
    castIds.length === 0 ? [] : (await db.character.findMany({ where: { id: { in: castIds } }, select: { id: true } })).map(({ id }) => id),
  );
  const cast = {
    create: context.characters.map((character, position) => ({
      position,
      characterId: stillSaved.has(character.id) ? character.id : null,
      snapshot: character,
    })),
  };
  const markKey = async (tx: Prisma.TransactionClient, saved: Story) => {
    if (!idempotencyKey) return;
    await tx.idempotencyKey.update({
      where: { userId_key: { userId: story.ownerId, key: idempotencyKey } },
      data: { status: "completed", storyId: saved.id },
    });
  };

  const { continuation } = context;
  if (!continuation) {
    // Written from the series down, so both rows name their owner by id: a deleted account is a foreign-key error (P2003).
    const create = async (client: Prisma.TransactionClient) => {
      const series = await client.series.create({
        data: { ownerId: story.ownerId, title: story.input.story_name, stories: { create: { ...storyRow(story), chapter: 1, characters: cast } } },
        include: { stories: true },
      });
      const [saved] = series.stories;
      if (!saved) throw new Error("the story was not saved with its series");
      return saved;
    };
    if (!idempotencyKey) return create(db);
    return db.$transaction(async (tx) => {
      const saved = await create(tx);
      await markKey(tx, saved);
      return saved;
    });
  }
  return db.$transaction(async (tx) => {
    const locked = await tx.$queryRaw<Array<{ id: string }>>`
      UPDATE series SET updated_at = now() WHERE id = ${continuation.seriesId}::uuid AND owner_id = ${story.ownerId}::uuid RETURNING id::text`;
    if (locked.length === 0) throw new SeriesGoneError();
    const last = await tx.story.aggregate({ where: { seriesId: continuation.seriesId }, _max: { chapter: true } });
    const saved = await tx.story.create({
      data: { ...storyRow(story), chapter: (last._max.chapter ?? 0) + 1, seriesId: continuation.seriesId, characters: cast },
    });
    await markKey(tx, saved);
    return saved;
  }, CONTINUATION_TRANSACTION);
}

function storyRow(story: CompletedStory) {
  return {
    ownerId: story.ownerId,
    storyName: story.input.story_name,
    heroName: story.input.hero_name,
    storyIdea: story.input.story_idea,
    storyStyle: story.input.story_style,
    language: story.input.language,
    age: story.input.age,
    content: story.content,
    storyLength: countCharacters(story.content),
    model: story.model,
    promptTokens: story.promptTokens ?? null,
    completionTokens: story.completionTokens ?? null,
  };
}

export async function getStoryForOwner({ id, ownerId }: { id: string; ownerId: string }): Promise<StoryWithCharacters | null> {
  const db = await getDb();
  return db.story.findFirst({ where: { id, ownerId }, include: withCharacters });
}

/** Deletes the story, and its series when it was the last chapter left. */
export async function deleteStoryForOwner({ id, ownerId }: { id: string; ownerId: string }): Promise<boolean> {
  const db = await getDb();
  return db.$transaction(async (tx) => {
    const story = await tx.story.findFirst({ where: { id, ownerId }, select: { seriesId: true } });
    if (!story) return false;
    await tx.story.delete({ where: { id } });
    await tx.series.deleteMany({ where: { id: story.seriesId, stories: { none: {} } } });
    return true;
  });
}

export type StoryCursor = { createdAt: Date; id: string };

export function encodeCursor(cursor: StoryCursor): string {
  return Buffer.from(`${cursor.createdAt.toISOString()}|${cursor.id}`).toString("base64url");
}

export function decodeCursor(value: string): StoryCursor | null {
  const [iso, id] = Buffer.from(value, "base64url").toString("utf8").split("|");
  const createdAt = new Date(iso ?? "");
  if (!id || Number.isNaN(createdAt.getTime())) return null;
  return { createdAt, id };
}

/** The owner's stories, newest first, with a keyset cursor on (created_at, id). */
export async function listStoriesForOwner({
  ownerId,
  limit,
  cursor,
}: {
  ownerId: string;
  limit: number;
  cursor?: StoryCursor;
}): Promise<{ stories: StoryWithCharacters[]; nextCursor: string | null }> {
  const db = await getDb();
  const rows = await db.story.findMany({
    where: {
      ownerId,
      ...(cursor && {
        OR: [{ createdAt: { lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { lt: cursor.id } }],
      }),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    include: withCharacters,
  });
  const stories = rows.slice(0, limit);
  const last = stories.at(-1);
  return { stories, nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
}

/** The characters a story used, from its snapshots; `id` is null once the character was deleted. */
export function storyCharacters(story: StoryWithCharacters): Array<{ id: string | null; name: string; kind: string }> {
  return story.characters.flatMap((used) => {
    const snapshot = readSnapshot(used.snapshot);
    return snapshot ? [{ id: used.characterId, name: snapshot.name, kind: snapshot.kind }] : [];
  });
}

export function toStoryResponse(
  story: StoryWithCharacters,
  { includeContent }: { includeContent: boolean },
): StorySummaryResponse & Partial<Pick<StoryResponse, "content">> {
  return {
    id: story.id,
    story_name: story.storyName,
    hero_name: story.heroName,
    story_idea: story.storyIdea,
    story_style: story.storyStyle,
    language: story.language,
    age: story.age,
    story_length: story.storyLength,
    model: story.model,
    prompt_tokens: story.promptTokens,
    completion_tokens: story.completionTokens,
    created_at: story.createdAt.toISOString(),
    series_id: story.seriesId,
    chapter: story.chapter,
    summary: story.summary,
    characters: storyCharacters(story),
    ...(includeContent && { content: story.content }),
  };
}
