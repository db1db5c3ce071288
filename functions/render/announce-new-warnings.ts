/**
 * `new-warnings` (docs/contract.md §5.1): after a period's pages are written, the lines, units and
 * projects at a warning level are checked against the alert ledger; what was never announced
 * at that level is recorded first and then sent, one alert per period. Recording before
 * sending means a retried or repeated render never announces the same subject at the same
 * level twice (a crash in between loses that one alert rather than doubling it). A subject
 * that drops out of a level and reaches it again is not announced again; reaching a new
 * level is. A failed delivery never fails the render (logged and counted); a failing table
 * read or write does, like any storage fault, and the retried render comes back here.
 */
import { FreshWarnings } from '../../shared/alerts/fresh-warnings';
import { figureSubjects, newWarningsAlert } from '../../shared/alerts/new-warnings-alert';
import { formatPeriodId } from '../../shared/period-id';
import type { PeriodFigures } from '../../shared/report/period-report';
import { deliverAlert } from '../alerts/deliver-alert';
import type { AnnouncedWarnings } from '../store/alert-ledger';
import type { RenderDeps } from './render-deps';

/**
 * `freshLines`: the period's lines at a level not announced yet, gathered while its lines were
 * drawn (tested against `announced`, read before the draw).
 */
export async function announceNewWarnings(
  deps: RenderDeps,
  report: PeriodFigures,
  announced: AnnouncedWarnings,
  freshLines: FreshWarnings,
): Promise<void> {
  const { alerts, telemetry } = deps;
  const period = formatPeriodId(report.period);
  const figures = new FreshWarnings((key) => announced.has(key));
  for (const subject of figureSubjects(report)) figures.add(subject);
  const fresh = figures.followedBy(freshLines);
  if (fresh.size === 0) return;
  await alerts.ledger.recordWarnings(period, fresh.keys);
  await deliverAlert(alerts.sink, telemetry, newWarningsAlert({ report, fresh, siteUrl: alerts.siteUrl }));
}
