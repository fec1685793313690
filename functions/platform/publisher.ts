// Publish events to EventBridge: at most 10 entries per PutEvents call, and the entries EventBridge
// refused (PutEvents can fail in part) retried with backoff. Returns which entries still failed.
import { PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { eventBridge } from './bus-client.ts';
import { logger } from './logger.ts';

const MAX_ENTRIES_PER_CALL = 10;

export interface PublishOptions {
  readonly attempts?: number;
  readonly baseDelayMs?: number;
}

/** Returns the indexes (into `entries`) that could not be published after every attempt. */
export async function publish(
  entries: readonly PutEventsRequestEntry[],
  { attempts = 4, baseDelayMs = 50 }: PublishOptions = {},
): Promise<number[]> {
  let pending = entries.map((_, index) => index);
  for (let attempt = 1; attempt <= attempts && pending.length > 0; attempt++) {
    if (attempt > 1) await sleep(baseDelayMs * 2 ** (attempt - 2) * (0.5 + Math.random()));
    const failed: number[] = [];
    for (let start = 0; start < pending.length; start += MAX_ENTRIES_PER_CALL) {
      const chunk = pending.slice(start, start + MAX_ENTRIES_PER_CALL);
      try {
        const result = await eventBridge.send(
          new PutEventsCommand({ Entries: chunk.map((index) => entries[index] as PutEventsRequestEntry) }),
        );
        (result.Entries ?? []).forEach((entry, position) => {
          if (entry.ErrorCode !== undefined || entry.EventId === undefined) {
            failed.push(chunk[position] as number);
            logger.warn('event not accepted', {
              errorCode: entry.ErrorCode,
              errorMessage: entry.ErrorMessage,
              attempt,
            });
          }
        });
        // An answer shorter than the request is a failure for the entries it says nothing about.
        for (let position = result.Entries?.length ?? 0; position < chunk.length; position++) {
          failed.push(chunk[position] as number);
        }
      } catch (error) {
        logger.warn('PutEvents call failed', { error: error as Error, attempt });
        failed.push(...chunk);
      }
    }
    pending = failed;
  }
  return pending;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
