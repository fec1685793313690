// What the other areas may ask of the work area that reads or writes the table.
export { linkLines, type MailNames, nameLines, namesFor } from './mail-content.ts';
export { markMailFailed, queueMail, reannounceMail, stalledMails } from './mailbox.ts';
export { createTaskOnce } from './task-store.ts';
