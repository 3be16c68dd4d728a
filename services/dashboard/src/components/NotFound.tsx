import { useEffect, useRef } from 'react';

/** An address the dashboard does not know (a mistyped link, an old bookmark). */
export function NotFound({ path }: { path: string }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [path]);
  return (
    <section aria-labelledby="not-found-title" className="space-y-3 rounded-lg bg-white p-6 ring-1 ring-slate-200" data-testid="not-found">
      <h2 id="not-found-title" ref={heading} tabIndex={-1} className="text-xl font-semibold">
        Page not found
      </h2>
      <p className="text-slate-800">
        There is no page at <code className="rounded bg-slate-100 px-1 font-mono text-sm break-all">{path}</code>.
      </p>
      <a href="/#/" className="inline-block font-medium text-blue-800 underline">
        Go to the store list
      </a>
    </section>
  );
}
