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
      serves: [
        'Account.byOwner: OWNER#<ownerId> / ACCOUNT#<id>',
        'Deal.byOwner: OWNER#<ownerId> / DEAL#<id>',
        'Quota.byOwner: OWNER#<ownerId> / QUOTA#<period>#<start>',
        'Ticket.byAssignee: ASSIGNEE#<assigneeId> / TICKET#<status>#<createdAt>#<id>',
        'Task.byAssignee: ASSIGNEE#<assigneeId> / TASK#<dueAt>#<id>',
        "Member.byUser: USER#<userId> / MEMBER (who a token is, on every members' request)",
        'AccountListing.byAccountManager: ACCOUNT#MANAGER#<accountManagerId> / ACCOUNT#<accountId> (the item ACCOUNT#<accountId> / MANAGER#<accountManagerId>)',
        'idempotency claims by the record they hold: CLAIMS#<pk of the record made> / <its sk> (for an erasure, while they last)',
      ],
    },
    {
      name: 'gsi2',
      partitionKey: 'gsi2pk',
      sortKey: 'gsi2sk',
      serves: [
        'Account.byLifecycleStage: ACCOUNT#STAGE#<lifecycleStage> / ACCOUNT#<id>',
        'Deal.byStage: DEAL#STAGE#<stage> / <expectedCloseDate, else 9999-12-31>#<id>',
        'Order.byStatus: ORDER#STATUS#<status> / ORDER#<id>',
        'Product.byActive: PRODUCT#ACTIVE#<true|false> / PRODUCT#<id> (the catalogue on sale, or off it)',
        'Ticket.byStatus: TICKET#STATUS#<status> / <priority rank, 1 = urgent>#<createdAt>#<id>',
        'Task.byStatus: TASK#STATUS#<status> / <dueAt>#<id>',
        'Submission.pending: SUBMISSION#PENDING / <receivedAt>#<id> (sparse: only while accepted, for the reconciler)',
        'Mail.pending: MAIL#PENDING / <createdAt>#<id> (sparse: only while queued or sending, for the reconciler)',
        'Failure.byStatus: FAILURE#STATUS#<status> / <failedAt>#<id>',
      ],
    },
    {
      name: 'gsi3',
      partitionKey: 'gsi3pk',
      sortKey: 'gsi3sk',
      serves: [
        'Account.byRelationship: ACCOUNT#REL#<relationship> / ACCOUNT#<id>',
        'AccountListing.byTag: ACCOUNT#TAG#<normalised tag> / ACCOUNT#<accountId> (one item ACCOUNT#<accountId> / TAG#<tag> per tag)',
        'AccountListing.byAudience: ACCOUNT#AUDIENCE#<audience> / ACCOUNT#<accountId> (the item ACCOUNT#<accountId> / AUDIENCE#<audience>)',
        'Ticket.byPriority: TICKET#PRIORITY#<priority> / <createdAt>#<id>',
        'Quota.byPeriod: QUOTA#PERIOD#<period>#<start> / QUOTA#<ownerId> (what the period’s report reads)',
        'SurveyEntry.byTicket: SURVEY#TICKET#<ticketId> / <resolvedAt>#<surveyId> (the copy ACCOUNT#<accountId> / SURVEY#<resolvedAt>#<surveyId>)',
        'Task.byDueDate: TASK#DUE / <dueAt>#<id> (every task: the unfiltered task list, due soonest first)',
        'MatchKey.byValue: MATCH#<ACCOUNT|CONTACT>#<name|domain|phone|mailbox>#<value> / <ACCOUNT|CONTACT>#<id> (the item ACCOUNT#<accountId> / MATCH#…: likely duplicates)',
      ],
    },
    {
      name: 'gsi4',
      partitionKey: 'gsi4pk',
      sortKey: 'gsi4sk',
      serves: [
        'every record of one type, newest first (TYPE#<type> / <TYPE>#<id>)',
        'Account.all: TYPE#ACCOUNT / ACCOUNT#<id>',
        'Contact.all: TYPE#CONTACT / CONTACT#<id> (a contact found by its id alone)',
        'Deal.all: TYPE#DEAL / DEAL#<id>',
        'Order.all: TYPE#ORDER / ORDER#<id>',
        'Invoice.all: TYPE#INVOICE / INVOICE#<id>',
        'Charge.all: TYPE#CHARGE / CHARGE#<id>',
        'Product.all: TYPE#PRODUCT / PRODUCT#<id>',
        'Member.all: TYPE#MEMBER / MEMBER#<id>',
        'Form.all: TYPE#FORM / FORM#<id>',
        'Ticket.all: TYPE#TICKET / TICKET#<id>',
        'Task.all: TYPE#TASK / TASK#<id>',
        'Report.all: TYPE#REPORT / REPORT#<start>#<period>',
        'Failure.all: TYPE#FAILURE / FAILURE#<failedAt>#<id>',
      ],
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
