import { describe, expect, it } from "vitest";
import { characterInputSchema, characterPatchSchema, characterTexts } from "@/lib/characters/schema";
import { storyRequestSchema } from "@/lib/stories/schema";

const story = { story_name: "T", hero_name: "H", story_idea: "I", story_style: "Fantasy", language: "en", age: 6 };
const uuid = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;

describe("characterInputSchema", () => {
  it("trims fields and defaults the optional ones", () => {
    expect(characterInputSchema.parse({ name: " Pip ", kind: "a dragon", pronouns: "he/him" })).toEqual({
      name: "Pip",
      kind: "a dragon",
      pronouns: "he/him",
      traits: [],
      appearance: "",
      favorite_things: [],
    });
  });

  it("limits list sizes and item lengths", () => {
    const result = characterInputSchema.safeParse({ name: "Pip", kind: "a dragon", pronouns: "he/him", traits: ["a", "b", "c", "d", "e", "f"], favorite_things: ["x".repeat(41)] });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join("."))).toEqual(["traits", "favorite_things.0"]);
  });

  it("refuses an empty patch and unknown fields", () => {
    expect(characterPatchSchema.safeParse({}).success).toBe(false);
    expect(characterPatchSchema.safeParse({ owner_id: uuid(1) }).success).toBe(false);
    expect(characterPatchSchema.parse({ traits: [] })).toEqual({ traits: [] });
  });

  it("gives moderation every non-empty text", () => {
    expect(characterTexts({ name: "Pip", kind: "a dragon", pronouns: "he/him", traits: ["kind"], appearance: "", favorite_things: ["apples"] })).toEqual([
      "Pip",
      "a dragon",
      "he/him",
      "kind",
      "apples",
    ]);
  });
});

describe("storyRequestSchema: characters and continuations", () => {
  it("takes up to three distinct character ids and a story to continue", () => {
    const parsed = storyRequestSchema.parse({ ...story, character_ids: [uuid(1), uuid(2), uuid(3)], continues_story_id: uuid(4) });
    expect(parsed.character_ids).toHaveLength(3);
    expect(parsed.continues_story_id).toBe(uuid(4));
    expect(storyRequestSchema.parse(story).character_ids).toBeUndefined();
  });

  it.each([
    [{ character_ids: [uuid(1), uuid(2), uuid(3), uuid(4)] }, "Choose at most 3 characters"],
    [{ character_ids: [uuid(1), uuid(1)] }, "Each character can be chosen once"],
    [{ character_ids: ["pip"] }, "Each character id must be a character's id (a UUID)"],
    [{ character_ids: uuid(1) }, "character_ids must be a list of character ids"],
    [{ continues_story_id: "last one" }, "continues_story_id must be a story's id (a UUID)"],
  ])("refuses %j with a clear message", (fields, message) => {
    const result = storyRequestSchema.safeParse({ ...story, ...fields });
    expect(result.error?.issues[0]?.message).toBe(message);
  });
});
