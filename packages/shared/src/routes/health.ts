/** The route catalogue: Health. */
import { healthSchema, versionSchema } from '../schemas/health.js';
import { defineRoutes } from './define.js';

export const healthRoutes = defineRoutes({
  getHealth: {
    tag: 'Health',
    summary: 'Whether this node can serve',
    description:
      'For load balancers. Redis away is 200 `degraded` (each node still serves on its own); ' +
      '503 when the database does not answer within two seconds or the node is shutting down.',
    access: 'public',
    responses: {
      200: { description: '`ok`, or `degraded` when Redis is away.', body: healthSchema },
      503: { description: '`unavailable` (database) or `draining` (shutting down).', body: healthSchema },
    },
    errors: [],
  },
  getVersion: {
    tag: 'Health',
    summary: 'Which build this node runs and how far its database is migrated',
    description:
      'The API version, the git commit it was built from (null when the build did not record one) ' +
      'and the migrations: how many have run, the last one, and how many this node knows that have ' +
      'not run. Public: nothing here is secret in open-source code, and deploy checks need no account.',
    access: 'public',
    responses: {
      200: { description: "This node's build and its database's migrations.", body: versionSchema },
    },
    errors: [],
  },
});
