// The bulk area's rules, assembled with the other areas' into the one list both runtimes read (app/rules.ts).
import { EVENT_SOURCE, type RuleDeclaration } from '../platform/declarations.ts';

export const RULES = [
  {
    name: 'SplitImport',
    description:
      "An import accepted, or handed over to a new run → that run splits the next share of the file's rows into chunks.",
    pattern: {
      source: [EVENT_SOURCE],
      'detail-type': ['ImportStarted', 'ImportProgressed'],
      detail: { data: { state: ['running'], handOver: [true] } },
    },
    handler: 'bulk/handlers/split-import',
    uploads: 'read',
  },
  {
    name: 'RunImportChunk',
    description:
      'A chunk of an import ready → a worker imports its rows (contacts and their accounts, deduplicated), and finishes the import after the last chunk.',
    pattern: { source: [EVENT_SOURCE], 'detail-type': ['ImportChunkReady'] },
    handler: 'bulk/handlers/run-import-chunk',
    uploads: 'read',
  },
] as const satisfies readonly RuleDeclaration[];
