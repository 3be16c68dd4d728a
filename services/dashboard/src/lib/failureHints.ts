// Turns a failure reason (from the provisioner) into a next step an operator can take.

const HINTS: { pattern: RegExp; hint: string }[] = [
  {
    pattern: /ImagePullBackOff|ErrImagePull|pull/i,
    hint: 'An image could not be pulled. Check the image name and that the cluster can reach its registry, then retry.',
  },
  {
    pattern: /CrashLoopBackOff|crash/i,
    hint: 'A container keeps crashing. Look at its logs (kubectl logs -n <namespace> <pod>), fix the cause, then retry.',
  },
  {
    pattern: /Unschedulable|Insufficient|quota|exceeded/i,
    hint: 'The cluster is short of resources or the namespace quota is full. Free capacity or raise the quota, then retry.',
  },
  {
    pattern: /setup/i,
    hint: 'The store was installed but its setup job failed. Check the job logs in the store namespace, then retry.',
  },
  {
    pattern: /timed? ?out|deadline/i,
    hint: 'The install did not become ready in time. The cluster may be slow or short of resources; retry, or check pod events.',
  },
  {
    pattern: /helm|chart|release/i,
    hint: 'Helm could not install the release. Check the provisioner log for the helm output, then retry.',
  },
  {
    // Before the permissions hint: a namespace removed outside the platform (or a cluster that was reset) is not
    // a permissions problem.
    pattern: /namespace \S+ (was deleted|is being deleted) outside/i,
    hint: "The store's namespace was removed outside Storefleet (by hand, or the cluster was reset). Retry reinstalls it; data in its volumes is gone.",
  },
  {
    pattern: /namespace|forbidden|unauthori[sz]ed/i,
    hint: "The provisioner could not manage the store's namespace. Check its Kubernetes permissions, then retry.",
  },
];

export const DEFAULT_HINT = 'Retry the store. If it fails again, check the provisioner log for this store.';

/** The names a hint can fill in: the store's namespace and the pod in trouble, when known. */
export interface HintNames {
  namespace?: string;
  pod?: string;
}

export function failureHint(reason: string | null | undefined, names: HintNames = {}): string {
  if (!reason) return DEFAULT_HINT;
  const hint = HINTS.find((h) => h.pattern.test(reason))?.hint ?? DEFAULT_HINT;
  // "pod shop-web-0: CrashLoopBackOff" names the pod itself
  const pod = names.pod || /\bpod ([a-z0-9][a-z0-9.-]*)/i.exec(reason)?.[1];
  return hint.replace('<namespace>', names.namespace || '<namespace>').replace('<pod>', pod || '<pod>');
}
