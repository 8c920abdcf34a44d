using Hl7.Fhir.Model;

namespace FhirChain.FhirApi.Audit;

/// <summary>
/// One HL7 v2 message received (over MLLP, <c>POST /hl7v2</c> or <c>import-hl7</c>): its sender
/// (MSH-3 and MSH-4 namespace ids), control id (MSH-10), type (MSH-9, e.g. <c>ADT^A01</c>), the ACK code
/// it got (AA, AE, AR), the resources its transaction wrote (<c>Type/id</c>) and what went wrong.
/// Parts of a message that could not be parsed are empty.
/// </summary>
internal sealed record Hl7MessageAudit(
    string SendingApplication,
    string SendingFacility,
    string ControlId,
    string MessageType,
    string AckCode,
    IReadOnlyList<string> Written,
    string? Detail,
    DateTimeOffset Recorded) : IAuditEntry
{
    public string Summary => $"HL7 v2 {MessageType} '{ControlId}' from {SendingApplication}^{SendingFacility} ({AckCode})";

    public AuditEvent ToAuditEvent() => Hl7AuditEventFactory.Create(this);
}
