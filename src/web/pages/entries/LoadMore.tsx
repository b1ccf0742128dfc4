// The end of the entries list: the next page loads by itself when the end comes near (IntersectionObserver);
// the button does the same for keyboards and browsers without the observer.
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

/** How far below the viewport the end of the list starts loading the next page. */
const AHEAD = '800px';

export function LoadMore({
  hasMore,
  loading,
  pages,
  onLoad,
}: {
  hasMore: boolean;
  loading: boolean;
  /** Pages loaded: a new observer after each one reports at once if the end is still near. */
  pages: number;
  onLoad(): void;
}) {
  const { t } = useTranslation();
  const end = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const target = end.current;
    if (!target || !hasMore || loading || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((seen) => seen.some((s) => s.isIntersecting) && onLoad(), {
      rootMargin: `0px 0px ${AHEAD} 0px`,
    });
    observer.observe(target);
    return () => observer.disconnect();
  }, [hasMore, loading, pages, onLoad]);

  return (
    <div className="load-more" ref={end} data-testid="list-end">
      {hasMore ? (
        <button type="button" className="btn" disabled={loading} onClick={onLoad}>
          {loading ? t('entries.loadingMore') : t('entries.loadMore')}
        </button>
      ) : (
        pages > 1 && <p className="muted small">{t('entries.endOfList')}</p>
      )}
    </div>
  );
}
