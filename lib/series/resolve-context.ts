import { getCharactersForOwner } from "@/lib/characters/repository";
import { readSnapshot, snapshotOf, type CharacterSnapshot } from "@/lib/characters/snapshot";
import { ApiError } from "@/lib/errors";
import { getStoryForOwner } from "@/lib/stories/repository";
import type { StoryRequest } from "@/lib/stories/schema";
import { prepareSeriesMemory } from "./memory";
import type { StoryContext } from "./story-context";

export type ResolvedRequest = { characters: CharacterSnapshot[]; continuesSeriesId?: string };

const storyToContinueNotFound = () =>
  new ApiError(404, "The story to continue was not found", {
    details: [{ field: "continues_story_id", message: "No story with this id in your account" }],
  });

/**
 * Checks what the request names against the caller's account, before anything streams: each
 * character id and the story to continue must be the caller's own, else 404. Without
 * `character_ids`, a continuation keeps the cast of the chapter it continues, as saved there.
 */
export async function resolveStoryRequest({ ownerId, input }: { ownerId: string; input: StoryRequest }): Promise<ResolvedRequest> {
  const continued = input.continues_story_id ? await getStoryForOwner({ id: input.continues_story_id, ownerId }) : null;
  if (input.continues_story_id && !continued) throw storyToContinueNotFound();

  let characters: CharacterSnapshot[] = [];
  if (input.character_ids) {
    const found = await getCharactersForOwner({ ids: input.character_ids, ownerId });
    const missing = input.character_ids.findIndex((id) => !found.some((character) => character.id === id));
    if (missing >= 0) {
      throw new ApiError(404, "Character not found", {
        details: [{ field: `character_ids.${missing}`, message: "No character with this id in your account" }],
      });
    }
    characters = found.map(snapshotOf);
  } else if (continued) {
    characters = continued.characters.flatMap((used) => readSnapshot(used.snapshot) ?? []);
  }
  return { characters, ...(continued && { continuesSeriesId: continued.seriesId }) };
}

/** The story's context, with the series memory made ready (model calls only if something is missing). */
export async function loadStoryContext({
  ownerId,
  resolved,
  signal,
}: {
  ownerId: string;
  resolved: ResolvedRequest;
  signal: AbortSignal;
}): Promise<StoryContext> {
  if (!resolved.continuesSeriesId) return { characters: resolved.characters };
  const memory = await prepareSeriesMemory({ seriesId: resolved.continuesSeriesId, ownerId, signal });
  // Every chapter was deleted while the request waited.
  if (!memory) throw storyToContinueNotFound();
  return { characters: resolved.characters, continuation: { seriesId: resolved.continuesSeriesId, memory } };
}
