import { AccountDeletedError } from "@/lib/account/running-streams";
import { getDb } from "@/lib/db/client";
import { Prisma, type Story } from "@/lib/generated/prisma/client";
import type { StoryResponse, StorySummaryResponse } from "./responses";
import type { StoryRequest } from "./schema";

export type CompletedStory = {
  ownerId: string;
  input: StoryRequest;
  content: string;
  model: string;
  promptTokens?: number;
  completionTokens?: number;
  /** Marks this Idempotency-Key completed in the same transaction as the insert. */
  idempotencyKey?: string;
};

/** Unicode code points, so an emoji or a CJK character counts as one. */
export function countCharacters(text: string): number {
  return Array.from(text).length;
}

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
  const { idempotencyKey } = story;
  if (!idempotencyKey) return db.story.create({ data: storyRow(story) });
  return db.$transaction(async (tx) => {
    const saved = await tx.story.create({ data: storyRow(story) });
    await tx.idempotencyKey.update({
      where: { userId_key: { userId: story.ownerId, key: idempotencyKey } },
      data: { status: "completed", storyId: saved.id },
    });
    return saved;
  });
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

export async function getStoryForOwner({ id, ownerId }: { id: string; ownerId: string }): Promise<Story | null> {
  const db = await getDb();
  return db.story.findFirst({ where: { id, ownerId } });
}

export async function deleteStoryForOwner({ id, ownerId }: { id: string; ownerId: string }): Promise<boolean> {
  const db = await getDb();
  const { count } = await db.story.deleteMany({ where: { id, ownerId } });
  return count > 0;
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
}): Promise<{ stories: Story[]; nextCursor: string | null }> {
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
  });
  const stories = rows.slice(0, limit);
  const last = stories.at(-1);
  return { stories, nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
}

export function toStoryResponse(story: Story, { includeContent }: { includeContent: boolean }): StorySummaryResponse & Partial<Pick<StoryResponse, "content">> {
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
    ...(includeContent && { content: story.content }),
  };
}
