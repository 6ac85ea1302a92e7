"use client";

import { useState, type FormEvent, type ReactNode } from "react";
import type { z } from "zod";
import { zodFieldErrors, type FieldErrors } from "./field-errors";

/** What a form's own checks found: the data to send, or a message per field. */
export type Checked<T> = { data: T } | { fieldErrors: FieldErrors };

/** Why a send did not go through: messages for fields, or one for the whole form. Nothing when it did. */
export type SendFailure = { fieldErrors?: FieldErrors; problem?: ReactNode };

/** A zod result as a form's check. */
export function checkedBy<T>(result: z.ZodSafeParseResult<T>): Checked<T> {
  return result.success ? { data: result.data } : { fieldErrors: zodFieldErrors(result.error) };
}

/**
 * The steps every form repeats around its own check and send: clear the last problem, show field
 * errors or send, and hold the button while sending. A successful send navigates away, so the
 * form stays busy until the page changes.
 */
export function useFormSubmission<T>({
  check,
  send,
}: {
  check: (form: FormData) => Checked<T> | Promise<Checked<T>>;
  send: (data: T) => Promise<SendFailure | undefined>;
}) {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<ReactNode>(null);
  const [busy, setBusy] = useState(false);

  async function submit(form: FormData) {
    const checked = await check(form);
    setProblem(null);
    if ("fieldErrors" in checked) {
      setErrors(checked.fieldErrors);
      return;
    }
    setErrors({});
    setBusy(true);
    const failure = await send(checked.data);
    if (!failure) return;
    setBusy(false);
    setErrors(failure.fieldErrors ?? {});
    setProblem(failure.problem ?? null);
  }

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void submit(new FormData(event.currentTarget));
  };
  return { errors, problem, busy, onSubmit };
}
