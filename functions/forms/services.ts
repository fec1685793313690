// What the other areas may ask of the forms area that reads or writes the table.
export { markFailed, reannounceSubmission, stalledSubmissions } from './form-store.ts';
