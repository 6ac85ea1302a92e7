import { createParser } from "eventsource-parser";
import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor } from "@/lib/db/keyset";
import { countCharacters } from "@/lib/stories/repository";
import { eventText, type StoryEvent } from "@/lib/stories/sse";

describe("eventText", () => {
  it("writes one data line per event, even for text with newlines, that an SSE parser reads back", () => {
    const events: StoryEvent[] = [
      { type: "content", data: "Line one\n\nLine two\r\n" },
      { type: "completed", story_id: "x", message: "ok", story_length: 3 },
    ];
    const wire = events.map(eventText).join("");
    expect(wire.split("\n").filter((line) => line.startsWith("data: "))).toHaveLength(2);
    const parsed: unknown[] = [];
    const parser = createParser({ onEvent: (message) => parsed.push(JSON.parse(message.data)) });
    parser.feed(wire);
    expect(parsed).toEqual(events);
  });
});

describe("countCharacters", () => {
  it("counts Unicode code points", () => {
    expect(countCharacters("abc")).toBe(3);
    expect(countCharacters("🦊✨")).toBe(2);
    expect(countCharacters("Élodie")).toBe(6);
  });
});

describe("keyset cursor", () => {
  it("round-trips and rejects garbage", () => {
    const cursor = { at: new Date("2026-11-24T10:00:00.123Z"), id: "3f1e2d4c-0000-4000-8000-000000000000" };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
    expect(decodeCursor("nonsense")).toBeNull();
  });
});
