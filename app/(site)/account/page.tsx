import type { Metadata } from "next";
import Link from "next/link";
import { ApiKeys } from "@/components/account/api-keys";
import { ChangePasswordForm } from "@/components/account/change-password-form";
import { DeleteAccountForm } from "@/components/account/delete-account-form";
import { SignOutEverywhere } from "@/components/account/sign-out-everywhere";
import { DownloadIcon } from "@/components/icons";
import { buttonStyles, cardStyles } from "@/components/ui/styles";
import { getAccount, toApiKeySummary } from "@/lib/account/service";
import { listApiKeysForOwner } from "@/lib/api-keys/repository";
import { requireSessionUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Your account" };

const sectionTitle = "text-xl font-bold text-stone-900 dark:text-indigo-50";
const sectionText = "mt-1 mb-4 text-stone-700 dark:text-indigo-100";

export default async function AccountPage() {
  const user = await requireSessionUser("/account");
  const [account, keys] = await Promise.all([getAccount({ userId: user.id }), listApiKeysForOwner({ userId: user.id })]);
  const since = new Intl.DateTimeFormat("en", { dateStyle: "long" }).format(new Date(account.created_at));

  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <h1 className="text-3xl font-extrabold">Your account</h1>

      <section aria-labelledby="data-title" className={cardStyles}>
        <h2 id="data-title" className={sectionTitle}>
          Your data
        </h2>
        <p className={sectionText}>
          Signed in as <strong>{account.email}</strong>
          {account.name ? ` (${account.name})` : ""}, since {since}. You have {account.story_count}{" "}
          {account.story_count === 1 ? "story" : "stories"}. See <Link href="/privacy" className="underline underline-offset-4">what we keep and for how long</Link>.
        </p>
        <a href="/api/v1/account/export" download className={buttonStyles.secondary}>
          <DownloadIcon /> Download all my data
        </a>
      </section>

      <section aria-labelledby="password-title" className={cardStyles}>
        <h2 id="password-title" className={sectionTitle}>
          Change password
        </h2>
        <p className={sectionText}>Every device signed in to this account is signed out, and so are API tokens.</p>
        <ChangePasswordForm />
      </section>

      <section aria-labelledby="sessions-title" className={cardStyles}>
        <h2 id="sessions-title" className={sectionTitle}>
          Sign out everywhere
        </h2>
        <p className={sectionText}>Ends every session and access token, on every device, this one included. API keys keep working.</p>
        <SignOutEverywhere />
      </section>

      <section aria-labelledby="keys-title" className={cardStyles}>
        <h2 id="keys-title" className={sectionTitle}>
          API keys
        </h2>
        <p className={sectionText}>
          For apps that use the <Link href="/docs" className="underline underline-offset-4">StoryStream API</Link>: send a key as{" "}
          <code className="font-mono text-sm">Authorization: Bearer &lt;key&gt;</code>.
        </p>
        <ApiKeys keys={keys.map(toApiKeySummary)} />
      </section>

      <section aria-labelledby="delete-title" className={`${cardStyles} border-red-300 dark:border-red-800`}>
        <h2 id="delete-title" className={sectionTitle}>
          Delete account
        </h2>
        <p className={sectionText}>
          This erases your account, every story, and your API keys at once. It cannot be undone: download your data first if you want a copy.
        </p>
        <DeleteAccountForm />
      </section>
    </div>
  );
}
