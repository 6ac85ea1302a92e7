import type { ReactNode } from "react";
import { SiteShell } from "@/components/layout/site-shell";

/**
 * The pages a signed-out visitor sees. The welcome page and sign-up are prerendered and served as
 * static files (proxy.ts sends a signed-in family on first); sign-in checks the session per request.
 */
export default function PublicLayout({ children }: { children: ReactNode }) {
  return <SiteShell user={null}>{children}</SiteShell>;
}
