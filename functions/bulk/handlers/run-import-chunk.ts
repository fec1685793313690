// ImportChunkReady → the worker imports the chunk's rows, batch by batch from its cursor (a redelivered event,
// or a run cut short and run again, goes on from there), and finishes the import when it was the last chunk.
import { ImportChunkReadyDetail } from '../../events/index.ts';
import { eventHandler } from '../../platform/event-handler.ts';
import { runChunk } from '../import-store.ts';

export const handler = eventHandler(
  ImportChunkReadyDetail,
  async ({ data }) => ({
    importId: data.importId,
    chunk: data.n,
    ...(await runChunk(data.importId, data.n, () => new Date())),
  }),
  { message: 'import chunk run' },
);
