import type { ReactNode } from "react";
import { SiteHeader } from "@/components/layout/site-header";
import type { SessionUser } from "@/lib/auth/session";

/** The skip link, the header and the main landmark around every page of the site. */
export function SiteShell({ user, children }: { user: SessionUser | null; children: ReactNode }) {
  return (
    <>
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-4 focus:top-4 focus:z-50 focus:rounded-full focus:bg-white focus:px-4 focus:py-2 focus:font-semibold focus:text-stone-900"
      >
        Skip to content
      </a>
      <SiteHeader user={user} />
      <main id="main" className="mx-auto w-full max-w-5xl px-4 py-8 sm:py-12">
        {children}
      </main>
    </>
  );
}
