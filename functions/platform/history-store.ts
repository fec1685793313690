// The read of a record's history (schema and keys: history.ts): one Query on the record's key range, newest
// first, a page at a time.
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from './clients.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { recordOf } from './entity.ts';
import { Invalid } from './errors.ts';
import { type HistoryEntry, type HistoryQuery, historyRange } from './history.ts';
import { TABLE_NAME } from './table-name.ts';

/** A page of the history of the record at `key`, newest first: one Query on its key range. */
export async function historyPage(
  key: { readonly pk: string; readonly sk: string },
  query: HistoryQuery,
): Promise<{ items: HistoryEntry[]; nextCursor: string | null }> {
  const startKey = decodeCursor(query.cursor, ['pk', 'sk'], { pk: key.pk });
  // A cursor of another record's history (or list) under the same partition is not one of this list.
  if (startKey !== undefined && !startKey.sk?.startsWith(historyRange(key.sk))) {
    throw new Invalid([{ path: 'query.cursor', message: 'The cursor is not valid here.' }]);
  }
  const page = await documentClient.send(
    new QueryCommand({
      TableName: TABLE_NAME,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :range)',
      ExpressionAttributeValues: { ':pk': key.pk, ':range': historyRange(key.sk) },
      ScanIndexForward: false,
      Limit: query.limit,
      ExclusiveStartKey: startKey,
    }),
  );
  return {
    items: (page.Items ?? []).map((item) => recordOf<HistoryEntry>(item)),
    nextCursor: encodeCursor(page.LastEvaluatedKey),
  };
}
