// What the other areas may ask of the sales area that reads the table.
export { getLostReasons } from './lost-reason-store.ts';
export { quotasOf } from './quota-store.ts';
