// ImportStarted, or the import handed over to a new run → the run splits the next share of the file into
// chunks (each chunk's own event starts its worker); a redelivered or stale event finds the run moved on and
// does nothing. Failures propagate, so the platform runs it again from the import's split position.
import { ImportProgressedDetail } from '../../events/index.ts';
import { eventHandler } from '../../platform/event-handler.ts';
import { splitImport } from '../import-store.ts';

export const handler = eventHandler(
  ImportProgressedDetail,
  async ({ data }) => ({
    importId: data.id,
    run: data.run,
    ...(await splitImport(data.id, data.run, () => new Date())),
  }),
  { message: 'import split run' },
);
