"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { buttonStyles } from "@/components/ui/styles";
import { TextField } from "@/components/ui/text-field";
import { createApiKeySchema, createdApiKeySchema, type ApiKeySummary } from "@/lib/account/schema";
import { zodFieldErrors, type FieldErrors } from "@/lib/forms/field-errors";
import { sendJson } from "./submit-json";
import { ProblemMessage } from "@/components/ui/problem-message";

const dateFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short" });
const formatDate = (iso: string | null) => (iso ? dateFormat.format(new Date(iso)) : "never");

export function ApiKeys({ keys }: { keys: ApiKeySummary[] }) {
  const router = useRouter();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [created, setCreated] = useState<{ name: string; key: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const parsed = createApiKeySchema.safeParse({ name: new FormData(formElement).get("key_name") });
    setProblem(null);
    if (!parsed.success) {
      setErrors({ key_name: zodFieldErrors(parsed.error).name });
      return;
    }
    setErrors({});
    setBusy(true);
    const outcome = await sendJson("/api/v1/api-keys", "POST", parsed.data);
    setBusy(false);
    const key = outcome.ok ? createdApiKeySchema.safeParse(outcome.body) : null;
    if (!key?.success) {
      setProblem(outcome.ok ? "The key was created but could not be shown; revoke it and create another." : outcome.message);
      return;
    }
    setCreated({ name: key.data.name, key: key.data.key });
    formElement.reset();
    router.refresh();
  }

  async function revoke(id: string) {
    setProblem(null);
    const outcome = await sendJson(`/api/v1/api-keys/${id}`, "DELETE");
    if (!outcome.ok) setProblem(outcome.message);
    router.refresh();
  }

  return (
    <div className="space-y-5">
      {created && (
        <div role="status" className="rounded-2xl border-2 border-amber-400 bg-amber-50 p-4 dark:border-amber-300 dark:bg-indigo-900">
          <p className="font-semibold">Your new key “{created.name}”. Copy it now: it will not be shown again.</p>
          <code data-testid="new-api-key" className="mt-2 block break-all rounded-xl bg-white p-3 font-mono text-sm dark:bg-indigo-950">
            {created.key}
          </code>
        </div>
      )}
      {keys.length === 0 ? (
        <p className="text-stone-700 dark:text-indigo-100">No API keys yet.</p>
      ) : (
        <ul className="divide-y divide-orange-100 dark:divide-indigo-900" aria-label="API keys">
          {keys.map((key) => (
            <li key={key.id} className="flex flex-wrap items-center justify-between gap-3 py-3">
              <div>
                <p className="font-semibold">{key.name}</p>
                <p className="text-sm text-stone-600 dark:text-indigo-200">
                  <code className="font-mono">{key.prefix}…</code> · created {formatDate(key.created_at)} · last used {formatDate(key.last_used_at)}
                </p>
              </div>
              <button type="button" className={buttonStyles.quiet} onClick={() => void revoke(key.id)} aria-label={`Revoke the key ${key.name}`}>
                Revoke
              </button>
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={(event) => void create(event)} noValidate className="flex flex-wrap items-end gap-3">
        <div className="grow">
          <TextField name="key_name" label="New key name" placeholder="e.g. Bedtime app" maxLength={80} error={errors.key_name} />
        </div>
        <button type="submit" className={buttonStyles.secondary} disabled={busy}>
          {busy ? "Creating…" : "Create API key"}
        </button>
      </form>
      <ProblemMessage>{problem}</ProblemMessage>
    </div>
  );
}
