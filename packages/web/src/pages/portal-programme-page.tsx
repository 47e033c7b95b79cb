import { useSession } from '../app/session.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { EarningsSection } from '../programme/earnings-section.tsx';
import { MdfSection } from '../programme/mdf-section.tsx';
import { useProgrammeText } from '../programme/partner-programme.messages.ts';
import { TierProgressSection } from '../programme/tier-progress.tsx';

/** The partner's programme: its earnings, its progress to the next tier, its marketing funds. */
export function PortalProgrammePage() {
  const t = useProgrammeText();
  const { principal } = useSession();
  const partnerId = principal.kind === 'partner' ? principal.partnerId : '';
  return (
    <div className="page biz" data-testid="page-portal-programme">
      <PageHeader title={t('programme.title')} subtitle={t('programme.subtitle')} />
      <EarningsSection partnerId={partnerId} />
      <TierProgressSection partnerId={partnerId} />
      <MdfSection />
    </div>
  );
}
