// How this installation runs. DEPLOYMENT_METHOD wins; otherwise detected from indicators that config.ts
// passes through (the only reader of process.env) and from container marker files. Pure given its inputs.
import type { Config } from '../../config/config.js';

export type DeploymentMethod = 'docker' | 'kubernetes' | 'systemd' | 'native';

export const CONTAINER_MARKER_FILES = ['/.dockerenv', '/run/.containerenv'] as const;

export function detectDeploymentMethod(
  config: Pick<Config, 'DEPLOYMENT_METHOD' | 'deploymentIndicators'>,
  fileExists: (path: string) => boolean,
): DeploymentMethod {
  if (config.DEPLOYMENT_METHOD) return config.DEPLOYMENT_METHOD;
  const indicators = config.deploymentIndicators;
  // Kubernetes pods are containers too; the more specific answer wins.
  if (indicators.kubernetes) return 'kubernetes';
  if (indicators.container || CONTAINER_MARKER_FILES.some((file) => fileExists(file))) return 'docker';
  if (indicators.systemd) return 'systemd';
  return 'native';
}
