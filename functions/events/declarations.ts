// The events area's own functions, which no route, rule or schedule names: the relay the table's stream
// feeds, and the recorder the automations' dead letters feed.

/** Turns the table's stream into domain events on the bus. */
export const RELAY_HANDLER = 'events/handlers/relay-table-changes';

/** Reads the automations' dead letters and records why each gave up (a failed submission shows the reason). */
export const FAILURE_HANDLER = 'events/handlers/record-automation-failure';

/** Hands a retried failure's event to its rule's function (the rule RedriveFailure's target). */
export const REDRIVE_HANDLER = 'events/handlers/redrive-failure';
