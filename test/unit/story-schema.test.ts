import { describe, expect, it } from "vitest";
import { storyRequestSchema } from "@/lib/stories/schema";
import { storyBody } from "../support/client";

const valid = storyBody();

describe("storyRequestSchema", () => {
  it("accepts the spec's example body", () => {
    expect(storyRequestSchema.parse(valid)).toEqual(valid);
  });

  it("trims text fields", () => {
    expect(storyRequestSchema.parse({ ...valid, hero_name: "  Alice \n" }).hero_name).toBe("Alice");
  });

  it.each(["en", "fr", "pt-BR", "zh-Hant-TW", "sr-Latn", "es-419"])("accepts the BCP 47 tag %s", (language) => {
    expect(storyRequestSchema.safeParse({ ...valid, language }).success).toBe(true);
  });

  it.each(["english", "en_US", "e", "123", "en--US", ""])("rejects the language %j", (language) => {
    expect(storyRequestSchema.safeParse({ ...valid, language }).success).toBe(false);
  });

  it.each([2, 13, 7.5, Number.NaN])("rejects age %s", (age) => {
    const result = storyRequestSchema.safeParse({ ...valid, age });
    expect(result.success).toBe(false);
  });

  it("accepts the documented age range 3 to 12 inclusive", () => {
    for (let age = 3; age <= 12; age++) expect(storyRequestSchema.safeParse({ ...valid, age }).success).toBe(true);
  });

  it("names every missing field", () => {
    const result = storyRequestSchema.safeParse({});
    expect(result.success).toBe(false);
    const fields = result.error?.issues.map((issue) => issue.path.join("."));
    expect(fields?.sort()).toEqual(["age", "hero_name", "language", "story_idea", "story_name", "story_style"]);
  });

  it("enforces maximum lengths", () => {
    expect(storyRequestSchema.safeParse({ ...valid, story_name: "x".repeat(121) }).success).toBe(false);
    expect(storyRequestSchema.safeParse({ ...valid, story_name: "x".repeat(120) }).success).toBe(true);
  });
});
