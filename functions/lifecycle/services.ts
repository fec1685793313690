// What the other areas may ask of the lifecycle area that reads the table.
export { accountsNamed } from './match-store.ts';
