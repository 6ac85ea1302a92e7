import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { cardStyles } from "@/components/ui/styles";
import { getEnv } from "@/lib/env";

export const metadata: Metadata = { title: "Privacy and data retention" };

const heading = "mt-8 text-xl font-bold text-stone-900 dark:text-indigo-50";
const list = "mt-3 list-disc space-y-2 pl-6 text-stone-800 dark:text-indigo-100";

export default async function PrivacyPage() {
  await connection(); // the retention period is this deployment's setting, read per request
  const env = getEnv();
  const days = env.STORY_RETENTION_DAYS;
  const modelProvider = env.OPENAI_BASE_URL ? `the model server at ${new URL(env.OPENAI_BASE_URL).host}` : env.OPENAI_API_KEY ? "OpenAI" : "no one (this deployment runs the offline demo storyteller)";
  return (
    <article className={`${cardStyles} mx-auto max-w-3xl`}>
      <h1 className="text-3xl font-extrabold">Privacy and data retention</h1>
      <p className="mt-3 text-stone-700 dark:text-indigo-100">
        StoryStream writes stories for families, so it holds details about children. This page says what we store, for how long, and
        what leaves our servers.
      </p>

      <h2 className={heading}>What we store</h2>
      <ul className={list}>
        <li>Your account: email address, the name you gave (optional), a salted Argon2id hash of your password (never the password), and when you signed up.</li>
        <li>Each finished story: its title, the hero&apos;s name, the idea, style, language and age you chose, the text, the model that wrote it, and how many tokens it used.</li>
        <li>API keys you create: their name, first characters, a SHA-256 hash, and when each was created and last used.</li>
        <li>
          Short-lived security records: counters of sign-in attempts and sign-ups per account and network address, ids of tokens you
          revoked, and retry keys of story requests.
        </li>
        <li>Server logs record ids, timings and outcomes, never story text, names or passwords.</li>
      </ul>

      <h2 className={heading}>How long we keep it</h2>
      <ul className={list}>
        <li>
          {days === undefined
            ? "Stories: until you delete them or your account. This deployment has no automatic retention period set."
            : `Stories: ${days} days from when they were written, then they are deleted automatically; sooner if you delete them or your account.`}
        </li>
        <li>Sign-in and sign-up counters: until their time window ends (at most an hour). Revoked token ids: until the token would have expired.</li>
        <li>Retry keys of story requests: a few minutes while a story is written, a day once it is saved.</li>
        <li>Your account: until you delete it. Deleting it erases the account, every story, your API keys and the records above at once.</li>
      </ul>

      <h2 className={heading}>What is sent to the model provider</h2>
      <p className="mt-3 text-stone-800 dark:text-indigo-100">
        To write a story, its title, hero&apos;s name, idea, style, language and age are sent to {modelProvider}, together with our
        instructions. The finished story and the request are also checked by its moderation service. Your email, name and password are
        never sent. What the provider keeps is governed by its own policy; OpenAI&apos;s API does not use API data for training by
        default.
      </p>

      <h2 className={heading}>Your rights</h2>
      <p className="mt-3 text-stone-800 dark:text-indigo-100">
        On your <Link href="/account" className="underline underline-offset-4">account page</Link> you can download a copy of everything we
        hold about you (GDPR article 20), change your password, sign out everywhere, manage API keys, and delete your account with
        everything in it (GDPR article 17).
      </p>
    </article>
  );
}
