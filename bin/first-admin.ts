// npm run first-admin -- --table <TableName> --user-id <sub> --email <address> --name <name> [--region <r>]
// The deployed CRM's first admin: a team member with the admin role for a Cognito user, written straight to
// the table with your AWS credentials — the API admits only members, so the first one cannot come through
// it. Refused once the team has an active admin who signs in: add everyone else with POST /team. An existing
// member with the e-mail (say, from before sign-in identities) is made that admin instead.
import { parseArgs } from 'node:util';

const USAGE = `Usage: npm run first-admin -- --table <TableName> --user-id <sub> --email <address> --name <name> [--region <region>]

  --table     the stack's TableName output
  --user-id   the Cognito user's sub (aws cognito-idp admin-get-user … --query 'UserAttributes[?Name==\`sub\`].Value')
  --email     the member's e-mail address
  --name      the member's name
  --region    the stack's region (default: AWS_REGION or your AWS profile's)

Uses your AWS credentials (dynamodb:Query, dynamodb:TransactWriteItems on the table). Put the Cognito user in
the admin group too: a role counts when both the token and the team grant it.`;

function exit(code: number, message: string): never {
  if (code === 0) console.log(message);
  else console.error(message);
  process.exit(code);
}

let values: Record<string, string | boolean | undefined>;
try {
  values = parseArgs({
    options: {
      table: { type: 'string' },
      'user-id': { type: 'string' },
      email: { type: 'string' },
      name: { type: 'string' },
      region: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  }).values;
} catch (error) {
  exit(2, `${(error as Error).message}\n\n${USAGE}`);
}
if (values.help) exit(0, USAGE);
const missing = ['table', 'user-id', 'email', 'name'].filter((name) => typeof values[name] !== 'string');
if (missing.length > 0) exit(2, `Missing --${missing.join(', --')}.\n\n${USAGE}`);

process.env.TABLE_NAME = String(values.table);
if (typeof values.region === 'string') process.env.AWS_REGION = values.region;
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// Imported only now: the team's store reads TABLE_NAME when it loads.
const { MemberCreate, newMember } = await import('../functions/team/member.ts');
const { allMembers } = await import('../functions/team/services.ts');
const { memberCreateItems, memberCreateRefused, updateMember } = await import(
  '../functions/team/member-store.ts'
);
const { transact, TransactionRefused } = await import('../functions/platform/store.ts');
const z = await import('../functions/platform/zod.ts');

const input = z.safeParse(MemberCreate, {
  name: values.name,
  email: values.email,
  roles: ['admin'],
  userId: values['user-id'],
});
if (!input.success) {
  exit(2, input.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('\n'));
}
try {
  // An admin nobody can sign in as (a team from before sign-in identities, or one whose identity was given
  // up) does not count: this is also the way back in.
  const team = await allMembers();
  const admins = team.filter((member) => member.active && member.roles.includes('admin') && member.userId);
  if (admins.length > 0) {
    exit(
      1,
      `The team already has an admin who signs in (${admins.map((member) => member.email).join(', ')}): add members with POST /team as one of them.`,
    );
  }
  const existing = team.find((member) => member.email === input.data.email);
  if (existing !== undefined) {
    // The member is there already (e.g. made before sign-in identities): make them the admin who signs in.
    const member = await updateMember(
      existing.id,
      { userId: input.data.userId, roles: [...new Set([...existing.roles, 'admin' as const])], active: true },
      new Date(),
    );
    exit(0, `Member ${member.id} <${member.email}> is now an admin, signing in as ${member.userId}.`);
  }
  const member = newMember(input.data, new Date());
  try {
    await transact(memberCreateItems(member));
  } catch (error) {
    if (error instanceof TransactionRefused) exit(1, memberCreateRefused()(error).message);
    throw error;
  }
  exit(0, `Admin ${member.name} <${member.email}> is member ${member.id}, signing in as ${member.userId}.`);
} catch (error) {
  exit(1, `Could not write to table ${values.table}: ${(error as Error).message}`);
}
