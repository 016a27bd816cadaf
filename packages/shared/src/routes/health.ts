/** The route catalogue: Health. */
import { healthSchema } from '../schemas/health.js';
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
});
