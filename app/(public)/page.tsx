import Link from "next/link";
import { MoonIcon, PencilIcon, SparklesIcon } from "@/components/icons";
import { buttonStyles, cardStyles } from "@/components/ui/styles";

const STEPS = [
  { Icon: PencilIcon, title: "Dream it up together", text: "Pick a hero, an idea, a style and your child's age." },
  { Icon: SparklesIcon, title: "Watch it appear", text: "The story writes itself word by word, right before your eyes." },
  { Icon: MoonIcon, title: "Keep it for later", text: "Every finished story waits in your library for the next bedtime." },
];

export default function WelcomePage() {
  return (
    <div className="space-y-12">
      <section className="grid items-center gap-8 md:grid-cols-[1.1fr_1fr]">
        <div className="space-y-5">
          <h1 className="text-4xl font-extrabold leading-tight tracking-tight text-stone-900 sm:text-5xl dark:text-indigo-50">
            Bedtime stories, written with your child as you watch.
          </h1>
          <p className="text-lg text-stone-700 dark:text-indigo-100">
            StoryStream turns your family&apos;s ideas into a gentle, age-right story that appears word by word, can be read aloud,
            and is saved for next time.
          </p>
          <div className="flex flex-wrap gap-3">
            <Link href="/sign-up" className={buttonStyles.primary}>
              Create a free account
            </Link>
            <Link href="/sign-in" className={buttonStyles.secondary}>
              Sign in
            </Link>
          </div>
        </div>
        <figure className={`${cardStyles} font-story text-lg leading-relaxed`} aria-label="An example story">
          <p className="text-sm font-sans font-semibold uppercase tracking-wide text-orange-800 dark:text-amber-200">Example</p>
          <p className="mt-3 text-stone-800 dark:text-indigo-50">
            Once upon a time, a brave little fox named Élodie found a glowing map. She followed it through the whispering trees to a
            lake of stars
          </p>
          <figcaption className="mt-4 font-sans text-sm text-stone-600 dark:text-indigo-200">
            Hero: Élodie · Style: Fairy tale · Age 6
          </figcaption>
        </figure>
      </section>
      <section aria-labelledby="how-it-works">
        <h2 id="how-it-works" className="text-2xl font-bold text-stone-900 dark:text-indigo-50">
          How it works
        </h2>
        <ol className="mt-4 grid gap-4 sm:grid-cols-3">
          {STEPS.map((step) => (
            <li key={step.title} className={cardStyles}>
              <step.Icon className="size-8 text-orange-700 dark:text-amber-300" />
              <h3 className="mt-2 text-lg font-bold">{step.title}</h3>
              <p className="mt-1 text-stone-700 dark:text-indigo-100">{step.text}</p>
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
