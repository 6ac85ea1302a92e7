import { randomUUID } from "node:crypto";
import { AccountDeletedError } from "@/lib/account/running-streams";
import { readSnapshot } from "@/lib/characters/snapshot";
import { getDb } from "@/lib/db/client";
import { keysetPage, rowsAfter, type PageRequest } from "@/lib/db/keyset";
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

/** The database refused a row whose owner (or series) no longer exists. */
function isForeignKeyViolation(error: unknown): boolean {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError)) return false;
  // P2003 from the query builder; a raw statement reports PostgreSQL's own code.
  return error.code === "P2003" || JSON.stringify(error.meta ?? {}).includes("23503");
}

/**
 * Saves the story as chapter 1 of a new series, or as the next chapter of the series it
 * continues, with its cast, all or nothing. A new story is one statement, one round trip (the
 * series, the story, its cast and its Idempotency-Key mark); a continuation locks its series row,
 * so concurrent continuations take distinct numbers.
 */
export async function saveCompletedStory(story: CompletedStory): Promise<Story> {
  try {
    return story.context?.continuation ? await insertContinuation(story, story.context.continuation) : await insertFirstChapter(story);
  } catch (error) {
    // The owner's account was deleted while the story was written, possibly on another instance.
    if (isForeignKeyViolation(error)) throw new AccountDeletedError();
    throw error;
  }
}

/**
 * The cast as rows `c` (position, snapshot) beside `still_saved`, the character when it still
 * exists: one deleted while the story streamed keeps its snapshot, without the link.
 */
function castRecords(context: StoryContext): Prisma.Sql {
  const rows = context.characters.map((character, position) => ({ position, character_id: character.id, snapshot: character }));
  return Prisma.sql`jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS c(position int, character_id uuid, snapshot jsonb)
    LEFT JOIN characters still_saved ON still_saved.id = c.character_id`;
}

async function insertFirstChapter(story: CompletedStory): Promise<Story> {
  const db = await getDb();
  const row = storyRow(story);
  const [saved] = await db.$queryRaw<Story[]>`
    WITH new_series AS (
      INSERT INTO series (id, owner_id, title) VALUES (${randomUUID()}::uuid, ${row.ownerId}::uuid, ${row.storyName}::text)
      RETURNING id
    ), new_story AS (
      INSERT INTO stories (id, owner_id, series_id, chapter, story_name, hero_name, story_idea, story_style, language, age,
                           content, story_length, model, prompt_tokens, completion_tokens)
      SELECT ${randomUUID()}::uuid, ${row.ownerId}::uuid, new_series.id, 1, ${row.storyName}::text, ${row.heroName}::text,
             ${row.storyIdea}::text, ${row.storyStyle}::text, ${row.language}::text, ${row.age}::int, ${row.content}::text,
             ${row.storyLength}::int, ${row.model}::text, ${row.promptTokens}::int, ${row.completionTokens}::int
      FROM new_series
      RETURNING *
    ), new_cast AS (
      INSERT INTO story_characters (story_id, position, character_id, snapshot)
      SELECT new_story.id, c.position, still_saved.id, c.snapshot
      FROM new_story CROSS JOIN ${castRecords(story.context ?? NO_STORY_CONTEXT)}
    ), marked_key AS (
      UPDATE idempotency_keys SET status = 'completed', story_id = (SELECT id FROM new_story)
      WHERE user_id = ${row.ownerId}::uuid AND key = ${story.idempotencyKey ?? null}::text
    )
    SELECT id::text, owner_id::text AS "ownerId", story_name AS "storyName", hero_name AS "heroName", story_idea AS "storyIdea",
           story_style AS "storyStyle", language, age, content, story_length AS "storyLength", model,
           prompt_tokens AS "promptTokens", completion_tokens AS "completionTokens", created_at AS "createdAt",
           series_id::text AS "seriesId", chapter, summary
    FROM new_story`;
  if (!saved) throw new Error("the story was not saved");
  return saved;
}

async function insertContinuation(story: CompletedStory, continuation: { seriesId: string }): Promise<Story> {
  const db = await getDb();
  const { idempotencyKey, context = NO_STORY_CONTEXT } = story;
  return db.$transaction(async (tx) => {
    const locked = await tx.$queryRaw<Array<{ id: string }>>`
      UPDATE series SET updated_at = now() WHERE id = ${continuation.seriesId}::uuid AND owner_id = ${story.ownerId}::uuid RETURNING id::text`;
    if (locked.length === 0) throw new SeriesGoneError();
    const last = await tx.story.aggregate({ where: { seriesId: continuation.seriesId }, _max: { chapter: true } });
    const saved = await tx.story.create({
      data: { ...storyRow(story), chapter: (last._max.chapter ?? 0) + 1, seriesId: continuation.seriesId },
    });
    if (context.characters.length > 0) {
      await tx.$executeRaw`
        INSERT INTO story_characters (story_id, position, character_id, snapshot)
        SELECT ${saved.id}::uuid, c.position, still_saved.id, c.snapshot FROM ${castRecords(context)}`;
    }
    if (idempotencyKey) {
      await tx.idempotencyKey.update({
        where: { userId_key: { userId: story.ownerId, key: idempotencyKey } },
        data: { status: "completed", storyId: saved.id },
      });
    }
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

/** The owner's stories, newest first, with a keyset cursor on (created_at, id). */
export async function listStoriesForOwner({ ownerId, limit, cursor }: PageRequest): Promise<{ stories: StoryWithCharacters[]; nextCursor: string | null }> {
  const db = await getDb();
  const rows = await db.story.findMany({
    where: {
      ownerId,
      ...rowsAfter("createdAt", cursor),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    include: withCharacters,
  });
  const page = keysetPage(rows, limit, (row) => row.createdAt);
  return { stories: page.rows, nextCursor: page.nextCursor };
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
