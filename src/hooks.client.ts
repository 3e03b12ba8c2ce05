import { z } from 'zod';

// Under the Content-Security-Policy (no 'unsafe-eval') zod's compiled fast path is not
// allowed, and merely probing for it with `new Function` makes the browser report a
// violation. Validating in the browser without it costs nothing a form would notice.
z.config({ jitless: true });
