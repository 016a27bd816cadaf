/**
 * A file the importer cannot read (damaged gzip, malformed XML, invalid UTF-8, the wrong export):
 * the CLI prints its message as one line and exits 1. Thrown before anything is written when the
 * first pass finds it, so the database stays as it was.
 */
export class ImportInputError extends Error {}
