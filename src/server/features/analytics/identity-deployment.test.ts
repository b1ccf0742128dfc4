import { describe, expect, it } from 'vitest';
import { detectDeploymentMethod } from './deployment.js';
import { userDistinctId } from './identity.js';

describe('userDistinctId', () => {
  it('is stable per installation, different across installations, and not the user id', () => {
    const a = userDistinctId('secret-of-installation-a', 1);
    expect(a).toMatch(/^u_[0-9a-f]{32}$/);
    expect(userDistinctId('secret-of-installation-a', 1)).toBe(a);
    expect(userDistinctId('secret-of-installation-b', 1)).not.toBe(a);
    expect(userDistinctId('secret-of-installation-a', 2)).not.toBe(a);
    const ids = new Set(Array.from({ length: 1000 }, (_, i) => userDistinctId('s', i + 1)));
    expect(ids.size).toBe(1000);
  });
});

describe('detectDeploymentMethod', () => {
  const none = { container: false, kubernetes: false, systemd: false };
  const noFiles = () => false;
  it('prefers DEPLOYMENT_METHOD, then Kubernetes, container, systemd, native', () => {
    expect(detectDeploymentMethod({ DEPLOYMENT_METHOD: 'systemd', deploymentIndicators: { ...none, kubernetes: true } }, noFiles)).toBe('systemd');
    expect(detectDeploymentMethod({ DEPLOYMENT_METHOD: undefined, deploymentIndicators: { container: true, kubernetes: true, systemd: true } }, noFiles)).toBe('kubernetes');
    expect(detectDeploymentMethod({ DEPLOYMENT_METHOD: undefined, deploymentIndicators: { ...none, systemd: true } }, (p) => p === '/.dockerenv')).toBe('docker');
    expect(detectDeploymentMethod({ DEPLOYMENT_METHOD: undefined, deploymentIndicators: { ...none, container: true } }, noFiles)).toBe('docker');
    expect(detectDeploymentMethod({ DEPLOYMENT_METHOD: undefined, deploymentIndicators: { ...none, systemd: true } }, noFiles)).toBe('systemd');
    expect(detectDeploymentMethod({ DEPLOYMENT_METHOD: undefined, deploymentIndicators: none }, noFiles)).toBe('native');
  });
});
