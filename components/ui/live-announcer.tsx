/** A polite live region: screen readers hear each new message once, without interrupting. */
export function LiveAnnouncer({ message }: { message: string }) {
  return (
    <div aria-live="polite" aria-atomic="true" className="sr-only" data-testid="live-region">
      {message}
    </div>
  );
}
