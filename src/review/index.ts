/**
 * Session review: the clusters mapped at a session's start, what price did at them, and the same
 * questions asked of random levels at the same distances. See docs/workflow.md.
 * @module
 */
export {
  computeReview,
  type ReviewOptions,
  type ReviewReport,
  type ClusterOutcome,
  type Trial,
} from './review.ts'
export { renderReviewHtml } from './html.ts'
export {
  levelOutcome,
  firstTouch,
  baselineRate,
  seededRandom,
  type Outcome,
  type Rate,
  type BaselineRate,
} from './outcome.ts'
export { reviewRoutes, reviewQuery, marketSlice } from './routes.ts'
