"use client";

import { signOutTo } from "@/lib/auth/browser-session";
import { useState } from "react";
import { buttonStyles } from "@/components/ui/styles";
import { sendJson } from "./submit-json";
import { ProblemMessage } from "@/components/ui/problem-message";

export function SignOutEverywhere() {
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function revokeAll() {
    setBusy(true);
    setProblem(null);
    const outcome = await sendJson("/api/v1/account/sessions", "DELETE");
    if (outcome.ok) {
      await signOutTo("/sign-in?callbackUrl=%2Faccount");
      return;
    }
    setBusy(false);
    setProblem(outcome.message);
  }

  return (
    <div className="space-y-3">
      <button type="button" className={buttonStyles.secondary} disabled={busy} onClick={() => void revokeAll()}>
        {busy ? "Signing out…" : "Sign out everywhere"}
      </button>
      <ProblemMessage>{problem}</ProblemMessage>
    </div>
  );
}
