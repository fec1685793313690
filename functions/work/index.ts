// The work area's model as the other areas see it: schemas, types and pure rules. Importing it reads no
// environment and touches no table (a test keeps it so).
export {
  assigneePartition,
  mailKey,
  mails,
  taskDueMailId,
  taskDues,
  taskItem,
  taskItems,
  taskKey,
  taskLinks,
  tasks,
} from './entity.ts';
export { AnnouncedMail } from './mail.ts';
export { addBusinessDays, Links, nextBusinessDay, Task, TaskDue } from './task.ts';
