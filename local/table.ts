// Create the table in DynamoDB Local from the shared declaration, or bring an existing one up to date
// (missing indexes added, stream switched on), so a data directory survives upgrades.
import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceNotFoundException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { TABLE } from '../functions/platform/table.ts';

const keySchema = (partitionKey: string, sortKey: string) => [
  { AttributeName: partitionKey, KeyType: 'HASH' as const },
  { AttributeName: sortKey, KeyType: 'RANGE' as const },
];

const attributeDefinitions = () => {
  const names = [
    TABLE.partitionKey,
    TABLE.sortKey,
    ...TABLE.indexes.flatMap((index) => [index.partitionKey, index.sortKey]),
  ];
  return names.map((AttributeName) => ({ AttributeName, AttributeType: 'S' as const }));
};

const indexDefinition = (index: (typeof TABLE.indexes)[number]) => ({
  IndexName: index.name,
  KeySchema: keySchema(index.partitionKey, index.sortKey),
  Projection: { ProjectionType: 'ALL' as const },
});

export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<void> {
  let existing: Awaited<ReturnType<typeof describe>>;
  try {
    existing = await describe(client, tableName);
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: attributeDefinitions(),
        KeySchema: keySchema(TABLE.partitionKey, TABLE.sortKey),
        GlobalSecondaryIndexes: TABLE.indexes.map(indexDefinition),
        StreamSpecification: { StreamEnabled: true, StreamViewType: TABLE.stream },
      }),
    );
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { Enabled: true, AttributeName: TABLE.timeToLiveAttribute },
      }),
    );
    return;
  }
  if (existing?.StreamSpecification?.StreamEnabled !== true) {
    await client.send(
      new UpdateTableCommand({
        TableName: tableName,
        StreamSpecification: { StreamEnabled: true, StreamViewType: TABLE.stream },
      }),
    );
  }
  const present = new Set((existing?.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName));
  for (const index of TABLE.indexes) {
    if (present.has(index.name)) continue;
    await client.send(
      new UpdateTableCommand({
        TableName: tableName,
        AttributeDefinitions: attributeDefinitions(),
        GlobalSecondaryIndexUpdates: [{ Create: indexDefinition(index) }],
      }),
    );
  }
}

async function describe(client: DynamoDBClient, tableName: string) {
  const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
  return Table;
}
