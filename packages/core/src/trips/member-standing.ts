/**
 * What an approval must know about the member at the moment of deciding, read from the member record
 * by the caller. Any of these blocks an approval (but not a refusal): the regulation forbids letting a
 * member abroad while such a matter is open.
 */
export interface MemberStanding {
  /** Đang xem xét kỷ luật. */
  readonly underDisciplinaryReview: boolean
  /** Đang bị điều tra. */
  readonly underInvestigation: boolean
  /** Có vấn đề chính trị đang chờ kết luận. */
  readonly politicalIssuePending: boolean
}
