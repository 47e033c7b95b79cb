import { NavLink } from 'react-router';
import { mayOpen, pageById } from '../app/pages.ts';
import { useSession } from '../app/session.tsx';
import { useSearchText } from './search.messages.ts';

const MODES = [
  { page: 'train', path: '/training/new', label: 'mode.run' },
  { page: 'search-new', path: '/training/new/search', label: 'mode.search' },
  { page: 'cross-validation-new', path: '/training/new/cross-validation', label: 'mode.cv' },
  { page: 'training-jobs', path: '/training/jobs', label: 'mode.results' },
] as const;

/** The train page's choice: one run, a hyperparameter search, a cross-validation, or results. */
export function TrainModes() {
  const t = useSearchText();
  const { role } = useSession();
  return (
    <nav className="segmented train-modes" aria-label={t('mode.label')} data-testid="train-modes">
      {MODES.filter((m) => mayOpen(role, pageById(m.page))).map((m) => (
        <NavLink
          key={m.page}
          to={m.path}
          end
          className={({ isActive }) => (isActive ? 'segment selected' : 'segment')}
        >
          {t(m.label)}
        </NavLink>
      ))}
    </nav>
  );
}
