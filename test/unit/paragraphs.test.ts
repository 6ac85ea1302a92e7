import { describe, expect, it } from "vitest";
import { completedParagraphs, splitParagraphs } from "@/lib/stories/paragraphs";

describe("story paragraphs", () => {
  it("splits on blank lines, including ones with spaces, and drops empty paragraphs", () => {
    expect(splitParagraphs("One.\n\nTwo.\n  \nThree.\n\n\n")).toEqual(["One.", "Two.", "Three."]);
  });

  it("keeps single line breaks inside a paragraph", () => {
    expect(splitParagraphs("A line\nand the next")).toEqual(["A line\nand the next"]);
  });

  it("holds back the unfinished last paragraph while the story is still streaming", () => {
    expect(completedParagraphs("One.\n\nTw", false)).toEqual(["One."]);
    expect(completedParagraphs("One.\n\nTwo.\n\n", false)).toEqual(["One.", "Two."]);
    expect(completedParagraphs("One.\n\nTwo.", true)).toEqual(["One.", "Two."]);
  });
});
