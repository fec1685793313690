// What the other areas may ask of the work area that reads or writes the table.
export { markMailFailed, queueMail, reannounceMail, stalledMails } from './mailbox.ts';
