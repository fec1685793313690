// ContactCreated → the contact's company e-mail domain claimed for its account, unless another account has it
// (free mail and example domains are nobody's): how a later lead from that domain finds the account.
import { ContactCreatedDetail } from '../../events/index.ts';
import { eventHandler } from '../../platform/event-handler.ts';
import { claimContactDomain } from '../intake.ts';

export const handler = eventHandler(
  ContactCreatedDetail,
  async ({ data: contact }) => ({ contactId: contact.id, ...(await claimContactDomain(contact)) }),
  { message: 'e-mail domain claimed' },
);
