using FhirChain.FhirApi.Auth;
using Hl7.Fhir.Model;

namespace FhirChain.FhirApi.Audit;

/// <summary>One access to record: who, which interaction, on what (a resource or a query), and how it ended.</summary>
internal sealed record AuditRecord(
    Caller Caller,
    string Interaction,
    string Action,
    string? ResourceType,
    string? ResourceId,
    string? Query,
    int Status,
    string? Detail,
    DateTimeOffset Recorded) : IAuditEntry
{
    public string Summary => $"{Interaction} {ResourceType}/{ResourceId} by {Caller.Subject}";

    public AuditEvent ToAuditEvent() => AuditEventFactory.Create(this);
}
