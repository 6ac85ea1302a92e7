import { z } from "zod";

// Pages forbid eval in their CSP; zod's JIT would try `new Function` once and log a CSP violation.
z.config({ jitless: true });
