// The bulk area's model as the other areas see it: schemas, types and pure rules. Importing it reads no
// environment and touches no table (a test keeps it so).
export { importChunks, imports } from './entity.ts';
export { Import, ImportChunk } from './import.ts';
