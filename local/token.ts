// npm run token [-- --role <role> | --member <e-mail|id> | --sub <subject> --role <role>…] [--ttl <s>]
// Mints a token the running local runtime (same DATA_DIR) accepts, for a member of its team.
import { parseArgs } from 'node:util';
import { ROLES, type Role } from '../functions/platform/access.ts';
import { attach, exit } from './attach.ts';
import { mintToken, signingSecret } from './auth.ts';
import { localConfig } from './config.ts';

const USAGE = `Usage: npm run token [-- options]

Prints a bearer token for the CRM that \`npm start\` runs (same DATA_DIR and DYNAMODB_PORT). Only active
team members are let in, with the roles both the token and the member hold.

  (no option)              the dev admin's token (as in DATA_DIR/dev-token)
  --role <role>            the local dev member of that role (admin, sales, service), created on first
                           use: dev-<role>@clientele.localhost
  --member <e-mail|id>     a member of the team, with its roles (it needs a userId: PATCH /team/{id})
  --sub <subject>          a raw token for any subject with the --role groups given (repeatable): to try
                           what the API answers a stranger, a wrong group or an inactive member
  --ttl <seconds>          lifetime (default 43200, 12 hours)
  --email <address>        an e-mail claim in the token (informational)
  -h, --help               this text`;

function commandLine() {
  try {
    return parseArgs({
      options: {
        role: { type: 'string', multiple: true },
        member: { type: 'string' },
        sub: { type: 'string' },
        ttl: { type: 'string', default: String(12 * 3600) },
        email: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (error) {
    return exit(2, `${(error as Error).message}\n\n${USAGE}`);
  }
}

const values = commandLine();
if (values.help) exit(0, USAGE);
const roles = values.role ?? [];
const unknown = roles.filter((role) => !(ROLES as readonly string[]).includes(role));
if (unknown.length > 0) exit(2, `Unknown role ${unknown.join(', ')}; roles are ${ROLES.join(', ')}.`);
const ttlSeconds = Number(values.ttl);
if (!Number.isInteger(ttlSeconds) || ttlSeconds <= 0) exit(2, '--ttl must be a whole number of seconds.');
if (values.member !== undefined && (values.sub !== undefined || roles.length > 0)) {
  exit(2, '--member mints with the member’s own identity and roles: give it alone.');
}
if (values.sub !== undefined && values.sub.trim() === '')
  exit(2, '--sub must not be empty (a token needs a subject).');
if (values.sub === undefined && values.member === undefined && roles.length > 1) {
  exit(2, 'Name one --role: each dev member has one role (or use --sub with several).');
}

const config = localConfig();
let secret: Uint8Array;
try {
  secret = signingSecret(config.dataDir, false);
} catch (error) {
  exit(1, (error as Error).message);
}

async function identity(): Promise<{ sub: string; roles: readonly string[]; note?: string }> {
  if (values.sub !== undefined) return { sub: values.sub, roles };
  await attach(config);
  const { ensureDevMember, teamMembers } = await import('./dev-members.ts');
  if (values.member === undefined) {
    const role = (roles[0] ?? 'admin') as Role;
    const member = await ensureDevMember(role);
    const changed = !member.active
      ? `Member ${member.id} (${member.email}) is inactive: the API will refuse this token.`
      : !member.roles.includes(role)
        ? `Member ${member.id} (${member.email}) no longer has the ${role} role; the token carries its roles: ${member.roles.join(', ')}.`
        : undefined;
    return {
      sub: member.userId ?? '',
      roles: member.roles,
      ...(changed === undefined ? {} : { note: changed }),
    };
  }
  const wanted = values.member.trim().toLowerCase();
  const member = (await teamMembers()).find(
    (candidate) => candidate.email === wanted || candidate.id.toLowerCase() === wanted,
  );
  if (member === undefined) exit(1, `No team member with the e-mail or id ${values.member}.`);
  if (member.userId === undefined) {
    exit(
      1,
      `Member ${member.id} has no sign-in identity yet: give it one first, e.g.\n  curl -X PATCH $URL/team/${member.id} -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d '{"userId":"${member.email}"}'`,
    );
  }
  return {
    sub: member.userId,
    roles: member.roles,
    ...(member.active ? {} : { note: `Member ${member.id} is inactive: the API will refuse this token.` }),
  };
}

const { sub, roles: groups, note } = await identity();
if (note !== undefined) console.error(note);
exit(0, await mintToken(secret, { sub, roles: groups, ttlSeconds, email: values.email }));
