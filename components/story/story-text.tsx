import { splitParagraphs } from "@/lib/stories/paragraphs";

/** Story text as calm, readable paragraphs; always rendered as text, never as HTML. */
export function StoryText({ text, lang, writing = false }: { text: string; lang: string; writing?: boolean }) {
  const paragraphs = splitParagraphs(text);
  return (
    <div data-testid="story-text" lang={lang} className="font-story max-w-[65ch] space-y-5 text-xl leading-relaxed text-stone-900 sm:text-[1.35rem] dark:text-indigo-50">
      {paragraphs.map((paragraph, index) => (
        <p key={index}>
          {paragraph}
          {writing && index === paragraphs.length - 1 && (
            <span aria-hidden="true" className="ml-1 inline-block h-5 w-2 translate-y-0.5 animate-pulse rounded-sm bg-orange-600 motion-reduce:animate-none dark:bg-amber-300" />
          )}
        </p>
      ))}
    </div>
  );
}
