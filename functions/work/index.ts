// The work area's model as the other areas see it: schemas, types and pure rules. Importing it reads no
// environment and touches no table (a test keeps it so).
export { AnnouncedMail } from './mail.ts';
export { Links, nextBusinessDay, Task, TaskDue, taskItem } from './task.ts';
