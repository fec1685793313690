// The search area's model as the other areas see it: what a record is found by, and in what order. Importing it
// reads no environment and touches no table (a test keeps it so).
export {
  compareHits,
  documentOf,
  entriesOf,
  queryWords,
  SEARCH_TYPES,
  type SearchDocument,
  type SearchType,
} from './terms.ts';
