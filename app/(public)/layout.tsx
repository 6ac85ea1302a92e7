import type { ReactNode } from "react";
import { SiteShell } from "@/components/layout/site-shell";

/**
 * The pages a signed-out visitor sees, prerendered once and served as static files; proxy.ts sends
 * a signed-in family on to their stories before these are served.
 */
export default function PublicLayout({ children }: { children: ReactNode }) {
  return <SiteShell user={null}>{children}</SiteShell>;
}
