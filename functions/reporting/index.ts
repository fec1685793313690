// The reporting area's model as the other areas see it: schemas, types and pure rules. Importing it reads no
// environment and touches no table (a test keeps it so).
export { reports } from './entity.ts';
export { PERIODS } from './report.ts';
