import { useEffect } from 'react';

// Each page names its tab ("alice/data · Library · DTaaS"), so tabs and history entries can be told apart.
export default function usePageTitle(...parts) {
  const title = [...parts.filter(Boolean), 'DTaaS'].join(' · ');
  useEffect(() => {
    document.title = title;
  }, [title]);
}
