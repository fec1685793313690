// Schedule search-reindex (every 15 minutes): a rebuild of the search index goes on from its checkpoint — one
// started by `npm run reindex` (locally) or by the first run on a table from before the index — for up to
// 4 minutes of the function's 5.
import { scheduledHandler } from '../../platform/scheduled.ts';
import { continueReindex } from '../reindex.ts';

export const handler = scheduledHandler(async (at) => ({ ...(await continueReindex(at)) }));
