import type { LanguageModelV4, LanguageModelV4StreamPart } from "@ai-sdk/provider";

export const DEMO_MODEL_ID = "storystream-demo";

const WORD_DELAY_MS = 35;

type DemoFields = { hero: string; idea: string; style: string };

/** Reads the family's fields back out of the prompt's <story_request> JSON block. */
function readRequest(promptText: string): DemoFields {
  const match = /<story_request>\n(\{[\s\S]*?\})\n<\/story_request>/.exec(promptText);
  const fallback = { hero: "our hero", idea: "a surprising day", style: "adventure" };
  if (!match?.[1]) return fallback;
  try {
    const data: unknown = JSON.parse(match[1]);
    if (typeof data !== "object" || data === null) return fallback;
    const field = (key: string, otherwise: string) => {
      const value: unknown = Reflect.get(data, key);
      return typeof value === "string" && value.trim() ? value.trim() : otherwise;
    };
    return { hero: field("hero_name", fallback.hero), idea: field("story_idea", fallback.idea), style: field("style", fallback.style) };
  } catch {
    return fallback;
  }
}

function writeDemoStory({ hero, idea, style }: DemoFields): string {
  const ideaSentence = idea.replace(/[.!?\s]+$/, "");
  return [
    `(This is StoryStream's offline demo storyteller: set OPENAI_API_KEY for real stories.)`,
    `Once upon a time, there was a brave and curious friend named ${hero}. One morning, ${hero} had a feeling that today would be special, because of this: ${ideaSentence}.`,
    `${hero} packed a snack, a notebook and a big smile, and set off. Along the way, ${hero} met a little bird who sang a ${style.toLowerCase()} tune and offered to help.`,
    `There was a tricky moment, of course. But ${hero} took a deep breath, remembered to be kind and clever, and found a way through together with the new friend.`,
    `When the sun went down, ${hero} came home happy and a little tired, already dreaming of the next adventure. The end.`,
  ].join("\n\n");
}

function promptText(options: Parameters<LanguageModelV4["doStream"]>[0]): string {
  return options.prompt
    .flatMap((message) =>
      typeof message.content === "string"
        ? [message.content]
        : message.content.flatMap((part) => (part.type === "text" ? [part.text] : [])),
    )
    .join("\n");
}

const emptyUsage = (outputWords: number) => ({
  inputTokens: { total: 0, noCache: 0, cacheRead: 0, cacheWrite: 0 },
  outputTokens: { total: outputWords, text: outputWords, reasoning: 0 },
});

/**
 * An `ai` SDK model that needs no key and no network, so a fresh checkout shows a story
 * streaming. It is only used when no model is configured (see lib/env.ts).
 */
export function createDemoStoryteller(): LanguageModelV4 {
  return {
    specificationVersion: "v4",
    provider: "storystream",
    modelId: DEMO_MODEL_ID,
    supportedUrls: {},
    async doGenerate() {
      throw new Error("The demo storyteller only streams");
    },
    async doStream(options) {
      const words = writeDemoStory(readRequest(promptText(options))).split(/(?<=\s)/);
      const signal = options.abortSignal;
      let timer: ReturnType<typeof setTimeout> | undefined;
      let index = 0;
      const stream = new ReadableStream<LanguageModelV4StreamPart>({
        start(controller) {
          controller.enqueue({ type: "stream-start", warnings: [] });
          controller.enqueue({ type: "text-start", id: "story" });
        },
        pull(controller) {
          return new Promise<void>((resolve) => {
            timer = setTimeout(() => {
              if (signal?.aborted) {
                controller.error(signal.reason);
              } else if (index < words.length) {
                controller.enqueue({ type: "text-delta", id: "story", delta: words[index++] ?? "" });
              } else {
                controller.enqueue({ type: "text-end", id: "story" });
                controller.enqueue({
                  type: "finish",
                  usage: emptyUsage(words.length),
                  finishReason: { unified: "stop", raw: "stop" },
                });
                controller.close();
              }
              resolve();
            }, WORD_DELAY_MS);
          });
        },
        cancel() {
          clearTimeout(timer);
        },
      });
      return { stream };
    },
  };
}
