import type { MemberConflict, MergeOutcome } from "@abroad/core"

/** A merge's report as lines for the terminal: what moved, table by table, and what needs a person. */
export const mergeReportLines = (outcome: MergeOutcome): ReadonlyArray<string> => {
  const { report } = outcome
  const width = Math.max(...report.tables.map((t) => t.table.length), 5)
  const lines = [
    `${outcome.dryRun ? "THỬ / DRY RUN — " : ""}${report.from.join(", ")} → ${report.into} (hiệu lực / effective ${report.effectiveOn})`,
    `  ${"table".padEnd(width)}  ${"moved".padStart(7)}  ${"kept".padStart(6)}  ${"merged".padStart(6)}  ${"created".padStart(7)}`,
  ]
  for (const t of report.tables) {
    if (t.moved + t.kept + t.merged + t.created === 0) continue
    lines.push(
      `  ${t.table.padEnd(width)}  ${String(t.moved).padStart(7)}  ${String(t.kept).padStart(6)}  ${String(t.merged).padStart(6)}  ${String(t.created).padStart(7)}`,
    )
  }
  lines.push(
    `  Đảng viên trùng / duplicate members: ${report.members.duplicateGroups} group(s), ${report.members.mergedRecords} record(s) merged`,
    `  Hồ sơ mâu thuẫn / conflicts to resolve: ${report.members.conflicts} (${report.members.conflictingRecords} records kept, flagged)`,
  )
  for (const c of report.conflicts) {
    lines.push(`    ${c.records} records from ${c.tenants.join(", ")} differ in ${c.differingFields.join(", ")}`)
  }
  lines.push(
    `  Cây tổ chức / organisation: ${report.organisation.subtreesAttached} subtree(s) under ${report.into}'s committee` +
      (report.organisation.committeeCreated ? " (committee created)" : ""),
    `  Tài khoản / accounts moved: ${report.accountsMoved}; grants narrowed to their subtree: ${report.grantsNarrowed}`,
  )
  if (outcome.mergeId !== null) lines.push(`  Mã sáp nhập / merge id: ${outcome.mergeId}`)
  return lines
}

/** A tenant's open conflicts, one block each, for the officer who resolves them. */
export const conflictLines = (conflicts: ReadonlyArray<MemberConflict>): ReadonlyArray<string> =>
  conflicts.flatMap((c) => [
    `${c.id}  ${c.status}  differ in ${c.differingFields.join(", ")}`,
    ...c.records.map(
      (r) =>
        `  ${r.memberId}  ${r.fromTenant.padEnd(14)}  ${r.citizenId ?? "-"}  ${r.partyCardNo ?? "-"}  ${r.birthDate ?? "-"}  ${r.fullName}`,
    ),
  ])
