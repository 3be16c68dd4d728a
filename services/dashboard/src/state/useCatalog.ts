// GET /api/catalog for the create form, once per mount. Until the provisioner published it (503), or when it
// cannot be read at all, there is no catalogue: the form then creates without a version (the API's default).
import { useEffect, useState } from 'react';
import { api } from '../api/client';
import type { Catalog } from '../api/types';

export function useCatalog(): Catalog | null {
  const [catalog, setCatalog] = useState<Catalog | null>(null);
  useEffect(() => {
    let cancelled = false;
    api
      .getCatalog()
      .then((c) => !cancelled && setCatalog(c))
      .catch(() => undefined); // no catalogue: no version choice
    return () => {
      cancelled = true;
    };
  }, []);
  return catalog;
}
