import { splitParagraphs } from "@/lib/stories/paragraphs";

/**
 * Story text as calm, readable paragraphs; always rendered as text, never as HTML. The caret is
 * still on purpose: a looping animation starved slow devices while the text streamed in.
 */
export function StoryText({ text, lang, writing = false }: { text: string; lang: string; writing?: boolean }) {
  const paragraphs = splitParagraphs(text);
  return (
    <div data-testid="story-text" lang={lang} className="font-story max-w-[65ch] space-y-5 text-xl leading-relaxed text-stone-900 sm:text-[1.35rem] dark:text-indigo-50">
      {paragraphs.map((paragraph, index) => (
        <p key={index}>
          {paragraph}
          {writing && index === paragraphs.length - 1 && (
            <span aria-hidden="true" className="ml-1 inline-block h-5 w-2 translate-y-0.5 rounded-sm bg-orange-600/70 dark:bg-amber-300/70" />
          )}
        </p>
      ))}
    </div>
  );
}
