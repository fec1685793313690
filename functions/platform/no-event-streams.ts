// What the SDK clients get in a Lambda bundle in place of `@smithy/core/event-streams` (esbuild's alias, as
// for the credential chain): the event-stream codec, marshallers and serde (~15 KB) serve only streaming
// operations (S3 SelectObjectContent, Lambda InvokeWithResponseStream, …), which no Clientele function
// calls; DynamoDB and EventBridge have none. Clients that wire a marshaller when they are built (S3,
// Lambda) get one that refuses, by name, if a streaming operation is ever called.

const LEFT_OUT =
  'Event-stream operations are left out of Clientele Lambda bundles (functions/platform/no-event-streams.ts): remove the alias in lib/function.ts to call one';

function refuse(): never {
  throw new Error(LEFT_OUT);
}

/** The config resolver, as the SDK's: the client's marshaller comes from its provider. */
export const resolveEventStreamSerdeConfig = <T extends { eventStreamSerdeProvider: (input: T) => unknown }>(
  input: T,
) => Object.assign(input, { eventStreamMarshaller: input.eventStreamSerdeProvider(input) });

/** A marshaller that refuses to serialize or deserialize any stream. */
export const eventStreamSerdeProvider = () => ({ serialize: refuse, deserialize: refuse });

/** Loaded by a protocol only when an operation streams events. */
export class EventStreamSerde {
  constructor() {
    refuse();
  }
}
