// The one table, declared once: the CDK stack builds it, the local runtime creates it in DynamoDB Local.
// Key attributes are generic so every record type shares the same indexes (single-table design).

export interface IndexDeclaration {
  readonly name: string;
  readonly partitionKey: string;
  readonly sortKey: string;
  /** The access patterns this index serves, for readers of the code and the docs. */
  readonly serves: readonly string[];
}

export const TABLE = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /** Epoch seconds; DynamoDB removes the item after that (idempotency claims). */
  timeToLiveAttribute: 'expiresAt',
  stream: 'NEW_AND_OLD_IMAGES',
  indexes: [
    {
      name: 'gsi1',
      partitionKey: 'gsi1pk',
      sortKey: 'gsi1sk',
      serves: ['accounts by owner (OWNER#<ownerId> / ACCOUNT#<id>)'],
    },
    {
      name: 'gsi2',
      partitionKey: 'gsi2pk',
      sortKey: 'gsi2sk',
      serves: ['accounts by lifecycle stage (ACCOUNT#STAGE#<stage> / ACCOUNT#<id>)'],
    },
    {
      name: 'gsi3',
      partitionKey: 'gsi3pk',
      sortKey: 'gsi3sk',
      serves: ['accounts by relationship (ACCOUNT#REL#<relationship> / ACCOUNT#<id>)'],
    },
    {
      name: 'gsi4',
      partitionKey: 'gsi4pk',
      sortKey: 'gsi4sk',
      serves: ['every record of one type, newest first (TYPE#<type> / <TYPE>#<id>)'],
    },
  ],
} as const satisfies {
  partitionKey: string;
  sortKey: string;
  timeToLiveAttribute: string;
  stream: 'NEW_AND_OLD_IMAGES';
  indexes: readonly IndexDeclaration[];
};

export type IndexName = (typeof TABLE.indexes)[number]['name'];

/** A secondary index of the table; entities map their named access patterns onto these. */
export type PhysicalIndex = IndexName;
