/** The route catalogue: This reference. */
import { openApiDocumentSchema } from '../schemas/docs.js';
import { defineRoutes } from './define.js';

export const referenceRoutes = defineRoutes({
  getOpenApiDocument: {
    tag: 'Reference',
    summary: 'This API as an OpenAPI 3.1 document',
    access: 'public',
    responses: { 200: { description: 'The document.', body: openApiDocumentSchema } },
    errors: [],
  },
  getApiReference: {
    tag: 'Reference',
    summary: 'This API as a page to read',
    access: 'public',
    responses: { 200: { description: 'An HTML page.', contentType: 'text/html' } },
    errors: [],
  },
});
