// CohortKit: every use case end to end, one folder per capability. It opens the workspace and
// the records, lets CohortCore decide, records, renders through CohortRender, and sends through
// CohortDelivery; it returns values the `cohort` executable prints as tables or JSON.
//
// Kit's API speaks the domain's words (Program, Signup, ReleasePlan, …), so the domain module is
// part of it: clients import CohortKit alone. The records backends, the channel formats and the
// transports stay behind Kit: each file imports them `internal`, so the compiler refuses a public
// declaration that names one of their types (Scripts/check-layers checks every such import).
@_exported import CohortCore
