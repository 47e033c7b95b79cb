import { mayCall } from '../app/access.ts';
import { useApiQuery } from '../app/query.ts';
import { useSession } from '../app/session.tsx';
import { AsyncContent } from '../components/async-content.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { CommissionRuleForm, CommissionRuleList } from '../rules/commission-rules.tsx';
import { useRulesText } from '../rules/rules.messages.ts';
import { TierReviewList, TierRulesForm } from '../rules/tier-rules.tsx';

/** The programme's rules: commission rules (effective-dated), tier rules and tier reviews. */
export function ProgrammeRulesPage() {
  const t = useRulesText();
  const { role } = useSession();
  const rules = useApiQuery(['commission-rules'], (client) => client.billing.listRules());
  const tierRules = useApiQuery(['tier-rules'], (client) => client.tierRules.getRules());
  const reviews = useApiQuery(['tier-reviews'], (client) => client.tierRules.listReviews());
  const partners = useApiQuery(['partners'], (client) => client.channels.listPartners());
  const products = useApiQuery(['products'], (client) => client.plans.listProducts());
  const partnerList = partners.data ?? [];
  const productList = products.data ?? [];
  return (
    <div className="page biz" data-testid="page-programme-rules">
      <PageHeader title={t('rules.title')} subtitle={t('rules.subtitle')} />
      {mayCall(role, 'billing.createRule') ? (
        <CommissionRuleForm partners={partnerList} products={productList} />
      ) : (
        <p className="panel muted">{t('commission.readOnly')}</p>
      )}
      <AsyncContent state={rules}>
        {(list) => (
          <CommissionRuleList rules={list} partners={partnerList} products={productList} />
        )}
      </AsyncContent>
      <AsyncContent state={tierRules}>{(r) => <TierRulesForm rules={r} />}</AsyncContent>
      <AsyncContent state={reviews}>
        {(list) => (
          <TierReviewList
            reviews={list}
            partners={partnerList}
            currency={tierRules.data?.currency ?? 'USD'}
          />
        )}
      </AsyncContent>
    </div>
  );
}
