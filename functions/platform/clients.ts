// The DynamoDB clients, created once per execution environment (the EventBridge client, which only the
// relay needs, lives in bus-client.ts so no other bundle carries it). Endpoints are overridable so the local runtime
// points the very same handlers at DynamoDB Local and the in-process bus.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { optionalEnv } from './env.ts';
import { Invalid } from './errors.ts';

export const dynamodb = /* @__PURE__ */ new DynamoDBClient({ endpoint: optionalEnv('DYNAMODB_ENDPOINT') });

export const documentClient = /* @__PURE__ */ DynamoDBDocumentClient.from(dynamodb, {
  marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
});

// A page cursor is the caller's: one DynamoDB refuses as a starting key (its sort key outside the query's
// range, say — the cursor module can only check its shape) is a bad cursor, a 400, not a failure of ours.
documentClient.middlewareStack.add(
  (next, context) => async (args) => {
    try {
      return await next(args);
    } catch (error) {
      const input = args.input as { ExclusiveStartKey?: unknown };
      if (
        context.commandName === 'QueryCommand' &&
        input.ExclusiveStartKey !== undefined &&
        error instanceof Error &&
        error.name === 'ValidationException'
      ) {
        throw new Invalid([{ path: 'query.cursor', message: 'The cursor is not valid here.' }]);
      }
      throw error;
    }
  },
  { step: 'initialize', name: 'cursorRefusals' },
);
