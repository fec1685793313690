// Zod Mini (tree-shakable: a quarter of classic Zod's size in a bundle) with English messages. Schemas
// import `* as z` from here, so error details read "Too big: expected number to be <=100", not
// "Invalid input". (Re-exported with `export *` so the bundler can still drop what a handler never uses.)
// Module-level schemas are built inside `/* @__PURE__ */ (() => …)()`: building a schema is a call, which a
// bundler must otherwise keep, so each handler would carry every schema of every model it imports.
import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

config(en());

export * from 'zod/mini';
