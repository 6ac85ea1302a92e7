import { noSuchApiRoute } from "@/lib/http/method-not-allowed";

// Any path under /api that no other route serves: JSON 404 rather than the site's HTML page.
export const dynamic = "force-dynamic";

export { noSuchApiRoute as GET, noSuchApiRoute as POST, noSuchApiRoute as PUT, noSuchApiRoute as PATCH, noSuchApiRoute as DELETE };
