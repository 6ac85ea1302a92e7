import { describe, expect, it } from "vitest";
import { EMPTY_DRAFT, parseStoryDraft } from "@/components/story/story-draft";

describe("parseStoryDraft", () => {
  it("gives back a saved draft field for field", () => {
    const saved = { ...EMPTY_DRAFT, story_name: "The Owl", hero_name: "Pip", language: "other", other_language: "cy", age: 12 };
    expect(parseStoryDraft(JSON.parse(JSON.stringify(saved)))).toEqual(saved);
  });

  it.each([
    ["nothing saved", null],
    ["a string", "draft"],
    ["a missing field", { ...EMPTY_DRAFT, hero_name: undefined }],
    ["a number where text belongs", { ...EMPTY_DRAFT, story_idea: 3 }],
    ["an age below the range", { ...EMPTY_DRAFT, age: 2 }],
    ["an age above the range", { ...EMPTY_DRAFT, age: 13 }],
    ["a fractional age", { ...EMPTY_DRAFT, age: 6.5 }],
    ["an age as text", { ...EMPTY_DRAFT, age: "6" }],
  ])("rejects %s", (_label, value) => {
    expect(parseStoryDraft(value)).toBeNull();
  });
});
