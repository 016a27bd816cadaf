import { readFileSync, readdirSync } from 'node:fs';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { Deployment } from 'kubernetes-models/apps/v1';
import { Service } from 'kubernetes-models/v1';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';

const k8s = new URL('../../../../deploy/k8s/', import.meta.url);

/** Every object in deploy/k8s, by kind. */
function manifests(): Map<string, Record<string, unknown>> {
  const byKind = new Map<string, Record<string, unknown>>();
  for (const file of readdirSync(k8s).filter((name) => name.endsWith('.yaml'))) {
    for (const document of parseAllDocuments(readFileSync(new URL(file, k8s), 'utf8'))) {
      const object = document.toJS() as Record<string, unknown>;
      byKind.set(object.kind as string, object);
    }
  }
  return byKind;
}

describe('deploy/k8s', () => {
  const objects = manifests();
  const deployment = new Deployment(objects.get('Deployment') as never);

  it('holds a Deployment, Service, Ingress and HPA, each valid against the Kubernetes schemas', () => {
    expect([...objects.keys()].sort()).toEqual([
      'Deployment',
      'HorizontalPodAutoscaler',
      'Ingress',
      'Service',
    ]);
    deployment.validate();
    new Service(objects.get('Service') as never).validate();
    new Ingress(objects.get('Ingress') as never).validate();
    new HorizontalPodAutoscaler(objects.get('HorizontalPodAutoscaler') as never).validate();
    // The validation does refuse a wrong field type.
    const broken = structuredClone(objects.get('Service')) as { spec: { ports: { port: unknown }[] } };
    broken.spec.ports[0]!.port = 'eighty';
    expect(() => new Service(broken as never).validate()).toThrow();
  });

  it('is ready on /api/health and stops after a preStop delay, within the grace period', () => {
    const pod = deployment.spec!.template.spec!;
    const container = pod.containers[0]!;
    expect(container.readinessProbe?.httpGet?.path).toBe('/api/health');
    const preStop = container.lifecycle?.preStop?.sleep?.seconds ?? 0;
    expect(preStop).toBeGreaterThan(0);
    // The node's own drain gives up after 10 s (main.ts SHUTDOWN_TIMEOUT_MS).
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(preStop + 10);
    expect(pod.securityContext?.runAsNonRoot).toBe(true);
    const env = Object.fromEntries((container.env ?? []).map((each) => [each.name, each.value]));
    const metricsPort = container.ports?.find((port) => port.name === 'metrics')?.containerPort;
    expect(env.PARLEY_METRICS_PORT).toBe(String(metricsPort));
  });

  it('routes through ingress-nginx with long socket timeouts and sticky sessions, scaling on CPU', () => {
    const annotations = (objects.get('Ingress') as { metadata: { annotations: Record<string, string> } })
      .metadata.annotations;
    expect(annotations['nginx.ingress.kubernetes.io/affinity']).toBe('cookie');
    expect(Number(annotations['nginx.ingress.kubernetes.io/proxy-read-timeout'])).toBeGreaterThan(40);
    const hpa = new HorizontalPodAutoscaler(objects.get('HorizontalPodAutoscaler') as never);
    expect(hpa.spec?.scaleTargetRef.name).toBe(deployment.metadata?.name);
    expect(hpa.spec?.metrics?.[0]?.resource?.name).toBe('cpu');
  });
});
