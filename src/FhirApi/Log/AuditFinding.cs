namespace FhirChain.FhirApi.Log;

/// <summary>One problem the audit found: its kind, what it is about (e.g. <c>Patient/123/_history/2</c> or <c>leaf 17</c>) and the detail.</summary>
internal sealed record AuditFinding(AuditFindingKind Kind, string Subject, string Detail);
