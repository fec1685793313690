// The version of the events' envelope and detail shape; a change a version-1 consumer could not read is version 2.
export const EVENT_VERSION = 1;
