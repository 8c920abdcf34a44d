using Hl7.Fhir.Model;

namespace FhirChain.FhirApi.Audit;

/// <summary>Something the audit trail records: a REST access (<see cref="AuditRecord"/>) or an HL7 v2 message (<see cref="Hl7MessageAudit"/>).</summary>
internal interface IAuditEntry
{
    /// <summary>The AuditEvent to store (without an id).</summary>
    AuditEvent ToAuditEvent();

    /// <summary>A line naming the entry, for the log when it could not be written.</summary>
    string Summary { get; }
}
