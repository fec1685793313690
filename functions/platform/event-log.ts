// A runtime's own copies of the events it carried, scrubbed when a person is erased. On AWS the bus archive
// keeps events for its retention (the stack's `eventArchiveDays`) and no function can edit it, so nothing is
// registered and a scrub does nothing; the local runtime registers its event log (events.jsonl) and dead letters.
type Scrubber = (terms: readonly string[]) => number;

let scrubber: Scrubber | undefined;

/** The runtime's scrubber (the local runtime's, at its start). */
export function useEventLogScrubber(scrub: Scrubber | undefined): void {
  scrubber = scrub;
}

/** Replace every text naming the person (any of `terms`, any case) in the runtime's event log: lines changed. */
export const scrubEventLog = (terms: readonly string[]): number => scrubber?.(terms) ?? 0;
