import type { InputHTMLAttributes, TextareaHTMLAttributes } from "react";
import { WarningIcon } from "@/components/icons";
import { fieldStyles } from "./styles";

type Common = { name: string; label: string; hint?: string; error?: string };

/** The ids that tie a control to its hint and its error message. */
export function describedBy({ name, hint, error }: Common): string | undefined {
  return [hint && `${name}-hint`, error && `${name}-error`].filter(Boolean).join(" ") || undefined;
}

export function FieldMessages({ name, hint, error }: Common) {
  return (
    <>
      {hint && (
        <p id={`${name}-hint`} className={fieldStyles.hint}>
          {hint}
        </p>
      )}
      {error && (
        <p id={`${name}-error`} className={fieldStyles.error}>
          <WarningIcon className="mr-1 inline size-4 align-text-bottom" />
          {error}
        </p>
      )}
    </>
  );
}

export function TextField({ name, label, hint, error, ...input }: Common & Omit<InputHTMLAttributes<HTMLInputElement>, "name">) {
  return (
    <div>
      <label htmlFor={name} className={fieldStyles.label}>
        {label}
      </label>
      <input
        id={name}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy({ name, label, hint, error })}
        className={fieldStyles.input}
        {...input}
      />
      <FieldMessages name={name} label={label} hint={hint} error={error} />
    </div>
  );
}

export function TextAreaField({ name, label, hint, error, ...textarea }: Common & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "name">) {
  return (
    <div>
      <label htmlFor={name} className={fieldStyles.label}>
        {label}
      </label>
      <textarea
        id={name}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy({ name, label, hint, error })}
        className={fieldStyles.input}
        {...textarea}
      />
      <FieldMessages name={name} label={label} hint={hint} error={error} />
    </div>
  );
}
