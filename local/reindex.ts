// npm run reindex [-- --resume]: rebuilds the search index from the records of a running `npm start` (same
// DATA_DIR and DYNAMODB_PORT), with a progress bar on stderr, and prints where it ended as JSON. Resumable: cut
// short (Ctrl-C, a crash), `--resume` goes on from the checkpoint of the last page; so does the search-reindex
// schedule, every 15 minutes, in `npm start` and on AWS.
import { parseArgs } from 'node:util';
import { attach, exit } from './attach.ts';
import { type LocalConfig, localConfig } from './config.ts';
import { Progress } from './progress.ts';

const USAGE = `Usage: npm run reindex [-- --resume]

Rebuilds the search index from every account, contact, deal and ticket of the CRM that \`npm start\` runs
(same DATA_DIR and DYNAMODB_PORT), page by page, and prints where it ended as JSON. A record indexed as it is
already costs one read.

  --resume      go on from where a rebuild cut short stands (default: start over)
  -h, --help    this text
`;

function commandLine() {
  try {
    return parseArgs({ options: { resume: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  } catch (error) {
    return exit(2, `${(error as Error).message}\n\n${USAGE}`);
  }
}

const { values } = commandLine();
if (values.help) exit(0, USAGE);

function settings(): LocalConfig {
  try {
    return localConfig();
  } catch (error) {
    return exit(2, (error as Error).message);
  }
}
await attach(settings());

// Imported only now: these modules read the environment attach() set.
const { continueReindex, getReindex, reindexTotals } = await import('../functions/search/reindex.ts');
const { actingAs } = await import('../functions/platform/actor.ts');

try {
  const totals = await reindexTotals();
  const total = Object.values(totals).reduce((sum, count) => sum + count, 0);
  const progress = new Progress();
  const held = await getReindex();
  const resume = values.resume === true && held?.state === 'running';
  progress.start('indexing', total);
  if (resume) progress.set(Math.min(held.read, total));
  const outcome = await actingAs('system:reindex', () =>
    continueReindex(new Date(), {
      restart: !resume,
      budgetMs: Number.POSITIVE_INFINITY,
      onPage: (reindex) => progress.set(Math.min(reindex.read, total)),
    }),
  );
  if (outcome.busy === true) {
    exit(
      1,
      'Another rebuild of the search index is running (the schedule, or another npm run reindex): try again when it is done, or go on with --resume.',
    );
  }
  progress.finish(` ${outcome.changed} changed`);
  exit(0, JSON.stringify({ ...outcome, totals }));
} catch (error) {
  const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  exit(
    1,
    `The rebuild of the search index failed: ${reason} (npm run reindex -- --resume goes on from its last page).`,
  );
}
